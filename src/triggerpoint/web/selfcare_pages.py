"""Self-care pages: build and edit a home program, the guided session, the check-in, reminders."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from triggerpoint.atlas import point_marker, render_svg
from triggerpoint.kb import KnowledgeBase, UnknownIdError
from triggerpoint.kb.schema import Side
from triggerpoint.programs import repository as programs_repo
from triggerpoint.programs import service as programs
from triggerpoint.selfcare import EditError, ItemEdit, PointChoice, Soreness, SorenessReport, Trend
from triggerpoint.selfcare.dosing import DEFAULT_RULES
from triggerpoint.selfcare.reminders import program_calendar
from triggerpoint.sessions import service as sessions
from triggerpoint.web.deps import DB, Me, Now
from triggerpoint.web.pages import KB, templates

router = APIRouter(default_response_class=HTMLResponse)


def _see_other(request: Request, name: str) -> RedirectResponse:
    return RedirectResponse(request.app.url_path_for(name), status_code=303)


def _choices(kb: KnowledgeBase, form: FormData) -> list[PointChoice]:
    choices = []
    for value in form.getlist("point"):
        muscle, _, rest = str(value).partition("/")
        point, _, side = rest.partition("/")
        kb.point(muscle, point)  # raises UnknownIdError for anything unknown
        if side not in ("left", "right"):
            raise UnknownIdError("side", side, ["left", "right"])
        choices.append(PointChoice(muscle=muscle, point=point, side=Side(side)))
    return choices


def _strings(form: FormData, name: str) -> list[str]:
    return [str(v) for v in form.getlist(name)]


@router.post("/program/new", name="program_new")
async def program_new(request: Request, kb: KB) -> HTMLResponse:
    """Precaution questions for the chosen points, before the program is built."""
    form = await request.form()
    try:
        choices = _choices(kb, form)
    except UnknownIdError as error:
        return templates.TemplateResponse(request, "problem.html", {"message": str(error)}, status_code=422)
    if not choices:
        message = "Choose at least one trigger point for your program."
        return templates.TemplateResponse(request, "problem.html", {"message": message}, status_code=422)
    context = {"choices": choices, "activities": _strings(form, "activity"), "kb": kb}
    return templates.TemplateResponse(request, "program_new.html", context)


@router.post("/program", name="program_create")
async def program_create(request: Request, kb: KB, db: DB, me: Me, clock: Now) -> Response:
    """Build and keep the home program."""
    form = await request.form()
    try:
        choices = _choices(kb, form)
        precautions = [kb.precaution(p).id for p in _strings(form, "precaution")]
    except UnknownIdError as error:
        return templates.TemplateResponse(request, "problem.html", {"message": str(error)}, status_code=422)
    activities = [a for a in _strings(form, "activity") if a in {t.id for t in kb.vocabularies.activities}]
    programs.create_program(db, kb, me.id, choices, activities, precautions, clock.today())
    db.commit()
    return _see_other(request, "program")


def _program_context(db: Any, me: Any, clock: Any, kb: KnowledgeBase) -> dict[str, Any] | None:
    program = programs_repo.active_program(db, me.id)
    if program is None:
        return None
    plan = programs.plan_of(program)
    today = clock.today()
    day_index = (today - program.starts_on).days
    return {
        "program": program,
        "plan": plan,
        "today": sessions.plan_for(program, today),
        "day_index": day_index,
        "cycle": len(plan.schedule),
        "pending": sessions.pending_checkin(db, me.id, today),
        "rules": DEFAULT_RULES,
        "kb": kb,
    }


@router.get("/program", name="program")
def program_page(request: Request, kb: KB, db: DB, me: Me, clock: Now) -> HTMLResponse:
    """The home program: today's points, the rotation, advice, edits, reminders."""
    context = _program_context(db, me, clock, kb)
    if context is None:
        return templates.TemplateResponse(request, "no_program.html", {})
    return templates.TemplateResponse(request, "program.html", context)


def _edits(form: FormData, keys: list[str]) -> list[ItemEdit]:
    edits = []
    for index, key in enumerate(keys):
        values: dict[str, Any] = {"key": key, "enabled": form.get(f"enabled-{index}") == "on"}
        for field in ("pressure", "seconds", "strokes", "times_per_day"):
            raw = str(form.get(f"{field}-{index}", "")).strip()
            if raw:
                if not raw.isdigit():
                    raise EditError(f"{field}-{index}", "must be a whole number")
                values[field] = int(raw)
        edits.append(ItemEdit(**values))
    return edits


@router.post("/program/edit", name="program_edit")
async def program_edit(request: Request, kb: KB, db: DB, me: Me, clock: Now) -> Response:
    """Keep the person's changes to doses and which points are in (within the dosing rules)."""
    program = programs_repo.active_program(db, me.id)
    if program is None:
        return _see_other(request, "program")
    form = await request.form()
    keys = [item.key for item in programs.plan_of(program).massage]
    try:
        programs.apply_edits(db, program, _edits(form, keys), clock.now())
    except EditError as error:
        db.rollback()
        context = _program_context(db, me, clock, kb) or {}
        context["error"] = f"Not saved: {error.message} ({error.field})."
        return templates.TemplateResponse(request, "program.html", context, status_code=422)
    db.commit()
    return _see_other(request, "program")


@router.post("/program/resume", name="program_resume")
def program_resume(request: Request, db: DB, me: Me) -> Response:
    """Resume a paused program (after talking to a provider)."""
    program = programs_repo.active_program(db, me.id)
    if program is not None:
        programs.resume(db, program)
        db.commit()
    return _see_other(request, "program")


def _close_up(kb: KnowledgeBase, muscle: str, point_id: str, side: Side, name: str) -> str:
    point = kb.point(muscle, point_id)
    marker = point_marker(point, side, name)
    title = f"Where to press: {name}, {side.value} side, seen from the {point.marker.view.value}"
    return render_svg(markers=[marker], views=[point.marker.view], title=title, zoom=marker.at)


@router.get("/session", name="session")
def session_page(request: Request, kb: KB, db: DB, me: Me, clock: Now) -> HTMLResponse:
    """Today's guided session, point by point, with timers and stroke counters."""
    program = programs_repo.active_program(db, me.id)
    if program is None:
        return templates.TemplateResponse(request, "no_program.html", {})
    today = sessions.todays_session(db, me.id, program, clock.today())
    db.commit()
    figures = {
        item.key: _close_up(kb, item.muscle, item.point, item.side, item.point_name) for item in today.plan.massage
    }
    context = {"program": program, "today": today, "figures": figures, "kb": kb}
    return templates.TemplateResponse(request, "session.html", context)


@router.post("/session/item", name="session_item")
async def session_item(request: Request, db: DB, me: Me, clock: Now) -> Response:
    """Log one item done or skipped (the page's script does the same over the JSON API)."""
    program = programs_repo.active_program(db, me.id)
    if program is None or program.paused_at is not None:
        return _see_other(request, "program")
    form = await request.form()
    today = sessions.todays_session(db, me.id, program, clock.today())
    try:
        sessions.mark_item(db, me.id, today, str(form.get("key", "")), str(form.get("status", "")), clock.now())
    except sessions.SessionInputError as error:
        return templates.TemplateResponse(request, "problem.html", {"message": str(error)}, status_code=422)
    db.commit()
    return RedirectResponse(request.app.url_path_for("session"), status_code=303)


@router.get("/checkin", name="checkin")
def checkin_page(request: Request, db: DB, me: Me, clock: Now) -> Response:
    """How do you feel after your last session?"""
    about = sessions.pending_checkin(db, me.id, clock.today())
    if about is None:
        return _see_other(request, "program")
    context = {"about": about, "days": (clock.today() - about.day).days}
    return templates.TemplateResponse(request, "checkin.html", context)


@router.post("/checkin", name="checkin_save")
async def checkin_save(request: Request, db: DB, me: Me, clock: Now) -> Response:
    """Apply the soreness rule and say what it means."""
    about = sessions.pending_checkin(db, me.id, clock.today())
    program = programs_repo.active_program(db, me.id)
    if about is None or program is None:
        return _see_other(request, "program")
    form = await request.form()
    try:
        report = SorenessReport(
            soreness=Soreness(str(form.get("soreness"))),
            trend=Trend(str(form.get("trend", "fading"))),
            days_since_session=(clock.today() - about.day).days,
            bruising=form.get("bruising") == "on",
            numbness=form.get("numbness") == "on",
            weakness=form.get("weakness") == "on",
        )
    except ValueError:
        context = {"about": about, "days": (clock.today() - about.day).days, "error": "Please choose an answer."}
        return templates.TemplateResponse(request, "checkin.html", context, status_code=422)
    checkin = sessions.record_checkin(db, me.id, program, about, report, clock.today(), clock.now())
    db.commit()
    return templates.TemplateResponse(request, "checkin_done.html", {"checkin": checkin})


@router.get("/reminders.ics", name="reminders")
def reminders(request: Request, db: DB, me: Me, clock: Now, download: bool = False) -> Response:
    """The program's sessions as an iCalendar feed for any calendar app (`?download=1` to save a file)."""
    program = programs_repo.active_program(db, me.id)
    if program is None:
        return Response("No home program yet.", status_code=404, media_type="text/plain")
    ics = program_calendar(programs.plan_of(program), program.starts_on, clock.today(), program.uuid)
    headers = {"Content-Disposition": 'attachment; filename="triggerpoint-reminders.ics"'} if download else {}
    return Response(ics, media_type="text/calendar; charset=utf-8", headers=headers)
