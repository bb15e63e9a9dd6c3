"""A clinic, its therapist and a client with two visits, built directly through the models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from triggerpoint.accounts.models import Account
from triggerpoint.clients.models import Client
from triggerpoint.clinics.models import Clinic
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.visits.models import Finding, Intake, Treatment, Visit

FIRST = datetime(2026, 3, 2, 10, tzinfo=UTC)
SECOND = FIRST + timedelta(days=7)


@dataclass(frozen=True)
class World:
    clinic: Clinic
    therapist: Account
    client: Client
    first: Visit
    second: Visit


def _finding(client: Client, visit: Visit, tenderness: int, trials: list[float]) -> Finding:
    return Finding(
        client_id=client.id, visit_id=visit.id, muscle="upper-trapezius", point="tp1", side="right",
        taut_band="present", spot_tenderness=tenderness, ppt_trials=trials, referred="present",
        recognised="present", classification="active",
    )  # fmt: skip


def _people(db: Session) -> tuple[Clinic, Account, Client]:
    clinic = Clinic(name="Clinic A")
    db.add(clinic)
    db.flush()
    therapist = Account(
        clinic_id=clinic.id, email=f"t{clinic.id}@a.test", display_name="Tess Therapist", role="therapist"
    )
    db.add(therapist)
    db.flush()
    client = Client(display_name="Cleo Client", clinic_id=clinic.id, therapist_id=therapist.id)
    db.add(client)
    db.flush()
    return clinic, therapist, client


def _drawing(db: Session, client: Client) -> PainDrawing:
    screen = [{"id": "fever-stiff-neck", "ask": "Fever with a stiff neck?", "urgency": "urgent", "answer": False}]
    drawing = PainDrawing(
        client_id=client.id, recorded_at=SECOND - timedelta(hours=1), regions={"temple-right": 6, "neck-side-right": 4},
        screen=screen, screen_status="clear", screened_at=SECOND - timedelta(hours=1), submission_id="d1",
    )  # fmt: skip
    db.add(drawing)
    db.flush()
    return drawing


def _records(db: Session, client: Client) -> None:
    for day, pain in ((1, 6), (3, 4), (5, 5)):
        db.add(
            DiaryEntry(client_id=client.id, recorded_at=FIRST + timedelta(days=day), pain=pain, submission_id=f"e{day}")
        )
    for on, score in ((date(2026, 3, 2), 30.0), (date(2026, 3, 9), 10.0)):
        db.add(QuestionnaireResponse(client_id=client.id, instrument="ndi", completed_on=on, answers={}, score=score))
    db.flush()


def build_world(db: Session) -> World:
    """Two visits a week apart: the second from a screened drawing, with a finding treated at both."""
    clinic, therapist, client = _people(db)
    drawing = _drawing(db, client)
    intake = Intake(client_id=client.id, submitted_at=FIRST, history={"complaint": "My right temple aches at work"})
    db.add(intake)
    db.flush()
    first = Visit(client_id=client.id, therapist_id=therapist.id, started_at=FIRST)
    second = Visit(
        client_id=client.id, therapist_id=therapist.id, started_at=SECOND, drawing_id=drawing.id,
        intake_id=intake.id, precautions=["anticoagulants"],
    )  # fmt: skip
    db.add_all([first, second])
    db.flush()
    db.add(_finding(client, first, 8, [2.0, 2.2, 2.4]))
    finding = _finding(client, second, 5, [3.0, 3.2, 3.4])
    db.add(finding)
    db.flush()
    db.add(Treatment(
        client_id=client.id, visit_id=second.id, finding_id=finding.id, technique="ischemic-compression",
        pressure=5, seconds=90, released=True, response="Pain eased to 2/10",
    ))  # fmt: skip
    _records(db, client)
    return World(clinic, therapist, client, first, second)
