"""The pain diary over JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from triggerpoint.api.common import SHARED_RESPONSES, documented
from triggerpoint.diary import repository as diary_repo
from triggerpoint.diary import service as diary
from triggerpoint.diary.schemas import DiaryEntryCreate, DiaryEntryRead
from triggerpoint.framework.deps import DB, KB, Me, Now

router = APIRouter(prefix="/api/diary", tags=["diary"], responses=SHARED_RESPONSES)


@router.post("", status_code=201, response_model=DiaryEntryRead, responses=documented(409, 422))
def add_diary_entry(body: DiaryEntryCreate, kb: KB, db: DB, me: Me, clock: Now) -> DiaryEntryRead:
    """Add a diary entry. A repeated submission_id is a 409 and stores nothing."""
    entry = diary.add_entry(db, kb, me.id, body, clock.now())
    return DiaryEntryRead.model_validate(entry, from_attributes=True)


@router.get("", response_model=list[DiaryEntryRead])
def list_diary(db: DB, me: Me) -> list[DiaryEntryRead]:
    """The most recent diary entries, newest first."""
    return [DiaryEntryRead.model_validate(e, from_attributes=True) for e in diary_repo.recent(db, me.id, 200)]


@router.get("/{entry_id}", response_model=DiaryEntryRead, responses=documented(404))
def get_diary_entry(entry_id: Annotated[str, Path(max_length=64)], db: DB, me: Me) -> DiaryEntryRead:
    """One diary entry."""
    return DiaryEntryRead.model_validate(diary.get_entry(db, me.id, entry_id), from_attributes=True)
