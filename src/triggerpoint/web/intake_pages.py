"""The intake page: the complaint in the client's own words, the drawing it refers to, and the health history.

The form is read into `IntakeForm` (the JSON API's `IntakeCreate` with form fields reshaped) and
saved by the same service as `POST /api/intake`. A refused form is shown again as sent, each
problem next to its field (422). After saving, a page shows the precautions the answers raised
and the questionnaires that fit the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from sqlalchemy.orm import Session

from triggerpoint.clients.models import Client
from triggerpoint.clock import Clock
from triggerpoint.drawings import repository as drawings_repo
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.errors import FieldError
from triggerpoint.framework.deps import DB, KB, Me, Now, Templates
from triggerpoint.framework.errors import PageError, status_of
from triggerpoint.framework.links import path_for
from triggerpoint.kb import KnowledgeBase, UnknownIdError
from triggerpoint.outcomes import instrument
from triggerpoint.selfcare.program import site_ids, site_label
from triggerpoint.visits import repository as visits_repo
from triggerpoint.visits import service as visits
from triggerpoint.visits.schemas import COMMON_CONDITIONS, HEALTH_QUESTIONS, OPERATION_ROWS, IntakeForm

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
DRAWINGS_OFFERED = 10
QUESTION_LABELS = {
    "pregnant": "Are you pregnant, or might you be?",
    "anticoagulants": (
        "Do you take a blood thinner, such as warfarin, apixaban, rivaroxaban, dabigatran or clopidogrel?"
    ),
    "osteoporosis": "Have you been told you have osteoporosis or thin bones?",
    "bleeding_disorder": "Do you have a bleeding disorder, or do you bruise or bleed very easily?",
    "dvt_history": "Have you ever had a blood clot in a leg or a lung?",
    "cancer": "Do you have cancer, or have you had treatment for cancer in the last year?",
    "lymphedema": "Do you have lymphoedema (long-lasting swelling of an arm or a leg)?",
    "recent_surgery": (
        "Have you had an operation or an injury, such as a broken bone or a bad sprain, in the last 6 weeks?"
    ),
}
SCREEN_WORDS = {
    "clear": "safety questions answered, nothing urgent",
    "refer": "a warning sign was answered yes: see a clinician first",
    "questions": "safety questions not answered yet",
}


@dataclass(frozen=True)
class SentIntake:
    """The intake form as sent: its fields, the model read from them, or the problems by form field name."""

    values: dict[str, Any]
    form: IntakeForm | None = None
    problems: dict[str, str] = field(default_factory=dict)


def _plain(error: ErrorDetails, where: str) -> str:
    """A validation problem in words a client reads next to the field."""
    kind, limit = error["type"], (error.get("ctx") or {}).get("max_length")
    if where in HEALTH_QUESTIONS:
        return "Please answer yes or no."
    if where.startswith("operation-on"):
        return "Please give the date as year-month-day, for example 2026-02-20."
    if where.startswith("operation-site"):
        return "Please choose where it was."
    if where == "drawing":
        return "Please choose one of your own drawings."
    if kind in ("string_too_long", "too_long") and limit is not None:
        return f"Too long: at most {limit} {'characters' if kind == 'string_too_long' else 'entries'}."
    return str(error["msg"])


async def read_intake_form(request: Request) -> SentIntake:
    """The intake form read into `IntakeForm`, or what was wrong with it, field by field."""
    sent = await request.form()
    values: dict[str, Any] = {}
    for key in sent:
        found = [value for value in sent.getlist(key) if isinstance(value, str)]
        values[key] = found[0] if len(found) == 1 else found
    try:
        return SentIntake(values, form=IntakeForm.model_validate(values))
    except ValidationError as error:
        problems: dict[str, str] = {}
        for detail in error.errors():
            where = IntakeForm.form_field(detail["loc"], values)
            problems.setdefault(where, _plain(detail, where))
        return SentIntake(values, problems=problems)


def _when(clock: Clock, drawing: PainDrawing) -> str:
    local = clock.local(drawing.recorded_at)
    return f"{local.day} {local:%B %Y, %H:%M}"


def _drawing_choice(kb: KnowledgeBase, clock: Clock, drawing: PainDrawing) -> dict[str, str]:
    names = [kb.region(r).name for r in drawing.regions if kb.has_region(r)]
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return {
        "uuid": drawing.uuid,
        "when": _when(clock, drawing),
        "areas": shown or "no areas",
        "screen": SCREEN_WORDS.get(drawing.screen_status, drawing.screen_status),
    }


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _site_choices(kb: KnowledgeBase) -> list[tuple[str, list[tuple[str, str]]]]:
    """Where an operation or injury was: the body areas first, then each smaller area on its own side."""
    sites = [(site, site_label(kb, site)) for site in site_ids(kb)]
    areas = [(site, label) for site, label in sites if not kb.has_region(site)]
    return [("Body areas", areas), ("Smaller areas", [s for s in sites if kb.has_region(s[0])])]


def _form_context(kb: KnowledgeBase, db: Session, me: Client, clock: Clock, sent: SentIntake | None) -> dict[str, Any]:
    drawings = [_drawing_choice(kb, clock, d) for d in drawings_repo.recent(db, me.id, limit=DRAWINGS_OFFERED)]
    values = sent.values if sent else {"drawing": drawings[0]["uuid"] if drawings else ""}
    ticked: str | list[str] = values.get("condition", [])
    return {
        "drawings": drawings,
        "values": {key: _as_text(value) for key, value in values.items()},
        "ticked": {ticked} if isinstance(ticked, str) else set(ticked),
        "conditions": COMMON_CONDITIONS,
        "sites": _site_choices(kb),
        "rows": range(OPERATION_ROWS),
        "questions": [(name, QUESTION_LABELS[name]) for name in HEALTH_QUESTIONS],
        "problems": sent.problems if sent else {},
        "today": clock.today().isoformat(),
    }


def _refusal(error: FieldError, values: dict[str, Any]) -> tuple[str, str]:
    """The form field a service's refusal belongs to, and what to say there."""
    loc = [int(part) if part.isdigit() else part for part in error.field.split(".")]
    where = IntakeForm.form_field(loc, values)
    if where == "drawing":  # not theirs or no longer there: the same words either way
        return where, "Please choose one of your own drawings."
    return where, error.message[:1].upper() + error.message[1:] + "."


def _refused(request: Request, templates: Any, context: dict[str, Any], status: int) -> PageError:
    return PageError(templates.TemplateResponse(request, "intake.html", context, status))


@router.get("/intake", name="intake")
def intake_page(request: Request, kb: KB, db: DB, me: Me, clock: Now, templates: Templates) -> HTMLResponse:
    """Your health form: what brings you, the drawing it refers to, and the questions that keep pressure safe."""
    return templates.TemplateResponse(request, "intake.html", _form_context(kb, db, me, clock, None))


@router.post("/intake", name="intake_submit")
def intake_submit(
    request: Request,
    sent: Annotated[SentIntake, Depends(read_intake_form)],
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
) -> Response:
    """Keep the health form (through the same service as the API), then show what it means."""
    if sent.form is None:
        raise _refused(request, templates, _form_context(kb, db, me, clock, sent), 422)
    try:
        visits.submit_intake(db, kb, me.id, sent.form, clock.now())
    except FieldError as error:
        context = _form_context(kb, db, me, clock, sent) | {"problems": dict([_refusal(error, sent.values)])}
        raise _refused(request, templates, context, status_of(error)) from None
    return RedirectResponse(path_for(request, "intake_done"), status_code=303)


def _precautions(kb: KnowledgeBase, ids: list[str]) -> list[Any]:
    found = []
    for precaution_id in ids:
        try:
            found.append(kb.precaution(precaution_id))
        except UnknownIdError:
            continue  # an ID a later knowledge base retired: nothing to explain
    return found


def _site_names(kb: KnowledgeBase, sites: list[str]) -> list[str]:
    return [site_label(kb, site) for site in sites if site in set(site_ids(kb))]


@router.get("/intake/done", name="intake_done")
def intake_done(request: Request, kb: KB, db: DB, me: Me, clock: Now, templates: Templates) -> HTMLResponse:
    """Your latest health form: the precautions it raised, in plain words, and the questionnaires that fit."""
    intake = visits_repo.latest_intake(db, me.id)
    drawing = visits.intake_drawing(db, intake) if intake else None
    context = {
        "intake": intake,
        "when": clock.local(intake.submitted_at) if intake else None,
        "complaint": str(intake.history.get("complaint") or "") if intake else "",
        "drawing": _drawing_choice(kb, clock, drawing) if drawing else None,
        "precautions": _precautions(kb, list(intake.precautions)) if intake else [],
        "sites": _site_names(kb, list(intake.injury_sites)) if intake else [],
        "questionnaires": [instrument(i) for i in visits.fitting_questionnaires(db, kb, intake)],
    }
    return templates.TemplateResponse(request, "intake_done.html", context)
