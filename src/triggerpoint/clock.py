"""What day and time it is, as a swappable object (tests set the date; they never wait)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time


class Clock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now().date()


class FixedClock(Clock):
    """A clock stopped at a given day (noon UTC); tests move it forward a day at a time."""

    def __init__(self, day: date) -> None:
        self.day = day

    def now(self) -> datetime:
        return datetime.combine(self.day, time(12, 0), tzinfo=UTC)

    def today(self) -> date:
        return self.day
