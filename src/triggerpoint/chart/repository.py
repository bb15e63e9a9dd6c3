"""Queries the chart needs beyond each domain's own; every one is scoped to a client."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triggerpoint.sessions.models import CheckIn, SelfCareSession
from triggerpoint.visits.models import Finding, Visit, VisitNote


def latest_checkin(session: Session, client_id: int) -> tuple[CheckIn, date] | None:
    """The newest check-in, with the day of the session it was about."""
    query = (
        select(CheckIn, SelfCareSession.day)
        .join(SelfCareSession, SelfCareSession.id == CheckIn.session_id)
        .where(CheckIn.client_id == client_id, SelfCareSession.client_id == client_id)
        .order_by(CheckIn.day.desc(), CheckIn.id.desc())
        .limit(1)
    )
    row = session.execute(query).first()
    return (row[0], row[1]) if row else None


def checkins(session: Session, client_id: int) -> list[tuple[CheckIn, date]]:
    """Every check-in, with the day of the session it was about, oldest first."""
    query = (
        select(CheckIn, SelfCareSession.day)
        .join(SelfCareSession, SelfCareSession.id == CheckIn.session_id)
        .where(CheckIn.client_id == client_id, SelfCareSession.client_id == client_id)
        .order_by(CheckIn.day, CheckIn.id)
    )
    return [(row[0], row[1]) for row in session.execute(query)]


def last_visit_at(session: Session, client_id: int) -> datetime | None:
    """When the client's latest visit started."""
    latest: datetime | None = session.scalar(select(func.max(Visit.started_at)).where(Visit.client_id == client_id))
    return latest


def unsigned_visits(session: Session, client_id: int, started_before: datetime) -> list[Visit]:
    """Visits started before an instant whose note is a draft or was never written, oldest first."""
    query = (
        select(Visit)
        .outerjoin(VisitNote, (VisitNote.visit_id == Visit.id) & (VisitNote.client_id == client_id))
        .where(Visit.client_id == client_id, Visit.started_at < started_before, VisitNote.signed_at.is_(None))
        .order_by(Visit.started_at, Visit.id)
    )
    return list(session.scalars(query))


def visits_with_notes(session: Session, client_id: int) -> list[tuple[Visit, VisitNote | None]]:
    """Every visit with its note (None when none was drafted), oldest first."""
    query = (
        select(Visit, VisitNote)
        .outerjoin(VisitNote, (VisitNote.visit_id == Visit.id) & (VisitNote.client_id == client_id))
        .where(Visit.client_id == client_id)
        .order_by(Visit.started_at, Visit.id)
    )
    return [(row[0], row[1]) for row in session.execute(query)]


def active_points_by_visit(session: Session, client_id: int) -> dict[int, int]:
    """How many active trigger points each visit found, by visit ID (visits with none are left out)."""
    query = (
        select(Finding.visit_id, func.count(Finding.id).label("points"))
        .where(Finding.client_id == client_id, Finding.classification == "active")
        .group_by(Finding.visit_id)
    )
    return {row.visit_id: row.points for row in session.execute(query)}
