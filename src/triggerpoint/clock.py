"""What day and time it is, in the person's time zone, as a swappable object (tests set it; they never wait).

Instants are always timezone-aware UTC. A day (today, a diary entry's day, a session's day)
is a calendar day in the person's time zone, so an entry at 23:30 belongs to the evening it
was written in, wherever the server's clock is.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo


class Clock:
    """The real clock, reading days in a time zone."""

    def __init__(self, zone: tzinfo = UTC) -> None:
        self.zone = zone

    def now(self) -> datetime:
        """This instant, in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """Today in the person's time zone."""
        return self.day_of(self.now())

    def day_of(self, moment: datetime) -> date:
        """The person's calendar day an instant falls on (a naive instant is taken as UTC)."""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.astimezone(self.zone).date()

    def local(self, moment: datetime) -> datetime:
        """An instant as the person's wall-clock time."""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.astimezone(self.zone)

    def start_of(self, day: date) -> datetime:
        """The first instant (UTC) of a calendar day in the person's time zone."""
        return datetime.combine(day, time.min, tzinfo=self.zone).astimezone(UTC)

    def span(self, first: date, last: date) -> tuple[datetime, datetime]:
        """[start, end) in UTC covering the calendar days first to last."""
        return self.start_of(first), self.start_of(last + timedelta(days=1))


class FixedClock(Clock):
    """A clock stopped at a local wall-clock time (noon by default); tests move it by hand."""

    def __init__(self, day: date, zone: tzinfo = UTC, at: time = time(12, 0)) -> None:
        super().__init__(zone)
        self.day, self.at = day, at

    def now(self) -> datetime:
        return datetime.combine(self.day, self.at, tzinfo=self.zone).astimezone(UTC)

    def set(self, local: datetime) -> None:
        """Stop the clock at a wall-clock time in its zone."""
        self.day, self.at = local.date(), local.time()
