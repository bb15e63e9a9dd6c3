"""Adding and reading diary entries. Services flush; the request commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from triggerpoint.diary import repository
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.diary.schemas import DiaryEntryCreate, DiaryEntryImport
from triggerpoint.errors import ConflictError, FieldError, NotFoundError
from triggerpoint.kb import KnowledgeBase
from triggerpoint.sessions import repository as sessions

FUTURE_SLACK = timedelta(minutes=5)  # clocks of two devices disagree a little


class DiaryInputError(FieldError):
    """A diary entry that cannot be stored; names the field."""


class DuplicateSubmissionError(ConflictError):
    """This form was already saved; nothing new is stored."""


def drawing_levels(kb: KnowledgeBase, entry: DiaryEntryCreate) -> dict[str, int]:
    """The entry's painted regions with levels; a region given without a level gets the usual one (rules.yaml)."""
    for region in [*entry.drawing, *entry.regions]:
        if not kb.has_region(region):
            raise DiaryInputError(f"drawing.{region}", f"unknown region {region!r}")
    levels = dict.fromkeys(entry.regions, kb.rules.unrated_level) | dict(entry.drawing)
    return {region: level for region, level in levels.items() if level > 0}


def check_entry(entry: DiaryEntryCreate, now: datetime) -> None:
    """The diary's rules beyond single fields: nothing in the future, medication answers that agree."""
    if entry.recorded_at is not None and entry.recorded_at > now + FUTURE_SLACK:
        raise DiaryInputError("recorded_at", "cannot be in the future")
    if entry.took_no_medication and entry.medications:
        raise DiaryInputError("took_no_medication", "cannot be ticked when medications are listed")


def linked_session(session: Session, client_id: int, uuid: str | None) -> int | None:
    """The row ID of the self-care session an entry names, or DiaryInputError."""
    if uuid is None:
        return None
    linked = sessions.session_by_uuid(session, client_id, uuid)
    if linked is None:
        raise DiaryInputError("session", f"no self-care session {uuid!r}")
    return linked.id


def add_entry(
    session: Session, kb: KnowledgeBase, client_id: int, entry: DiaryEntryCreate, now: datetime
) -> DiaryEntry:
    """Check and store a diary entry; a repeated submission raises DuplicateSubmissionError and stores nothing."""
    drawing = drawing_levels(kb, entry)
    check_entry(entry, now)
    if repository.by_submission(session, client_id, entry.submission_id) is not None:
        raise DuplicateSubmissionError("submission_id", "this entry was already saved")
    record = DiaryEntry(
        client_id=client_id,
        recorded_at=entry.recorded_at or now,
        pain=entry.pain,
        drawing=drawing,
        sleep_quality=entry.sleep_quality,
        stress=entry.stress,
        medications=[m.model_dump() for m in entry.medications],
        took_no_medication=entry.took_no_medication,
        session_id=linked_session(session, client_id, entry.session),
        notes=entry.notes,
        submission_id=entry.submission_id,
    )
    return repository.add(session, record)


def get_entry(session: Session, client_id: int, uuid: str) -> DiaryEntry:
    """One of the client's diary entries, or NotFoundError."""
    entry = repository.by_uuid(session, client_id, uuid)
    if entry is None:
        raise NotFoundError("uuid", f"no diary entry {uuid!r}")
    return entry


def import_entry(
    session: Session, kb: KnowledgeBase, client_id: int, row: DiaryEntryImport, now: datetime
) -> DiaryEntry:
    """Add an exported diary entry, checked by the same rules as a new one."""
    drawing = drawing_levels(kb, row)
    check_entry(row, now)
    if repository.by_submission(session, client_id, row.submission_id) is not None:
        raise DiaryInputError("submission_id", "another entry here has the same submission ID")
    values = row.model_dump(exclude={"regions", "session", "drawing"})
    values |= {"drawing": drawing, "session_id": linked_session(session, client_id, row.session)}
    return repository.add(session, DiaryEntry(client_id=client_id, **values))
