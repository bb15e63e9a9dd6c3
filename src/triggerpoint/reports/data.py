"""Gather one client's records for a period into what the progress page and the reports show."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from triggerpoint.atlas.geometry import region_areas
from triggerpoint.clock import Clock
from triggerpoint.diary import repository as diary_repo
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.diary.repository import ChartedEntry
from triggerpoint.drawings import repository as drawings_repo
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.kb.schema import HelpRule
from triggerpoint.outcomes import change_between, instrument
from triggerpoint.programs import repository as programs_repo
from triggerpoint.programs import service as programs
from triggerpoint.programs.models import Program
from triggerpoint.progress.adherence import ProgramSpan, planned_days
from triggerpoint.progress.helped import ANY_SESSION, HelpFinding, what_helped
from triggerpoint.progress.names import item_names
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
from triggerpoint.sessions.models import CheckIn


@dataclass(frozen=True)
class ScoreSeries:
    instrument: str
    name: str
    unit: str
    better: str
    minimal_change: float
    relative_percent: float | None  # an improvement also counts at this share of the first score
    points: list[tuple[date, float]]
    bands: list[tuple[date, str | None]]
    change: str | None  # "improved", "worse", "no meaningful change" from first to last

    @property
    def improvement_needed(self) -> float:
        """How far the score must move the better way from the first to count as improved."""
        first = self.points[0][1]
        if self.relative_percent is None:
            return self.minimal_change
        return min(self.minimal_change, abs(first) * self.relative_percent / 100)


@dataclass(frozen=True)
class ScreenRecord:
    """A red-flag screen answered with a drawing: when, the outcome, and each question with its answer."""

    day: date
    status: str
    answers: list[tuple[str, bool | None]]


@dataclass(frozen=True)
class MedicationUse:
    """One medication as written (name and dose) and the days it was taken on."""

    name: str
    dose: str
    days: tuple[date, ...]  # distinct, in order
    entries: int  # diary entries that list it

    @property
    def label(self) -> str:
        """The name and dose as the person wrote them ("ibuprofen 400 mg")."""
        return f"{self.name} {self.dose}".strip()

    @property
    def first(self) -> date:
        return self.days[0]

    @property
    def last(self) -> date:
        return self.days[-1]


@dataclass(frozen=True)
class CheckInFlag:
    """A next-day check-in that reported a warning sign or paused the program."""

    day: date
    signs: tuple[str, ...]
    paused: bool
    message: str


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
    soreness: list[tuple[date, str]]
    scores: list[ScoreSeries]
    helped: list[HelpFinding]
    program: Program | None
    sessions_done: int = 0
    days_with_entries: int = 0
    medication_free_days: int = 0
    medication_days_recorded: int = 0
    notes: list[str] = field(default_factory=list)
    medications: list[MedicationUse] = field(default_factory=list)
    checkin_flags: list[CheckInFlag] = field(default_factory=list)
    session_days: list[date] = field(default_factory=list)  # days with a self-care item done
    planned_days: list[date] = field(default_factory=list)  # days a program planned a session
    item_names: dict[str, str] = field(default_factory=dict)  # self-care item key: its name


def diary_points(entries: Iterable[DiaryEntry | ChartedEntry], clock: Clock) -> list[DiaryPoint]:
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
    points = diary_points(diary_repo.charted_between(session, client_id, since, until), clock)
    return painted_marks(points, drawings_repo.between(session, client_id, since, until), clock)


def _screens(drawings: list[PainDrawing], clock: Clock) -> list[ScreenRecord]:
    return [
        ScreenRecord(clock.day_of(d.screened_at), d.screen_status, [(q["ask"], q["answer"]) for q in d.screen])
        for d in drawings
        if d.screened_at is not None
    ]


def _listed(point: DiaryPoint) -> dict[tuple[str, str], tuple[str, str]]:
    """The medications of one entry as written, keyed so case and spacing do not split one medication."""
    listed: dict[tuple[str, str], tuple[str, str]] = {}
    for medication in point.medications:
        name, dose = (" ".join(str(medication.get(k) or "").split()) for k in ("name", "dose"))
        if name:
            listed.setdefault((name.casefold(), dose.casefold()), (name, dose))
    return listed


def medication_uses(points: Iterable[DiaryPoint]) -> list[MedicationUse]:
    """Each medication taken (name and dose), with its days, most days first."""
    written: dict[tuple[str, str], tuple[str, str]] = {}
    days: dict[tuple[str, str], set[date]] = defaultdict(set)
    entries: dict[tuple[str, str], int] = defaultdict(int)
    for point in points:
        for key, as_written in _listed(point).items():
            written.setdefault(key, as_written)
            days[key].add(point.day)
            entries[key] += 1
    uses = [MedicationUse(*written[key], tuple(sorted(days[key])), entries[key]) for key in written]
    return sorted(uses, key=lambda use: (-len(use.days), use.label.casefold()))


def warning_signs(checkin: CheckIn) -> tuple[str, ...]:
    """The warning signs a check-in reported, in words (worse soreness counts as one)."""
    signs = (
        ("bruising", checkin.bruising),
        ("numbness", checkin.numbness),
        ("new weakness", checkin.weakness),
        ("worsening soreness", checkin.trend == "worse"),
    )
    return tuple(name for name, present in signs if present)


def flagged(checkins: Iterable[CheckIn]) -> list[CheckIn]:
    """The check-ins that reported a warning sign or paused the program, in day order."""
    return sorted((c for c in checkins if c.paused or warning_signs(c)), key=lambda c: c.day)


def checkin_flags(checkins: Iterable[CheckIn]) -> list[CheckInFlag]:
    """What the doctor's report shows of each flagged check-in."""
    return [CheckInFlag(c.day, warning_signs(c), c.paused, c.message) for c in flagged(checkins)]


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
                relative_percent=spec.minimal_change.relative.percent if spec.minimal_change.relative else None,
                points=[(d, v) for d, v, _ in rows],
                bands=[(d, b) for d, _, b in rows],
                change=change,
            )
        )
    return series


def _done_by_day(session: Session, client_id: int, start: date, end: date) -> dict[date, set[str]]:
    """The self-care items done on each day, each day with a session also counting as ANY_SESSION."""
    done_by_day: dict[date, set[str]] = defaultdict(set)
    for day, key in sessions_repo.done_items_between(session, client_id, start, end):
        done_by_day[day].update({ANY_SESSION, key})
    return done_by_day


def _plans(session: Session, clock: Clock, client_id: int, start: date, end: date) -> tuple[list[date], dict[str, str]]:
    """The days the client's programs planned a session, and the names of their items."""
    made = programs_repo.all_programs(session, client_id)
    spans = [ProgramSpan(p.starts_on, clock.day_of(p.paused_at) if p.paused_at else None) for p in made]
    return planned_days(spans, start, end), item_names(programs.plan_of(p) for p in made)


def collect(session: Session, clock: Clock, rule: HelpRule, client_id: int, start: date, end: date) -> Progress:
    """The progress of one client between two days (inclusive, the person's calendar days)."""
    since, until = clock.span(start, end)
    points = diary_points(diary_repo.charted_between(session, client_id, since, until), clock)
    drawings = drawings_repo.between(session, client_id, since, until)
    painted = painted_marks(points, drawings, clock)
    pain = daily_pain(points)
    done_by_day = _done_by_day(session, client_id, start, end)
    checkins = sessions_repo.checkins_between(session, client_id, start, end)
    program = programs_repo.active_program(session, client_id)
    if program is not None:
        session.expunge(program)  # a snapshot the report cache may keep past this session
    planned, names = _plans(session, clock, client_id, start, end)
    done_items = {k for keys in done_by_day.values() for k in keys} - {ANY_SESSION}
    items = [ANY_SESSION, *sorted(done_items)]
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
        soreness=[(c.day, c.soreness) for c in checkins],
        scores=_score_series(session, client_id, start, end),
        helped=what_helped(done_by_day, dict(pain), items, rule),
        program=program,
        sessions_done=len(done_by_day),
        days_with_entries=len(pain),
        medication_free_days=sum(medication),
        medication_days_recorded=len(medication),
        session_days=sorted(done_by_day),
        planned_days=planned,
        item_names=names,
        medications=medication_uses(points),
        checkin_flags=checkin_flags(checkins),
    )


def latest_painted(session: Session, client_id: int, until: datetime) -> dict[str, int] | None:
    """The most recent drawing before an instant, from the diary or the body map."""
    entries = [e for e in diary_repo.recent_until(session, client_id, until, limit=50) if e.drawing]
    drawing = drawings_repo.latest_until(session, client_id, until)
    found = [(e.recorded_at, dict(e.drawing)) for e in entries[:1]] + (
        [(drawing.recorded_at, dict(drawing.regions))] if drawing else []
    )
    return max(found, key=lambda f: f[0])[1] if found else None
