"""The pain diary page and the export and import page."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from triggerpoint.clock import Clock
from triggerpoint.diary import repository as diary_repo
from triggerpoint.diary.schemas import MEDICATION_ROWS, DiaryEntryForm
from triggerpoint.diary.service import DuplicateSubmissionError, add_entry
from triggerpoint.drawings import repository as drawings_repo
from triggerpoint.errors import FieldError
from triggerpoint.exchange.files import ImportFileError, Limits
from triggerpoint.exchange.service import Context, export_records, import_records, read_export, to_csv_zip
from triggerpoint.framework.deps import DB, KB, Me, Now, Templates
from triggerpoint.framework.errors import PageError
from triggerpoint.kb import KnowledgeBase
from triggerpoint.programs import repository as programs_repo
from triggerpoint.sessions import repository as sessions_repo

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
upload_router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


def _latest_regions(db: Session, me: Any) -> dict[str, int]:
    """Where it hurt last time: the newer of the last diary entry's areas and the last body-map drawing."""
    entry = next((e for e in diary_repo.recent(db, me.id, limit=20) if e.drawing), None)
    drawing = next(iter(drawings_repo.recent(db, me.id, limit=1)), None)
    candidates = [(e.recorded_at, dict(e.drawing)) for e in [entry] if e] + [
        (d.recorded_at, dict(d.regions)) for d in [drawing] if d
    ]
    return max(candidates, key=lambda c: c[0])[1] if candidates else {}


def _timeline(db: Session, me: Any, clock: Clock) -> list[tuple[datetime, str, Any]]:
    entries: list[tuple[datetime, str, Any]] = [
        (clock.local(e.recorded_at), "entry", e) for e in diary_repo.recent(db, me.id, limit=30)
    ]
    drawn = [(clock.local(d.recorded_at), "drawing", d) for d in drawings_repo.recent(db, me.id, limit=30)]
    return sorted(entries + drawn, key=lambda row: row[0], reverse=True)[:30]


def _diary_context(kb: KnowledgeBase, db: Session, me: Any, clock: Clock, error: str | None = None) -> dict[str, Any]:
    latest = diary_repo.latest(db, me.id)
    program = programs_repo.active_program(db, me.id)
    todays = sessions_repo.session_on(db, me.id, program.id, clock.today()) if program else None
    return {
        "timeline": _timeline(db, me, clock),
        "last_drawing": _latest_regions(db, me),
        "last_pain": latest.pain if latest else None,
        "submission_id": uuid.uuid4().hex,
        "todays_session": todays,
        "rows": range(MEDICATION_ROWS),
        "error": error,
        "kb": kb,
    }


@router.get("/diary", name="diary")
def diary_page(
    request: Request, kb: KB, db: DB, me: Me, clock: Now, templates: Templates, saved: bool = False
) -> HTMLResponse:
    """The pain diary: a quick entry form (the last drawing already filled in) and recent entries and drawings."""
    context = _diary_context(kb, db, me, clock) | {"saved": saved}
    return templates.TemplateResponse(request, "diary.html", context)


@router.post("/diary", name="diary_save")
def diary_save(
    request: Request,
    form: Annotated[DiaryEntryForm, Form()],
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
) -> Response:
    """Save a diary entry; a second press of the same form saves nothing twice."""
    saved = RedirectResponse(request.app.url_path_for("diary") + "?saved=true", status_code=303)
    try:
        add_entry(db, kb, me.id, form, clock.now())
    except DuplicateSubmissionError:
        return saved
    except FieldError as error:
        context = _diary_context(kb, db, me, clock, f"Not saved: {error.message} ({error.field}).")
        raise PageError(templates.TemplateResponse(request, "diary.html", context, 422)) from None
    return saved


@router.get("/data", name="data")
def data_page(request: Request, templates: Templates) -> HTMLResponse:
    """Export everything as JSON or CSV, or import an export from another machine."""
    return templates.TemplateResponse(request, "data.html", {})


@router.get("/export.json", name="export_json")
def export_json(db: DB, me: Me, clock: Now) -> Response:
    """Everything stored, as one JSON file."""
    body = json.dumps(export_records(db, me.id, clock.now()), ensure_ascii=False, indent=1)
    headers = {"Content-Disposition": f'attachment; filename="triggerpoint-{clock.today()}.json"'}
    return Response(body, media_type="application/json", headers=headers)


@router.get("/export.zip", name="export_csv")
def export_csv(db: DB, me: Me, clock: Now) -> Response:
    """Everything stored, as CSV files in a zip (cells a spreadsheet would run as formulas are neutralised)."""
    headers = {"Content-Disposition": f'attachment; filename="triggerpoint-{clock.today()}-csv.zip"'}
    return Response(to_csv_zip(export_records(db, me.id, clock.now())), media_type="application/zip", headers=headers)


@upload_router.post("/data/import", name="data_import")
async def data_import(
    request: Request,
    file: Annotated[UploadFile, File(description="a JSON export or a zip of CSV files")],
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
) -> HTMLResponse:
    """Import an export file, all or nothing; records already here are left as they are."""
    settings = request.app.state.settings
    content = await file.read()
    try:
        data, where = read_export(content, Limits(max_unpacked_bytes=settings.max_unpacked_bytes))
        added = import_records(Context(db, kb, me.id, clock.now()), data, where)
    except ImportFileError as error:
        context = {"error": f"{file.filename or 'the file'}: {error.field}: {error.message}"}
        raise PageError(templates.TemplateResponse(request, "data.html", context, 422)) from None
    return templates.TemplateResponse(request, "data.html", {"added": added})
