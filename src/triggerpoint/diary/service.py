"""Adding, changing, deleting and reading diary entries. Services flush; the request commits.

An edit or a delete names the version it was made from; if the entry was saved since, it is
refused (StaleEntryError, a 409) rather than silently undoing that save. A resubmitted edit
that changes nothing is not a conflict. Delete is soft: the entry is hidden at once and can
be restored for RESTORE_WINDOW (24 hours) after it was deleted; after that it is removed for
good the next time the diary is written to.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from triggerpoint.diary import repository
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.diary.schemas import DiaryEntryCreate, DiaryEntryImport, DiaryEntryUpdate
from triggerpoint.errors import ConflictError, FieldError, NotFoundError
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.model import closest
from triggerpoint.sessions import repository as sessions

FUTURE_SLACK = timedelta(minutes=5)  # clocks of two devices disagree a little
RESTORE_WINDOW = timedelta(hours=24)
EDITABLE = (
    "recorded_at", "pain", "drawing", "qualities", "sleep_quality", "stress", "mood", "triggers",
    "trigger_notes", "medications", "took_no_medication", "notes",
)  # fmt: skip


class DiaryInputError(FieldError):
    """A diary entry that cannot be stored; names the field."""


class DuplicateSubmissionError(ConflictError):
    """This form was already saved; nothing new is stored."""


class StaleEntryError(ConflictError):
    """The entry was saved since this change was made from it; nothing is changed."""


class RestoreExpiredError(ConflictError):
    """The entry was deleted too long ago to be restored."""


def drawing_levels(kb: KnowledgeBase, entry: DiaryEntryCreate) -> dict[str, int]:
    """The entry's painted regions with levels; a region given without a level gets the usual one (rules.yaml)."""
    for region in [*entry.drawing, *entry.regions]:
        if not kb.has_region(region):
            raise DiaryInputError(f"drawing.{region}", f"unknown region {region!r}")
    levels = dict.fromkeys(entry.regions, kb.rules.unrated_level) | dict(entry.drawing)
    return {region: level for region, level in levels.items() if level > 0}


def painted_qualities(kb: KnowledgeBase, entry: DiaryEntryCreate, drawing: dict[str, int]) -> dict[str, list[str]]:
    """How each painted area feels: known qualities of areas the entry paints (areas left at 0 drop theirs)."""
    known = [term.id for term in kb.vocabularies.pain_qualities]
    painted = {*entry.drawing, *entry.regions}
    for region, qualities in entry.qualities.items():
        if region not in painted:
            raise DiaryInputError(f"qualities.{region}", "is not one of the painted areas")
        for index, quality in enumerate(qualities):
            if quality not in known:
                raise DiaryInputError(f"qualities.{region}.{index}", f"unknown pain quality; one of {', '.join(known)}")
    kept = {region: list(dict.fromkeys(qualities)) for region, qualities in entry.qualities.items()}
    return {region: qualities for region, qualities in kept.items() if region in drawing and qualities}


def known_triggers(kb: KnowledgeBase, entry: DiaryEntryCreate) -> list[str]:
    """The activities that set the pain off, each a known one, each once."""
    known = [term.id for term in kb.vocabularies.activities]
    for index, trigger in enumerate(entry.triggers):
        if trigger not in known:
            hint = ", ".join(closest(trigger, known))
            raise DiaryInputError(
                f"triggers.{index}", f"unknown activity {trigger!r}" + (f"; did you mean {hint}?" if hint else "")
            )
    return list(dict.fromkeys(entry.triggers))


def check_entry(entry: DiaryEntryCreate, now: datetime) -> None:
    """The diary's rules beyond single fields: nothing in the future, medication answers that agree."""
    if entry.recorded_at is not None and entry.recorded_at > now + FUTURE_SLACK:
        raise DiaryInputError("recorded_at", "cannot be in the future")
    if entry.took_no_medication and entry.medications:
        raise DiaryInputError("took_no_medication", "cannot be ticked when medications are listed")


def entry_values(kb: KnowledgeBase, entry: DiaryEntryCreate, now: datetime) -> dict[str, Any]:
    """The stored columns of an entry, checked by every diary rule (new, edited or imported alike)."""
    drawing = drawing_levels(kb, entry)
    values = {
        "recorded_at": entry.recorded_at or now,
        "drawing": drawing,
        "qualities": painted_qualities(kb, entry, drawing),
        "triggers": known_triggers(kb, entry),
        "medications": [m.model_dump() for m in entry.medications],
    }
    check_entry(entry, now)
    plain = ("pain", "sleep_quality", "stress", "mood", "trigger_notes", "took_no_medication", "notes")
    return values | {name: getattr(entry, name) for name in plain}


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
    values = entry_values(kb, entry, now)
    if repository.submission_taken(session, client_id, entry.submission_id):
        raise DuplicateSubmissionError("submission_id", "this entry was already saved")
    repository.purge_deleted(session, client_id, now - RESTORE_WINDOW)
    record = DiaryEntry(
        client_id=client_id,
        session_id=linked_session(session, client_id, entry.session),
        submission_id=entry.submission_id,
        **values,
    )
    return repository.add(session, record)


def get_entry(session: Session, client_id: int, uuid: str) -> DiaryEntry:
    """One of the client's diary entries (not a deleted one), or NotFoundError."""
    entry = repository.by_uuid(session, client_id, uuid)
    if entry is None:
        raise NotFoundError("uuid", f"no diary entry {uuid!r}")
    return entry


def _as_entry(record: DiaryEntry, change: DiaryEntryUpdate) -> DiaryEntryCreate:
    """The entry as it would be after the change, for the same checks as a new one."""
    current: dict[str, Any] = {name: getattr(record, name) for name in EDITABLE}
    current |= {"submission_id": record.submission_id, "regions": [], "drawing": dict(record.drawing)}
    changed = {name: getattr(change, name) for name in change.model_fields_set & set(DiaryEntryUpdate.model_fields)}
    changed.pop("version", None)
    changed.pop("session", None)
    if {"drawing", "regions"} & changed.keys():
        painted = {*(changed.get("drawing") or {}), *(changed.get("regions") or [])}
        kept = {region: qualities for region, qualities in record.qualities.items() if region in painted}
        current |= {"drawing": {}, "regions": [], "qualities": kept}  # new areas; the qualities of areas kept
    try:
        return DiaryEntryCreate.model_validate(current | changed)
    except ValidationError as error:
        first = error.errors()[0]
        raise DiaryInputError(".".join(str(p) for p in first["loc"]), first["msg"]) from None


def _edited_values(
    session: Session, kb: KnowledgeBase, record: DiaryEntry, change: DiaryEntryUpdate, now: datetime
) -> dict[str, Any]:
    entry = _as_entry(record, change)
    values = entry_values(kb, entry, now)
    if change.recorded_at is None:
        values["recorded_at"] = record.recorded_at  # an edit keeps the entry's time unless it names one
    if "session" in change.model_fields_set:
        values["session_id"] = linked_session(session, record.client_id, change.session)
    return values


def _unchanged(record: DiaryEntry, values: dict[str, Any]) -> bool:
    return all(getattr(record, name) == value for name, value in values.items())


def edit_entry(
    session: Session, kb: KnowledgeBase, client_id: int, uuid: str, change: DiaryEntryUpdate, now: datetime
) -> DiaryEntry:
    """Change an entry by the same rules as a new one; StaleEntryError if it was saved since `change.version`."""
    record = get_entry(session, client_id, uuid)
    values = _edited_values(session, kb, record, change, now)
    if _unchanged(record, values):
        return record  # nothing to save (also: the same edit sent twice)
    if change.version != record.version:
        raise _stale(record)
    if not repository.save_if_version(session, record, change.version, values | {"edited_at": now}):
        raise _stale(record)
    return record


def _stale(record: DiaryEntry) -> StaleEntryError:
    message = "this entry was changed since you opened it; look at it again and redo your change"
    return StaleEntryError("version", message)


def delete_entry(session: Session, client_id: int, uuid: str, version: int, now: datetime) -> DiaryEntry:
    """Hide an entry, restorable for RESTORE_WINDOW; deleting a deleted entry again changes nothing."""
    record = repository.for_restore(session, client_id, uuid)
    if record is None:
        raise NotFoundError("uuid", f"no diary entry {uuid!r}")
    if record.deleted_at is not None:
        return record
    if record.version != version or not repository.save_if_version(session, record, version, {"deleted_at": now}):
        raise _stale(record)
    repository.purge_deleted(session, client_id, now - RESTORE_WINDOW)
    return record


def restorable(session: Session, client_id: int, uuid: str, now: datetime) -> DiaryEntry | None:
    """A deleted entry that can still be restored, or None."""
    record = repository.for_restore(session, client_id, uuid)
    if record is None or record.deleted_at is None or record.deleted_at + RESTORE_WINDOW < now:
        return None
    return record


def restore_entry(session: Session, client_id: int, uuid: str, now: datetime) -> DiaryEntry:
    """Bring back a deleted entry within RESTORE_WINDOW; restoring a kept entry changes nothing."""
    record = repository.for_restore(session, client_id, uuid)
    if record is None:
        raise NotFoundError("uuid", f"no diary entry {uuid!r}")
    if record.deleted_at is None:
        return record
    if record.deleted_at + RESTORE_WINDOW < now:
        raise RestoreExpiredError("uuid", "this entry was deleted more than 24 hours ago and cannot be restored")
    if not repository.save_if_version(session, record, record.version, {"deleted_at": None}):
        raise _stale(record)
    return record


def import_entry(
    session: Session, kb: KnowledgeBase, client_id: int, row: DiaryEntryImport, now: datetime
) -> DiaryEntry:
    """Add an exported diary entry, checked by the same rules as a new one (a deleted one stays deleted)."""
    values = entry_values(kb, row, now)
    for name in ("edited_at", "deleted_at"):
        moment = getattr(row, name)
        if moment is not None and moment > now + FUTURE_SLACK:
            raise DiaryInputError(name, "cannot be in the future")
    if repository.submission_taken(session, client_id, row.submission_id):
        raise DiaryInputError("submission_id", "another entry here has the same submission ID")
    identity = {name: getattr(row, name) for name in ("uuid", "created_at", "submission_id", "edited_at", "deleted_at")}
    session_id = linked_session(session, client_id, row.session)
    return repository.add(session, DiaryEntry(client_id=client_id, session_id=session_id, **identity, **values))
