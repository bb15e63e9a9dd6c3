"""Queries for pain drawings; every one is scoped to a client."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triggerpoint.drawings.models import PainDrawing


def add(session: Session, drawing: PainDrawing) -> PainDrawing:
    session.add(drawing)
    session.flush()
    return drawing


def by_uuid(session: Session, client_id: int, uuid: str) -> PainDrawing | None:
    query = select(PainDrawing).where(PainDrawing.client_id == client_id, PainDrawing.uuid == uuid)
    return session.scalars(query).first()


def by_submission(session: Session, client_id: int, submission_id: str) -> PainDrawing | None:
    query = select(PainDrawing).where(PainDrawing.client_id == client_id, PainDrawing.submission_id == submission_id)
    return session.scalars(query).first()


def recent(session: Session, client_id: int, limit: int = 50) -> list[PainDrawing]:
    query = select(PainDrawing).where(PainDrawing.client_id == client_id)
    query = query.order_by(PainDrawing.recorded_at.desc(), PainDrawing.id.desc()).limit(limit)
    return list(session.scalars(query))


def latest_until(session: Session, client_id: int, until: datetime) -> PainDrawing | None:
    query = select(PainDrawing).where(PainDrawing.client_id == client_id, PainDrawing.recorded_at < until)
    query = query.order_by(PainDrawing.recorded_at.desc(), PainDrawing.id.desc()).limit(1)
    return session.scalars(query).first()


def between(session: Session, client_id: int, since: datetime, until: datetime) -> list[PainDrawing]:
    """Drawings recorded in [since, until), oldest first."""
    query = select(PainDrawing).where(
        PainDrawing.client_id == client_id, PainDrawing.recorded_at >= since, PainDrawing.recorded_at < until
    )
    return list(session.scalars(query.order_by(PainDrawing.recorded_at, PainDrawing.id)))


def all_drawings(session: Session, client_id: int) -> list[PainDrawing]:
    query = select(PainDrawing).where(PainDrawing.client_id == client_id)
    return list(session.scalars(query.order_by(PainDrawing.recorded_at, PainDrawing.id)))
