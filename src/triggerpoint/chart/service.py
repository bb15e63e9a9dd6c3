"""The client list's lines and a client's chart, read from every record domain (reads only).

The flags are `chart.flags` over facts read here; the pending check-in is the sessions service's
own `pending_checkin`, so the list and the check-in page never disagree about it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean
from typing import Literal

from sqlalchemy.orm import Session

from triggerpoint.accounts import service as accounts
from triggerpoint.accounts.policy import Principal
from triggerpoint.chart import repository
from triggerpoint.chart.flags import CheckInFact, ClientFacts, DrawingFact, VisitFact, checkin_status, flags_for
from triggerpoint.chart.schemas import (
    Chart,
    CheckInItem,
    ClientSummary,
    DiaryWeekItem,
    DrawingItem,
    FlagKind,
    Link,
    ProgramItem,
    QuestionnaireItem,
    TimelineDay,
    TimelineItem,
    VisitItem,
)
from triggerpoint.clients.models import Client
from triggerpoint.clock import Clock
from triggerpoint.diary import repository as diary_repo
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.drawings import repository as drawings_repo
from triggerpoint.kb import KnowledgeBase, UnknownIdError
from triggerpoint.kb.schema import ClientFlagRule
from triggerpoint.outcomes import instrument
from triggerpoint.programs import repository as programs_repo
from triggerpoint.questionnaires import repository as questionnaires_repo
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.sessions import service as sessions
from triggerpoint.sessions.models import CheckIn
from triggerpoint.visits.models import Visit, VisitNote


@dataclass(frozen=True)
class ClientRow:
    """One client on the therapist's list, with what the list says about them."""

    client: Client
    summary: ClientSummary


def _checkin_fact(found: tuple[CheckIn, date] | None) -> CheckInFact | None:
    if found is None:
        return None
    checkin, session_day = found
    return CheckInFact(
        checkin.uuid, session_day, checkin.day, checkin.soreness, checkin.trend, checkin.paused, checkin.message
    )


def facts_of(db: Session, client_id: int, clock: Clock) -> ClientFacts:
    """What the flags of one client are computed from."""
    today, now = clock.today(), clock.now()
    waiting = sessions.pending_checkin(db, client_id, today)
    drawings = drawings_repo.recent(db, client_id, limit=1)
    latest = drawings[0] if drawings else None
    return ClientFacts(
        latest_checkin=_checkin_fact(repository.latest_checkin(db, client_id)),
        waiting_session_day=waiting.day if waiting else None,
        latest_drawing=DrawingFact(latest.uuid, clock.day_of(latest.recorded_at), latest.screen_status)
        if latest
        else None,
        unsigned_visits=tuple(
            VisitFact(v.uuid, v.started_at, clock.day_of(v.started_at), signed=False)
            for v in repository.unsigned_visits(db, client_id, now)
        ),
    )


def summary_of(db: Session, rule: ClientFlagRule, client_id: int, clock: Clock) -> ClientSummary:
    """A client's line on the list: last visit, the check-in's state and the flags."""
    facts = facts_of(db, client_id, clock)
    last = repository.last_visit_at(db, client_id)
    return ClientSummary(
        last_visit=clock.day_of(last) if last else None,
        checkin=checkin_status(facts, rule, clock.today()),
        flags=flags_for(facts, rule, clock.today(), clock.now()),
    )


def client_rows(db: Session, kb: KnowledgeBase, principal: Principal, search: str, clock: Clock) -> list[ClientRow]:
    """The clients a principal may open whose name or e-mail contains `search`, flagged (most urgent) first."""
    rule = kb.rules.client_flags
    rows = [ClientRow(c, summary_of(db, rule, c.id, clock)) for c in accounts.clients_for(db, principal, search)]
    return sorted(rows, key=lambda row: row.summary.severity_rank)  # stable: by name within a rank


THERAPIST_WORK = frozenset({FlagKind.NOTE_UNSIGNED})


def chart_of(db: Session, kb: KnowledgeBase, client_id: int, clock: Clock, care_team: bool = True) -> Chart:
    """A client's chart: flags, the check-in's state, and the timeline by day, newest first.

    Read by the client themself (`care_team` False), it leaves out the therapist's own to-dos and the links
    to visit pages, which only the care team opens."""
    rule = kb.rules.client_flags
    facts = facts_of(db, client_id, clock)
    items = timeline_items(db, client_id, clock)
    if not care_team:
        items = [i.model_copy(update={"link": None}) if isinstance(i, VisitItem) else i for i in items]
    flags = flags_for(facts, rule, clock.today(), clock.now())
    return Chart(
        flags=flags if care_team else tuple(f for f in flags if f.kind not in THERAPIST_WORK),
        checkin=checkin_status(facts, rule, clock.today()),
        days=by_day(items),
        visit_drawings=visit_drawings(items),
    )


def visit_drawings(items: Iterable[TimelineItem], most: int = 5) -> tuple[DrawingItem, ...]:
    """The latest drawings a visit may start from: only a clear red-flag screen lets treatment follow
    (the visit service refuses any other)."""
    clear = [i for i in items if isinstance(i, DrawingItem) and i.screen_status == "clear"]
    return tuple(sorted(clear, key=lambda i: i.at.timestamp() if i.at else 0, reverse=True)[:most])


def timeline_items(db: Session, client_id: int, clock: Clock) -> list[TimelineItem]:
    """Every timeline item of a client, in no particular order."""
    return [
        *_drawing_items(db, client_id, clock),
        *_visit_items(db, client_id, clock),
        *_diary_items(diary_repo.all_entries(db, client_id), clock),
        *_questionnaire_items(questionnaires_repo.all_responses(db, client_id)),
        *_program_items(db, client_id),
        *_checkin_items(db, client_id, clock),
    ]


KIND_ORDER = ("checkin", "visit", "drawing", "questionnaire", "diary-week", "program")


def by_day(items: Iterable[TimelineItem]) -> tuple[TimelineDay, ...]:
    """Items grouped by day, newest day first; within a day, timed items newest first, then by kind."""
    days: dict[date, list[TimelineItem]] = defaultdict(list)
    for item in items:
        days[item.day].append(item)
    for listed in days.values():
        listed.sort(key=lambda i: KIND_ORDER.index(i.kind))
        listed.sort(key=lambda i: i.at.timestamp() if i.at else float("-inf"), reverse=True)
    return tuple(TimelineDay(day=day, items=tuple(days[day])) for day in sorted(days, reverse=True))


def _drawing_items(db: Session, client_id: int, clock: Clock) -> list[DrawingItem]:
    return [
        DrawingItem(
            day=clock.day_of(d.recorded_at),
            at=clock.local(d.recorded_at),
            anchor=f"drawing-{d.uuid}",
            uuid=d.uuid,
            regions=len(d.regions),
            screen_status=d.screen_status,
            link=Link(routes=("drawing",), params={"drawing_id": d.uuid}),
        )
        for d in drawings_repo.all_drawings(db, client_id)
    ]


def _note_state(note: VisitNote | None) -> Literal["signed", "draft", "none"]:
    if note is None:
        return "none"
    return "signed" if note.signed_at is not None else "draft"


def _visit_item(visit: Visit, note: VisitNote | None, active: int, clock: Clock) -> VisitItem:
    return VisitItem(
        day=clock.day_of(visit.started_at),
        at=clock.local(visit.started_at),
        anchor=f"visit-{visit.uuid}",
        uuid=visit.uuid,
        minutes=visit.actual_minutes,
        planned_minutes=visit.planned_minutes,
        active_points=active,
        note=_note_state(note),
        link=Link(routes=("visit", "get_visit"), params={"visit_id": visit.uuid}),
    )


def _visit_items(db: Session, client_id: int, clock: Clock) -> list[VisitItem]:
    active = repository.active_points_by_visit(db, client_id)
    return [
        _visit_item(visit, note, active.get(visit.id, 0), clock)
        for visit, note in repository.visits_with_notes(db, client_id)
    ]


def _week_item(week_of: date, entries: Sequence[DiaryEntry], days: Sequence[date]) -> DiaryWeekItem:
    pains = [e.pain for e in entries]
    return DiaryWeekItem(
        day=max(days),
        anchor=f"diary-{week_of.isoformat()}",
        week_of=week_of,
        entries=len(entries),
        mean_pain=round(fmean(pains), 1),
        lowest=min(pains),
        highest=max(pains),
        link=Link(routes=("diary",)),
    )


def _diary_items(entries: Sequence[DiaryEntry], clock: Clock) -> list[DiaryWeekItem]:
    """One summary per calendar week (Monday first) with entries, on the day of its latest entry."""
    weeks: dict[date, list[tuple[date, DiaryEntry]]] = defaultdict(list)
    for entry in entries:
        day = clock.day_of(entry.recorded_at)
        weeks[day - timedelta(days=day.weekday())].append((day, entry))
    return [_week_item(week, [e for _, e in found], [d for d, _ in found]) for week, found in weeks.items()]


def _instrument_names(instrument_id: str) -> tuple[str, str]:
    try:
        spec = instrument(instrument_id)
    except UnknownIdError:
        return instrument_id, ""
    return spec.short_name, spec.unit


def _questionnaire_items(responses: Sequence[QuestionnaireResponse]) -> list[QuestionnaireItem]:
    items = []
    for response in responses:
        name, unit = _instrument_names(response.instrument)
        items.append(
            QuestionnaireItem(
                day=response.completed_on,
                anchor=f"questionnaire-{response.uuid}",
                instrument=response.instrument,
                name=name,
                score=response.score,
                unit=unit,
                band=response.band,
                valid=response.valid,
                link=Link(routes=("questionnaire",), params={"instrument_id": response.instrument}),
            )
        )
    return items


def _program_items(db: Session, client_id: int) -> list[ProgramItem]:
    return [
        ProgramItem(
            day=p.starts_on,
            anchor=f"program-{p.uuid}",
            points=len(p.points),
            current=p.active,
            paused=p.paused_at is not None,
            pause_reason=p.pause_reason,
            link=Link(routes=("program",)),
        )
        for p in programs_repo.all_programs(db, client_id)
    ]


def _checkin_items(db: Session, client_id: int, clock: Clock) -> list[CheckInItem]:
    answered = [
        CheckInItem(
            day=checkin.day,
            anchor=f"checkin-{checkin.uuid}",
            session_day=session_day,
            answered=True,
            soreness=checkin.soreness,
            trend=checkin.trend,
            flagged=checkin.paused,
            message=checkin.message,
        )
        for checkin, session_day in repository.checkins(db, client_id)
    ]
    waiting = sessions.pending_checkin(db, client_id, clock.today())
    if waiting is None:
        return answered
    asked = waiting.day + timedelta(days=1)
    return [*answered, CheckInItem(day=asked, anchor="checkin-waiting", session_day=waiting.day, answered=False)]
