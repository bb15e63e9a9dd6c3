"""Adherence: how many of the sessions the home program planned were done, bin by bin.

A program plans one session a day (the rotation says which points) from the day it starts
until the next program replaces it, and none from the day it is paused. A planned session
counts as done when at least one of its items was marked done.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from triggerpoint.progress.periods import Bin, count_in


@dataclass(frozen=True)
class ProgramSpan:
    """When a program started, and the day it was paused (if it is paused)."""

    starts_on: date
    paused_on: date | None = None


@dataclass(frozen=True)
class Adherence:
    """Planned sessions and those done, in one bin."""

    bin: Bin
    planned: int
    done: int


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def planned_days(programs: Sequence[ProgramSpan], start: date, end: date) -> list[date]:
    """The days between start and end on which a program planned a session (programs in the order made)."""
    ordered = sorted(programs, key=lambda p: p.starts_on)  # stable: of two started the same day, the later wins
    days: list[date] = []
    for index, program in enumerate(ordered):
        last = ordered[index + 1].starts_on - timedelta(days=1) if index + 1 < len(ordered) else end
        if program.paused_on is not None:
            last = min(last, program.paused_on - timedelta(days=1))
        days += _days(max(program.starts_on, start), min(last, end))
    return days


def adherence(planned: Iterable[date], done: Iterable[date], bins: list[Bin]) -> list[Adherence]:
    """Per bin: the planned sessions and those done (a day with a session done was planned, whatever the record)."""
    done_days = set(done)
    planned_counts = count_in(bins, set(planned) | done_days)
    return [Adherence(b, p, d) for b, p, d in zip(bins, planned_counts, count_in(bins, done_days), strict=True)]
