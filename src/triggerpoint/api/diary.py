"""The pain diary over JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from triggerpoint.api.common import SHARED_RESPONSES, documented
from triggerpoint.diary import repository as diary_repo
from triggerpoint.diary import service as diary
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.diary.schemas import (
    DiaryEntryCreate,
    DiaryEntryDelete,
    DiaryEntryRead,
    DiaryEntryRestore,
    DiaryEntryUpdate,
)
from triggerpoint.framework.deps import DB, KB, Me, Now

router = APIRouter(prefix="/api/diary", tags=["diary"], responses=SHARED_RESPONSES)
EntryId = Annotated[str, Path(max_length=64)]


def _read(entry: DiaryEntry) -> DiaryEntryRead:
    return DiaryEntryRead.model_validate(entry, from_attributes=True)


@router.post("", status_code=201, response_model=DiaryEntryRead, responses=documented(409, 422))
def add_diary_entry(body: DiaryEntryCreate, kb: KB, db: DB, me: Me, clock: Now) -> DiaryEntryRead:
    """Add a diary entry. A repeated submission_id is a 409 and stores nothing."""
    return _read(diary.add_entry(db, kb, me.id, body, clock.now()))


@router.get("", response_model=list[DiaryEntryRead])
def list_diary(db: DB, me: Me) -> list[DiaryEntryRead]:
    """The most recent diary entries, newest first (deleted ones are not listed)."""
    return [_read(e) for e in diary_repo.recent(db, me.id, 200)]


@router.get("/{entry_id}", response_model=DiaryEntryRead, responses=documented(404))
def get_diary_entry(entry_id: EntryId, db: DB, me: Me) -> DiaryEntryRead:
    """One diary entry."""
    return _read(diary.get_entry(db, me.id, entry_id))


@router.patch("/{entry_id}", response_model=DiaryEntryRead, responses=documented(404, 409, 422))
def edit_diary_entry(entry_id: EntryId, body: DiaryEntryUpdate, kb: KB, db: DB, me: Me, clock: Now) -> DiaryEntryRead:
    """Change a diary entry: send its `version` and the fields to change. A stale version is a 409."""
    return _read(diary.edit_entry(db, kb, me.id, entry_id, body, clock.now()))


@router.delete("/{entry_id}", status_code=204, response_class=Response, responses=documented(404, 409, 422))
def delete_diary_entry(entry_id: EntryId, body: DiaryEntryDelete, db: DB, me: Me, clock: Now) -> Response:
    """Delete a diary entry (send its `version`); it can be restored for 24 hours."""
    diary.delete_entry(db, me.id, entry_id, body.version, clock.now())
    return Response(status_code=204)


@router.post("/{entry_id}/restore", response_model=DiaryEntryRead, responses=documented(404, 409, 422))
def restore_diary_entry(entry_id: EntryId, body: DiaryEntryRestore, db: DB, me: Me, clock: Now) -> DiaryEntryRead:
    """Bring back an entry deleted less than 24 hours ago (the body is `{}`)."""
    return _read(diary.restore_entry(db, me.id, entry_id, clock.now()))
