"""Is it working? The progress page, questionnaires, PDF reports and the FHIR export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from triggerpoint.clients.models import Client
from triggerpoint.clock import Clock
from triggerpoint.diary import repository as diary_repo
from triggerpoint.drawings import repository as drawings_repo
from triggerpoint.errors import FieldError
from triggerpoint.framework.deps import DB, KB, Me, Now, Templates
from triggerpoint.framework.errors import PageError
from triggerpoint.framework.links import path_for
from triggerpoint.kb import KnowledgeBase
from triggerpoint.outcomes import instruments, wpi_from_areas
from triggerpoint.programs import repository as programs_repo
from triggerpoint.programs import service as programs
from triggerpoint.questionnaires import repository as questionnaires_repo
from triggerpoint.questionnaires import service as questionnaires
from triggerpoint.questionnaires.schemas import QuestionnaireForm
from triggerpoint.reports.cache import ReportCache, ReportKey
from triggerpoint.reports.data import collect, latest_painted, painted_between
from triggerpoint.reports.pdf import html_to_pdf
from triggerpoint.reports.printing import printable, printable_maps
from triggerpoint.reports.repository import data_version
from triggerpoint.reports.views import ProgressView, prepare, then_and_now
from triggerpoint.sessions import repository as sessions_repo

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
DEFAULT_DAYS = 90
EARLIEST = date(1900, 1, 1)  # older dates are typing mistakes, not records
Day = Annotated[date | None, Query(ge=EARLIEST, le=date(2999, 12, 31))]


def _period(today: date, start: date | None, end: date | None) -> tuple[date, date]:
    end = min(end or today, today)
    start = start or max(EARLIEST, end - timedelta(days=DEFAULT_DAYS - 1))
    return (start, end) if start <= end else (end, start)


def _halves(start: date, end: date) -> tuple[tuple[date, date], tuple[date, date]]:
    middle = start + (end - start) / 2
    return (start, middle), (min(middle + timedelta(days=1), end), end)


def get_report_cache(request: Request) -> ReportCache:
    cache: ReportCache = request.app.state.report_cache
    return cache


Reports = Annotated[ReportCache, Depends(get_report_cache)]


def _key(db: Session, me: Client, clock: Clock, start: date, end: date) -> ReportKey:
    return ReportKey(me.clinic_id, me.id, start, end, data_version(db, me.id), str(clock.zone))


def _prepared(cache: ReportCache, kb: KnowledgeBase, db: Session, clock: Clock, key: ReportKey) -> ProgressView:
    """The period's records and charts, drawn once per version of the client's records."""
    return cache.views.get(
        key, lambda: prepare(collect(db, clock, kb.rules.what_helped, key.client, key.start, key.end))
    )


def _context(kb: KnowledgeBase, view: ProgressView, then: tuple[date, date], now: tuple[date, date]) -> dict[str, Any]:
    progress = view.progress
    plan = programs.plan_of(progress.program) if progress.program else None
    return {
        "progress": progress,
        "charts": view.charts,
        "then": then,
        "now": now,
        "maps": then_and_now(progress.painted, then, now),
        "plan": plan,
        "kb": kb,
        "instruments": {i.id: i for i in instruments()},
    }


@router.get("/progress", name="progress")
def progress_page(
    request: Request,
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
    cache: Reports,
    start: Day = None,
    end: Day = None,
    a_start: Day = None,
    a_end: Day = None,
    b_start: Day = None,
    b_end: Day = None,
) -> HTMLResponse:
    """Charts of pain, painted area, questionnaires, medication and self-care, and what helped.

    The body maps compare the two halves of the period, or any two periods given as a_start,
    a_end, b_start and b_end.
    """
    start, end = _period(clock.today(), start, end)
    then, now = _halves(start, end)
    if a_start and a_end and b_start and b_end:
        then, now = (min(a_start, a_end), max(a_start, a_end)), (min(b_start, b_end), max(b_start, b_end))
    context = _context(kb, _prepared(cache, kb, db, clock, _key(db, me, clock, start, end)), then, now)
    if then[0] < start or now[1] > end:  # the compared periods reach outside the charted one
        painted = painted_between(db, clock, me.id, min(start, then[0]), max(end, now[1]))
        context["maps"] = then_and_now(painted, then, now)
    return templates.TemplateResponse(request, "progress.html", context)


@dataclass(frozen=True)
class ReportRequest:
    """What a PDF report is asked for: its template, the name of its file and the period."""

    template: str
    name: str
    period: tuple[date | None, date | None]


def _render_pdf(
    request: Request, templates: Jinja2Templates, kb: KnowledgeBase, view: ProgressView, me: Client, clock: Clock
) -> Callable[[str], bytes]:
    progress = view.progress
    then, now = _halves(progress.start, progress.end)
    context = _context(kb, view, then, now)
    printing = {"charts": printable(view.charts), "maps": printable_maps(context["maps"])}
    context |= printing | {"printed": clock.today(), "client": me, "request": request}
    return lambda template: html_to_pdf(templates.get_template(template).render(context))


def _report(
    request: Request,
    templates: Jinja2Templates,
    kb: KnowledgeBase,
    db: Session,
    me: Client,
    clock: Clock,
    cache: ReportCache,
    asked: ReportRequest,
) -> Response:
    """A PDF report, kept until the client's records, name or the printing day change."""
    start, end = _period(clock.today(), *asked.period)
    key = _key(db, me, clock, start, end)

    def render() -> bytes:
        view = _prepared(cache, kb, db, clock, key)
        return _render_pdf(request, templates, kb, view, me, clock)(asked.template)

    pdf = cache.pdfs.get((key, asked.template, clock.today(), me.display_name), render)
    headers = {"Content-Disposition": f'inline; filename="triggerpoint-{asked.name}-{start}-{end}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/reports/progress.pdf", name="progress_pdf")
def progress_pdf(
    request: Request,
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
    cache: Reports,
    start: Day = None,
    end: Day = None,
) -> Response:
    """The person's progress report for a period, as PDF."""
    asked = ReportRequest("report_progress.html", "progress", (start, end))
    return _report(request, templates, kb, db, me, clock, cache, asked)


@router.get("/reports/doctor.pdf", name="doctor_pdf")
def doctor_pdf(
    request: Request,
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
    cache: Reports,
    start: Day = None,
    end: Day = None,
) -> Response:
    """A one-page summary for the person's doctor, as PDF."""
    asked = ReportRequest("report_doctor.html", "summary", (start, end))
    return _report(request, templates, kb, db, me, clock, cache, asked)


def drawing_wpi(
    kb: KnowledgeBase, db: Session, clock: Clock, client_id: int, day: date
) -> tuple[int, list[str]] | None:
    """The Widespread Pain Index of the latest drawing (body map or diary) up to a day, through the atlas mapping."""
    regions = latest_painted(db, client_id, clock.start_of(day + timedelta(days=1)))
    if regions is None:
        return None
    areas = sorted({wpi for r, level in regions.items() if level > 0 and (wpi := kb.region(r).wpi)})
    return wpi_from_areas(areas), areas


@router.get("/questionnaires", name="questionnaires")
def questionnaires_page(
    request: Request, kb: KB, db: DB, me: Me, clock: Now, templates: Templates, saved: str | None = None
) -> HTMLResponse:
    """The standard questionnaires, by complaint, and the ones already filled in."""
    done = list(reversed(questionnaires_repo.all_responses(db, me.id)))
    derived = {r.uuid: drawing_wpi(kb, db, clock, me.id, r.completed_on) for r in done if r.instrument == "acr2016"}
    reported = {r.uuid: wpi_from_areas(k for k, v in r.answers.items() if v is True) for r in done}
    context = {"instruments": instruments(), "done": done, "derived": derived, "reported": reported, "saved": saved}
    return templates.TemplateResponse(request, "questionnaires.html", context)


def _form_context(kb: KnowledgeBase, db: Session, clock: Clock, me: Client, instrument_id: str) -> dict[str, Any]:
    spec = questionnaires.find_instrument(instrument_id)
    derived = drawing_wpi(kb, db, clock, me.id, clock.today()) if spec.id == "acr2016" else None
    return {"spec": spec, "error": None, "answers": {}, "derived": derived}


@router.get("/questionnaires/{instrument_id}", name="questionnaire")
def questionnaire_form(
    request: Request, kb: KB, db: DB, me: Me, clock: Now, templates: Templates, instrument_id: str
) -> HTMLResponse:
    """One questionnaire's form (for the ACR 2016 criteria, with the WPI of your latest drawing beside it)."""
    context = _form_context(kb, db, clock, me, instrument_id)
    return templates.TemplateResponse(request, "questionnaire.html", context)


@router.post("/questionnaires/{instrument_id}", name="questionnaire_save")
def questionnaire_save(
    request: Request,
    instrument_id: str,
    form: Annotated[QuestionnaireForm, Form()],
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
) -> Response:
    """Score and keep a questionnaire; missing answers are handled as the instrument's manual says."""
    try:
        response = questionnaires.record_response(db, me.id, instrument_id, form, clock.today())
    except FieldError as error:
        context = _form_context(kb, db, clock, me, instrument_id)
        context |= {"error": f"{error.field}: {error.message}", "answers": form.answers | _labels(form.labels)}
        raise PageError(templates.TemplateResponse(request, "questionnaire.html", context, 422)) from None
    url = path_for(request, "questionnaires") + f"?saved={response.uuid}"
    return RedirectResponse(url, status_code=303)


def _labels(labels: dict[str, str]) -> dict[str, str]:
    return {f"{item}-name": name for item, name in labels.items()}


@router.get("/export/fhir.json", name="fhir_export")
def fhir_export(kb: KB, db: DB, me: Me, clock: Now) -> StreamingResponse:
    """The record as a FHIR R4 Bundle (Patient, pain Observations, the screens, questionnaires, CarePlan).

    Built and checked in full before the first byte is sent, then written out a few hundred entries at a time.
    """
    from triggerpoint.fhir.export import build_export

    program = programs_repo.active_program(db, me.id)
    made = build_export(
        kb,
        me.uuid,
        diary_repo.all_entries(db, me.id),
        drawings_repo.all_drawings(db, me.id),
        questionnaires_repo.all_responses(db, me.id),
        program,
        programs.plan_of(program) if program else None,
        clock.now(),
        checkins=sessions_repo.all_checkins(db, me.id),
        zone=clock.zone,
    )
    headers = {"Content-Disposition": f'attachment; filename="triggerpoint-fhir-{clock.today()}.json"'}
    return StreamingResponse(made.json_chunks(), media_type="application/fhir+json", headers=headers)
