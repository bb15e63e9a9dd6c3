"""The visit write path on SQLite and PostgreSQL: intake, start, findings, treatment within the precautions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from triggerpoint.accounts.models import Account
from triggerpoint.clients.models import Client
from triggerpoint.clinics.models import Clinic
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.drawings.schemas import DrawingCreate
from triggerpoint.drawings.service import create_drawing, suggestions_of
from triggerpoint.errors import ConflictError, FieldError, NotFoundError
from triggerpoint.finder import FinderIndex, build_index
from triggerpoint.guidance import gate
from triggerpoint.kb import KnowledgeBase
from triggerpoint.visits import service
from triggerpoint.visits.models import Visit
from triggerpoint.visits.schemas import FindingWrite, IntakeCreate, PointRef, TreatmentCreate

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
PAINTED = {"temple-right": 7, "neck-side-right": 5, "shoulder-top-right": 4}


@pytest.fixture(scope="module")
def index(kb: KnowledgeBase) -> FinderIndex:
    return build_index(kb)


def _people(db: Session, name: str = "A") -> tuple[Account, Client]:
    clinic = Clinic(name=f"Clinic {name}")
    db.add(clinic)
    db.flush()
    therapist = Account(clinic_id=clinic.id, email=f"t@{name}.test", display_name="T", role="therapist")
    db.add(therapist)
    db.flush()
    client = Client(display_name=f"Client {name}", clinic_id=clinic.id, therapist_id=therapist.id)
    db.add(client)
    db.flush()
    return therapist, client


def _drawing(db: Session, kb: KnowledgeBase, index: FinderIndex, client: Client, clear: bool = True) -> PainDrawing:
    answers = {q.id: False for q in gate(kb, PAINTED, {}).asked} if clear else {}
    data = DrawingCreate.model_validate(
        {"intensities": PAINTED, "answers": answers, "submission_id": f"submission-{clear}"}
    )
    return create_drawing(db, kb, index, client.id, data, NOW)


def _finding(ref: PointRef, **signs: object) -> FindingWrite:
    return FindingWrite.model_validate(ref.model_dump() | signs)


def _treatment(ref: PointRef, pressure: int = 3) -> TreatmentCreate:
    return TreatmentCreate.model_validate(
        ref.model_dump() | {"technique": "ischemic-compression", "pressure": pressure, "seconds": 60}
    )


def _ref(muscle: str, point: str, side: str = "right") -> PointRef:
    return PointRef.model_validate({"muscle": muscle, "point": point, "side": side})


def _started(db: Session, kb: KnowledgeBase, index: FinderIndex, **history: object) -> tuple[Client, Visit]:
    therapist, client = _people(db)
    if history:
        service.submit_intake(db, kb, client.id, IntakeCreate.model_validate(history), NOW)
    drawing = _drawing(db, kb, index, client)
    return client, service.start_visit(db, client.id, therapist.id, drawing.uuid, NOW, index)


def test_intake_raises_precautions_and_recent_injury_sites(db: Session, kb: KnowledgeBase) -> None:
    _, client = _people(db)
    history = IntakeCreate.model_validate(
        {
            "conditions": ["fibromyalgia"],
            "bleeding_disorder": True,
            "dvt_history": True,
            "operations": [{"site": "neck", "on": "2026-02-20"}, {"site": "arm-hand", "on": "2024-01-01"}],
        }
    )
    intake = service.submit_intake(db, kb, client.id, history, NOW)
    assert intake.precautions == ["anticoagulants", "clots-or-varicose-veins", "recent-surgery-or-injury",
                                  "widespread-sensitivity"]  # fmt: skip
    assert intake.injury_sites == ["neck"]
    assert service.read_intake(db, intake).history.operations[0].on == date(2026, 2, 20)


def test_intake_keeps_the_complaint_and_the_clients_own_drawing(
    db: Session, kb: KnowledgeBase, index: FinderIndex
) -> None:
    _, client = _people(db)
    drawing = _drawing(db, kb, index, client)
    history = IntakeCreate.model_validate({"complaint": "  My neck aches after work  ", "drawing": drawing.uuid})
    intake = service.submit_intake(db, kb, client.id, history, NOW)
    assert intake.drawing_id == drawing.id
    assert intake.history["complaint"] == "My neck aches after work"
    shown = service.read_intake(db, intake)
    assert (shown.complaint, shown.drawing, shown.history.drawing) == ("My neck aches after work", drawing.uuid,
                                                                       drawing.uuid)  # fmt: skip
    assert service.fitting_questionnaires(db, kb, intake) == ["ndi", "hit6", "psfs", "nprs"]  # temple and neck


def test_intake_without_a_drawing_offers_only_the_questionnaires_for_any_complaint(
    db: Session, kb: KnowledgeBase
) -> None:
    _, client = _people(db)
    intake = service.submit_intake(db, kb, client.id, IntakeCreate.model_validate({}), NOW)
    assert (intake.drawing_id, intake.history["complaint"]) == (None, "")
    assert service.read_intake(db, intake).drawing is None
    assert service.fitting_questionnaires(db, kb, intake) == ["psfs", "nprs"]


def test_another_clients_drawing_or_an_unknown_one_is_not_found(
    db: Session, kb: KnowledgeBase, index: FinderIndex
) -> None:
    _, client = _people(db, "A")
    _, other = _people(db, "B")
    theirs = _drawing(db, kb, index, other)
    for uuid in (theirs.uuid, "00000000-0000-4000-8000-000000000000"):
        with pytest.raises(NotFoundError) as refused:
            service.submit_intake(db, kb, client.id, IntakeCreate.model_validate({"drawing": uuid}), NOW)
        assert refused.value.field == "drawing"
    assert service.repository.latest_intake(db, client.id) is None


def test_a_complaint_over_500_characters_is_refused_by_the_schema() -> None:
    with pytest.raises(ValueError, match="500"):
        IntakeCreate.model_validate({"complaint": "x" * 501})


@pytest.mark.parametrize(
    ("operation", "field"),
    [
        ({"site": "nowhere", "on": "2026-01-01"}, "operations.0.site"),
        ({"site": "neck", "on": "2026-04-01"}, "operations.0.on"),
    ],
)
def test_an_unknown_site_or_a_future_operation_is_refused(
    db: Session, kb: KnowledgeBase, operation: dict[str, str], field: str
) -> None:
    _, client = _people(db)
    with pytest.raises(FieldError) as refused:
        service.submit_intake(db, kb, client.id, IntakeCreate.model_validate({"operations": [operation]}), NOW)
    assert refused.value.field == field


def test_a_visit_keeps_the_drawings_suggestions_in_order_and_the_latest_precautions(
    db: Session, kb: KnowledgeBase, index: FinderIndex
) -> None:
    therapist, client = _people(db)
    service.submit_intake(db, kb, client.id, IntakeCreate.model_validate({"osteoporosis": True}), NOW)
    service.submit_intake(db, kb, client.id, IntakeCreate.model_validate({"anticoagulants": True}), NOW)
    drawing = _drawing(db, kb, index, client)
    visit = service.start_visit(db, client.id, therapist.id, drawing.uuid, NOW, index)
    shown = [(p.muscle, p.trigger_point, p.side.value) for p in suggestions_of(drawing)]
    assert shown and [(s["muscle"], s["point"], s["side"]) for s in visit.suggestions] == shown
    assert [s["rank"] for s in visit.suggestions] == list(range(1, len(shown) + 1))
    assert visit.precautions == ["anticoagulants"]
    assert visit.therapist_id == therapist.id
    assert visit.planned_minutes == 60  # worst pain 7


def test_a_drawing_whose_screen_is_not_clear_is_refused(db: Session, kb: KnowledgeBase, index: FinderIndex) -> None:
    therapist, client = _people(db)
    drawing = _drawing(db, kb, index, client, clear=False)
    with pytest.raises(ConflictError, match="red-flag"):
        service.start_visit(db, client.id, therapist.id, drawing.uuid, NOW, index)
    with pytest.raises(NotFoundError):
        service.start_visit(db, client.id, therapist.id, "no-such-drawing", NOW, index)


def test_findings_are_classified_by_the_rules_and_corrected_in_place(
    db: Session, kb: KnowledgeBase, index: FinderIndex
) -> None:
    client, visit = _started(db, kb, index)
    first = visit.suggestions[0]
    ref = _ref(str(first["muscle"]), str(first["point"]), str(first["side"]))
    latent = service.record_finding(
        db, kb, client.id, visit.uuid, _finding(ref, taut_band="present", spot_tenderness=6)
    )
    assert (latent.classification, latent.suggested_rank) == ("latent", 1)
    again = _finding(ref, taut_band="present", spot_tenderness=6, recognised="present", ppt_trials=[2.0, 2.5, 3.0])
    active = service.record_finding(db, kb, client.id, visit.uuid, again)
    assert active.id == latent.id and active.classification == "active"
    assert service.ppt_mean(active) == 2.5
    read = service.read_visit(db, visit)
    assert [f.criteria for f in read.findings] == [["taut-band", "hypersensitive-spot"]]


def test_a_point_the_finder_did_not_suggest_can_be_added(db: Session, kb: KnowledgeBase, index: FinderIndex) -> None:
    client, visit = _started(db, kb, index)
    suggested = {(s["muscle"], s["point"], s["side"]) for s in visit.suggestions}
    assert ("soleus", "tp1", "left") not in suggested
    added = service.add_point(db, kb, client.id, visit.uuid, _ref("soleus", "tp1", "left"))
    assert added.suggested_rank is None and added.classification == "not-present"
    first = visit.suggestions[0]
    with pytest.raises(ConflictError):
        service.add_point(
            db, kb, client.id, visit.uuid, _ref(str(first["muscle"]), str(first["point"]), str(first["side"]))
        )
    with pytest.raises(FieldError):
        service.add_point(db, kb, client.id, visit.uuid, _ref("no-such-muscle", "tp1"))


def test_treatment_keeps_to_the_pressure_cap_and_names_the_precaution(
    db: Session, kb: KnowledgeBase, index: FinderIndex
) -> None:
    client, visit = _started(db, kb, index, anticoagulants=True)
    ref = _ref("upper-trapezius", "tp1")
    with pytest.raises(ConflictError, match="before treating"):
        service.record_treatment(db, kb, client.id, visit.uuid, _treatment(ref))
    service.record_finding(db, kb, client.id, visit.uuid, _finding(ref, taut_band="present", referred="present"))
    with pytest.raises(FieldError, match="at most 3 with the anticoagulants precaution") as refused:
        service.record_treatment(db, kb, client.id, visit.uuid, _treatment(ref, pressure=5))
    assert refused.value.field == "pressure"
    treated = service.record_treatment(db, kb, client.id, visit.uuid, _treatment(ref, pressure=3))
    assert treated.pressure == 3 and service.read_visit(db, visit).treatments[0].muscle == "upper-trapezius"


@pytest.mark.parametrize(
    ("history", "ref", "precaution"),
    [
        ({"pregnant": True}, ("soleus", "tp1", "left"), "pregnancy"),
        ({"dvt_history": True}, ("gastrocnemius", "tp1", "right"), "clots-or-varicose-veins"),
        ({"operations": [{"site": "shoulder-upper-back-chest", "on": "2026-02-25"}]},
         ("upper-trapezius", "tp1", "right"), "recent-surgery-or-injury"),
    ],
)  # fmt: skip
def test_an_avoided_area_is_refused_with_its_precaution(
    db: Session, kb: KnowledgeBase, index: FinderIndex, history: dict[str, object], ref: tuple[str, str, str],
    precaution: str,
) -> None:  # fmt: skip
    client, visit = _started(db, kb, index, **history)
    point = _ref(*ref)
    service.record_finding(db, kb, client.id, visit.uuid, _finding(point, taut_band="present"))
    with pytest.raises(FieldError, match=f"under the {precaution} precaution") as refused:
        service.record_treatment(db, kb, client.id, visit.uuid, _treatment(point, pressure=2))
    assert refused.value.field == "point"


def test_the_proposed_length_follows_the_active_points_and_irritability(
    db: Session, kb: KnowledgeBase, index: FinderIndex
) -> None:
    therapist, client = _people(db)
    visit = service.start_visit(db, client.id, therapist.id, None, NOW, index)
    assert (visit.planned_minutes, visit.suggestions) == (30, [])
    points = [("upper-trapezius", "tp1"), ("upper-trapezius", "tp2"), ("levator-scapulae", "tp1"), ("soleus", "tp1")]
    signs = {"taut_band": "present", "referred": "present", "recognised": "present"}
    for count, (muscle, point) in enumerate(points, start=1):
        service.record_finding(db, kb, client.id, visit.uuid, _finding(_ref(muscle, point), **signs))
        assert service.proposed_minutes(db, visit) == {1: 30, 2: 45, 3: 45, 4: 60}[count]
    service.record_finding(db, kb, client.id, visit.uuid, _finding(_ref("soleus", "tp1"), **signs, jump_sign="present"))
    assert visit.planned_minutes == 45  # irritable: a step shorter
    assert service.finish_visit(db, client.id, visit.uuid, 50).actual_minutes == 50


def test_another_clients_visit_is_not_found(db: Session, kb: KnowledgeBase, index: FinderIndex) -> None:
    _, visit = _started(db, kb, index)
    _, other = _people(db, "B")
    with pytest.raises(NotFoundError):
        service.get_visit(db, other.id, visit.uuid)
    with pytest.raises(NotFoundError):
        service.record_finding(db, kb, other.id, visit.uuid, _finding(_ref("upper-trapezius", "tp1")))
    with pytest.raises(NotFoundError):
        service.finish_visit(db, other.id, visit.uuid, 30)
