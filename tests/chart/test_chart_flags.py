"""The flag rules, pure: each kind, at and either side of its threshold from rules.yaml `client_flags`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from triggerpoint.chart.flags import (
    CheckInFact,
    ClientFacts,
    DrawingFact,
    VisitFact,
    checkin_status,
    drawing_flag,
    flags_for,
    note_flags,
    soreness_flag,
    unanswered_flag,
)
from triggerpoint.chart.schemas import FlagKind, Severity
from triggerpoint.kb import KnowledgeBase, load_kb
from triggerpoint.kb.schema import ClientFlagRule

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
RULE = load_kb().rules.client_flags


def _checkin(trend: str = "same", paused: bool = True, answered: date = TODAY) -> CheckInFact:
    message = "Soreness lasting more than 2 days is not expected. Pause your self-care program..."
    return CheckInFact("c-1", answered - timedelta(days=1), answered, "moderate", trend, paused, message)


def test_the_windows_are_data_with_sources(kb: KnowledgeBase) -> None:
    rule = kb.rules.client_flags
    assert (rule.flagged_checkin_days, rule.unanswered_after_days, rule.unsigned_note_hours) == (14, 2, 24)
    assert set(rule.sources) <= {s.key for s in kb.sources}


def test_a_check_in_that_paused_the_program_is_flagged_worse_or_persisting_with_the_rule_s_words() -> None:
    worse = soreness_flag(_checkin("worse"), RULE, TODAY)
    assert worse is not None and worse.kind is FlagKind.SORENESS_WORSE and worse.severity is Severity.HIGH
    assert worse.detail == _checkin().message  # the soreness rule's own outcome, not decided again
    assert worse.link.routes == ("chart",) and worse.link.anchor == "checkin-c-1"
    lasting = soreness_flag(_checkin("same"), RULE, TODAY)
    assert lasting is not None and lasting.kind is FlagKind.CHECKIN_PAUSED
    warning_signs = soreness_flag(_checkin("fading"), RULE, TODAY)  # e.g. numbness: paused while fading
    assert warning_signs is not None and warning_signs.kind is FlagKind.CHECKIN_PAUSED


def test_a_check_in_the_rule_let_go_on_is_not_flagged_even_when_worse() -> None:
    assert soreness_flag(_checkin("worse", paused=False), RULE, TODAY) is None  # no soreness at all
    assert soreness_flag(None, RULE, TODAY) is None


@pytest.mark.parametrize("days", [1, 2, 5])
def test_a_flagged_check_in_stays_flagged_for_the_window_only(days: int) -> None:
    rule = RULE.model_copy(update={"flagged_checkin_days": days})
    assert soreness_flag(_checkin(answered=TODAY - timedelta(days=days)), rule, TODAY) is not None
    assert soreness_flag(_checkin(answered=TODAY - timedelta(days=days + 1)), rule, TODAY) is None


@pytest.mark.parametrize("after", [1, 2, 3])
def test_an_unanswered_check_in_is_flagged_once_the_days_in_the_data_have_passed(after: int) -> None:
    rule = RULE.model_copy(update={"unanswered_after_days": after})
    session_day = TODAY - timedelta(days=after)
    flag = unanswered_flag(session_day, rule, TODAY)
    assert flag is not None and flag.kind is FlagKind.CHECKIN_UNANSWERED and flag.on == session_day
    assert f"{after} days ago" in flag.text
    assert unanswered_flag(session_day + timedelta(days=1), rule, TODAY) is None
    assert unanswered_flag(None, rule, TODAY) is None


def test_the_check_in_state_is_asked_then_overdue_then_the_latest_answer() -> None:
    yesterday = TODAY - timedelta(days=1)
    asked = checkin_status(ClientFacts(waiting_session_day=yesterday), RULE, TODAY)
    assert (asked.state, asked.days_waiting) == ("asked", 1)
    late = TODAY - timedelta(days=RULE.unanswered_after_days)
    assert checkin_status(ClientFacts(waiting_session_day=late), RULE, TODAY).state == "overdue"
    answered = checkin_status(ClientFacts(latest_checkin=_checkin("worse")), RULE, TODAY)
    assert (answered.state, answered.trend, answered.flagged) == ("answered", "worse", True)
    assert checkin_status(ClientFacts(), RULE, TODAY).state == "none"


@pytest.mark.parametrize(
    ("status", "kind", "severity"),
    [("refer", FlagKind.RED_FLAG, Severity.HIGH), ("questions", FlagKind.SCREEN_UNFINISHED, Severity.LOW)],
)
def test_the_latest_drawing_is_flagged_when_its_screen_is_not_clear(
    status: str, kind: FlagKind, severity: Severity
) -> None:
    flag = drawing_flag(DrawingFact("d-1", TODAY, status))
    assert flag is not None and (flag.kind, flag.severity) == (kind, severity)
    assert flag.link.routes == ("drawing",) and flag.link.params == {"drawing_id": "d-1"}
    assert drawing_flag(DrawingFact("d-1", TODAY, "clear")) is None


@pytest.mark.parametrize("hours", [1, 24, 48])
def test_an_unsigned_note_is_flagged_once_the_hours_in_the_data_have_passed(hours: int) -> None:
    rule = RULE.model_copy(update={"unsigned_note_hours": hours})
    due = VisitFact("v-due", NOW - timedelta(hours=hours), TODAY, signed=False)
    fresh = VisitFact("v-fresh", NOW - timedelta(hours=hours) + timedelta(minutes=1), TODAY, signed=False)
    signed = VisitFact("v-signed", NOW - timedelta(days=9), TODAY, signed=True)
    flags = note_flags((due, fresh, signed), rule, NOW)
    assert [f.link.params["visit_id"] for f in flags] == ["v-due"]
    assert flags[0].kind is FlagKind.NOTE_UNSIGNED and flags[0].link.routes == ("visit", "get_visit")


def test_flags_come_most_urgent_first() -> None:
    facts = ClientFacts(
        latest_checkin=_checkin("worse"),
        latest_drawing=DrawingFact("d-1", TODAY, "questions"),
        unsigned_visits=(VisitFact("v-1", NOW - timedelta(days=3), TODAY - timedelta(days=3), signed=False),),
    )
    kinds = [f.kind for f in flags_for(facts, RULE, TODAY, NOW)]
    assert kinds == [FlagKind.SORENESS_WORSE, FlagKind.NOTE_UNSIGNED, FlagKind.SCREEN_UNFINISHED]


def test_a_rule_without_sources_or_with_a_zero_window_is_refused() -> None:
    with pytest.raises(ValueError, match="sources"):
        ClientFlagRule.model_validate(RULE.model_dump() | {"sources": []})
    with pytest.raises(ValueError, match="unanswered_after_days"):
        ClientFlagRule.model_validate(RULE.model_dump() | {"unanswered_after_days": 0})
