"""Intake, a therapist's visit, palpation findings and treatment. Services flush; the request commits.

The rules (classification, session length, pressure caps and areas avoided) are visits.rules over
data/criteria.yaml; this module applies them to stored records. A classification is always
computed from the signs recorded, never taken from input. Precautions are carried from the
client's latest intake onto the visit when it starts, and every treatment is checked against them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from statistics import fmean

from sqlalchemy.orm import Session

from triggerpoint.clients import repository as clients_repository
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.drawings.service import KEPT_SUGGESTIONS, finder_drawing, suggestions_of
from triggerpoint.errors import ConflictError, FieldError, NotFoundError
from triggerpoint.finder import FinderIndex, find_sources
from triggerpoint.kb import KnowledgeBase, UnknownIdError
from triggerpoint.kb.schema import Side
from triggerpoint.learning import service as learning
from triggerpoint.outcomes.fit import fitting_instruments
from triggerpoint.selfcare.program import site_ids
from triggerpoint.visits import repository
from triggerpoint.visits.models import Finding, Intake, Treatment, Visit
from triggerpoint.visits.rules import (
    Avoided,
    Signs,
    avoided_at,
    avoided_regions,
    classify,
    criteria_met,
    is_irritable,
    load_rules,
    pressure_cap,
    propose_minutes,
    raised_precautions,
    recent_sites,
)
from triggerpoint.visits.schemas import (
    AvoidedRead,
    CapRead,
    FindingRead,
    FindingWrite,
    IntakeCreate,
    IntakeRead,
    PointRef,
    SuggestionRead,
    TreatmentCreate,
    TreatmentRead,
    VisitRead,
)

SIGN_FIELDS = ("taut_band", "spot_tenderness", "jump_sign", "referred", "recognised")
FINDING_FIELDS = (*SIGN_FIELDS, "ppt_trials", "twitch", "referred_regions")


def _intake_drawing(db: Session, client_id: int, drawing_uuid: str | None) -> int | None:
    """The ID of the client's own drawing an intake refers to; another person's or an unknown one is not found."""
    if drawing_uuid is None:
        return None
    drawing = repository.drawing_by_uuid(db, client_id, drawing_uuid)
    if drawing is None:
        raise NotFoundError("drawing", f"no pain drawing {drawing_uuid!r}")
    return drawing.id


def submit_intake(db: Session, kb: KnowledgeBase, client_id: int, history: IntakeCreate, now: datetime) -> Intake:
    """Store a health history, the drawing it refers to, the precaution IDs it raises and recent operation sites."""
    drawing_id = _intake_drawing(db, client_id, history.drawing)
    known = set(site_ids(kb))
    for index, operation in enumerate(history.operations):
        if operation.site not in known:
            raise FieldError(f"operations.{index}.site", f"unknown region or region group {operation.site!r}")
        if operation.on > now.date():
            raise FieldError(f"operations.{index}.on", "cannot be in the future")
    rules = load_rules()
    sites = recent_sites(rules, ((o.site, o.on) for o in history.operations), now.date())
    answers: dict[str, bool] = {flag: bool(getattr(history, flag)) for flag in rules.intake.flags}
    precautions = raised_precautions(rules, answers | {"recent_surgery": history.recent_surgery or bool(sites)}, [])
    precautions = list(dict.fromkeys([*precautions, *raised_precautions(rules, {}, history.conditions)]))
    row = Intake(
        client_id=client_id,
        submitted_at=now,
        history=history.model_dump(mode="json", exclude={"drawing"}) | {"complaint": history.complaint.strip()},
        precautions=precautions,
        injury_sites=sites,
        drawing_id=drawing_id,
    )
    return repository.add(db, client_id, row)


def _snapshot(drawing_suggestions: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
    return [{"rank": rank, **item} for rank, item in enumerate(drawing_suggestions, start=1)]


def _suggested(db: Session, client_id: int, drawing: PainDrawing, index: FinderIndex) -> list[dict[str, object]]:
    """The drawing's suggestions as the client's clinic ranks them: stored (the textbook), or ranked again by the
    clinic's learned finder, each point the clinic has evidence on saying so in words."""
    clinic_id = clients_repository.clinic_id_of(db, client_id)
    model = learning.model_for(db, clinic_id, index) if clinic_id is not None else None
    if model is None or model.index is index:
        ranked = suggestions_of(drawing)
    else:
        ranked = find_sources(finder_drawing(drawing), model.index, top=KEPT_SUGGESTIONS).candidates
    return [
        {"muscle": p.muscle, "point": p.trigger_point, "side": p.side.value, "score": p.score,
         "in_minimal_set": p.in_minimal_set,
         "learning": model.explanation(p.muscle, p.trigger_point) if model else None}
        for p in ranked
    ]  # fmt: skip


def start_visit(
    db: Session, client_id: int, therapist_id: int, drawing_uuid: str | None, now: datetime, index: FinderIndex
) -> Visit:
    """Start a visit by a therapist: the drawing's suggestions in the finder's order (as the clinic's finder
    ranks them) and the latest intake's precautions are kept as they are now. A drawing whose red-flag screen
    is not clear is refused."""
    drawing_id, suggestions = None, []
    if drawing_uuid is not None:
        drawing = repository.drawing_by_uuid(db, client_id, drawing_uuid)
        if drawing is None:
            raise NotFoundError("drawing", f"no pain drawing {drawing_uuid!r}")
        if drawing.screen_status != "clear":
            raise ConflictError("drawing", "this drawing's red-flag screen is not clear: no treatment from it")
        drawing_id = drawing.id
        suggestions = _suggested(db, client_id, drawing, index)
    intake = repository.latest_intake(db, client_id)
    visit = Visit(
        client_id=client_id,
        therapist_id=therapist_id,
        started_at=now,
        drawing_id=drawing_id,
        intake_id=intake.id if intake else None,
        suggestions=_snapshot(suggestions),
        precautions=list(intake.precautions) if intake else [],
    )
    repository.add(db, client_id, visit)
    visit.planned_minutes = proposed_minutes(db, visit)
    return visit


def get_visit(db: Session, client_id: int, uuid: str) -> Visit:
    """One of the client's visits, or NotFoundError."""
    visit = repository.visit_by_uuid(db, client_id, uuid)
    if visit is None:
        raise NotFoundError("visit_id", f"no visit {uuid!r}")
    return visit


def worst_pain(db: Session, visit: Visit) -> int:
    """The highest pain level on the visit's drawing (0 without one)."""
    if visit.drawing_id is None:
        return 0
    drawing = repository.drawing_by_id(db, visit.client_id, visit.drawing_id)
    return max(drawing.regions.values(), default=0) if drawing else 0


def proposed_minutes(db: Session, visit: Visit) -> int:
    """30, 45 or 60 minutes, from the active points found so far, the drawing's worst pain and irritability."""
    rules = load_rules()
    findings = repository.findings_of(db, visit.client_id, visit.id)
    active = sum(f.classification == "active" for f in findings)
    irritable = is_irritable(rules, visit.precautions, any(f.jump_sign == "present" for f in findings))
    return propose_minutes(rules, active, worst_pain(db, visit), irritable)


def _check_point(kb: KnowledgeBase, ref: PointRef) -> None:
    try:
        kb.point(ref.muscle, ref.point)
    except UnknownIdError as error:
        raise FieldError("point", str(error)) from None


def signs_of(finding: Finding) -> Signs:
    """A stored finding's signs, for the rules."""
    return Signs(**{name: getattr(finding, name) for name in SIGN_FIELDS})


def _rank(visit: Visit, ref: PointRef) -> int | None:
    for item in visit.suggestions:
        if (item["muscle"], item["point"], item["side"]) == (ref.muscle, ref.point, ref.side):
            return int(item["rank"])
    return None


def _finding(db: Session, kb: KnowledgeBase, visit: Visit, ref: PointRef) -> Finding:
    """The visit's finding at a point, made (not yet examined) when there is none."""
    _check_point(kb, ref)
    found = repository.finding_at(db, visit.client_id, visit.id, ref.muscle, ref.point, ref.side)
    if found is not None:
        return found
    row = Finding(
        client_id=visit.client_id, visit_id=visit.id, muscle=ref.muscle, point=ref.point, side=ref.side,
        suggested_rank=_rank(visit, ref),
    )  # fmt: skip
    return repository.add(db, visit.client_id, row)


def record_finding(db: Session, kb: KnowledgeBase, client_id: int, visit_uuid: str, data: FindingWrite) -> Finding:
    """Record (or correct) what palpation found at one point; its classification follows the rules."""
    visit = get_visit(db, client_id, visit_uuid)
    for index, region in enumerate(data.referred_regions):
        if not kb.has_region(region):
            raise FieldError(f"referred_regions.{index}", f"unknown region {region!r}")
    finding = _finding(db, kb, visit, data)
    for name in FINDING_FIELDS:
        setattr(finding, name, getattr(data, name))
    finding.referred_regions = list(dict.fromkeys(data.referred_regions))
    finding.classification = classify(load_rules(), signs_of(finding))
    db.flush()
    visit.planned_minutes = proposed_minutes(db, visit)
    return finding


def add_point(db: Session, kb: KnowledgeBase, client_id: int, visit_uuid: str, ref: PointRef) -> Finding:
    """Add a point the finder did not suggest to the visit's checklist (not yet examined)."""
    visit = get_visit(db, client_id, visit_uuid)
    if _rank(visit, ref) is not None:
        raise ConflictError("point", "this point is already on the checklist as a suggestion")
    return _finding(db, kb, visit, ref)


def point_areas(kb: KnowledgeBase, ref: PointRef) -> set[str]:
    """Where pressure goes for a point: its marker's region, that region's base and its group."""
    base = kb.point(ref.muscle, ref.point).marker.region
    regions = kb.resolve(base, Side(ref.side))
    return {base, *regions, *(kb.region(r).group for r in regions)}


def avoided_for(db: Session, visit: Visit) -> list[Avoided]:
    """The areas the visit's precautions keep treatment away from (the intake's injury sites among them)."""
    intake = repository.intake_by_id(db, visit.client_id, visit.intake_id) if visit.intake_id else None
    return avoided_regions(load_rules(), visit.precautions, intake.injury_sites if intake else [])


def _enforce(db: Session, kb: KnowledgeBase, visit: Visit, data: TreatmentCreate) -> None:
    cap = pressure_cap(load_rules(), visit.precautions)
    if cap is not None and data.pressure > cap.pressure:
        message = f"at most {cap.pressure} with the {cap.precaution} precaution: {cap.reason}"
        raise FieldError("pressure", message)
    avoided = avoided_at(avoided_for(db, visit), point_areas(kb, data))
    if avoided is not None:
        message = f"{avoided.area} is avoided under the {avoided.precaution} precaution: {avoided.reason}"
        raise FieldError("point", message)


def record_treatment(
    db: Session, kb: KnowledgeBase, client_id: int, visit_uuid: str, data: TreatmentCreate
) -> Treatment:
    """Record treatment of a point already examined, within the pressure cap and away from avoided areas."""
    visit = get_visit(db, client_id, visit_uuid)
    _check_point(kb, data)
    finding = repository.finding_at(db, client_id, visit.id, data.muscle, data.point, data.side)
    if finding is None:
        raise ConflictError("point", "record what palpation found at this point before treating it")
    _enforce(db, kb, visit, data)
    values = data.model_dump(include={"technique", "pressure", "seconds", "released", "response", "ppt_after"})
    row = Treatment(client_id=client_id, visit_id=visit.id, finding_id=finding.id, **values)
    return repository.add(db, client_id, row)


def finish_visit(db: Session, client_id: int, visit_uuid: str, minutes: int) -> Visit:
    """Store how long the visit actually took."""
    visit = get_visit(db, client_id, visit_uuid)
    visit.actual_minutes = minutes
    db.flush()
    return visit


def ppt_mean(finding: Finding) -> float | None:
    """The mean of the algometer trials (the published method averages three), or None."""
    return round(fmean(finding.ppt_trials), 2) if finding.ppt_trials else None


def read_finding(finding: Finding) -> FindingRead:
    """A finding as the API shows it, with the criteria it meets."""
    values = {name: getattr(finding, name) for name in FindingRead.model_fields if hasattr(finding, name)}
    criteria = criteria_met(load_rules(), signs_of(finding))
    return FindingRead.model_validate(values | {"ppt_mean": ppt_mean(finding), "criteria": criteria})


def read_visit(db: Session, visit: Visit) -> VisitRead:
    """A visit as the API shows it."""
    findings = repository.findings_of(db, visit.client_id, visit.id)
    points = {f.id: f for f in findings}
    drawing = repository.drawing_by_id(db, visit.client_id, visit.drawing_id) if visit.drawing_id else None
    cap = pressure_cap(load_rules(), visit.precautions)
    treatments = [
        read_treatment(t, points[t.finding_id]) for t in repository.treatments_of(db, visit.client_id, visit.id)
    ]
    return VisitRead(
        uuid=visit.uuid,
        started_at=visit.started_at,
        drawing=drawing.uuid if drawing else None,
        suggestions=[SuggestionRead.model_validate(item) for item in visit.suggestions],
        precautions=list(visit.precautions),
        pressure_cap=CapRead(**vars(cap)) if cap else None,
        avoided=[AvoidedRead(**vars(a)) for a in avoided_for(db, visit)],
        proposed_minutes=visit.planned_minutes or proposed_minutes(db, visit),
        actual_minutes=visit.actual_minutes,
        findings=[read_finding(f) for f in findings],
        treatments=treatments,
    )


def intake_drawing(db: Session, intake: Intake) -> PainDrawing | None:
    """The drawing an intake refers to, if it has one and it is still kept."""
    return repository.drawing_by_id(db, intake.client_id, intake.drawing_id) if intake.drawing_id else None


def fitting_questionnaires(db: Session, kb: KnowledgeBase, intake: Intake | None) -> list[str]:
    """The questionnaire IDs that fit the intake's drawing (only those for any complaint without one)."""
    drawing = intake_drawing(db, intake) if intake else None
    return fitting_instruments(kb, drawing.regions if drawing else {})


def read_intake(db: Session, intake: Intake) -> IntakeRead:
    """An intake as the API shows it."""
    drawing = intake_drawing(db, intake)
    history = IntakeCreate.model_validate(intake.history, strict=False)
    return IntakeRead(
        uuid=intake.uuid,
        submitted_at=intake.submitted_at,
        complaint=history.complaint,
        drawing=drawing.uuid if drawing else None,
        history=history.model_copy(update={"drawing": drawing.uuid if drawing else None}),
        precautions=list(intake.precautions),
        injury_sites=list(intake.injury_sites),
    )


def read_treatment(treatment: Treatment, where: Finding | PointRef) -> TreatmentRead:
    """A treatment as the API shows it, with the point it was given at."""
    return TreatmentRead(
        uuid=treatment.uuid,
        muscle=where.muscle,
        point=where.point,
        side=where.side,
        technique=treatment.technique,
        pressure=treatment.pressure,
        seconds=treatment.seconds,
        released=treatment.released,
        response=treatment.response,
        ppt_after=treatment.ppt_after,
    )
