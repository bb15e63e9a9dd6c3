"""find_sources(drawing): the finder's one entry point."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from triggerpoint.finder.index import Bools, FinderIndex, Floats, default_index
from triggerpoint.finder.model import Evidence, Explanation, compile_evidence, explain
from triggerpoint.finder.types import Drawing, DrawingError, FinderResult, RankedPoint
from triggerpoint.kb import UnknownIdError
from triggerpoint.kb.model import closest


def _check_known(field: str, values: list[str], known: set[str], kind: str) -> None:
    for position, value in enumerate(values):
        if value not in known:
            suggestions = closest(value, known)
            hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
            raise DrawingError((field, position), f"unknown {kind} {value!r}{hint}", suggestions)


def _validate(drawing: Drawing, index: FinderIndex) -> None:
    regions = set(index.region_column)
    _check_known("regions", drawing.regions, regions, "region")
    for region in drawing.intensities:
        if region not in regions:
            suggestions = closest(region, regions)
            raise DrawingError(("intensities", region), f"unknown region {region!r}", suggestions)
    vocab = index.kb.vocabularies
    _check_known("symptoms", drawing.symptoms, {t.id for t in vocab.symptoms}, "symptom")
    _check_known("activities", drawing.activities, {t.id for t in vocab.activities}, "activity")
    if drawing.condition is not None:
        try:
            index.kb.condition(drawing.condition)
        except UnknownIdError as error:
            raise DrawingError(("condition",), str(error), error.suggestions) from None
    if not drawing.painted(index.parameters.unrated_intensity):
        raise DrawingError(("regions",), "paint at least one region with an intensity above 0")


def _features(drawing: Drawing, index: FinderIndex) -> list[Bools]:
    none = np.zeros(len(index.candidates), dtype=bool)
    return [index.symptoms.get(s, none) for s in dict.fromkeys(drawing.symptoms)] + [
        index.activities.get(a, none) for a in dict.fromkeys(drawing.activities)
    ]


def _prior(drawing: Drawing, index: FinderIndex) -> Floats:
    if drawing.condition is None or drawing.condition not in index.conditions:
        return index.prior_log_odds
    boost = np.log(index.parameters.condition_odds) * index.conditions[drawing.condition]
    prior: Floats = index.prior_log_odds + boost
    return prior


def _weights(index: FinderIndex, levels: list[int]) -> list[float]:
    params = index.parameters
    full = params.full_weight_intensity
    return [params.intensity_floor + (1.0 - params.intensity_floor) * min(level, full) / full for level in levels]


def _compile(index: FinderIndex, drawings: Sequence[Drawing]) -> tuple[Evidence, list[list[str]]]:
    """Pad a batch of validated drawings into the model's arrays."""
    painted = [drawing.painted(index.parameters.unrated_intensity) for drawing in drawings]
    width = max(len(p) for p in painted)
    columns = np.zeros((len(drawings), width), dtype=np.intp)
    weights = np.zeros((len(drawings), width))
    for b, regions in enumerate(painted):
        columns[b, : len(regions)] = [index.region_column[r] for r in regions]
        weights[b, : len(regions)] = _weights(index, list(regions.values()))
    features = [_features(drawing, index) for drawing in drawings]
    listed = np.zeros((len(drawings), len(index.candidates), max(map(len, features), default=0)), dtype=bool)
    for b, columns_of in enumerate(features):
        for f, members in enumerate(columns_of):
            listed[b, :, f] = members
    priors = np.stack([_prior(drawing, index) for drawing in drawings])
    return compile_evidence(index, columns, weights, listed, priors), [list(p) for p in painted]


def _ranked(
    index: FinderIndex, drawing: Drawing, row: int, score: float, drawn: Drawn, members: set[int]
) -> RankedPoint:
    candidate = index.candidates[row]
    info = index.info[row]
    return RankedPoint(
        muscle=candidate.muscle,
        muscle_name=info.muscle_name,
        trigger_point=candidate.point,
        trigger_point_name=info.point_name,
        side=candidate.side,
        score=round(score, 4),
        explains=[e for region in drawn.order if (e := info.explains.get(region))],
        missing_essential=[r for r in info.essential if r not in drawn.regions],
        symptoms=[s for s in drawing.symptoms if s in info.symptoms] if drawing.symptoms else [],
        activities=[a for a in drawing.activities if a in info.activities] if drawing.activities else [],
        in_minimal_set=row in members,
        either_side=info.sided.isdisjoint(drawn.regions),
    )


@dataclass(frozen=True)
class Drawn:
    """A drawing's painted regions, in order and as a set."""

    order: list[str]
    regions: frozenset[str]


def _result(index: FinderIndex, drawing: Drawing, order: list[str], found: Explanation, top: int) -> FinderResult:
    drawn = Drawn(order, frozenset(order))
    members = set(found.members)
    relevant = np.flatnonzero(found.scores >= 0)
    ranking = relevant[np.argsort(-found.scores[relevant], kind="stable")][:top]
    ranked = [_ranked(index, drawing, int(r), float(found.scores[r]), drawn, members) for r in ranking]
    chosen = [_ranked(index, drawing, r, float(found.scores[r]), drawn, members) for r in found.members]
    reached = set().union(*(index.info[r].explains for r in found.members))
    return FinderResult(candidates=ranked, minimal_set=chosen, unexplained=[r for r in order if r not in reached])


def find_many(
    drawings: Sequence[Drawing], index: FinderIndex | None = None, top: int = 10, chunk: int = 256
) -> list[FinderResult]:
    """find_sources for many drawings at once, vectorised across the batch; results in input order."""
    index = index or default_index()
    for drawing in drawings:
        _validate(drawing, index)
    results: list[FinderResult] = []
    for start in range(0, len(drawings), chunk):
        part = drawings[start : start + chunk]
        evidence, drawn = _compile(index, part)
        for drawing, regions, found in zip(part, drawn, explain(index, evidence), strict=True):
            results.append(_result(index, drawing, regions, found, top))
    return results


def find_sources(drawing: Drawing, index: FinderIndex | None = None, top: int = 10) -> FinderResult:
    """Rank the trigger points that best explain a pain drawing, and find the smallest set explaining it."""
    return find_many([drawing], index, top)[0]
