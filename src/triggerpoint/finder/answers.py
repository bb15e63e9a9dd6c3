"""A drawing's answer as candidate rows (what the batch path returns), and the result or JSON made from it."""

from __future__ import annotations

from typing import Any, NamedTuple

from triggerpoint.finder.index import FinderIndex
from triggerpoint.finder.types import Drawing, FinderResult, RankedPoint


class Found(NamedTuple):
    """One drawing's answer before any result object is built."""

    drawing: Drawing
    order: list[str]  # the painted regions, in the drawing's order
    rows: list[int]  # candidate rows: those listed, best first, then any member of the set not listed
    listed: int  # how many of rows are listed
    members: list[int]  # the smallest explaining set
    scores: list[float]  # per row
    either_side: list[bool]  # per row


def _unexplained(index: FinderIndex, found: Found) -> list[str]:
    reached = set().union(*(index.info[row].explains for row in found.members))
    return [region for region in found.order if region not in reached]


def _point(index: FinderIndex, found: Found, drawn: frozenset[str], at: int) -> RankedPoint:
    row, drawing = found.rows[at], found.drawing
    candidate, info = index.candidates[row], index.info[row]
    return RankedPoint(
        muscle=candidate.muscle,
        muscle_name=info.muscle_name,
        trigger_point=candidate.point,
        trigger_point_name=info.point_name,
        side=candidate.side,
        score=round(found.scores[at], 4),
        explains=[e for region in found.order if (e := info.explains.get(region))],
        missing_essential=[r for r in info.essential if r not in drawn],
        symptoms=[s for s in drawing.symptoms if s in info.symptoms] if drawing.symptoms else [],
        activities=[a for a in drawing.activities if a in info.activities] if drawing.activities else [],
        in_minimal_set=row in found.members,
        either_side=found.either_side[at],
    )


def result_of(index: FinderIndex, found: Found) -> FinderResult:
    """The FinderResult for one drawing's answer."""
    drawn = frozenset(found.order)
    points = [_point(index, found, drawn, at) for at in range(len(found.rows))]
    by_row = dict(zip(found.rows, points, strict=True))
    return FinderResult(
        candidates=points[: found.listed],
        minimal_set=[by_row[row] for row in found.members],
        unexplained=_unexplained(index, found),
    )


def _point_json(index: FinderIndex, found: Found, drawn: frozenset[str], at: int) -> dict[str, Any]:
    row, drawing = found.rows[at], found.drawing
    candidate, info = index.candidates[row], index.info[row]
    return {
        "muscle": candidate.muscle,
        "muscle_name": info.muscle_name,
        "trigger_point": candidate.point,
        "trigger_point_name": info.point_name,
        "side": candidate.side.value,
        "score": round(found.scores[at], 4),
        "explains": [{"region": e.region, "how": e.how.value} for r in found.order if (e := info.explains.get(r))],
        "missing_essential": [r for r in info.essential if r not in drawn],
        "symptoms": [s for s in drawing.symptoms if s in info.symptoms] if drawing.symptoms else [],
        "activities": [a for a in drawing.activities if a in info.activities] if drawing.activities else [],
        "in_minimal_set": row in found.members,
        "either_side": found.either_side[at],
    }


def json_of(index: FinderIndex, found: Found) -> dict[str, Any]:
    """The JSON-ready data of FinderResult.to_json(), built straight from the answer (no objects in between)."""
    drawn = frozenset(found.order)
    points = [_point_json(index, found, drawn, at) for at in range(len(found.rows))]
    by_row = dict(zip(found.rows, points, strict=True))
    return {
        "candidates": points[: found.listed],
        "minimal_set": [by_row[row] for row in found.members],
        "unexplained": _unexplained(index, found),
        "areas": [],  # pain areas are added by finder.areas, one drawing at a time
    }


def listed_once(candidates: list[RankedPoint]) -> list[RankedPoint]:
    """Candidates as a person reads them: a point whose side the drawing cannot tell is listed once, where it first
    appears, since its twin on the other side would repeat it word for word."""
    either: set[tuple[str, str]] = set()
    kept = []
    for candidate in candidates:
        key = (candidate.muscle, candidate.trigger_point)
        if candidate.either_side and key in either:
            continue
        if candidate.either_side:
            either.add(key)
        kept.append(candidate)
    return kept
