"""find_sources(drawing): the finder's one entry point; find_batch for many drawings at once."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

import numpy as np

from triggerpoint.finder.answers import Found, result_of
from triggerpoint.finder.index import Bools, FinderIndex, Floats, Ints, default_index
from triggerpoint.finder.model import Evidence, Explanation, compile_evidence, explain
from triggerpoint.finder.types import Drawing, DrawingError, FinderResult
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
    columns = np.full((width, len(drawings)), index.padding_column, dtype=np.intp)
    weights = np.zeros((width, len(drawings)))
    for b, (drawn, _, _) in enumerate(oriented):
        columns[: len(drawn), b], weights[: len(drawn), b] = zip(*drawn, strict=True)
    features = [_features(drawing, index) for drawing in drawings]
    listed = np.zeros((len(drawings), len(index.candidates), max(map(len, features), default=0)), dtype=bool)
    for b, columns_of in enumerate(features):
        for f, members in enumerate(columns_of):
            listed[b, :, f] = members
    priors = np.array([_prior(drawing, index) for drawing in drawings])
    symmetric = np.array([o.symmetric for o in oriented])
    return compile_evidence(index, columns, weights, listed, priors, symmetric)


def _shown(found: Explanation, twin: Ints, top: int) -> Ints:
    """The best `top` candidates; in a symmetric drawing, with the twin of each one shown."""
    shown = found.ranking[:top]
    if not found.symmetric:
        return shown
    rest = found.ranking[top:]
    return np.concatenate([shown, rest[np.isin(rest, twin[shown])]])


def _found(index: FinderIndex, drawing: Drawing, order: list[str], explanation: Explanation, top: int) -> Found:
    shown: list[int] = _shown(explanation, index.twin, top).tolist()
    rows = list(dict.fromkeys(shown + explanation.members))
    return Found(
        drawing=drawing,
        order=order,
        rows=rows,
        listed=len(shown),
        members=explanation.members,
        scores=explanation.scores[rows].tolist(),
        either_side=explanation.either_side[rows].tolist(),
    )


def _explain(index: FinderIndex, drawings: Sequence[Drawing], painted: list[dict[str, int]]) -> list[Explanation]:
    """The model's answers for a batch, each for the drawing as painted."""
    oriented = [_orient(index, regions) for regions in painted]
    found = explain(index, _compile(index, drawings, oriented))
    return [f.mirrored(index.twin) if o.flipped else f for f, o in zip(found, oriented, strict=True)]


def find_batch(
    drawings: Sequence[Drawing], index: FinderIndex | None = None, top: int = 10, chunk: int = 256
) -> list[Found]:
    """Score many drawings at once, `chunk` at a time; each answer as candidate rows, in input order.

    Raises DrawingError for the first drawing that names something unknown. result_of and
    json_of turn an answer into a FinderResult or its JSON.
    """
    index = index or default_index()
    painted = [_validated(drawing, index) for drawing in drawings]
    found: list[Found] = []
    for start in range(0, len(drawings), chunk):
        part, regions = drawings[start : start + chunk], painted[start : start + chunk]
        for drawing, drawn, explanation in zip(part, regions, _explain(index, part, regions), strict=True):
            found.append(_found(index, drawing, list(drawn), explanation, top))
    return found


def candidate_scores(drawings: Sequence[Drawing], index: FinderIndex, chunk: int = 256) -> list[Floats]:
    """Every candidate's posterior for each drawing, by candidate row (-1: the candidate reaches no painted region)."""
    painted = [_validated(drawing, index) for drawing in drawings]
    scores: list[Floats] = []
    for start in range(0, len(drawings), chunk):
        part, regions = drawings[start : start + chunk], painted[start : start + chunk]
        scores += [explanation.scores for explanation in _explain(index, part, regions)]
    return scores


def find_many(
    drawings: Sequence[Drawing], index: FinderIndex | None = None, top: int = 10, chunk: int = 256
) -> list[FinderResult]:
    """find_sources for many drawings at once, vectorised across the batch; results in input order."""
    index = index or default_index()
    return [result_of(index, found) for found in find_batch(drawings, index, top, chunk)]


def find_sources(drawing: Drawing, index: FinderIndex | None = None, top: int = 10) -> FinderResult:
    """Rank the trigger points that best explain a pain drawing, and find the smallest set explaining it."""
    return find_many([drawing], index, top)[0]


def painted_regions(drawing: Drawing, index: FinderIndex | None = None) -> dict[str, int]:
    """A drawing's painted regions with their intensities, or a DrawingError naming its first unknown ID."""
    return _validated(drawing, index or default_index())
