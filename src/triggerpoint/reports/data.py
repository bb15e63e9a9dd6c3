"""Gather one client's records for a period into what the progress page and the reports show."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from triggerpoint.atlas.geometry import region_areas
from triggerpoint.clock import Clock
from triggerpoint.diary import repository as diary_repo
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.drawings import repository as drawings_repo
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.kb.schema import HelpRule
from triggerpoint.outcomes import change_between, instrument
from triggerpoint.programs import repository as programs_repo
from triggerpoint.programs.models import Program
from triggerpoint.progress.helped import HelpFinding, what_helped
from triggerpoint.progress.series import (
    DiaryPoint,
    Painted,
    daily_pain,
    daily_pain_area,
    medication_days,
    rolling_mean,
)
from triggerpoint.questionnaires import repository as questionnaires_repo
from triggerpoint.sessions import repository as sessions_repo


@dataclass(frozen=True)
class ScoreSeries:
    instrument: str
    name: str
    unit: str
    better: str
    minimal_change: float
    points: list[tuple[date, float]]
    bands: list[tuple[date, str | None]]
    change: str | None  # "improved", "worse", "no meaningful change" from first to last


@dataclass(frozen=True)
class ScreenRecord:
    """A red-flag screen answered with a drawing: when, the outcome, and each question with its answer."""

    day: date
    status: str
    answers: list[tuple[str, bool | None]]


@dataclass(frozen=True)
class Progress:
    """Everything the progress views need, already computed."""

    start: date
    end: date
    points: list[DiaryPoint]
    painted: list[Painted]
    screens: list[ScreenRecord]
    pain: list[tuple[date, float]]
    pain_average: list[tuple[date, float]]
    area: list[tuple[date, float]]
    medication_weeks: list[tuple[date, int, int]]
    session_weeks: list[tuple[date, int]]
    soreness: list[tuple[date, str]]
    scores: list[ScoreSeries]
    helped: list[HelpFinding]
    program: Program | None
    sessions_done: int = 0
    days_with_entries: int = 0
    medication_free_days: int = 0
    medication_days_recorded: int = 0
    notes: list[str] = field(default_factory=list)


def diary_points(entries: list[DiaryEntry], clock: Clock) -> list[DiaryPoint]:
    """Diary entries as chart points on the person's calendar days."""
    return [
        DiaryPoint(clock.day_of(e.recorded_at), e.pain, e.drawing, e.took_no_medication, e.medications) for e in entries
    ]


def painted_marks(points: list[DiaryPoint], drawings: list[PainDrawing], clock: Clock) -> list[Painted]:
    """Where it hurt, from diary entries and body-map drawings alike."""
    marks = [Painted(p.day, p.drawing) for p in points if p.drawing]
    return marks + [Painted(clock.day_of(d.recorded_at), d.regions) for d in drawings]


def painted_between(session: Session, clock: Clock, client_id: int, start: date, end: date) -> list[Painted]:
    """Every painted mark from the start of one day to the end of another."""
    since, until = clock.span(start, end)
    points = diary_points(diary_repo.between(session, client_id, since, until), clock)
    return painted_marks(points, drawings_repo.between(session, client_id, since, until), clock)


def _screens(drawings: list[PainDrawing], clock: Clock) -> list[ScreenRecord]:
    return [
        ScreenRecord(clock.day_of(d.screened_at), d.screen_status, [(q["ask"], q["answer"]) for q in d.screen])
        for d in drawings
        if d.screened_at is not None
    ]


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _medication_weeks(points: list[DiaryPoint]) -> list[tuple[date, int, int]]:
    weeks: dict[date, list[bool]] = defaultdict(list)
    for day, free in medication_days(points):
        if free is not None:
            weeks[_week(day)].append(free)
    return [(week, sum(days), len(days)) for week, days in sorted(weeks.items())]


def _score_series(session: Session, client_id: int, start: date, end: date) -> list[ScoreSeries]:
    by_instrument: dict[str, list[tuple[date, float, str | None]]] = defaultdict(list)
    for response in questionnaires_repo.between(session, client_id, start, end):
        if response.valid and response.score is not None:
            by_instrument[response.instrument].append((response.completed_on, response.score, response.band))
    series = []
    for instrument_id, rows in sorted(by_instrument.items()):
        spec = instrument(instrument_id)
        first, last = rows[0][1], rows[-1][1]
        change = None if len(rows) < 2 else change_between(instrument_id, first, last)
        series.append(
            ScoreSeries(
                instrument=instrument_id,
                name=spec.short_name,
                unit=spec.unit,
                better=spec.better,
                minimal_change=spec.minimal_change.value,
                points=[(d, v) for d, v, _ in rows],
                bands=[(d, b) for d, _, b in rows],
                change=change,
            )
        )
    return series


def _selfcare(
    session: Session, client_id: int, start: date, end: date
) -> tuple[dict[date, set[str]], list[tuple[date, str]]]:
    done_by_day: dict[date, set[str]] = defaultdict(set)
    for day, key in sessions_repo.done_items_between(session, client_id, start, end):
        done_by_day[day].update({"any self-care session", key})
    soreness = [(c.day, c.soreness) for c in sessions_repo.checkins_between(session, client_id, start, end)]
    return done_by_day, soreness


def collect(session: Session, clock: Clock, rule: HelpRule, client_id: int, start: date, end: date) -> Progress:
    """The progress of one client between two days (inclusive, the person's calendar days)."""
    since, until = clock.span(start, end)
    points = diary_points(diary_repo.between(session, client_id, since, until), clock)
    drawings = drawings_repo.between(session, client_id, since, until)
    painted = painted_marks(points, drawings, clock)
    pain = daily_pain(points)
    done_by_day, soreness = _selfcare(session, client_id, start, end)
    session_weeks: dict[date, int] = defaultdict(int)
    for day in done_by_day:
        session_weeks[_week(day)] += 1
    program = programs_repo.active_program(session, client_id)
    done_items = {k for keys in done_by_day.values() for k in keys} - {"any self-care session"}
    items = ["any self-care session", *sorted(done_items)]
    medication = [free for _, free in medication_days(points) if free is not None]
    return Progress(
        start=start,
        end=end,
        points=points,
        painted=painted,
        screens=_screens(drawings, clock),
        pain=pain,
        pain_average=rolling_mean(pain),
        area=daily_pain_area(painted, region_areas()),
        medication_weeks=_medication_weeks(points),
        session_weeks=sorted(session_weeks.items()),
        soreness=soreness,
        scores=_score_series(session, client_id, start, end),
        helped=what_helped(done_by_day, dict(pain), items, rule),
        program=program,
        sessions_done=len(done_by_day),
        days_with_entries=len(pain),
        medication_free_days=sum(medication),
        medication_days_recorded=len(medication),
    )


def latest_painted(session: Session, client_id: int, until: datetime) -> dict[str, int] | None:
    """The most recent drawing before an instant, from the diary or the body map."""
    entries = [e for e in diary_repo.recent_until(session, client_id, until, limit=50) if e.drawing]
    drawing = drawings_repo.latest_until(session, client_id, until)
    found = [(e.recorded_at, dict(e.drawing)) for e in entries[:1]] + (
        [(drawing.recorded_at, dict(drawing.regions))] if drawing else []
    )
    return max(found, key=lambda f: f[0])[1] if found else None
