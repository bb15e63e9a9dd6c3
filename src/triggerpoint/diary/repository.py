"""Queries for diary entries; every one is scoped to a client."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triggerpoint.diary.models import DiaryEntry


def add(session: Session, entry: DiaryEntry) -> DiaryEntry:
    session.add(entry)
    session.flush()
    return entry


def by_submission(session: Session, client_id: int, submission_id: str) -> DiaryEntry | None:
    query = select(DiaryEntry).where(DiaryEntry.client_id == client_id, DiaryEntry.submission_id == submission_id)
    return session.scalars(query).first()


def recent(session: Session, client_id: int, limit: int = 50) -> list[DiaryEntry]:
    query = select(DiaryEntry).where(DiaryEntry.client_id == client_id)
    return list(session.scalars(query.order_by(DiaryEntry.recorded_at.desc(), DiaryEntry.id.desc()).limit(limit)))


def latest(session: Session, client_id: int) -> DiaryEntry | None:
    entries = recent(session, client_id, limit=1)
    return entries[0] if entries else None


def all_entries(session: Session, client_id: int) -> list[DiaryEntry]:
    query = select(DiaryEntry).where(DiaryEntry.client_id == client_id)
    return list(session.scalars(query.order_by(DiaryEntry.recorded_at, DiaryEntry.id)))


def by_uuid(session: Session, client_id: int, uuid: str) -> DiaryEntry | None:
    query = select(DiaryEntry).where(DiaryEntry.client_id == client_id, DiaryEntry.uuid == uuid)
    return session.scalars(query).first()


def between(session: Session, client_id: int, since: datetime, until: datetime) -> list[DiaryEntry]:
    """Entries recorded in [since, until), oldest first (the caller turns the person's days into instants)."""
    query = select(DiaryEntry).where(
        DiaryEntry.client_id == client_id, DiaryEntry.recorded_at >= since, DiaryEntry.recorded_at < until
    )
    return list(session.scalars(query.order_by(DiaryEntry.recorded_at, DiaryEntry.id)))


def recent_until(session: Session, client_id: int, until: datetime, limit: int) -> list[DiaryEntry]:
    """The latest entries recorded before an instant, newest first."""
    query = select(DiaryEntry).where(DiaryEntry.client_id == client_id, DiaryEntry.recorded_at < until)
    return list(session.scalars(query.order_by(DiaryEntry.recorded_at.desc(), DiaryEntry.id.desc()).limit(limit)))
