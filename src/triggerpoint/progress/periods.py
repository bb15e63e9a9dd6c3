"""Calendar bins for bar charts and tables: days, weeks (Monday to Sunday) or months, cut to the period shown."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

DAYS_UP_TO = 31  # days shown; a span up to a month is counted by day, so a few days are not one lone week bar
WEEKS_UP_TO = 730  # days shown; a longer span is counted by month, or a phone could not show the bars

Unit = Literal["day", "week", "month"]


@dataclass(frozen=True)
class Bin:
    """The days one bar or table row counts: a week or a month, cut to the period's first and last day."""

    first: date
    last: date
    whole: bool = True  # False when the period's first or last day cuts the week or month

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def bin_unit(first: date, last: date) -> Unit:
    """Days for up to a month, weeks for up to about two years, months beyond."""
    shown = (last - first).days + 1
    return "day" if shown <= DAYS_UP_TO else "week" if shown <= WEEKS_UP_TO else "month"


def unit_of(bins: Sequence[Bin]) -> Unit:
    """What the bins count: days, weeks or months (a week or month cut to one day is not whole, a day always is)."""
    if all(b.whole and b.days == 1 for b in bins):
        return "day"
    return "month" if any(b.days > 7 for b in bins) else "week"


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def calendar_bins(first: date, last: date, unit: Unit | None = None) -> list[Bin]:
    """The days, weeks (Monday to Sunday) or months that hold the days from first to last, each cut to them."""
    unit = unit or bin_unit(first, last)
    if unit == "day":
        days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
        return [Bin(day, day) for day in days]
    bins, start = [], first - timedelta(days=first.weekday()) if unit == "week" else first.replace(day=1)
    while start <= last:
        following = start + timedelta(days=7) if unit == "week" else _next_month(start)
        end = following - timedelta(days=1)
        bins.append(Bin(max(start, first), min(end, last), start >= first and end <= last))
        start = following
    return bins


def count_in(bins: list[Bin], days: Iterable[date]) -> list[int]:
    """How many of the (distinct) days fall in each bin; days outside every bin are not counted."""
    starts, counts = [b.first for b in bins], [0] * len(bins)
    for day in set(days):
        index = bisect_right(starts, day) - 1
        if index >= 0 and day <= bins[index].last:
            counts[index] += 1
    return counts
