"""Queries for sessions, their items and check-ins; every one is scoped to a client."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from triggerpoint.sessions.models import CheckIn, SelfCareSession, SessionItem


def session_on(session: Session, client_id: int, program_id: int, day: date) -> SelfCareSession | None:
    query = select(SelfCareSession).where(
        SelfCareSession.client_id == client_id, SelfCareSession.program_id == program_id, SelfCareSession.day == day
    )
    return session.scalars(query).first()


def session_by_uuid(session: Session, client_id: int, uuid: str) -> SelfCareSession | None:
    query = select(SelfCareSession).where(SelfCareSession.client_id == client_id, SelfCareSession.uuid == uuid)
    return session.scalars(query).first()


def items_of(session: Session, client_id: int, session_id: int) -> list[SessionItem]:
    query = select(SessionItem).where(SessionItem.client_id == client_id, SessionItem.session_id == session_id)
    return list(session.scalars(query.order_by(SessionItem.id)))


def item(session: Session, client_id: int, session_id: int, key: str) -> SessionItem | None:
    query = select(SessionItem).where(
        SessionItem.client_id == client_id, SessionItem.session_id == session_id, SessionItem.item_key == key
    )
    return session.scalars(query).first()


def latest_session_before(session: Session, client_id: int, day: date) -> SelfCareSession | None:
    query = select(SelfCareSession).where(SelfCareSession.client_id == client_id, SelfCareSession.day < day)
    return session.scalars(query.order_by(SelfCareSession.day.desc()).limit(1)).first()


def sessions_between(session: Session, client_id: int, start: date, end: date) -> list[SelfCareSession]:
    query = select(SelfCareSession).where(
        SelfCareSession.client_id == client_id, SelfCareSession.day >= start, SelfCareSession.day <= end
    )
    return list(session.scalars(query.order_by(SelfCareSession.day)))


def checkin_for(session: Session, client_id: int, session_id: int) -> CheckIn | None:
    query = select(CheckIn).where(CheckIn.client_id == client_id, CheckIn.session_id == session_id)
    return session.scalars(query).first()


def all_sessions(session: Session, client_id: int) -> list[SelfCareSession]:
    return list(session.scalars(select(SelfCareSession).where(SelfCareSession.client_id == client_id)))


def all_items(session: Session, client_id: int) -> list[SessionItem]:
    return list(session.scalars(select(SessionItem).where(SessionItem.client_id == client_id)))


def all_checkins(session: Session, client_id: int) -> list[CheckIn]:
    return list(session.scalars(select(CheckIn).where(CheckIn.client_id == client_id)))


def done_items_between(session: Session, client_id: int, start: date, end: date) -> list[tuple[date, str]]:
    """(day, item key) of every item marked done in sessions between two days, in one query."""
    query = (
        select(SelfCareSession.day, SessionItem.item_key)
        .join(SessionItem, SessionItem.session_id == SelfCareSession.id)
        .where(
            SelfCareSession.client_id == client_id,
            SessionItem.client_id == client_id,
            SessionItem.status == "done",
            SelfCareSession.day >= start,
            SelfCareSession.day <= end,
        )
    )
    return [(day, key) for day, key in session.execute(query)]


def checkins_between(session: Session, client_id: int, start: date, end: date) -> list[CheckIn]:
    query = select(CheckIn).where(CheckIn.client_id == client_id, CheckIn.day >= start, CheckIn.day <= end)
    return list(session.scalars(query.order_by(CheckIn.day)))
