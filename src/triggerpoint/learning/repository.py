"""Queries for the finder's learning: a clinic's examined visits, its choice, and the pooled counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from triggerpoint.clients.models import Client
from triggerpoint.clinics.models import Clinic
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.learning.models import PooledFinding
from triggerpoint.visits.models import Finding, Visit

Examination = tuple[Visit, PainDrawing, Finding]


def clinic_by_id(session: Session, clinic_id: int) -> Clinic | None:
    return session.get(Clinic, clinic_id)


def examinations(session: Session, clinic_id: int, since: datetime | None) -> list[Examination]:
    """Every finding of the clinic's visits that started from a drawing (since a reset, if any), oldest first."""
    clinic_clients = select(Client.id).where(Client.clinic_id == clinic_id)
    query = (
        select(Visit, PainDrawing, Finding)
        .join(PainDrawing, (PainDrawing.id == Visit.drawing_id) & (PainDrawing.client_id == Visit.client_id))
        .join(Finding, (Finding.visit_id == Visit.id) & (Finding.client_id == Visit.client_id))
        .where(Visit.client_id.in_(clinic_clients))
        .order_by(Visit.started_at, Visit.id, Finding.id)
    )
    if since is not None:
        query = query.where(Visit.started_at >= since)
    return [(visit, drawing, finding) for visit, drawing, finding in session.execute(query)]


def pooled_counts(session: Session) -> list[PooledFinding]:
    """The pooled counts: per trigger point, never per clinic or client."""
    return list(session.scalars(select(PooledFinding).order_by(PooledFinding.muscle, PooledFinding.point)))


def replace_pool(session: Session, rows: list[PooledFinding]) -> None:
    """The pooled counts, replaced as a whole."""
    session.execute(delete(PooledFinding))
    session.add_all(rows)
