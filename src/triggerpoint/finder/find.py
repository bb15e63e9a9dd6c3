"""find_sources(drawing): the finder's one entry point."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from triggerpoint.finder.index import Bools, FinderIndex, Floats, Ints, default_index
from triggerpoint.finder.model import Evidence, Explanation, compile_evidence, explain
from triggerpoint.finder.types import Drawing, DrawingError, FinderResult, RankedPoint
from triggerpoint.kb import UnknownIdError
from triggerpoint.kb.model import closest


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
