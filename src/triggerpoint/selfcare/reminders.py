"""Reminders as an iCalendar feed: one event per session time for the coming weeks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from triggerpoint.selfcare.program import HomeProgram, day_plan

SESSION_TIMES = (time(8, 0), time(13, 0), time(19, 0))  # morning, midday, evening
SESSION_MINUTES = 15


def _description(program: HomeProgram, day_index: int) -> str:
    plan = day_plan(program, day_index)
    lines = [f"- {item.muscle_name} ({item.side.value}): {item.point_name}" for item in plan.massage]
    lines += [f"- Stretch: {s.name}" for s in plan.stretches]
    return "Today's self-care:\n" + "\n".join(lines) + "\n\nInforms; does not diagnose."


def program_calendar(program: HomeProgram, starts_on: date, today: date, program_uid: str, days: int = 28) -> bytes:
    """An .ics calendar of the program's sessions from today for `days` days (times a day as dosed)."""
    from icalendar import Calendar, Event  # loaded on first use: the server does not need it to start

    calendar = Calendar()
    calendar.add("prodid", "-//triggerpoint//self-care reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Trigger point self-care")
    sessions_a_day = max((item.times_per_day for item in program.massage if item.enabled), default=1)
    for offset in range(days):
        day = today + timedelta(days=offset)
        day_index = (day - starts_on).days
        if day_index < 0 or not day_plan(program, day_index).massage:
            continue
        for slot in SESSION_TIMES[: min(sessions_a_day, len(SESSION_TIMES))]:
            event = Event()
            start = datetime.combine(day, slot)
            event.add("uid", f"{program_uid}-{day.isoformat()}-{slot.hour:02d}@triggerpoint")
            event.add("summary", "Trigger point self-care")
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=SESSION_MINUTES))
            event.add("dtstamp", datetime.combine(today, time(0, 0)))
            event.add("description", _description(program, day_index))
            calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics
