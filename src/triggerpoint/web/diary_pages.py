"""The pain diary pages (a new entry and the list; one entry to change, delete or restore) and export and import."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from triggerpoint.atlas import render_svg
from triggerpoint.atlas.render import intensity_shades, shade_colour
from triggerpoint.clock import Clock
from triggerpoint.diary import repository as diary_repo
from triggerpoint.diary import service as diary
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.diary.schemas import MEDICATION_ROWS, DiaryEntryDeleteForm, DiaryEntryEditForm, DiaryEntryForm
from triggerpoint.diary.service import DuplicateSubmissionError, add_entry
from triggerpoint.drawings import repository as drawings_repo
from triggerpoint.errors import FieldError
from triggerpoint.exchange.files import ImportFileError, Limits
from triggerpoint.exchange.service import Context, export_records, import_records, read_export, to_csv_zip
from triggerpoint.framework.deps import DB, KB, Me, Now, Templates
from triggerpoint.framework.errors import PageError, status_of
from triggerpoint.framework.links import path_for
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import View
from triggerpoint.programs import repository as programs_repo
from triggerpoint.sessions import repository as sessions_repo

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
upload_router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
EntryId = Annotated[str, Path(max_length=64)]
LEVEL_COLOURS = [shade_colour(0.15 + 0.85 * level / 10) for level in range(11)]
WHEN = "%Y-%m-%dT%H:%M"  # what a datetime-local field shows and sends
FILLABLE = ("pain", "sleep_quality", "stress", "mood", "triggers", "trigger_notes", "took_no_medication", "notes")


def _latest(db: Session, me: Any) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Where it hurt last time and how: the newer of the last diary entry's areas and the last body-map drawing."""
    entry = next((e for e in diary_repo.recent(db, me.id, limit=20) if e.drawing), None)
    drawing = next(iter(drawings_repo.recent(db, me.id, limit=1)), None)
    candidates = [(e.recorded_at, dict(e.drawing), dict(e.qualities)) for e in [entry] if e] + [
        (d.recorded_at, dict(d.regions), {}) for d in [drawing] if d
    ]
    newest = max(candidates, key=lambda c: c[0]) if candidates else None
    return (newest[1], newest[2]) if newest else ({}, {})


def _timeline(db: Session, me: Any, clock: Clock) -> list[tuple[datetime, str, Any]]:
    entries: list[tuple[datetime, str, Any]] = [
        (clock.local(e.recorded_at), "entry", e) for e in diary_repo.recent(db, me.id, limit=30)
    ]
    drawn = [(clock.local(d.recorded_at), "drawing", d) for d in drawings_repo.recent(db, me.id, limit=30)]
    return sorted(entries + drawn, key=lambda row: row[0], reverse=True)[:30]


def _filled_from(entry: DiaryEntry | None, levels: dict[str, int], qualities: dict[str, list[str]]) -> dict[str, Any]:
    """What the form shows: an entry's values, or a blank entry starting from the last areas."""
    values = {name: getattr(entry, name) if entry else None for name in FILLABLE}
    values |= {"levels": levels, "qualities": qualities, "medications": list(entry.medications) if entry else []}
    return values | {"triggers": values["triggers"] or [], "notes": values["notes"] or ""}


def _filled_with(filled: dict[str, Any], form: DiaryEntryForm | DiaryEntryEditForm) -> dict[str, Any]:
    """The form as the person sent it, over what it showed (a refused form is shown again as sent)."""
    sent = {name: getattr(form, name) for name in form.model_fields_set if name in FILLABLE}
    levels = dict(form.drawing or {}) | dict.fromkeys(form.regions or [], None)
    medications = [m.model_dump() for m in form.medications or []]
    return filled | sent | {"levels": levels, "qualities": dict(form.qualities or {}), "medications": medications}


def _form_context(kb: KnowledgeBase, filled: dict[str, Any]) -> dict[str, Any]:
    shades = intensity_shades({r: level or kb.rules.unrated_level for r, level in filled["levels"].items()})
    return {
        "filled": filled,
        "front": render_svg(shades, views=[View.FRONT], interactive=True, title="Where it hurts, front"),
        "back": render_svg(shades, views=[View.BACK], interactive=True, title="Where it hurts, back"),
        "colours": LEVEL_COLOURS,
        "rows": range(MEDICATION_ROWS),
        "kb": kb,
    }


def _diary_context(
    kb: KnowledgeBase, db: Session, me: Any, clock: Clock, form: DiaryEntryForm | None = None
) -> dict[str, Any]:
    latest = diary_repo.latest(db, me.id)
    program = programs_repo.active_program(db, me.id)
    todays = sessions_repo.session_on(db, me.id, program.id, clock.today()) if program else None
    filled = _filled_from(None, *_latest(db, me))
    return _form_context(kb, _filled_with(filled, form) if form else filled) | {
        "timeline": _timeline(db, me, clock),
        "last_pain": latest.pain if latest else None,
        "submission_id": form.submission_id if form else uuid.uuid4().hex,
        "todays_session": todays,
        "local": clock.local,
    }


def _notices(db: Session, me: Any, clock: Clock, query: dict[str, str | None]) -> dict[str, Any]:
    """What the diary page says after a save, an edit, a delete (with its undo) or a restore."""
    deleted = diary.restorable(db, me.id, query["deleted"], clock.now()) if query["deleted"] else None
    changed = next((query[k] for k in ("edited", "restored") if query[k]), None)
    return {"deleted": deleted, "highlight": changed} | {k: bool(query[k]) for k in ("edited", "restored")}


@router.get("/diary", name="diary")
def diary_page(
    request: Request,
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
    saved: bool = False,
    edited: Annotated[str | None, Query(max_length=64)] = None,
    deleted: Annotated[str | None, Query(max_length=64)] = None,
    restored: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    """The pain diary: a quick entry form (the last drawing already filled in) and recent entries and drawings."""
    query = {"edited": edited, "deleted": deleted, "restored": restored}
    context = _diary_context(kb, db, me, clock) | _notices(db, me, clock, query) | {"saved": saved}
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
    saved = RedirectResponse(path_for(request, "diary") + "?saved=true", status_code=303)
    try:
        add_entry(db, kb, me.id, form, clock.now())
    except DuplicateSubmissionError:
        return saved
    except FieldError as error:
        context = _diary_context(kb, db, me, clock, form) | {"error": f"Not saved: {error.message} ({error.field})."}
        raise PageError(templates.TemplateResponse(request, "diary.html", context, 422)) from None
    return saved


def _edit_page(
    request: Request,
    templates: Any,
    kb: KnowledgeBase,
    clock: Clock,
    entry: DiaryEntry,
    form: DiaryEntryEditForm | None = None,
    error: FieldError | None = None,
) -> HTMLResponse:
    filled = _filled_from(entry, dict(entry.drawing), dict(entry.qualities))
    context = _form_context(kb, _filled_with(filled, form) if form else filled) | {
        "entry": entry,
        "when": clock.local(entry.recorded_at).strftime(WHEN),
        "shown": clock.local(entry.recorded_at),
        "local": clock.local,
        "error": error,
        "stale": isinstance(error, diary.StaleEntryError),
    }
    status = status_of(error) if error else 200
    response: HTMLResponse = templates.TemplateResponse(request, "diary_entry.html", context, status)
    return response


def _to_diary(request: Request, **query: str) -> RedirectResponse:
    where = path_for(request, "diary")
    anchor = next(iter(query.values()), "")
    url = f"{where}?{'&'.join(f'{k}={v}' for k, v in query.items())}" + (f"#entry-{anchor}" if anchor else "")
    return RedirectResponse(url, status_code=303)


@router.get("/diary/{entry_id}", name="diary_entry")
def diary_entry_page(
    request: Request, entry_id: EntryId, kb: KB, db: DB, me: Me, clock: Now, templates: Templates
) -> HTMLResponse:
    """One diary entry, in the diary form, to change or delete."""
    return _edit_page(request, templates, kb, clock, diary.get_entry(db, me.id, entry_id))


@router.post("/diary/{entry_id}", name="diary_update")
def diary_update(
    request: Request,
    entry_id: EntryId,
    form: Annotated[DiaryEntryEditForm, Form()],
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
) -> Response:
    """Save the changes to an entry; if it was changed elsewhere since the page was opened, say so (409)."""
    try:
        entry = diary.edit_entry(db, kb, me.id, entry_id, form.in_zone(clock.zone), clock.now())
    except FieldError as error:
        current = diary.get_entry(db, me.id, entry_id)
        shown = None if isinstance(error, diary.StaleEntryError) else form  # a stale form shows the entry as it is now
        raise PageError(_edit_page(request, templates, kb, clock, current, shown, error)) from None
    return _to_diary(request, edited=entry.uuid)


@router.post("/diary/{entry_id}/delete", name="diary_delete")
def diary_delete(
    request: Request,
    entry_id: EntryId,
    form: Annotated[DiaryEntryDeleteForm, Form()],
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
) -> Response:
    """Delete an entry; the diary then offers to undo it."""
    try:
        entry = diary.delete_entry(db, me.id, entry_id, form.version, clock.now())
    except diary.StaleEntryError as error:
        current = diary.get_entry(db, me.id, entry_id)
        raise PageError(_edit_page(request, templates, kb, clock, current, None, error)) from None
    return _to_diary(request, deleted=entry.uuid)


@router.post("/diary/{entry_id}/restore", name="diary_restore")
def diary_restore(request: Request, entry_id: EntryId, db: DB, me: Me, clock: Now) -> Response:
    """Undo a delete (within 24 hours of it)."""
    entry = diary.restore_entry(db, me.id, entry_id, clock.now())
    return _to_diary(request, restored=entry.uuid)


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
        agreed = (await request.form()).get("consent") == "yes"  # the clinic-mode box: the person agrees
        into = Context(db, kb, me.id, clock.now(), into_clinic=settings.clinic)
        added = import_records(into, data | {"consent": True} if agreed else data, where)
    except ImportFileError as error:
        context = {"error": f"{file.filename or 'the file'}: {error.field}: {error.message}"}
        raise PageError(templates.TemplateResponse(request, "data.html", context, 422)) from None
    return templates.TemplateResponse(request, "data.html", {"added": added})
