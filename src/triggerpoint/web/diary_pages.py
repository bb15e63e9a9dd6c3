"""The pain diary page and the export and import page."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from triggerpoint.diary import repository as diary_repo
from triggerpoint.diary.service import (
    DiaryEntryCreate,
    DiaryInputError,
    DuplicateSubmissionError,
    Medication,
    add_entry,
)
from triggerpoint.exchange.service import ImportFileError, export_records, from_csv_zip, import_records, to_csv_zip
from triggerpoint.kb import KnowledgeBase
from triggerpoint.programs import repository as programs_repo
from triggerpoint.sessions import repository as sessions_repo
from triggerpoint.web.deps import DB, Me, Now
from triggerpoint.web.pages import KB, templates

router = APIRouter(default_response_class=HTMLResponse)
MEDICATION_ROWS = 3


def _diary_context(kb: KnowledgeBase, db: Any, me: Any, clock: Any, error: str | None = None) -> dict[str, Any]:
    latest = diary_repo.latest(db, me.id)
    program = programs_repo.active_program(db, me.id)
    todays = sessions_repo.session_on(db, me.id, program.id, clock.today()) if program else None
    return {
        "entries": diary_repo.recent(db, me.id, limit=30),
        "last_drawing": latest.drawing if latest else {},
        "last_pain": latest.pain if latest else None,
        "submission_id": uuid.uuid4().hex,
        "todays_session": todays,
        "rows": range(MEDICATION_ROWS),
        "error": error,
        "kb": kb,
    }


@router.get("/diary", name="diary")
def diary_page(request: Request, kb: KB, db: DB, me: Me, clock: Now, saved: bool = False) -> HTMLResponse:
    """The pain diary: a quick entry form (the last drawing already filled in) and recent entries."""
    context = _diary_context(kb, db, me, clock) | {"saved": saved}
    return templates.TemplateResponse(request, "diary.html", context)


def _level(form: FormData, name: str) -> int | None:
    raw = str(form.get(name, "")).strip()
    if not raw:
        return None
    if not raw.lstrip("-").isdigit():
        raise DiaryInputError(name, "must be a whole number from 0 to 10")
    return int(raw)


def _entry_from_form(form: FormData) -> DiaryEntryCreate:
    pain = _level(form, "pain")
    if pain is None:
        raise DiaryInputError("pain", "choose your pain now, from 0 to 10")
    medications = [
        Medication(name=str(form.get(f"med-name-{i}")).strip(), dose=str(form.get(f"med-dose-{i}", "")).strip())
        for i in range(MEDICATION_ROWS)
        if str(form.get(f"med-name-{i}", "")).strip()
    ]
    drawing = {str(r): (_level(form, f"intensity-{r}") or 5) for r in form.getlist("region") if r}
    return DiaryEntryCreate(
        submission_id=str(form.get("submission_id", "")),
        pain=pain,
        drawing=drawing,
        sleep_quality=_level(form, "sleep_quality"),
        stress=_level(form, "stress"),
        medications=medications,
        took_no_medication=form.get("took_no_medication") == "on",
        session=str(form.get("session")) if form.get("session") else None,
        notes=str(form.get("notes", "")),
    )


def _message(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"


@router.post("/diary", name="diary_save")
async def diary_save(request: Request, kb: KB, db: DB, me: Me, clock: Now) -> Response:
    """Save a diary entry; a second press of the same form saves nothing twice."""
    form = await request.form()
    try:
        add_entry(db, kb, me.id, _entry_from_form(form), clock.now())
    except DuplicateSubmissionError:
        return RedirectResponse(request.app.url_path_for("diary") + "?saved=true", status_code=303)
    except DiaryInputError as error:
        context = _diary_context(kb, db, me, clock, f"Not saved: {error.message} ({error.field}).")
        return templates.TemplateResponse(request, "diary.html", context, status_code=422)
    except ValidationError as error:
        context = _diary_context(kb, db, me, clock, f"Not saved: {_message(error)}.")
        return templates.TemplateResponse(request, "diary.html", context, status_code=422)
    db.commit()
    return RedirectResponse(request.app.url_path_for("diary") + "?saved=true", status_code=303)


@router.get("/data", name="data")
def data_page(request: Request) -> HTMLResponse:
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
    """Everything stored, as CSV files in a zip."""
    headers = {"Content-Disposition": f'attachment; filename="triggerpoint-{clock.today()}-csv.zip"'}
    return Response(to_csv_zip(export_records(db, me.id, clock.now())), media_type="application/zip", headers=headers)


async def _read_upload(form: FormData) -> dict[str, Any]:
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise ImportFileError("choose an export file to import")
    content = await upload.read()
    if content[:2] == b"PK":
        return from_csv_zip(content)
    try:
        data: dict[str, Any] = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportFileError(f"not a JSON or CSV export: {error}") from error
    return data


@router.post("/data/import", name="data_import")
async def data_import(request: Request, db: DB, me: Me) -> HTMLResponse:
    """Import an export file; records already here are left as they are."""
    try:
        async with request.form() as form:  # closes the uploaded file's temporary copy
            data = await _read_upload(form)
        added = import_records(db, me.id, data)
    except ImportFileError as error:
        db.rollback()
        return templates.TemplateResponse(request, "data.html", {"error": str(error)}, status_code=422)
    db.commit()
    return templates.TemplateResponse(request, "data.html", {"added": added})
