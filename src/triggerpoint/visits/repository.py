"""Queries for intakes, visits, findings and treatments; every one is scoped to a client."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from triggerpoint.clients.models import Client
from triggerpoint.clinics.models import Clinic
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.visits.models import Finding, Intake, Treatment, Visit

Row = TypeVar("Row", Intake, Visit, Finding, Treatment)


def add(session: Session, client_id: int, row: Row) -> Row:
    """Store a row built for this client."""
    if row.client_id != client_id:
        raise ValueError("a row is stored only for its own client")
    session.add(row)
    session.flush()
    return row


def latest_intake(session: Session, client_id: int) -> Intake | None:
    query = select(Intake).where(Intake.client_id == client_id)
    return session.scalars(query.order_by(Intake.submitted_at.desc(), Intake.id.desc()).limit(1)).first()


def intake_by_id(session: Session, client_id: int, intake_id: int) -> Intake | None:
    query = select(Intake).where(Intake.client_id == client_id, Intake.id == intake_id)
    return session.scalars(query).first()


def drawing_by_id(session: Session, client_id: int, drawing_id: int) -> PainDrawing | None:
    query = select(PainDrawing).where(PainDrawing.client_id == client_id, PainDrawing.id == drawing_id)
    return session.scalars(query).first()


def visit_by_uuid(session: Session, client_id: int, uuid: str) -> Visit | None:
    query = select(Visit).where(Visit.client_id == client_id, Visit.uuid == uuid)
    return session.scalars(query).first()


def first_visit(session: Session, client_id: int) -> Visit | None:
    """The client's earliest visit."""
    query = select(Visit).where(Visit.client_id == client_id)
    return session.scalars(query.order_by(Visit.started_at, Visit.id).limit(1)).first()


def latest_drawing_by(session: Session, client_id: int, until: datetime) -> PainDrawing | None:
    """The client's latest drawing recorded at or before `until`."""
    query = select(PainDrawing).where(PainDrawing.client_id == client_id, PainDrawing.recorded_at <= until)
    return session.scalars(query.order_by(PainDrawing.recorded_at.desc(), PainDrawing.id.desc()).limit(1)).first()


def findings_of(session: Session, client_id: int, visit_id: int) -> list[Finding]:
    """A visit's findings: the finder's suggestions in their order, then the points added, in turn."""
    query = select(Finding).where(Finding.client_id == client_id, Finding.visit_id == visit_id)
    return list(session.scalars(query.order_by(Finding.suggested_rank.is_(None), Finding.suggested_rank, Finding.id)))


def finding_at(session: Session, client_id: int, visit_id: int, muscle: str, point: str, side: str) -> Finding | None:
    query = select(Finding).where(
        Finding.client_id == client_id,
        Finding.visit_id == visit_id,
        Finding.muscle == muscle,
        Finding.point == point,
        Finding.side == side,
    )
    return session.scalars(query).first()


def treatments_of(session: Session, client_id: int, visit_id: int) -> list[Treatment]:
    query = select(Treatment).where(Treatment.client_id == client_id, Treatment.visit_id == visit_id)
    return list(session.scalars(query.order_by(Treatment.id)))


def drawing_by_uuid(session: Session, client_id: int, uuid: str) -> PainDrawing | None:
    query = select(PainDrawing).where(PainDrawing.client_id == client_id, PainDrawing.uuid == uuid)
    return session.scalars(query).first()


def examined_visits(session: Session, clinic_name: str | None = None) -> list[tuple[Visit, PainDrawing]]:
    """Visits that started from a drawing and have findings, with the drawing, oldest first: across clients
    (the command line's learning export, run by the database owner), or one clinic's."""
    query = (
        select(Visit, PainDrawing)
        .join(PainDrawing, (PainDrawing.id == Visit.drawing_id) & (PainDrawing.client_id == Visit.client_id))
        .where(select(Finding.id).where(Finding.visit_id == Visit.id).exists())
    )
    if clinic_name is not None:
        clinic_clients = select(Client.id).join(Clinic, Clinic.id == Client.clinic_id).where(Clinic.name == clinic_name)
        query = query.where(Visit.client_id.in_(clinic_clients))
    return [(visit, drawing) for visit, drawing in session.execute(query.order_by(Visit.started_at, Visit.id))]
