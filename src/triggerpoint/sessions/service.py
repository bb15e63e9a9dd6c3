"""Guided sessions logged item by item, and the next-day check-in. Services flush; the request commits.

Opening today's session only reads: the session record is made when the first item is
marked. Nothing can be marked while the program is paused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from triggerpoint.errors import ConflictError, FieldError
from triggerpoint.kb import KnowledgeBase
from triggerpoint.programs import repository as programs_repo
from triggerpoint.programs import service as programs
from triggerpoint.programs.models import Program
from triggerpoint.selfcare import DayPlan, SorenessReport, assess_soreness, day_plan
from triggerpoint.sessions import repository
from triggerpoint.sessions.models import CheckIn, SelfCareSession, SessionItem
from triggerpoint.sessions.schemas import (
    CheckInCreate,
    CheckInImport,
    ItemMark,
    MarkRead,
    SessionImport,
    SessionItemImport,
)


class SessionInputError(FieldError):
    """A session action that cannot be taken; names the field."""


@dataclass(frozen=True)
class Today:
    """Today's session of a program: the plan, the log so far, and the session record once one exists."""

    program: Program
    record: SelfCareSession | None
    plan: DayPlan
    statuses: dict[str, str]


def plan_for(program: Program, day: date) -> DayPlan:
    return day_plan(programs.plan_of(program), (day - program.starts_on).days)


def todays_session(session: Session, client_id: int, program: Program, today: date) -> Today:
    """Today's plan and what has been marked so far (reads only)."""
    record = repository.session_on(session, client_id, program.id, today)
    logged = repository.items_of(session, client_id, record.id) if record else []
    return Today(program, record, plan_for(program, today), {i.item_key: i.status for i in logged})


def _unpaused_program(session: Session, client_id: int) -> Program:
    program = programs.active_program(session, client_id)
    if program.paused_at is not None:
        raise ConflictError("program", "the program is paused: " + (program.pause_reason or ""))
    return program


def _session_record(session: Session, client_id: int, today: Today, day: date) -> SelfCareSession:
    if today.record is not None:
        return today.record
    record = SelfCareSession(client_id=client_id, program_id=today.program.id, day=day)
    session.add(record)
    session.flush()
    return record


def mark_item(session: Session, client_id: int, mark: ItemMark, day: date, now: datetime) -> MarkRead:
    """Log one item of today's session done or skipped, at once, so closing the page loses nothing."""
    today = todays_session(session, client_id, _unpaused_program(session, client_id), day)
    keys = [i.key for i in today.plan.massage] + [s.key for s in today.plan.stretches]
    if mark.key not in keys:
        raise SessionInputError("key", f"{mark.key!r} is not part of today's session")
    record = _session_record(session, client_id, today, day)
    logged = repository.item(session, client_id, record.id, mark.key)
    if logged is None:
        logged = SessionItem(client_id=client_id, session_id=record.id, item_key=mark.key, status=mark.status)
        session.add(logged)
    logged.status, logged.logged_at = mark.status, now
    if all(k in today.statuses or k == mark.key for k in keys):
        record.finished_at = now
    session.flush()
    return MarkRead(key=logged.item_key, status=logged.status, session=record.uuid)


def pending_checkin(session: Session, client_id: int, today: date) -> SelfCareSession | None:
    """The latest earlier session with something done and no check-in yet: ask about it today."""
    last = repository.latest_session_before(session, client_id, today)
    if last is None or repository.checkin_for(session, client_id, last.id) is not None:
        return None
    done = [i for i in repository.items_of(session, client_id, last.id) if i.status == "done"]
    return last if done else None


def record_checkin(
    session: Session, kb: KnowledgeBase, client_id: int, answer: CheckInCreate, today: date, now: datetime
) -> CheckIn:
    """Store the check-in and apply the soreness rule: pause the program when it says so."""
    about = pending_checkin(session, client_id, today)
    if about is None:
        raise ConflictError("session", "no session is waiting for a check-in")
    report = SorenessReport(days_since_session=(today - about.day).days, **answer.model_dump())
    outcome = assess_soreness(report, kb.rules.soreness)
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
    active = programs_repo.active_program(session, client_id)
    if outcome.pause and active is not None:
        programs.pause(session, active, outcome.message, now)
    session.flush()
    return checkin


def _program_id(session: Session, client_id: int, uuid: str) -> int:
    program = programs_repo.program_by_uuid(session, client_id, uuid)
    if program is None:
        raise FieldError("program", f"no program {uuid!r} in the file or here")
    return program.id


def _session_id(session: Session, client_id: int, uuid: str) -> int:
    record = repository.session_by_uuid(session, client_id, uuid)
    if record is None:
        raise FieldError("session", f"no session {uuid!r} in the file or here")
    return record.id


def import_session(session: Session, client_id: int, row: SessionImport) -> SelfCareSession:
    """Add an exported session; its program must be in the file or already here."""
    program_id = _program_id(session, client_id, row.program)
    if repository.session_on(session, client_id, program_id, row.day) is not None:
        raise FieldError("day", f"the program already has a session on {row.day}")
    values = row.model_dump(exclude={"program"})
    record = SelfCareSession(client_id=client_id, program_id=program_id, **values)
    session.add(record)
    session.flush()
    return record


def import_item(session: Session, client_id: int, row: SessionItemImport) -> SessionItem:
    """Add an exported session item; one per item and session."""
    session_id = _session_id(session, client_id, row.session)
    if repository.item(session, client_id, session_id, row.item_key) is not None:
        raise FieldError("item_key", "that session already has this item")
    item = SessionItem(client_id=client_id, session_id=session_id, **row.model_dump(exclude={"session"}))
    session.add(item)
    session.flush()
    return item


def import_checkin(session: Session, client_id: int, row: CheckInImport) -> CheckIn:
    """Add an exported check-in; one per session."""
    session_id = _session_id(session, client_id, row.session)
    if repository.checkin_for(session, client_id, session_id) is not None:
        raise FieldError("session", "that session already has a check-in")
    values = row.model_dump(exclude={"session"}) | {"soreness": row.soreness.value, "trend": row.trend.value}
    checkin = CheckIn(client_id=client_id, session_id=session_id, **values)
    session.add(checkin)
    session.flush()
    return checkin
