"""Self-care pages: build and edit a home program, the guided session, the check-in, reminders."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from triggerpoint.atlas import point_marker, render_svg
from triggerpoint.clock import Clock
from triggerpoint.errors import FieldError
from triggerpoint.framework.deps import DB, KB, Me, Now, Templates
from triggerpoint.framework.errors import PageError
from triggerpoint.framework.links import path_for
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Side
from triggerpoint.programs import repository as programs_repo
from triggerpoint.programs import service as programs
from triggerpoint.programs.schemas import ProgramEditForm, ProgramForm
from triggerpoint.reports.pdf import html_to_pdf
from triggerpoint.selfcare.reminders import program_calendar
from triggerpoint.sessions import service as sessions
from triggerpoint.sessions.schemas import CheckInForm, ItemMarkForm

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


def _see_other(request: Request, name: str, query: str = "") -> RedirectResponse:
    return RedirectResponse(path_for(request, name) + query, status_code=303)


@router.post("/program/new", name="program_new")
def program_new(request: Request, form: Annotated[ProgramForm, Form()], kb: KB, templates: Templates) -> HTMLResponse:
    """Precaution questions for the chosen points, before the program is built (stores nothing)."""
    programs.check_choices(kb, form)
    context = {"choices": form.points, "activities": form.activities, "kb": kb}
    return templates.TemplateResponse(request, "program_new.html", context)


@router.post("/program", name="program_create")
def program_create(
    request: Request, form: Annotated[ProgramForm, Form()], kb: KB, db: DB, me: Me, clock: Now
) -> Response:
    """Build and keep the home program."""
    programs.create_program(db, kb, me.id, form, clock.today())
    return _see_other(request, "program", "?saved=created")


def _program_context(db: Session, me: Any, clock: Clock, kb: KnowledgeBase) -> dict[str, Any] | None:
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
        "rules": kb.rules.dosing,
        "kb": kb,
    }


@router.get("/program", name="program")
def program_page(
    request: Request, kb: KB, db: DB, me: Me, clock: Now, templates: Templates, saved: str | None = None
) -> HTMLResponse:
    """The home program: today's points, the rotation, advice, edits, reminders."""
    context = _program_context(db, me, clock, kb)
    if context is None:
        return templates.TemplateResponse(request, "no_program.html", {})
    return templates.TemplateResponse(request, "program.html", context | {"saved": saved})


@router.post("/program/edit", name="program_edit")
def program_edit(
    request: Request,
    form: Annotated[ProgramEditForm, Form()],
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
) -> Response:
    """Keep the person's changes to doses and which points are in (within the dosing rules)."""
    program = programs.active_program(db, me.id)
    try:
        programs.apply_edits(db, kb, program, form.edits, clock.now())
    except FieldError as error:
        db.rollback()
        context = (_program_context(db, me, clock, kb) or {}) | {"error": f"Not saved: {error.message}."}
        raise PageError(templates.TemplateResponse(request, "program.html", context, 422)) from None
    return _see_other(request, "program", "?saved=edited")


@router.post("/program/resume", name="program_resume")
def program_resume(request: Request, db: DB, me: Me) -> Response:
    """Resume a paused program (after talking to a provider)."""
    programs.resume(db, programs.active_program(db, me.id))
    return _see_other(request, "program", "?saved=resumed")


def _close_up(kb: KnowledgeBase, muscle: str, point_id: str, side: Side, name: str) -> str:
    point = kb.point(muscle, point_id)
    marker = point_marker(point, side, name)
    title = f"Where to press: {name}, {side.value} side, seen from the {point.marker.view.value}"
    return render_svg(markers=[marker], views=[point.marker.view], title=title, zoom=marker.at)


def _handout_context(kb: KnowledgeBase, db: Session, me: Any) -> dict[str, Any]:
    program = programs.active_program(db, me.id)
    plan = programs.plan_of(program)
    figures = {item.key: _close_up(kb, item.muscle, item.point, item.side, item.point_name) for item in plan.massage}
    return {"program": program, "plan": plan, "figures": figures, "cycle": len(plan.schedule), "kb": kb}


@router.get("/program/handout", name="program_handout")
def program_handout(request: Request, kb: KB, db: DB, me: Me, templates: Templates) -> HTMLResponse:
    """The home program on one page, with a picture of where to press for each point, to print."""
    return templates.TemplateResponse(request, "handout.html", _handout_context(kb, db, me))


@router.get("/program/handout.pdf", name="program_handout_pdf")
def program_handout_pdf(request: Request, kb: KB, db: DB, me: Me, clock: Now, templates: Templates) -> Response:
    """The one-page handout as a PDF."""
    html = templates.get_template("report_handout.html").render(_handout_context(kb, db, me) | {"request": request})
    headers = {"Content-Disposition": f'inline; filename="triggerpoint-program-{clock.today()}.pdf"'}
    return Response(html_to_pdf(html), media_type="application/pdf", headers=headers)


@router.get("/session", name="session")
def session_page(request: Request, kb: KB, db: DB, me: Me, clock: Now, templates: Templates) -> HTMLResponse:
    """Today's guided session, point by point, with timers and stroke counters."""
    program = programs_repo.active_program(db, me.id)
    if program is None:
        return templates.TemplateResponse(request, "no_program.html", {})
    today = sessions.todays_session(db, me.id, program, clock.today())
    figures = {
        item.key: _close_up(kb, item.muscle, item.point, item.side, item.point_name) for item in today.plan.massage
    }
    context = {"program": program, "today": today, "figures": figures, "kb": kb}
    return templates.TemplateResponse(request, "session.html", context)


@router.post("/session/item", name="session_item")
def session_item(request: Request, form: Annotated[ItemMarkForm, Form()], db: DB, me: Me, clock: Now) -> Response:
    """Log one item done or skipped (the page's script does the same over the JSON API)."""
    sessions.mark_item(db, me.id, form, clock.today(), clock.now())
    return _see_other(request, "session")


@router.get("/checkin", name="checkin")
def checkin_page(request: Request, db: DB, me: Me, clock: Now, templates: Templates) -> Response:
    """How do you feel after your last session?"""
    about = sessions.pending_checkin(db, me.id, clock.today())
    context = {"about": about, "days": (clock.today() - about.day).days if about else 0}
    return templates.TemplateResponse(request, "checkin.html", context)


@router.post("/checkin", name="checkin_save")
def checkin_save(
    request: Request, form: Annotated[CheckInForm, Form()], kb: KB, db: DB, me: Me, clock: Now, templates: Templates
) -> Response:
    """Apply the soreness rule and say what it means."""
    checkin = sessions.record_checkin(db, kb, me.id, form, clock.today(), clock.now())
    return templates.TemplateResponse(request, "checkin_done.html", {"checkin": checkin})


@router.get("/reminders.ics", name="reminders")
def reminders(db: DB, me: Me, clock: Now, download: bool = False) -> Response:
    """The program's sessions as an iCalendar feed for any calendar app (`?download=1` to save a file)."""
    program = programs.active_program(db, me.id)
    ics = program_calendar(programs.plan_of(program), program.starts_on, clock.today(), program.uuid)
    headers = {"Content-Disposition": 'attachment; filename="triggerpoint-reminders.ics"'} if download else {}
    return Response(ics, media_type="text/calendar; charset=utf-8", headers=headers)
