"""Is it working? The progress page, questionnaires, PDF reports and the FHIR export."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from triggerpoint.diary import repository as diary_repo
from triggerpoint.kb import KnowledgeBase
from triggerpoint.outcomes import AnswerError, instrument, instruments, score_response, wpi_from_areas
from triggerpoint.programs import service as programs
from triggerpoint.questionnaires import repository as questionnaires_repo
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.reports.data import Progress, collect, diary_points
from triggerpoint.reports.pdf import html_to_pdf
from triggerpoint.reports.views import progress_charts, then_and_now
from triggerpoint.web.deps import DB, Me, Now
from triggerpoint.web.pages import KB, templates

router = APIRouter(default_response_class=HTMLResponse)
DEFAULT_DAYS = 90


def _period(today: date, start: date | None, end: date | None) -> tuple[date, date]:
    end = min(end or today, today)
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    return (start, end) if start <= end else (end, start)


def _halves(start: date, end: date) -> tuple[tuple[date, date], tuple[date, date]]:
    middle = start + (end - start) / 2
    return (start, middle), (middle + timedelta(days=1), end)


def _context(kb: KnowledgeBase, progress: Progress, then: tuple[date, date], now: tuple[date, date]) -> dict[str, Any]:
    maps = then_and_now(progress.points, then, now)
    plan = programs.plan_of(progress.program) if progress.program else None
    return {
        "progress": progress,
        "charts": progress_charts(progress),
        "then": then,
        "now": now,
        "maps": maps,
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
    start: date | None = None,
    end: date | None = None,
    a_start: date | None = None,
    a_end: date | None = None,
    b_start: date | None = None,
    b_end: date | None = None,
) -> HTMLResponse:
    """Charts of pain, painted area, questionnaires, medication and self-care, and what helped.

    The body maps compare the two halves of the period, or any two periods given as a_start,
    a_end, b_start and b_end.
    """
    start, end = _period(clock.today(), start, end)
    then, now = _halves(start, end)
    if a_start and a_end and b_start and b_end:
        then, now = (min(a_start, a_end), max(a_start, a_end)), (min(b_start, b_end), max(b_start, b_end))
    progress = collect(db, me.id, start, end)
    points = progress.points
    if then[0] < start or now[1] > end:  # the compared periods reach outside the charted one
        points = diary_points(diary_repo.between(db, me.id, min(start, then[0]), max(end, now[1])))
    context = _context(kb, progress, then, now) | {"maps": then_and_now(points, then, now)}
    return templates.TemplateResponse(request, "progress.html", context)


def _report(
    request: Request,
    kb: KnowledgeBase,
    db: Any,
    me: Any,
    clock: Any,
    template: str,
    name: str,
    start: date | None,
    end: date | None,
) -> Response:
    start, end = _period(clock.today(), start, end)
    then, now = _halves(start, end)
    context = _context(kb, collect(db, me.id, start, end), then, now) | {"printed": clock.today(), "client": me}
    html = templates.get_template(template).render(context | {"request": request})
    headers = {"Content-Disposition": f'inline; filename="triggerpoint-{name}-{start}-{end}.pdf"'}
    return Response(html_to_pdf(html), media_type="application/pdf", headers=headers)


@router.get("/reports/progress.pdf", name="progress_pdf")
def progress_pdf(
    request: Request, kb: KB, db: DB, me: Me, clock: Now, start: date | None = None, end: date | None = None
) -> Response:
    """The person's progress report for a period, as PDF."""
    return _report(request, kb, db, me, clock, "report_progress.html", "progress", start, end)


@router.get("/reports/doctor.pdf", name="doctor_pdf")
def doctor_pdf(
    request: Request, kb: KB, db: DB, me: Me, clock: Now, start: date | None = None, end: date | None = None
) -> Response:
    """A one-page summary for the person's doctor, as PDF."""
    return _report(request, kb, db, me, clock, "report_doctor.html", "summary", start, end)


def drawing_wpi(kb: KnowledgeBase, db: Any, client_id: int, day: date) -> tuple[int, list[str]] | None:
    """The Widespread Pain Index of the latest body-map drawing up to a day, through the atlas mapping."""
    drawn = [e for e in diary_repo.between(db, client_id, date.min, day) if e.drawing]
    if not drawn:
        return None
    areas = sorted({wpi for r, level in drawn[-1].drawing.items() if level > 0 and (wpi := kb.region(r).wpi)})
    return wpi_from_areas(areas), areas


@router.get("/questionnaires", name="questionnaires")
def questionnaires_page(request: Request, kb: KB, db: DB, me: Me) -> HTMLResponse:
    """The standard questionnaires, by complaint, and the ones already filled in."""
    done = list(reversed(questionnaires_repo.all_responses(db, me.id)))
    derived = {r.uuid: drawing_wpi(kb, db, me.id, r.completed_on) for r in done if r.instrument == "acr2016"}
    reported = {r.uuid: wpi_from_areas(k for k, v in r.answers.items() if v is True) for r in done}
    context = {"instruments": instruments(), "done": done, "derived": derived, "reported": reported}
    return templates.TemplateResponse(request, "questionnaires.html", context)


@router.get("/questionnaires/{instrument_id}", name="questionnaire")
def questionnaire_form(request: Request, kb: KB, db: DB, me: Me, clock: Now, instrument_id: str) -> HTMLResponse:
    """One questionnaire's form (for the ACR 2016 criteria, with the WPI of your latest drawing beside it)."""
    try:
        spec = instrument(instrument_id)
    except KeyError as error:
        return templates.TemplateResponse(request, "problem.html", {"message": str(error)}, status_code=404)
    derived = drawing_wpi(kb, db, me.id, clock.today()) if instrument_id == "acr2016" else None
    context: dict[str, Any] = {"spec": spec, "error": None, "answers": {}, "derived": derived}
    return templates.TemplateResponse(request, "questionnaire.html", context)


def _answers(spec: Any, form: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in spec.items:
        raw = str(form.get(item.id, "")).strip()
        if item.kind == "boolean":
            answers[item.id] = True if raw == "yes" else False if raw == "no" else None
        elif item.kind == "activity":
            label = str(form.get(f"{item.id}-name", "")).strip()
            answers[item.id] = int(raw) if raw.lstrip("-").isdigit() and label else None
            if label:
                answers[f"{item.id}-name"] = label
        else:
            answers[item.id] = int(raw) if raw.lstrip("-").isdigit() else None
    return answers


@router.post("/questionnaires/{instrument_id}", name="questionnaire_save")
async def questionnaire_save(request: Request, instrument_id: str, db: DB, me: Me, clock: Now) -> Response:
    """Score and keep a questionnaire; missing answers are handled as the instrument's manual says."""
    spec = instrument(instrument_id)
    answers = _answers(spec, await request.form())
    scored_answers = {k: v for k, v in answers.items() if not k.endswith("-name")}
    try:
        score = score_response(instrument_id, scored_answers)
    except AnswerError as error:
        context = {"spec": spec, "error": f"{error.field}: {error.message}", "answers": answers, "derived": None}
        return templates.TemplateResponse(request, "questionnaire.html", context, status_code=422)
    response = QuestionnaireResponse(
        client_id=me.id,
        instrument=instrument_id,
        completed_on=clock.today(),
        answers=answers,
        score=score.value,
        band=score.band,
        valid=score.valid,
    )
    questionnaires_repo.add(db, response)
    db.commit()
    return RedirectResponse(request.app.url_path_for("questionnaires") + f"?saved={response.uuid}", status_code=303)


@router.get("/export/fhir.json", name="fhir_export")
def fhir_export(kb: KB, db: DB, me: Me, clock: Now) -> Response:
    """The record as a FHIR R4 Bundle (Patient, pain Observations, QuestionnaireResponses, CarePlan)."""
    import json

    from triggerpoint.fhir.export import build_bundle
    from triggerpoint.programs import repository as programs_repo

    program = programs_repo.active_program(db, me.id)
    bundle = build_bundle(
        kb,
        me.uuid,
        diary_repo.all_entries(db, me.id),
        questionnaires_repo.all_responses(db, me.id),
        program,
        programs.plan_of(program) if program else None,
        clock.now(),
    )
    headers = {"Content-Disposition": f'attachment; filename="triggerpoint-fhir-{clock.today()}.json"'}
    return Response(json.dumps(bundle, indent=1), media_type="application/fhir+json", headers=headers)
