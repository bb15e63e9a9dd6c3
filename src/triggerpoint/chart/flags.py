"""The flag rules: what in a client's latest records needs the therapist's attention. Pure functions over
facts read by the service; the windows are rules.yaml `client_flags`.

A flagged check-in is the soreness rule's own outcome (`selfcare.assess_soreness`, stored as the
check-in's `paused` and `message`), never decided again here: soreness that persists or worsens,
severe soreness and warning signs all paused the program when the client answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from triggerpoint.chart.schemas import SEVERITY_ORDER, CheckinState, CheckinStatus, Flag, FlagKind, Link, Severity
from triggerpoint.kb.schema import ClientFlagRule
from triggerpoint.selfcare import Trend

CHART = ("chart",)


@dataclass(frozen=True)
class CheckInFact:
    uuid: str
    session_day: date
    day: date
    soreness: str
    trend: str
    paused: bool
    message: str


@dataclass(frozen=True)
class DrawingFact:
    uuid: str
    day: date
    screen_status: str


@dataclass(frozen=True)
class VisitFact:
    uuid: str
    started_at: datetime
    day: date
    signed: bool


@dataclass(frozen=True)
class ClientFacts:
    """What the flags are computed from: the latest check-in, the session waiting for one, the latest drawing,
    and the visits whose note is not signed."""

    latest_checkin: CheckInFact | None = None
    waiting_session_day: date | None = None
    latest_drawing: DrawingFact | None = None
    unsigned_visits: tuple[VisitFact, ...] = ()


def soreness_flag(checkin: CheckInFact | None, rule: ClientFlagRule, today: date) -> Flag | None:
    """A check-in that paused the program, for `flagged_checkin_days` after it was answered."""
    if checkin is None or not checkin.paused or (today - checkin.day).days > rule.flagged_checkin_days:
        return None
    worse = checkin.trend == Trend.WORSE.value
    return Flag(
        kind=FlagKind.SORENESS_WORSE if worse else FlagKind.CHECKIN_PAUSED,
        severity=Severity.HIGH,
        text="Soreness getting worse after self-care: the check-in paused the program."
        if worse
        else "The next-day check-in paused the program.",
        detail=checkin.message,
        on=checkin.day,
        link=Link(routes=CHART, anchor=f"checkin-{checkin.uuid}"),
    )


def overdue(session_day: date | None, rule: ClientFlagRule, today: date) -> bool:
    """Whether a session's next-day check-in has gone unanswered for `unanswered_after_days`."""
    return session_day is not None and (today - session_day).days >= rule.unanswered_after_days


def unanswered_flag(session_day: date | None, rule: ClientFlagRule, today: date) -> Flag | None:
    if session_day is None or not overdue(session_day, rule, today):
        return None
    days = (today - session_day).days
    return Flag(
        kind=FlagKind.CHECKIN_UNANSWERED,
        severity=Severity.MEDIUM,
        text=f"No check-in yet about the self-care session {days} days ago.",
        on=session_day,
        link=Link(routes=CHART, anchor="checkin-waiting"),
    )


def drawing_flag(drawing: DrawingFact | None) -> Flag | None:
    """The latest drawing's red-flag screen when it is not clear."""
    if drawing is None or drawing.screen_status == "clear":
        return None
    refer = drawing.screen_status == "refer"
    return Flag(
        kind=FlagKind.RED_FLAG if refer else FlagKind.SCREEN_UNFINISHED,
        severity=Severity.HIGH if refer else Severity.LOW,
        text="Latest drawing: a red-flag answer says see a doctor first."
        if refer
        else "Latest drawing: the red-flag questions are not answered yet.",
        on=drawing.day,
        link=Link(routes=("drawing",), params={"drawing_id": drawing.uuid}),
    )


def note_flags(visits: tuple[VisitFact, ...], rule: ClientFlagRule, now: datetime) -> list[Flag]:
    """One flag per visit whose note is still unsigned `unsigned_note_hours` after it started."""
    late = now - timedelta(hours=rule.unsigned_note_hours)
    return [
        Flag(
            kind=FlagKind.NOTE_UNSIGNED,
            severity=Severity.MEDIUM,
            text="The note of this visit is not signed.",
            on=visit.day,
            link=Link(routes=("visit", "get_visit"), params={"visit_id": visit.uuid}),
        )
        for visit in visits
        if not visit.signed and visit.started_at <= late
    ]


def flags_for(facts: ClientFacts, rule: ClientFlagRule, today: date, now: datetime) -> tuple[Flag, ...]:
    """Every flag of a client, most urgent first, newest first within a severity."""
    found = [
        soreness_flag(facts.latest_checkin, rule, today),
        unanswered_flag(facts.waiting_session_day, rule, today),
        drawing_flag(facts.latest_drawing),
        *note_flags(facts.unsigned_visits, rule, now),
    ]
    kept = [flag for flag in found if flag is not None]
    kept.sort(key=lambda flag: flag.on, reverse=True)
    return tuple(sorted(kept, key=lambda flag: SEVERITY_ORDER[flag.severity]))


def checkin_status(facts: ClientFacts, rule: ClientFlagRule, today: date) -> CheckinStatus:
    """The next-day check-in: waiting (asked or overdue), else the latest answer (flagged when it paused)."""
    waiting = facts.waiting_session_day
    if waiting is not None:
        state: CheckinState = "overdue" if overdue(waiting, rule, today) else "asked"
        return CheckinStatus(state=state, session_day=waiting, days_waiting=(today - waiting).days)
    latest = facts.latest_checkin
    if latest is None:
        return CheckinStatus(state="none")
    return CheckinStatus(
        state="answered",
        session_day=latest.session_day,
        answered_on=latest.day,
        soreness=latest.soreness,
        trend=latest.trend,
        flagged=latest.paused,
    )
