"""The therapist's visit as pages: start a visit, the palpation checklist with findings and treatment per
point, the session's length, the home program from the active points, and the SOAP note to edit and sign.

Only a therapist caring for the client reaches these (the same check as the visit API); everyone else,
and everyone on a personal machine, gets a 404. The rules are in visits.service, visits.checklist and
visits.notes; these routes read forms, call them and show the answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from triggerpoint.atlas.render import render_svg
from triggerpoint.clients.models import Client
from triggerpoint.clock import Clock
from triggerpoint.errors import FieldError
from triggerpoint.framework.deps import DB, KB, Index, Me, Now, SignedIn, Templates, recording_therapist
from triggerpoint.framework.errors import PageError, status_of
from triggerpoint.framework.links import path_for
from triggerpoint.kb import KnowledgeBase
from triggerpoint.programs import repository as programs_repo
from triggerpoint.visits import checklist, loop, notes
from triggerpoint.visits import service as visits
from triggerpoint.visits.note_schemas import AddendumForm, NoteForm
from triggerpoint.visits.rules import load_rules
from triggerpoint.visits.schemas import (
    AddedPointForm,
    ExaminationForm,
    VisitFinishForm,
    VisitProgramForm,
    VisitStartForm,
)
from triggerpoint.web.loop_pages import loop_maps

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
VisitId = Annotated[str, Path(max_length=64)]
KEYS = (
    ("t", "taut band"), ("0-9", "tenderness"), ("j", "jump sign"), ("w", "twitch"), ("r", "referred pain"),
    ("f", "familiar pain"), ("x", "treat"), ("l", "released"), ("Shift+letter", "no"), ("Enter", "save"),
)  # fmt: skip


def _visit_url(request: Request, visit_id: str, anchor: str = "") -> str:
    return path_for(request, "visit", visit_id=visit_id) + anchor


def _all_points(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """Every point in the knowledge base as (MUSCLE/POINT, "Muscle: point"), for adding one by hand."""
    return sorted(
        ((f"{m.id}/{p.id}", f"{m.name}: {p.name}") for m in kb.muscles for p in m.trigger_points),
        key=lambda item: item[1],
    )


@cache
def _where_map() -> str:
    """One body map for the whole page, to pick where a point's pain referred (the page's script copies it
    into a point's card when opened and shades that point's usual referral)."""
    return render_svg(title="Where the pain referred: tap a region")


def _visit_context(db: Session, kb: KnowledgeBase, clock: Clock, me: Client, visit_id: str) -> dict[str, Any]:
    visit = visits.get_visit(db, me.id, visit_id)
    items = checklist.checklist(db, kb, visit)
    first, more = checklist.split_checklist(items)
    next_key = next((i.key for i in [*first, *more] if i.finding is None), None)
    program = programs_repo.active_program(db, me.id)
    closed = loop.close_loop(db, kb, visit)
    maps = loop_maps(kb, closed) if closed.first_visit is not None else None
    return {
        "loop_read": closed,
        "loop_maps": maps,
        "local": clock.local,
        "visit": visits.read_visit(db, visit),
        "items": first,
        "more": more,
        "next_key": next_key,
        "more_open": any(i.key == next_key for i in more),
        "start": checklist.treatment_start(db, visit),
        "techniques": load_rules().techniques,
        "active": [i for i in items if i.finding and i.finding.classification == "active"],
        "program": program,
        "all_points": _all_points(kb),
        "keys": KEYS,
        "where_map": _where_map(),
        "zone": clock.zone,
        "kb": kb,
        "error": None,
        "error_key": None,
    }


@router.post("/visits", name="visit_start")
def start_visit(
    request: Request,
    form: Annotated[VisitStartForm, Form()],
    db: DB,
    me: Me,
    signed_in: SignedIn,
    clock: Now,
    index: Index,
) -> Response:
    """Start a visit from a drawing (or none) and open its checklist."""
    therapist = recording_therapist(db, signed_in, me)
    visit = visits.start_visit(db, me.id, therapist, form.drawing, clock.now(), index)
    return RedirectResponse(_visit_url(request, visit.uuid), status_code=303)


@router.get("/visits/{visit_id}", name="visit")
def visit_page(
    request: Request, visit_id: VisitId, templates: Templates, kb: KB, db: DB, me: Me, signed_in: SignedIn, clock: Now
) -> HTMLResponse:
    """The visit: precautions, the palpation checklist with treatment, the length, the home program."""
    recording_therapist(db, signed_in, me)
    return templates.TemplateResponse(request, "visit.html", _visit_context(db, kb, clock, me, visit_id))


@contextmanager
def _shown_on_the_visit(request: Request, templates: Any, db: Session, kb: KnowledgeBase, clock: Clock, me: Client,
                        visit_id: str, key: str | None = None) -> Iterator[None]:  # fmt: skip
    """A refused form shows the visit page again with the reason (at the point `key`, when there is one)."""
    try:
        yield
    except FieldError as error:
        db.rollback()  # nothing of the refused form is kept; the page shows what was stored before it
        context = _visit_context(db, kb, clock, me, visit_id) | {"error": str(error), "error_key": key}
        raise PageError(templates.TemplateResponse(request, "visit.html", context, status_of(error))) from None


@router.post("/visits/{visit_id}/points", name="visit_point")
def record_point(
    request: Request, visit_id: VisitId, form: Annotated[ExaminationForm, Form()], templates: Templates, kb: KB,
    db: DB, me: Me, signed_in: SignedIn, clock: Now,
) -> Response:  # fmt: skip
    """Record one point's finding and, when ticked, its treatment; then on to the next point."""
    recording_therapist(db, signed_in, me)
    found = form.finding
    key = f"{found.muscle}/{found.point}/{found.side}"
    with _shown_on_the_visit(request, templates, db, kb, clock, me, visit_id, key):
        checklist.record_examination(db, kb, me.id, visit_id, found, form.treatment)
    return RedirectResponse(_visit_url(request, visit_id, "#checklist"), status_code=303)


@router.post("/visits/{visit_id}/added", name="visit_add_point")
def add_point(
    request: Request, visit_id: VisitId, form: Annotated[AddedPointForm, Form()], templates: Templates, kb: KB,
    db: DB, me: Me, signed_in: SignedIn, clock: Now,
) -> Response:  # fmt: skip
    """Put a point the finder did not suggest on the checklist."""
    recording_therapist(db, signed_in, me)
    with _shown_on_the_visit(request, templates, db, kb, clock, me, visit_id):
        visits.add_point(db, kb, me.id, visit_id, form)
    return RedirectResponse(_visit_url(request, visit_id, "#checklist"), status_code=303)


@router.post("/visits/{visit_id}/finish", name="visit_finish")
def finish_visit(
    request: Request, visit_id: VisitId, form: Annotated[VisitFinishForm, Form()], db: DB, me: Me, signed_in: SignedIn
) -> Response:
    """Record how long the visit took."""
    recording_therapist(db, signed_in, me)
    visits.finish_visit(db, me.id, visit_id, form.minutes)
    return RedirectResponse(_visit_url(request, visit_id, "#length"), status_code=303)


@router.post("/visits/{visit_id}/program", name="visit_program")
def assign_program(
    request: Request, visit_id: VisitId, form: Annotated[VisitProgramForm, Form()], templates: Templates, kb: KB,
    db: DB, me: Me, signed_in: SignedIn, clock: Now,
) -> Response:  # fmt: skip
    """Assign the client a home program built from points found active at this visit."""
    recording_therapist(db, signed_in, me)
    with _shown_on_the_visit(request, templates, db, kb, clock, me, visit_id):
        checklist.assign_program(db, kb, me.id, visit_id, form.points, clock.today())
    return RedirectResponse(_visit_url(request, visit_id, "#program"), status_code=303)


def _note_context(db: Session, kb: KnowledgeBase, me: Client, visit_id: str, error: str | None) -> dict[str, Any]:
    visit = visits.get_visit(db, me.id, visit_id)
    try:
        view: notes.NoteView | None = notes.note_view(db, me.id, visit_id)
    except FieldError:
        view = None  # no note saved yet: the page shows the draft the records write
    draft = notes.preview(db, kb, me.id, visit_id) if view is None else None
    return {"visit": visits.read_visit(db, visit), "view": view, "draft": draft, "error": error}


@router.get("/visits/{visit_id}/note", name="visit_note")
def note_page(
    request: Request, visit_id: VisitId, templates: Templates, kb: KB, db: DB, me: Me, signed_in: SignedIn, clock: Now
) -> HTMLResponse:
    """The SOAP note: the draft written from the visit's records, to edit and sign; once signed, its addenda."""
    recording_therapist(db, signed_in, me)
    context = _note_context(db, kb, me, visit_id, None) | {"zone": clock.zone}
    return templates.TemplateResponse(request, "visit_note.html", context)


@router.post("/visits/{visit_id}/note", name="visit_note_save")
def save_note(
    request: Request, visit_id: VisitId, form: Annotated[NoteForm, Form()], templates: Templates, kb: KB, db: DB,
    me: Me, signed_in: SignedIn, clock: Now,
) -> Response:  # fmt: skip
    """Save the note's sections (from the version read); sign it too when asked."""
    therapist = recording_therapist(db, signed_in, me)
    changed = {} if form.redraft else {n: text for n in notes.SECTIONS if (text := getattr(form, n)) is not None}
    try:
        note = notes.save_note(db, kb, me.id, visit_id, form.version, changed, clock.now(), redraft=form.redraft)
        if form.sign:
            notes.sign_read_version(db, me.id, visit_id, note.version, therapist, clock.now())
    except FieldError as error:
        db.rollback()
        context = _note_context(db, kb, me, visit_id, str(error)) | {"zone": clock.zone}
        raise PageError(templates.TemplateResponse(request, "visit_note.html", context, status_of(error))) from None
    return RedirectResponse(path_for(request, "visit_note", visit_id=visit_id), status_code=303)


@router.post("/visits/{visit_id}/note/addenda", name="visit_addendum")
def add_addendum(
    request: Request, visit_id: VisitId, form: Annotated[AddendumForm, Form()], db: DB, me: Me, signed_in: SignedIn,
    clock: Now,
) -> Response:  # fmt: skip
    """Add a dated correction or addition to the signed note."""
    therapist = recording_therapist(db, signed_in, me)
    note = notes.note_of_visit(db, me.id, visit_id)
    notes.add_addendum(db, me.id, note.uuid, therapist, form.text, clock.now())
    return RedirectResponse(path_for(request, "visit_note", visit_id=visit_id) + "#addenda", status_code=303)
