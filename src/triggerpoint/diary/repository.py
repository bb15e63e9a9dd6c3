"""Queries for diary entries; every one is scoped to a client.

A deleted entry stays as a row with `deleted_at` set until its undo window has passed; no
query here returns it, except `for_restore`, which undo uses.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, delete, exists, select, update
from sqlalchemy.orm import Session

from triggerpoint.diary.models import DiaryEntry


def _kept(client_id: int) -> Select[DiaryEntry]:
    return select(DiaryEntry).where(DiaryEntry.client_id == client_id, DiaryEntry.deleted_at.is_(None))


def add(session: Session, entry: DiaryEntry) -> DiaryEntry:
    """Store a new entry."""
    session.add(entry)
    session.flush()
    return entry


def submission_taken(session: Session, client_id: int, submission_id: str) -> bool:
    """Whether a form with this submission ID was saved already (even if its entry was deleted since)."""
    query = exists().where(DiaryEntry.client_id == client_id, DiaryEntry.submission_id == submission_id)
    return bool(session.scalar(select(query)))


def recent(session: Session, client_id: int, limit: int = 50) -> list[DiaryEntry]:
    """The latest entries, newest first."""
    query = _kept(client_id).order_by(DiaryEntry.recorded_at.desc(), DiaryEntry.id.desc())
    return list(session.scalars(query.limit(limit)))


def latest(session: Session, client_id: int) -> DiaryEntry | None:
    """The newest entry, if any."""
    entries = recent(session, client_id, limit=1)
    return entries[0] if entries else None


def all_entries(session: Session, client_id: int) -> list[DiaryEntry]:
    """Every entry, oldest first."""
    return list(session.scalars(_kept(client_id).order_by(DiaryEntry.recorded_at, DiaryEntry.id)))


def by_uuid(session: Session, client_id: int, uuid: str) -> DiaryEntry | None:
    """One entry by its UUID."""
    return session.scalars(_kept(client_id).where(DiaryEntry.uuid == uuid)).first()


def for_restore(session: Session, client_id: int, uuid: str) -> DiaryEntry | None:
    """An entry by UUID whether deleted or not: only undo (and an idempotent delete) may see a deleted one."""
    query = select(DiaryEntry).where(DiaryEntry.client_id == client_id, DiaryEntry.uuid == uuid)
    return session.scalars(query).first()


def between(session: Session, client_id: int, since: datetime, until: datetime) -> list[DiaryEntry]:
    """Entries recorded in [since, until), oldest first (the caller turns the person's days into instants)."""
    query = _kept(client_id).where(DiaryEntry.recorded_at >= since, DiaryEntry.recorded_at < until)
    return list(session.scalars(query.order_by(DiaryEntry.recorded_at, DiaryEntry.id)))


class ChartedEntry(NamedTuple):
    """What the progress charts read of an entry: its columns alone, without building the entry."""

    recorded_at: datetime
    pain: int
    drawing: dict[str, Any]
    took_no_medication: bool
    medications: list[dict[str, str]]


def charted_between(session: Session, client_id: int, since: datetime, until: datetime) -> list[ChartedEntry]:
    """`between` for the charts: years of entries in a fraction of the time, as no other JSON column is read."""
    columns = (DiaryEntry.recorded_at, DiaryEntry.pain, DiaryEntry.drawing)
    query = select(*columns, DiaryEntry.took_no_medication, DiaryEntry.medications).where(
        DiaryEntry.client_id == client_id,
        DiaryEntry.deleted_at.is_(None),
        DiaryEntry.recorded_at >= since,
        DiaryEntry.recorded_at < until,
    )
    rows = session.execute(query.order_by(DiaryEntry.recorded_at, DiaryEntry.id))
    return [ChartedEntry(*row) for row in rows]


def recent_until(session: Session, client_id: int, until: datetime, limit: int) -> list[DiaryEntry]:
    """The latest entries recorded before an instant, newest first."""
    query = _kept(client_id).where(DiaryEntry.recorded_at < until)
    return list(session.scalars(query.order_by(DiaryEntry.recorded_at.desc(), DiaryEntry.id.desc()).limit(limit)))


def save_if_version(session: Session, entry: DiaryEntry, version: int, values: dict[str, Any]) -> bool:
    """Write `values` and the next version only if the stored entry is still at `version`; False if it is not.

    One conditional UPDATE, so of two saves from the same version exactly one wins, on any backend.
    """
    query = (
        update(DiaryEntry)
        .where(DiaryEntry.id == entry.id, DiaryEntry.client_id == entry.client_id, DiaryEntry.version == version)
        .values(**values, version=version + 1)
        .execution_options(synchronize_session=False)
    )
    changed: bool = session.execute(query).rowcount == 1  # type: ignore[attr-defined]
    session.expire(entry)
    return changed


def purge_deleted(session: Session, client_id: int, before: datetime) -> None:
    """Remove for good the entries deleted before an instant (their undo window has passed)."""
    query = delete(DiaryEntry).where(DiaryEntry.client_id == client_id, DiaryEntry.deleted_at < before)
    session.execute(query.execution_options(synchronize_session="fetch"))  # drop them from the session too
