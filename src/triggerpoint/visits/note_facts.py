"""Gather a visit's `VisitFacts` from its records, the diary, questionnaires and the knowledge base."""

from __future__ import annotations

from datetime import timedelta
from statistics import mean

from sqlalchemy.orm import Session

from triggerpoint.diary import repository as diary
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.kb import KnowledgeBase, UnknownIdError
from triggerpoint.kb.schema import Side
from triggerpoint.outcomes import change_between, instrument
from triggerpoint.programs import repository as programs
from triggerpoint.programs.service import plan_of
from triggerpoint.questionnaires import repository as questionnaires
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.visits import note_repository as repo
from triggerpoint.visits.models import Finding, Treatment, Visit
from triggerpoint.visits.soap import FindingFact, PainSince, ScoreFact, TreatmentFact, VisitFacts

FIRST_VISIT_DAYS = 14  # a first visit's "pain since" reads the diary of the two weeks before it
CRITERION_COLUMNS = {
    "taut_band": "taut band",
    "jump_sign": "jump sign",
    "twitch": "local twitch response",
    "referred": "referred pain",
    "recognised": "recognised as usual pain",
}


def names(kb: KnowledgeBase, muscle_id: str, point_id: str) -> tuple[str, str]:
    """The muscle's and the point's names, or the stored IDs of a point the knowledge base does not know."""
    try:
        return kb.muscle(muscle_id).name, kb.point(muscle_id, point_id).name
    except UnknownIdError:
        return muscle_id, point_id


def point_region(kb: KnowledgeBase, muscle_id: str, point_id: str, side: str) -> str | None:
    """The region the point itself lies in (its first local referral region on that side), if known."""
    if side not in (Side.LEFT.value, Side.RIGHT.value):
        return None
    try:
        point = kb.point(muscle_id, point_id)
    except UnknownIdError:
        return None
    return kb.resolve(point.referral.local[0], Side(side))[0]


def explained(kb: KnowledgeBase, finding: Finding, painted: dict[str, int]) -> tuple[str, ...]:
    """The painted regions the point's referral reaches (kb.referral_map), by name."""
    if finding.side not in (Side.LEFT.value, Side.RIGHT.value):
        return ()
    try:
        reached = kb.referral_map(kb.point(finding.muscle, finding.point), Side(finding.side))
    except UnknownIdError:
        return ()
    return tuple(kb.region(region).name for region in painted if region in reached)


def _finding(kb: KnowledgeBase, finding: Finding, painted: dict[str, int], before: Finding | None) -> FindingFact:
    muscle, point = names(kb, finding.muscle, finding.point)
    present = tuple(label for column, label in CRITERION_COLUMNS.items() if getattr(finding, column) == "present")
    return FindingFact(
        muscle=muscle,
        point=point,
        side=finding.side,
        criteria=present,
        tenderness=finding.spot_tenderness,
        ppt_trials=tuple(finding.ppt_trials),
        classification=finding.classification,
        explains=explained(kb, finding, painted),
        tenderness_before=before.spot_tenderness if before else None,
        ppt_before=round(mean(before.ppt_trials), 1) if before and before.ppt_trials else None,
    )


def _treatment(kb: KnowledgeBase, treatment: Treatment, by_id: dict[int, Finding]) -> TreatmentFact:
    finding = by_id[treatment.finding_id]
    _, point = names(kb, finding.muscle, finding.point)
    return TreatmentFact(
        point, finding.side, treatment.technique, treatment.pressure, treatment.seconds, treatment.released,
        treatment.response,
    )  # fmt: skip


def _score(responses: list[QuestionnaireResponse]) -> ScoreFact:
    latest, previous = responses[-1], (responses[-2] if len(responses) > 1 else None)
    tool = instrument(latest.instrument)
    assert latest.score is not None
    change = change_between(tool.id, previous.score, latest.score) if previous and previous.score is not None else None
    return ScoreFact(
        name=tool.short_name,
        unit=tool.unit,
        score=latest.score,
        on=latest.completed_on,
        band=latest.band,
        previous=previous.score if previous else None,
        change=change,
        minimal_change=tool.minimal_change.value,
    )


def scores(session: Session, client_id: int, visit: Visit) -> tuple[ScoreFact, ...]:
    """Each questionnaire's latest valid score by the visit's day and the change since the one before."""
    by_instrument: dict[str, list[QuestionnaireResponse]] = {}
    for response in questionnaires.all_responses(session, client_id):
        if response.valid and response.score is not None and response.completed_on <= visit.started_at.date():
            by_instrument.setdefault(response.instrument, []).append(response)
    return tuple(_score(responses) for responses in by_instrument.values())


def pain_since(session: Session, client_id: int, visit: Visit, previous: Visit | None) -> PainSince:
    """The diary's ratings since the previous visit, or over the days before a first visit."""
    since = previous.started_at if previous else visit.started_at - timedelta(days=FIRST_VISIT_DAYS)
    entries = diary.between(session, client_id, since, visit.started_at)
    return PainSince(since.date(), tuple(e.pain for e in entries), previous is None)


def _earlier_findings(session: Session, client_id: int, previous: Visit | None) -> dict[tuple[str, str, str], Finding]:
    if previous is None:
        return {}
    return {(f.muscle, f.point, f.side): f for f in repo.findings_of(session, client_id, previous.id)}


def home_program(session: Session, client_id: int) -> tuple[str, ...]:
    """The assigned home program's enabled points and stretches, one line each."""
    program = programs.active_program(session, client_id)
    if program is None:
        return ()
    plan = plan_of(program)
    massage = [
        f"{m.muscle_name} ({m.side.value}): {m.technique.replace('-', ' ')}, pressure {m.pressure}/10"
        for m in plan.massage
        if m.enabled
    ]
    return tuple(massage + [f"Stretch: {s.name}" for s in plan.stretches])


def _red_flags(drawing: PainDrawing | None) -> tuple[bool, tuple[str, ...]]:
    if drawing is None or drawing.screened_at is None:
        return False, ()
    return True, tuple(str(q["ask"]) for q in drawing.screen if q.get("answer"))


def _precautions(kb: KnowledgeBase, ids: list[str]) -> tuple[str, ...]:
    """Each precaution carried from intake, named, with the pressure cap it sets."""
    known = {p.id: p for p in kb.precautions}
    lines = []
    for precaution_id in ids:
        cap = known[precaution_id].max_pressure if precaution_id in known else None
        lines.append(precaution_id.replace("-", " ") + (f" (pressure at most {cap}/10)" if cap else ""))
    return tuple(lines)


def gather(session: Session, kb: KnowledgeBase, client_id: int, visit: Visit) -> VisitFacts:
    """The facts of one visit, read from its records and the client's diary, questionnaires and program."""
    previous = repo.previous_visit(session, client_id, visit)
    drawing = repo.drawing(session, client_id, visit.drawing_id)
    intake = repo.intake(session, client_id, visit.intake_id)
    painted = dict(drawing.regions) if drawing else {}
    findings = repo.findings_of(session, client_id, visit.id)
    earlier = _earlier_findings(session, client_id, previous)
    screened, flags = _red_flags(drawing)
    complaint = intake.history.get("complaint") if intake else None
    return VisitFacts(
        visit_date=visit.started_at.date(),
        complaint=complaint if isinstance(complaint, str) and complaint.strip() else None,
        drawing=tuple((kb.region(r).name, level) for r, level in painted.items() if kb.has_region(r)),
        pain_since=pain_since(session, client_id, visit, previous),
        scores=scores(session, client_id, visit),
        findings=tuple(_finding(kb, f, painted, earlier.get((f.muscle, f.point, f.side))) for f in findings),
        screened=screened,
        red_flags=flags,
        treatments=tuple(
            _treatment(kb, t, {f.id: f for f in findings}) for t in repo.treatments_of(session, client_id, visit.id)
        ),
        home_program=home_program(session, client_id),
        precautions=_precautions(kb, visit.precautions),
    )
