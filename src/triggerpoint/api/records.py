"""The JSON API for the person's records: programs, today's session, check-ins, diary, export, import."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from triggerpoint.diary import repository as diary_repo
from triggerpoint.diary.service import DiaryEntryCreate, DiaryInputError, DuplicateSubmissionError, add_entry
from triggerpoint.exchange.service import ImportFileError, export_records, import_records, to_csv_zip
from triggerpoint.kb import UnknownIdError
from triggerpoint.programs import repository as programs_repo
from triggerpoint.programs import service as programs
from triggerpoint.selfcare import EditError, HomeProgram, ItemEdit, PointChoice, Soreness, SorenessReport, Trend
from triggerpoint.sessions import service as sessions
from triggerpoint.web.deps import DB, Me, Now
from triggerpoint.web.pages import KB

router = APIRouter(prefix="/api", tags=["records"])


def problem(status: int, field: str, message: str) -> JSONResponse:
    """An error in FastAPI's validation shape, naming the field."""
    return JSONResponse(status_code=status, content={"detail": [{"loc": ["body", *field.split(".")], "msg": message}]})


class ProgramCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    points: list[PointChoice] = Field(min_length=1)
    activities: list[StrictStr] = Field(default_factory=list)
    precautions: list[StrictStr] = Field(default_factory=list, description="precaution IDs answered yes")


class ProgramRead(BaseModel):
    uuid: str
    starts_on: str
    paused: bool
    pause_reason: str | None
    plan: HomeProgram


def _program_read(program: Any) -> ProgramRead:
    return ProgramRead(
        uuid=program.uuid,
        starts_on=program.starts_on.isoformat(),
        paused=program.paused_at is not None,
        pause_reason=program.pause_reason,
        plan=programs.plan_of(program),
    )


@router.post("/programs", status_code=201, response_model=ProgramRead)
def create_program(body: ProgramCreate, kb: KB, db: DB, me: Me, clock: Now) -> Any:
    """Build a home program from trigger points; it becomes the active one."""
    try:
        for choice in body.points:
            kb.point(choice.muscle, choice.point)
        precautions = [kb.precaution(p).id for p in body.precautions]
        for activity in body.activities:
            kb.term("activities", activity)
    except UnknownIdError as error:
        return problem(422, error.kind.replace(" ", "_"), str(error))
    program = programs.create_program(db, kb, me.id, body.points, body.activities, precautions, clock.today())
    db.commit()
    return _program_read(program)


@router.get("/programs/active", response_model=ProgramRead)
def active_program(db: DB, me: Me) -> Any:
    """The active home program."""
    program = programs_repo.active_program(db, me.id)
    if program is None:
        return problem(404, "program", "no home program yet")
    return _program_read(program)


class ProgramEdit(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    edits: list[ItemEdit] = Field(min_length=1)


@router.patch("/programs/active", response_model=ProgramRead)
def edit_program(body: ProgramEdit, db: DB, me: Me, clock: Now) -> Any:
    """Change doses or leave points out, within the dosing rules; the edit is kept."""
    program = programs_repo.active_program(db, me.id)
    if program is None:
        return problem(404, "program", "no home program yet")
    try:
        programs.apply_edits(db, program, body.edits, clock.now())
    except EditError as error:
        return problem(422, error.field, error.message)
    db.commit()
    return _program_read(program)


class ItemMark(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    key: StrictStr
    status: StrictStr = Field(pattern="^(done|skipped)$")


@router.post("/sessions/today/items")
def mark_item(body: ItemMark, db: DB, me: Me, clock: Now) -> Any:
    """Log one item of today's session as done or skipped; saved at once."""
    program = programs_repo.active_program(db, me.id)
    if program is None:
        return problem(404, "program", "no home program yet")
    if program.paused_at is not None:
        return problem(409, "program", "the program is paused: " + (program.pause_reason or ""))
    today = sessions.todays_session(db, me.id, program, clock.today())
    try:
        logged = sessions.mark_item(db, me.id, today, body.key, body.status, clock.now())
    except sessions.SessionInputError as error:
        return problem(422, error.field, error.message)
    db.commit()
    return {"key": logged.item_key, "status": logged.status, "session": today.record.uuid}


class CheckInCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    soreness: Soreness
    trend: Trend = Trend.FADING
    bruising: StrictBool = False
    numbness: StrictBool = False
    weakness: StrictBool = False


@router.post("/checkins", status_code=201)
def check_in(body: CheckInCreate, db: DB, me: Me, clock: Now) -> Any:
    """Answer the next-day check-in; the soreness rule may pause the program."""
    about = sessions.pending_checkin(db, me.id, clock.today())
    program = programs_repo.active_program(db, me.id)
    if about is None or program is None:
        return problem(409, "session", "no session is waiting for a check-in")
    report = SorenessReport(days_since_session=(clock.today() - about.day).days, **body.model_dump())
    checkin = sessions.record_checkin(db, me.id, program, about, report, clock.today(), clock.now())
    db.commit()
    return {"paused": checkin.paused, "message": checkin.message}


class DiaryEntryRead(BaseModel):
    uuid: str
    recorded_at: datetime
    pain: int
    drawing: dict[str, int]
    sleep_quality: int | None
    stress: int | None
    medications: list[dict[str, str]]
    took_no_medication: bool
    notes: str


@router.post("/diary", status_code=201, response_model=DiaryEntryRead)
def add_diary_entry(body: DiaryEntryCreate, kb: KB, db: DB, me: Me, clock: Now) -> Any:
    """Add a diary entry. A repeated submission_id is a 409 and stores nothing."""
    try:
        entry = add_entry(db, kb, me.id, body, clock.now())
    except DuplicateSubmissionError as error:
        return problem(409, error.field, error.message)
    except DiaryInputError as error:
        return problem(422, error.field, error.message)
    db.commit()
    return DiaryEntryRead.model_validate(entry, from_attributes=True)


@router.get("/diary", response_model=list[DiaryEntryRead])
def list_diary(db: DB, me: Me) -> Any:
    """The most recent diary entries, newest first."""
    return [DiaryEntryRead.model_validate(e, from_attributes=True) for e in diary_repo.recent(db, me.id, 200)]


@router.get("/diary/{entry_uuid}", response_model=DiaryEntryRead)
def get_diary_entry(entry_uuid: str, db: DB, me: Me) -> Any:
    """One diary entry."""
    entry = diary_repo.by_uuid(db, me.id, entry_uuid)
    if entry is None:
        return problem(404, "uuid", f"no diary entry {entry_uuid!r}")
    return DiaryEntryRead.model_validate(entry, from_attributes=True)


@router.get("/export")
def export(db: DB, me: Me, clock: Now) -> dict[str, Any]:
    """Every record, as JSON (the same file as the Data page's download)."""
    return export_records(db, me.id, clock.now())


@router.get("/export.zip")
def export_zip(db: DB, me: Me, clock: Now) -> Response:
    """Every record, as CSV files in a zip."""
    return Response(to_csv_zip(export_records(db, me.id, clock.now())), media_type="application/zip")


@router.post("/import")
def import_export(body: dict[str, Any], db: DB, me: Me) -> Any:
    """Import a JSON export; records already here are kept as they are."""
    try:
        added = import_records(db, me.id, body)
    except ImportFileError as error:
        db.rollback()
        return problem(422, "file", str(error))
    db.commit()
    return {"added": added}
