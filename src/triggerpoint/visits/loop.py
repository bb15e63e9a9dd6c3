"""The loop closed: at a later visit, did what was treated at the first visit get better where it hurt?

For each region of the first drawing, its pain then and now; for each point treated at the first
visit, its spot tenderness (lower is better) and pressure pain threshold (higher is better) then
and now, with the painted regions its referral map reaches; for each questionnaire, the first
score and the latest against the instrument's minimal important change (outcomes.change_between).
A change smaller than the margins of data/criteria.yaml `loop` reads "same". It informs: a change
at a region is not proof that the treatment caused it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy.orm import Session

from triggerpoint.drawings.compare import compare_drawings
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.kb import KnowledgeBase, UnknownIdError
from triggerpoint.kb.schema import Side
from triggerpoint.outcomes import Instrument, change_between, instrument
from triggerpoint.questionnaires import repository as questionnaires
from triggerpoint.visits import repository
from triggerpoint.visits.loop_schemas import (
    DrawingRef,
    ExplainedRegion,
    LoopRead,
    MarginRead,
    NewRegion,
    PointLoop,
    PointVerdict,
    RegionLoop,
    ScoreLoop,
    Verdict,
    VisitRef,
)
from triggerpoint.visits.models import Finding, Visit
from triggerpoint.visits.note_facts import names
from triggerpoint.visits.rules import LoopRules, Margin, load_rules
from triggerpoint.visits.service import get_visit, ppt_mean

_EPSILON = 1e-9  # a threshold mean such as 2.2 -> 2.7 is 0.5 within floating-point error


def verdict(before: float, after: float, margin: Margin, lower_is_better: bool) -> Verdict:
    """Better or worse when the change reaches the margin's least change in that direction, else same."""
    gain = before - after if lower_is_better else after - before
    if abs(gain) < margin.least_change - _EPSILON:
        return "same"
    return "better" if gain > 0 else "worse"


def together(verdicts: Iterable[Verdict | None]) -> PointVerdict | None:
    """One word for a point's measures: mixed when one got better and another worse; None with nothing to compare."""
    known = {v for v in verdicts if v is not None}
    if {"better", "worse"} <= known:
        return "mixed"
    if "better" in known:
        return "better"
    if "worse" in known:
        return "worse"
    return "same" if known else None


def _name(kb: KnowledgeBase, region: str) -> str:
    return kb.region(region).name if kb.has_region(region) else region


def region_loops(
    kb: KnowledgeBase, first: Mapping[str, int], now: Mapping[str, int] | None, margin: Margin
) -> list[RegionLoop]:
    """Each region of the first drawing, most painful first: a region left unpainted now counts as 0."""
    changes = [c for c in compare_drawings(first, now or {}) if c.before is not None]
    rows = []
    for change in changes:
        assert change.before is not None
        after = None if now is None else (change.after or 0)
        rows.append(
            RegionLoop(
                region=change.region,
                name=_name(kb, change.region),
                pain_then=change.before,
                pain_now=after,
                change=None if after is None else after - change.before,
                verdict=None if after is None else verdict(change.before, after, margin, lower_is_better=True),
            )
        )
    return sorted(rows, key=lambda row: -row.pain_then)


def new_regions(kb: KnowledgeBase, first: Mapping[str, int], now: Mapping[str, int] | None) -> list[NewRegion]:
    """The regions painted now that the first drawing did not have."""
    added = {r: level for r, level in (now or {}).items() if r not in first}
    return [NewRegion(region=r, name=_name(kb, r), pain_now=level) for r, level in added.items()]


def reached(kb: KnowledgeBase, muscle: str, point: str, side: str, painted: Iterable[str]) -> list[str]:
    """The painted regions the point's referral map reaches on its side (none for a point the kb does not know)."""
    if side not in (Side.LEFT.value, Side.RIGHT.value):
        return []
    try:
        referral = kb.referral_map(kb.point(muscle, point), Side(side))
    except UnknownIdError:
        return []
    return [region for region in painted if region in referral]


@dataclass(frozen=True)
class Examined:
    """What palpation recorded at a point that the loop compares: tenderness 0-10 and the threshold's mean."""

    muscle: str
    point: str
    side: str
    tenderness: int | None
    ppt: float | None


def _compare(then: float | None, now: float | None, margin: Margin, lower_is_better: bool) -> Verdict | None:
    return None if then is None or now is None else verdict(then, now, margin, lower_is_better)


def _difference(then: float | None, now: float | None) -> float | None:
    return None if then is None or now is None else round(now - then, 2)


def point_loop(
    kb: KnowledgeBase,
    number: int,
    then: Examined,
    now: Examined | None,
    regions: Sequence[RegionLoop],
    rules: LoopRules,
) -> PointLoop:
    """A treated point then and now, and how the first drawing's regions it explains went."""
    tenderness_now, ppt_now = (now.tenderness, now.ppt) if now else (None, None)
    tenderness = _compare(then.tenderness, tenderness_now, rules.tenderness, lower_is_better=True)
    ppt = _compare(then.ppt, ppt_now, rules.ppt, lower_is_better=False)
    by_region = {row.region: row for row in regions}
    explains = reached(kb, then.muscle, then.point, then.side, by_region)
    muscle_name, point_name = names(kb, then.muscle, then.point)
    change = _difference(then.tenderness, tenderness_now)
    return PointLoop(
        number=number, muscle=then.muscle, point=then.point, side=then.side, muscle_name=muscle_name,
        point_name=point_name, examined_now=now is not None, tenderness_then=then.tenderness,
        tenderness_now=tenderness_now, tenderness_change=None if change is None else int(change),
        tenderness_verdict=tenderness, ppt_then=then.ppt, ppt_now=ppt_now, ppt_change=_difference(then.ppt, ppt_now),
        ppt_verdict=ppt, verdict=together([tenderness, ppt]),
        explains=[ExplainedRegion(region=r, name=by_region[r].name, verdict=by_region[r].verdict) for r in explains],
    )  # fmt: skip


@dataclass(frozen=True)
class Answered:
    """One scored questionnaire response."""

    instrument: str
    on: date
    score: float


def first_and_latest(
    answered: Iterable[Answered], first_day: date, this_day: date
) -> dict[str, tuple[Answered, Answered | None]]:
    """Per instrument: the baseline (the last answer by the first visit's day, else the earliest) and the latest
    answer by this visit's day when it is a later one. Answers after this visit's day are left out."""
    by_instrument: dict[str, list[Answered]] = {}
    for item in sorted(answered, key=lambda a: a.on):
        if item.on <= this_day:
            by_instrument.setdefault(item.instrument, []).append(item)
    found = {}
    for tool, items in by_instrument.items():
        before = [a for a in items if a.on <= first_day]
        first = before[-1] if before else items[0]
        found[tool] = (first, items[-1] if items[-1] is not first else None)
    return found


def score_loop(tool: Instrument, first: Answered, latest: Answered | None) -> ScoreLoop:
    """The change from the first score to the latest against the instrument's minimal important change."""
    result = change_between(tool.id, first.score, latest.score) if latest else None
    return ScoreLoop(
        instrument=tool.id, name=tool.short_name, unit=tool.unit, better=tool.better, first=first.score,
        first_on=first.on, latest=latest.score if latest else None, latest_on=latest.on if latest else None,
        change=round(latest.score - first.score, 2) if latest else None, minimal_change=tool.minimal_change.value,
        result=result, reaches_minimal_change=result == "improved",
    )  # fmt: skip


def _margins(rules: LoopRules) -> dict[Literal["pain", "tenderness", "ppt"], MarginRead]:
    def read(margin: Margin) -> MarginRead:
        return MarginRead(least_change=margin.least_change, unit=margin.unit)

    return {"pain": read(rules.pain), "tenderness": read(rules.tenderness), "ppt": read(rules.ppt)}


def _drawing_ref(drawing: PainDrawing | None, visit: Visit) -> DrawingRef | None:
    if drawing is None:
        return None
    return DrawingRef(uuid=drawing.uuid, recorded_at=drawing.recorded_at, visit_drawing=drawing.id == visit.drawing_id)


def drawing_of(db: Session, visit: Visit) -> PainDrawing | None:
    """The visit's own drawing, else the client's latest drawing by the time it started."""
    if visit.drawing_id is not None:
        return repository.drawing_by_id(db, visit.client_id, visit.drawing_id)
    return repository.latest_drawing_by(db, visit.client_id, visit.started_at)


def _later(first: PainDrawing | None, now: PainDrawing | None) -> PainDrawing | None:
    """The drawing for "now", only when it is not the first one (and not older than it)."""
    if now is None or (first is not None and (now.id == first.id or now.recorded_at < first.recorded_at)):
        return None
    return now


def examined(finding: Finding) -> Examined:
    """A stored finding as the loop compares it."""
    return Examined(finding.muscle, finding.point, finding.side, finding.spot_tenderness, ppt_mean(finding))


def _points(db: Session, kb: KnowledgeBase, first: Visit, visit: Visit, regions: list[RegionLoop]) -> list[PointLoop]:
    treated = {t.finding_id for t in repository.treatments_of(db, first.client_id, first.id)}
    findings = [f for f in repository.findings_of(db, first.client_id, first.id) if f.id in treated]
    rules = load_rules().loop
    rows = []
    for number, finding in enumerate(findings, start=1):
        now = repository.finding_at(db, visit.client_id, visit.id, finding.muscle, finding.point, finding.side)
        rows.append(point_loop(kb, number, examined(finding), examined(now) if now else None, regions, rules))
    return rows


def _scores(db: Session, client_id: int, first: Visit, visit: Visit) -> list[ScoreLoop]:
    answered = [
        Answered(r.instrument, r.completed_on, r.score)
        for r in questionnaires.all_responses(db, client_id)
        if r.valid and r.score is not None
    ]
    pairs = first_and_latest(answered, first.started_at.date(), visit.started_at.date())
    return [score_loop(instrument(tool), *pair) for tool, pair in pairs.items()]


def close_loop(db: Session, kb: KnowledgeBase, visit: Visit) -> LoopRead:
    """The client's first visit against this one (an empty loop when this is the first)."""
    first = repository.first_visit(db, visit.client_id)
    this = VisitRef(uuid=visit.uuid, started_at=visit.started_at)
    rules = load_rules().loop
    if first is None or first.id == visit.id:
        return LoopRead(this_visit=this, first_visit=None, first_drawing=None, now_drawing=None, regions=[],
                        new_regions=[], points=[], scores=[], margins=_margins(rules))  # fmt: skip
    then_drawing = drawing_of(db, first)
    now_drawing = _later(then_drawing, drawing_of(db, visit))
    then_levels = dict(then_drawing.regions) if then_drawing else {}
    now_levels = dict(now_drawing.regions) if now_drawing else None
    regions = region_loops(kb, then_levels, now_levels, rules.pain)
    return LoopRead(
        this_visit=this, first_visit=VisitRef(uuid=first.uuid, started_at=first.started_at),
        first_drawing=_drawing_ref(then_drawing, first), now_drawing=_drawing_ref(now_drawing, visit),
        regions=regions, new_regions=new_regions(kb, then_levels, now_levels),
        points=_points(db, kb, first, visit, regions), scores=_scores(db, visit.client_id, first, visit),
        margins=_margins(rules),
    )  # fmt: skip


def loop_of(db: Session, kb: KnowledgeBase, client_id: int, visit_uuid: str) -> LoopRead:
    """The loop closed at one of the client's visits, or NotFoundError."""
    return close_loop(db, kb, get_visit(db, client_id, visit_uuid))
