"""The reminders calendar."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar

from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Side
from triggerpoint.selfcare import PointChoice, build_home_program
from triggerpoint.selfcare.reminders import program_calendar


def test_the_calendar_holds_each_days_sessions(kb: KnowledgeBase) -> None:
    choices = [PointChoice(muscle="upper-trapezius", point="tp1", side=Side.RIGHT)]
    program = build_home_program(kb, choices)
    ics = program_calendar(program, date(2026, 3, 2), date(2026, 3, 4), "abc", days=7)
    calendar = Calendar.from_ical(ics)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    per_day = program.massage[0].times_per_day
    assert len(events) == 7 * per_day
    assert events[0]["dtstart"].dt.date() == date(2026, 3, 4)
    assert "Upper trapezius" in str(events[0]["description"])
    assert len({str(e["uid"]) for e in events}) == len(events)
