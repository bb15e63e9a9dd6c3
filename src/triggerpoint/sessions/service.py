"""Guided sessions logged item by item, and the next-day check-in. Services flush; the request commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from triggerpoint.errors import FieldError
from triggerpoint.programs import service as programs
from triggerpoint.programs.models import Program
from triggerpoint.selfcare import DayPlan, SorenessReport, assess_soreness, day_plan
from triggerpoint.sessions import repository
from triggerpoint.sessions.models import CheckIn, SelfCareSession, SessionItem

STATUSES = ("done", "skipped")


class SessionInputError(FieldError):
    """A session action that cannot be taken; names the field."""


@dataclass(frozen=True)
class Today:
    """Today's session of a program: the plan, the log so far, and the session record."""

    record: SelfCareSession
    plan: DayPlan
    statuses: dict[str, str]


def plan_for(program: Program, day: date) -> DayPlan:
    return day_plan(programs.plan_of(program), (day - program.starts_on).days)


def todays_session(session: Session, client_id: int, program: Program, today: date) -> Today:
    """Today's session, created the first time it is opened."""
    record = repository.session_on(session, client_id, program.id, today)
    if record is None:
        record = SelfCareSession(client_id=client_id, program_id=program.id, day=today)
        session.add(record)
        session.flush()
    statuses = {i.item_key: i.status for i in repository.items_of(session, client_id, record.id)}
    return Today(record=record, plan=plan_for(program, today), statuses=statuses)


def mark_item(session: Session, client_id: int, today: Today, key: str, status: str, now: datetime) -> SessionItem:
    """Log one item done or skipped, at once, so closing the page loses nothing."""
    if status not in STATUSES:
        raise SessionInputError("status", f"must be one of {', '.join(STATUSES)}")
    keys = [i.key for i in today.plan.massage] + [s.key for s in today.plan.stretches]
    if key not in keys:
        raise SessionInputError("item", f"{key!r} is not part of today's session")
    logged = repository.item(session, client_id, today.record.id, key)
    if logged is None:
        logged = SessionItem(client_id=client_id, session_id=today.record.id, item_key=key, status=status)
        session.add(logged)
    logged.status, logged.logged_at = status, now
    if all(k in today.statuses or k == key for k in keys):
        today.record.finished_at = now
    session.flush()
    return logged


def pending_checkin(session: Session, client_id: int, today: date) -> SelfCareSession | None:
    """The latest earlier session with something done and no check-in yet: ask about it today."""
    last = repository.latest_session_before(session, client_id, today)
    if last is None or repository.checkin_for(session, client_id, last.id) is not None:
        return None
    done = [i for i in repository.items_of(session, client_id, last.id) if i.status == "done"]
    return last if done else None


def record_checkin(
    session: Session,
    client_id: int,
    program: Program,
    about: SelfCareSession,
    report: SorenessReport,
    today: date,
    now: datetime,
) -> CheckIn:
    """Store the check-in and apply the soreness rule: pause the program when it says so."""
    if repository.checkin_for(session, client_id, about.id) is not None:
        raise SessionInputError("session", "this session already has a check-in")
    outcome = assess_soreness(report)
    checkin = CheckIn(
        client_id=client_id,
        session_id=about.id,
        day=today,
        soreness=report.soreness.value,
        trend=report.trend.value,
        bruising=report.bruising,
        numbness=report.numbness,
        weakness=report.weakness,
        paused=outcome.pause,
        message=outcome.message,
    )
    session.add(checkin)
    if outcome.pause:
        programs.pause(session, program, outcome.message, now)
    session.flush()
    return checkin
