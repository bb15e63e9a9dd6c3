"""The knowledge base as matrices: one row per trigger point and side, one column per region."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from triggerpoint.finder.parameters import DEFAULT_PARAMETERS, Parameters
from triggerpoint.finder.types import Explained
from triggerpoint.kb import KnowledgeBase, Tier, load_kb
from triggerpoint.kb.model import other_side
from triggerpoint.kb.schema import Region, Side

Floats = npt.NDArray[np.float64]
Tiers = npt.NDArray[np.int8]
Ints = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]
ScalarT = TypeVar("ScalarT", bound=np.generic)

TIER_CODE = {Tier.LOCAL: 1, Tier.SPILLOVER: 2, Tier.ESSENTIAL: 3}


@dataclass(frozen=True)
class Candidate:
    muscle: str
    point: str
    side: Side


@dataclass(frozen=True)
class CandidateInfo:
    """What the result needs to say about a candidate, looked up once."""

    muscle_name: str
    point_name: str
    essential: tuple[str, ...]  # essential region IDs on this side
    explains: dict[str, Explained]  # every region the point reaches, and how
    symptoms: frozenset[str]
    activities: frozenset[str]


@dataclass(frozen=True)
class FinderIndex:
    """Precomputed arrays over all (trigger point, side) candidates."""

    kb: KnowledgeBase
    parameters: Parameters
    candidates: tuple[Candidate, ...]
    region_ids: tuple[str, ...]
    region_column: dict[str, int]
    tiers: Tiers  # candidates x regions: 0 none, 1 local, 2 spillover, 3 essential
    p: Floats  # candidates x regions: P(region drawn | candidate active)
    log_absent: Floats  # log(1 - p)
    log_absent_total: Floats  # per candidate: sum over all regions of log(1 - p)
    prior_log_odds: Floats  # per candidate
    symptoms: dict[str, Bools]  # symptom ID -> which candidates list it
    activities: dict[str, Bools]
    conditions: dict[str, Bools]
    info: tuple[CandidateInfo, ...]
    twin: Ints  # per candidate: the same trigger point on the other side
    unlike_twin: Bools  # candidates x regions: the twin reaches the region otherwise (other tier, or not)
    mirror_column: tuple[int, ...]  # per region column: the same region on the other side (itself on the midline)
    padding_column: int  # a column past the regions, reached by no candidate: pads a batch's drawings
    tier_by_region: Tiers  # (regions + padding) x candidates: the tier matrix transposed, read a drawing at a time
    unlike_by_region: Bools  # (regions + padding) x candidates: unlike_twin transposed
    absent_by_tier: Floats  # by tier code: 1 - P(region drawn | candidate) (1 for tier 0, no referral)
    log_absent_by_tier: Floats  # its log


def _tier_matrix(kb: KnowledgeBase, candidates: list[Candidate], column: dict[str, int]) -> Tiers:
    tiers = np.zeros((len(candidates), len(column)), dtype=np.int8)
    for row, candidate in enumerate(candidates):
        point = kb.point(candidate.muscle, candidate.point)
        for region, tier in kb.referral_map(point, candidate.side).items():
            tiers[row, column[region]] = TIER_CODE[tier]
    return tiers


def _membership(kb: KnowledgeBase, candidates: list[Candidate], attribute: str) -> dict[str, Bools]:
    members: dict[str, Bools] = {}
    for row, candidate in enumerate(candidates):
        for term in getattr(kb.point(candidate.muscle, candidate.point), attribute):
            members.setdefault(term, np.zeros(len(candidates), dtype=bool))[row] = True
    return members


def _info(kb: KnowledgeBase, candidate: Candidate) -> CandidateInfo:
    point = kb.point(candidate.muscle, candidate.point)
    reached = kb.referral_map(point, candidate.side)
    return CandidateInfo(
        muscle_name=kb.muscle(candidate.muscle).name,
        point_name=point.name,
        essential=tuple(region for region, tier in reached.items() if tier is Tier.ESSENTIAL),
        explains={region: Explained(region, tier) for region, tier in reached.items()},
        symptoms=frozenset(point.symptoms),
        activities=frozenset(point.activities),
    )


def _mirror(region: Region) -> str:
    return region.id if region.side is None else f"{region.base}-{other_side(region.side).value}"


def _with_padding_row(by_region: npt.NDArray[ScalarT]) -> npt.NDArray[ScalarT]:
    padded = np.zeros((by_region.shape[0] + 1, by_region.shape[1]), dtype=by_region.dtype)
    padded[:-1] = by_region
    return padded


def build_index(kb: KnowledgeBase, parameters: Parameters = DEFAULT_PARAMETERS) -> FinderIndex:
    """Turn the knowledge base into the arrays the model scores with."""
    candidates = [Candidate(m.id, p.id, side) for m in kb.muscles for p in m.trigger_points for side in Side]
    region_ids = tuple(region.id for region in kb.regions)
    column = {region: i for i, region in enumerate(region_ids)}
    tiers = _tier_matrix(kb, candidates, column)
    by_code = np.array([0.0, parameters.p_local, parameters.p_spillover, parameters.p_essential])
    p = by_code[tiers]
    log_absent = np.log1p(-p)
    row_of = {candidate: row for row, candidate in enumerate(candidates)}
    twin = np.array([row_of[Candidate(c.muscle, c.point, other_side(c.side))] for c in candidates])
    unlike_twin = tiers != tiers[twin]
    priors = np.array([parameters.prior[kb.point(c.muscle, c.point).prevalence] for c in candidates])
    return FinderIndex(
        kb=kb,
        parameters=parameters,
        candidates=tuple(candidates),
        region_ids=region_ids,
        region_column=column,
        tiers=tiers,
        p=p,
        log_absent=log_absent,
        log_absent_total=log_absent.sum(axis=1),
        prior_log_odds=np.log(priors / (1 - priors)),
        symptoms=_membership(kb, candidates, "symptoms"),
        activities=_membership(kb, candidates, "activities"),
        conditions=_membership(kb, candidates, "conditions"),
        info=tuple(_info(kb, candidate) for candidate in candidates),
        twin=twin,
        unlike_twin=unlike_twin,
        mirror_column=tuple(column[_mirror(region)] for region in kb.regions),
        padding_column=len(region_ids),
        tier_by_region=_with_padding_row(tiers.T),
        unlike_by_region=_with_padding_row(unlike_twin.T),
        absent_by_tier=1.0 - by_code,
        log_absent_by_tier=np.log(1.0 - by_code),
    )


@cache
def default_index() -> FinderIndex:
    """The index over the shipped knowledge base, built once per process."""
    return build_index(load_kb())
