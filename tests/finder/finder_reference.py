"""The finder's model as it was before the dense path (issue 13): the reference the dense path must match.

A frozen copy of src/triggerpoint/finder/model.py and find.py at the commit before the rewrite,
scoring with flat (drawing, candidate, drawn region) hit lists. Only the tests use it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from triggerpoint.finder.index import Bools, FinderIndex, Floats, default_index
from triggerpoint.finder.types import Drawing, DrawingError, FinderResult, RankedPoint
from triggerpoint.kb import UnknownIdError
from triggerpoint.kb.model import closest

Ints = npt.NDArray[np.intp]


def _reached_by(index: FinderIndex) -> tuple[Ints, Ints]:
    """The candidates reaching each region, concatenated region by region (CSR), and where each list starts."""
    reached = index.tiers > 0
    return (
        np.nonzero(reached.T)[1].astype(np.intp),
        np.concatenate([[0], np.cumsum(reached.sum(axis=0))]).astype(np.intp),
    )


Ints = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Evidence:
    """A batch of drawings compiled against the index.

    Most candidates reach few of the drawn regions, so the (drawing, candidate, region)
    triples where a candidate reaches a drawn region are kept as flat arrays.
    """

    p: Floats  # c x regions: P(region drawn | candidate), from the index
    columns: Ints  # b x d: drawn region columns (padding points at column 0 with weight 0)
    weights: Floats  # b x d: evidence weight per drawn region
    absent_features: Floats  # b x c x f: 1 - P(feature reported | candidate) (1 for padding)
    base: Floats  # b x c: prior log odds + log P(the candidate's undrawn regions stay unpainted)
    relevant: Bools  # b x c: the candidate explains at least one drawn region
    alike: Bools  # b x c: the candidate and its twin explain the same drawn regions with the same tiers
    symmetric: Bools  # b: the drawing is its own mirror image
    hit_b: Ints  # the triples: drawing,
    hit_c: Ints  # candidate,
    hit_d: Ints  # drawn-region slot,
    hit_absent: Floats  # and 1 - p there

    def absent_rows(self, rows: Ints) -> Floats:
        """b x d: 1 - p for one candidate per drawing at that drawing's drawn regions."""
        return 1.0 - self.p[rows[:, None], self.columns]


@dataclass(frozen=True)
class Explanation:
    """The model's answer for one drawing: the best set, and every candidate's posterior (-1: irrelevant)."""

    members: list[int]
    scores: Floats
    either_side: Bools  # per candidate: the drawing cannot tell its side
    ranking: Ints  # the relevant candidates, best first
    symmetric: bool

    def mirrored(self, twin: Ints) -> Explanation:
        """The same answer for the mirror-image drawing: every candidate swapped for its twin."""
        return Explanation(
            members=[int(twin[m]) for m in self.members],
            scores=self.scores[twin],
            either_side=self.either_side[twin],
            ranking=twin[self.ranking],
            symmetric=self.symmetric,
        )


def _hits(index: FinderIndex, columns: Ints, drawn: Bools) -> tuple[Ints, Ints, Ints]:
    """Every (drawing, candidate, drawn slot) where the candidate reaches the drawn region.

    Uses the index's region -> candidates lists, so the work grows with the hits, not with
    candidates x regions.
    """
    reached_by, reached_by_ptr = _reached_by(index)
    hit_b, hit_d = np.nonzero(drawn)
    cols = columns[hit_b, hit_d]
    counts = np.diff(reached_by_ptr)[cols]
    total = int(counts.sum())
    offsets = np.repeat(reached_by_ptr[cols] - np.cumsum(counts) + counts, counts)
    hit_c = reached_by[offsets + np.arange(total)]
    return np.repeat(hit_b, counts), hit_c, np.repeat(hit_d, counts)


def _alike(index: FinderIndex, relevant: Bools, unlike: Ints) -> Bools:
    """b x c: the candidate and its twin explain the same drawn regions with the same tiers.

    unlike: flat (drawing, candidate) positions of the hits whose region the twin reaches
    otherwise (at another tier, or not at all); neither the candidate nor its twin may have one.
    """
    told = np.zeros(relevant.shape, dtype=bool)
    np.put(told, unlike, True)
    alike: Bools = relevant & ~told & ~told[:, index.twin]
    return alike


def compile_evidence(
    index: FinderIndex, columns: Ints, weights: Floats, listed: Bools, prior_log_odds: Floats, symmetric: Bools
) -> Evidence:
    """Precompute the arrays the search and the scores share.

    columns, weights: b x d (padding has weight 0); listed: b x c x f, which candidates list
    each reported feature; prior_log_odds: b x c; symmetric: b.
    """
    size, count = prior_log_odds.shape
    hit_b, hit_c, hit_d = _hits(index, columns, weights > 0)
    hit_columns = columns[hit_b, hit_d]
    hit_absent = 1.0 - index.p[hit_c, hit_columns]
    flat = hit_b * count + hit_c
    # log P(undrawn regions stay unpainted): all of the candidate's regions, less the drawn ones.
    drawn_part = np.bincount(flat, weights=np.log(hit_absent), minlength=size * count).reshape(size, count)
    relevant = np.zeros(size * count, dtype=bool)
    relevant[flat] = True
    relevant = relevant.reshape(size, count)
    return Evidence(
        p=index.p,
        columns=columns,
        weights=weights,
        absent_features=np.where(listed, 1.0 - index.parameters.p_feature, 1.0),
        base=prior_log_odds + index.log_absent_total[None, :] - drawn_part,
        relevant=relevant,
        alike=_alike(index, relevant, flat[index.unlike_twin[hit_c, hit_columns]]),
        symmetric=symmetric,
        hit_b=hit_b,
        hit_c=hit_c,
        hit_d=hit_d,
        hit_absent=hit_absent,
    )


def _gains(evidence: Evidence, q_drawn: Floats, q_features: Floats) -> Floats:
    """b x c: log posterior odds gained by adding each candidate to each drawing's current set."""
    size, count = evidence.base.shape
    q = q_drawn[evidence.hit_b, evidence.hit_d]
    gained = (np.log1p(-q * evidence.hit_absent) - np.log1p(-q)) * evidence.weights[evidence.hit_b, evidence.hit_d]
    flat = np.bincount(evidence.hit_b * count + evidence.hit_c, weights=gained, minlength=size * count)
    gains = evidence.base + flat.reshape(size, count)
    if q_features.shape[1]:
        qf = q_features[:, None, :]
        gains += (np.log1p(-qf * evidence.absent_features) - np.log1p(-qf)).sum(axis=2)
    return gains


def _gain_of(evidence: Evidence, q_drawn: Floats, q_features: Floats, rows: Ints) -> Floats:
    """b: the gain of one given candidate per drawing (the prune step needs no more)."""
    batch = np.arange(len(rows))
    absent = evidence.absent_rows(rows)
    drawn = (np.log1p(-q_drawn * absent) - np.log1p(-q_drawn)) * evidence.weights
    absent_f = evidence.absent_features[batch, rows]
    features = np.log1p(-q_features * absent_f) - np.log1p(-q_features)
    gain: Floats = evidence.base[batch, rows] + drawn.sum(axis=1) + features.sum(axis=1)
    return gain


@dataclass
class _Search:
    """The state of the greedy search for every drawing of a batch."""

    members: Ints  # b x k, -1 where empty
    q_drawn: Floats
    q_features: Floats

    def without(self, evidence: Evidence, slot: int) -> tuple[Floats, Floats]:
        rows, batch = self.members[:, slot], np.arange(len(self.members))
        safe = np.maximum(rows, 0)
        has = (rows >= 0)[:, None]
        q_drawn = np.where(has, self.q_drawn / evidence.absent_rows(safe), self.q_drawn)
        q_features = np.where(has, self.q_features / evidence.absent_features[batch, safe], self.q_features)
        return q_drawn, q_features


def _greedy(evidence: Evidence, search: _Search) -> None:
    batch = np.arange(len(search.members))
    searching = np.ones(len(batch), dtype=bool)
    taken = np.zeros(evidence.base.shape, dtype=bool)
    for slot in range(search.members.shape[1]):
        gains = np.where(evidence.relevant & ~taken, _gains(evidence, search.q_drawn, search.q_features), -np.inf)
        best = np.argmax(gains, axis=1)
        add = searching & (gains[batch, best] > 0)
        if not add.any():
            return
        search.members[add, slot] = best[add]
        taken[batch[add], best[add]] = True
        search.q_drawn[add] *= evidence.absent_rows(best)[add]
        search.q_features[add] *= evidence.absent_features[batch[add], best[add]]
        searching &= add


def _prune(evidence: Evidence, search: _Search) -> None:
    """Drop any member that no longer earns its place once the others are in."""
    for slot in np.flatnonzero((search.members >= 0).any(axis=0)):
        rows = search.members[:, slot]
        q_drawn, q_features = search.without(evidence, int(slot))
        drop = (rows >= 0) & (_gain_of(evidence, q_drawn, q_features, np.maximum(rows, 0)) <= 0)
        search.members[drop, slot] = -1
        search.q_drawn[drop], search.q_features[drop] = q_drawn[drop], q_features[drop]


def _lone_in_set(index: FinderIndex, members: Ints, shape: tuple[int, ...]) -> Bools:
    """b x c: a member of the set whose twin is not in it, and that twin."""
    chosen = np.zeros(shape, dtype=bool)
    rows, slots = np.nonzero(members >= 0)
    chosen[rows, members[rows, slots]] = True
    lone: Bools = chosen != chosen[:, index.twin]
    return lone


def _share_between_sides(index: FinderIndex, evidence: Evidence, members: Ints, scores: Floats) -> tuple[Floats, Bools]:
    """One score for twins the drawing cannot tell apart, and which candidates' side it leaves open.

    Twins share their score when they explain the drawn regions alike (same regions, same
    tiers) or when the drawing is its own mirror image. Their side is open when they explain
    the drawing alike, or when the drawing is its own mirror image and only one of them is
    in the set: then the search, not the drawing, put that member on its side.
    """
    alike = evidence.alike
    symmetric = evidence.symmetric[:, None]
    shared: Floats = np.where(alike | symmetric, (scores + scores[:, index.twin]) / 2, scores)
    if not evidence.symmetric.any():  # the usual batch: no need to build the set mask
        return shared, alike
    either: Bools = alike | (symmetric & _lone_in_set(index, members, scores.shape))
    return shared, either


def _odds(log_odds: Floats) -> Floats:
    """Odds against the best set; the best set is a local optimum, so these stay moderate."""
    odds: Floats = np.exp(np.minimum(log_odds, 700.0))
    return odds


def _posteriors(evidence: Evidence, search: _Search) -> Floats:
    """b x c: P(candidate active | drawing) over the hypotheses next to the best set S.

    The neighbourhood is S itself, S less one member, S plus one candidate, and S with one
    member swapped for another candidate; each weighs in by its posterior odds against S.
    Summing them is a proper local posterior: a point that could be swapped for an equally
    good one scores lower.
    """
    batch = np.arange(len(search.members))
    open_ = evidence.relevant.copy()
    filled = search.members >= 0
    open_[np.nonzero(filled)[0], search.members[filled]] = False
    with_candidate = _odds(np.where(open_, _gains(evidence, search.q_drawn, search.q_features), -np.inf))
    total = 1.0 + with_candidate.sum(axis=1)
    without: list[tuple[Ints, Bools, Floats]] = []
    for slot in np.flatnonzero(filled.any(axis=0)):
        rows, has = search.members[:, slot], filled[:, slot]
        given_rest = _gains(evidence, *search.without(evidence, int(slot)))
        own = np.where(has, given_rest[batch, np.maximum(rows, 0)], np.inf)
        swapped = _odds(np.where(open_ & has[:, None], given_rest - own[:, None], -np.inf))
        dropped = _odds(-own)
        with_candidate += swapped
        total += swapped.sum(axis=1) + dropped
        without.append((rows, has, dropped + swapped.sum(axis=1)))
    scores: Floats = with_candidate / total[:, None]
    for rows, has, odds_without in without:
        scores[batch[has], rows[has]] = 1.0 - (odds_without / total)[has]
    return np.where(evidence.relevant, scores, -1.0)


def _ranking(scores: Floats) -> Ints:
    """The relevant candidates, best first; ties in candidate order."""
    relevant = np.flatnonzero(scores >= 0)
    ranking: Ints = relevant[np.argsort(-scores[relevant], kind="stable")]
    return ranking


def _answers(evidence: Evidence, members: Ints, scores: Floats, either: Bools) -> list[Explanation]:
    """One Explanation per drawing, in the orientation it was scored in."""
    chosen = [[m for m in row if m >= 0] for row in members.tolist()]
    symmetric = evidence.symmetric.tolist()
    return [
        Explanation(
            members=chosen[b],
            scores=scores[b],
            either_side=either[b],
            ranking=_ranking(scores[b]),
            symmetric=symmetric[b],
        )
        for b in range(len(members))
    ]


def explain(index: FinderIndex, evidence: Evidence) -> list[Explanation]:
    """For each drawing, the smallest set that best explains it and every candidate's posterior."""
    params = index.parameters
    size = len(evidence.base)
    search = _Search(
        members=np.full((size, params.max_set_size), -1, dtype=np.intp),
        q_drawn=np.full(evidence.weights.shape, 1.0 - params.leak),
        q_features=np.full((size, evidence.absent_features.shape[2]), 1.0 - params.feature_leak),
    )
    _greedy(evidence, search)
    _prune(evidence, search)
    scores, either = _share_between_sides(index, evidence, search.members, _posteriors(evidence, search))
    return _answers(evidence, search.members, scores, either)


def _check_known(field: str, values: list[str], known: Collection[str], kind: str) -> None:
    for position, value in enumerate(values):
        if value not in known:
            suggestions = closest(value, known)
            hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
            raise DrawingError((field, position), f"unknown {kind} {value!r}{hint}", suggestions)


def _validated(drawing: Drawing, index: FinderIndex) -> dict[str, int]:
    """The drawing's painted regions and intensities, once every ID in it is known."""
    regions = index.region_column
    _check_known("regions", drawing.regions, regions, "region")
    for region in drawing.intensities:
        if region not in regions:
            suggestions = closest(region, regions)
            raise DrawingError(("intensities", region), f"unknown region {region!r}", suggestions)
    vocab = index.kb.vocabularies
    if drawing.symptoms:
        _check_known("symptoms", drawing.symptoms, {t.id for t in vocab.symptoms}, "symptom")
    if drawing.activities:
        _check_known("activities", drawing.activities, {t.id for t in vocab.activities}, "activity")
    if drawing.condition is not None:
        try:
            index.kb.condition(drawing.condition)
        except UnknownIdError as error:
            raise DrawingError(("condition",), str(error), error.suggestions) from None
    painted = drawing.painted(index.parameters.unrated_intensity)
    if not painted:
        raise DrawingError(("regions",), "paint at least one region with an intensity above 0")
    return painted


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


def _weights(index: FinderIndex, levels: Iterable[int]) -> list[float]:
    params = index.parameters
    floor, full = params.intensity_floor, params.full_weight_intensity
    return [floor + (1.0 - floor) * min(level, full) / full for level in levels]


class Oriented(NamedTuple):
    """A drawing's painted regions as the model scores them: canonical orientation, column order."""

    drawn: list[tuple[int, float]]  # (region column, evidence weight)
    flipped: bool  # the mirror image is scored, and its answer mapped back
    symmetric: bool  # the drawing is its own mirror image


def _orient(index: FinderIndex, painted: dict[str, int]) -> Oriented:
    """Whichever of a drawing and its mirror image sorts first as (column, weight) pairs.

    A drawing and its mirror image pick the same one, so the search meets the same ties in
    the same order for both, and the answer for the mirror image is the mirror of the answer.
    """
    columns = [index.region_column[region] for region in painted]
    weights = _weights(index, painted.values())
    drawn = sorted(zip(columns, weights, strict=True))
    mirrored = sorted(zip([index.mirror_column[c] for c in columns], weights, strict=True))
    if mirrored < drawn:
        return Oriented(mirrored, flipped=True, symmetric=False)
    return Oriented(drawn, flipped=False, symmetric=mirrored == drawn)


def _compile(index: FinderIndex, drawings: Sequence[Drawing], oriented: list[Oriented]) -> Evidence:
    """Pad a batch of validated drawings, each in its canonical orientation, into the model's arrays."""
    width = max(len(o.drawn) for o in oriented)
    columns = np.zeros((len(drawings), width), dtype=np.intp)
    weights = np.zeros((len(drawings), width))
    for b, (drawn, _, _) in enumerate(oriented):
        columns[b, : len(drawn)], weights[b, : len(drawn)] = zip(*drawn, strict=True)
    features = [_features(drawing, index) for drawing in drawings]
    listed = np.zeros((len(drawings), len(index.candidates), max(map(len, features), default=0)), dtype=bool)
    for b, columns_of in enumerate(features):
        for f, members in enumerate(columns_of):
            listed[b, :, f] = members
    priors = np.array([_prior(drawing, index) for drawing in drawings])
    symmetric = np.array([o.symmetric for o in oriented])
    return compile_evidence(index, columns, weights, listed, priors, symmetric)


def _ranked(index: FinderIndex, drawing: Drawing, drawn: Drawn, row: int, standing: Standing) -> RankedPoint:
    candidate = index.candidates[row]
    info = index.info[row]
    return RankedPoint(
        muscle=candidate.muscle,
        muscle_name=info.muscle_name,
        trigger_point=candidate.point,
        trigger_point_name=info.point_name,
        side=candidate.side,
        score=round(standing.score, 4),
        explains=[e for region in drawn.order if (e := info.explains.get(region))],
        missing_essential=[r for r in info.essential if r not in drawn.regions],
        symptoms=[s for s in drawing.symptoms if s in info.symptoms] if drawing.symptoms else [],
        activities=[a for a in drawing.activities if a in info.activities] if drawing.activities else [],
        in_minimal_set=standing.in_minimal_set,
        either_side=standing.either_side,
    )


class Standing(NamedTuple):
    """A candidate's place in a drawing's answer."""

    score: float
    either_side: bool
    in_minimal_set: bool


def _standings(found: Explanation, rows: list[int]) -> list[Standing]:
    members = set(found.members)
    scores, either = found.scores[rows].tolist(), found.either_side[rows].tolist()
    return [Standing(scores[i], either[i], row in members) for i, row in enumerate(rows)]


@dataclass(frozen=True)
class Drawn:
    """A drawing's painted regions, in order and as a set."""

    order: list[str]
    regions: frozenset[str]


def _shown(found: Explanation, twin: Ints, top: int) -> Ints:
    """The best `top` candidates; in a symmetric drawing, with the twin of each one shown."""
    shown = found.ranking[:top]
    if not found.symmetric:
        return shown
    rest = found.ranking[top:]
    return np.concatenate([shown, rest[np.isin(rest, twin[shown])]])


def _result(index: FinderIndex, drawing: Drawing, order: list[str], found: Explanation, top: int) -> FinderResult:
    drawn = Drawn(order, frozenset(order))
    shown: list[int] = _shown(found, index.twin, top).tolist()
    rows = list(dict.fromkeys(shown + found.members))
    point = {row: _ranked(index, drawing, drawn, row, s) for row, s in zip(rows, _standings(found, rows), strict=True)}
    reached = set().union(*(index.info[r].explains for r in found.members))
    return FinderResult(
        candidates=[point[r] for r in shown],
        minimal_set=[point[r] for r in found.members],
        unexplained=[r for r in order if r not in reached],
    )


def _explain(index: FinderIndex, drawings: Sequence[Drawing], painted: list[dict[str, int]]) -> list[Explanation]:
    """The model's answers for a batch, each for the drawing as painted."""
    oriented = [_orient(index, regions) for regions in painted]
    found = explain(index, _compile(index, drawings, oriented))
    return [f.mirrored(index.twin) if o.flipped else f for f, o in zip(found, oriented, strict=True)]


def find_many(
    drawings: Sequence[Drawing], index: FinderIndex | None = None, top: int = 10, chunk: int = 256
) -> list[FinderResult]:
    """find_sources for many drawings at once, vectorised across the batch; results in input order."""
    index = index or default_index()
    painted = [_validated(drawing, index) for drawing in drawings]
    results: list[FinderResult] = []
    for start in range(0, len(drawings), chunk):
        part, regions = drawings[start : start + chunk], painted[start : start + chunk]
        for drawing, drawn, found in zip(part, regions, _explain(index, part, regions), strict=True):
            results.append(_result(index, drawing, list(drawn), found, top))
    return results


def find_sources(drawing: Drawing, index: FinderIndex | None = None, top: int = 10) -> FinderResult:
    """Rank the trigger points that best explain a pain drawing, and find the smallest set explaining it."""
    return find_many([drawing], index, top)[0]


def painted_regions(drawing: Drawing, index: FinderIndex | None = None) -> dict[str, int]:
    """A drawing's painted regions with their intensities, or a DrawingError naming its first unknown ID."""
    return _validated(drawing, index or default_index())
