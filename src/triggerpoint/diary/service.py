"""Adding and reading diary entries. Services flush; the request commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from sqlalchemy.orm import Session

from triggerpoint.diary import repository
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.errors import FieldError
from triggerpoint.kb import KnowledgeBase
from triggerpoint.sessions import repository as sessions

Level = StrictInt


class Medication(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: StrictStr = Field(min_length=1, max_length=120)
    dose: StrictStr = Field(default="", max_length=120)


class DiaryEntryCreate(BaseModel):
    """A new diary entry; `submission_id` makes a resubmitted form a no-op rather than a duplicate."""

    model_config = ConfigDict(extra="forbid", strict=True)

    submission_id: StrictStr = Field(min_length=8, max_length=64)
    recorded_at: datetime | None = Field(default=None, description="defaults to now; never in the future")
    pain: Level = Field(ge=0, le=10)
    drawing: dict[StrictStr, Level] = Field(default_factory=dict, description="region ID to intensity 0-10")
    sleep_quality: Level | None = Field(default=None, ge=0, le=10)
    stress: Level | None = Field(default=None, ge=0, le=10)
    medications: list[Medication] = Field(default_factory=list)
    took_no_medication: StrictBool = False
    session: StrictStr | None = Field(default=None, description="UUID of the self-care session done")
    notes: StrictStr = Field(default="", max_length=4000)


class DiaryInputError(FieldError):
    """A diary entry that cannot be stored; names the field."""


class DuplicateSubmissionError(DiaryInputError):
    """This form was already saved; nothing new is stored."""


def _check(kb: KnowledgeBase, entry: DiaryEntryCreate, now: datetime) -> None:
    for region, level in entry.drawing.items():
        if not kb.has_region(region):
            raise DiaryInputError(f"drawing.{region}", f"unknown region {region!r}")
        if not 0 <= level <= 10:
            raise DiaryInputError(f"drawing.{region}", "intensity must be from 0 to 10")
    if entry.recorded_at is not None and entry.recorded_at > now + timedelta(minutes=5):
        raise DiaryInputError("recorded_at", "cannot be in the future")
    if entry.took_no_medication and entry.medications:
        raise DiaryInputError("took_no_medication", "cannot be ticked when medications are listed")


def add_entry(
    session: Session, kb: KnowledgeBase, client_id: int, entry: DiaryEntryCreate, now: datetime
) -> DiaryEntry:
    """Check and store a diary entry; a repeated submission raises DuplicateSubmissionError and stores nothing."""
    _check(kb, entry, now)
    if repository.by_submission(session, client_id, entry.submission_id) is not None:
        raise DuplicateSubmissionError("submission_id", "this entry was already saved")
    session_id = None
    if entry.session is not None:
        linked = sessions.session_by_uuid(session, client_id, entry.session)
        if linked is None:
            raise DiaryInputError("session", f"no self-care session {entry.session!r}")
        session_id = linked.id
    record = DiaryEntry(
        client_id=client_id,
        recorded_at=entry.recorded_at or now,
        pain=entry.pain,
        drawing=dict(entry.drawing),
        sleep_quality=entry.sleep_quality,
        stress=entry.stress,
        medications=[m.model_dump() for m in entry.medications],
        took_no_medication=entry.took_no_medication,
        session_id=session_id,
        notes=entry.notes,
        submission_id=entry.submission_id,
    )
    return repository.add(session, record)
