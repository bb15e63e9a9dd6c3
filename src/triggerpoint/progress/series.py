"""Time series from diary entries and pain drawings: daily pain, its 7-day average, pain area,
region frequency, medication-free days. Days are the person's calendar days, worked out
by the caller from its clock (so 23:30 local belongs to that evening)."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DiaryPoint:
    """What the charts need of one diary entry."""

    day: date
    pain: int
    drawing: Mapping[str, int] = field(default_factory=dict)
    took_no_medication: bool = False
    medications: Sequence[Mapping[str, str]] = ()


@dataclass(frozen=True)
class Painted:
    """Where it hurt on a day: the areas of a diary entry or a body-map drawing."""

    day: date
    regions: Mapping[str, int]


def by_day(entries: Iterable[DiaryPoint]) -> dict[date, list[DiaryPoint]]:
    days: dict[date, list[DiaryPoint]] = defaultdict(list)
    for entry in entries:
        days[entry.day].append(entry)
    return dict(sorted(days.items()))


def painted_days(painted: Iterable[Painted]) -> dict[date, list[Mapping[str, int]]]:
    """Each day's drawings (empty ones left out), in day order."""
    days: dict[date, list[Mapping[str, int]]] = defaultdict(list)
    for mark in painted:
        if any(level > 0 for level in mark.regions.values()):
            days[mark.day].append(mark.regions)
    return dict(sorted(days.items()))


def daily_pain(entries: Iterable[DiaryPoint]) -> list[tuple[date, float]]:
    """The mean pain of each day that has entries (several entries a day are averaged)."""
    return [(day, sum(e.pain for e in group) / len(group)) for day, group in by_day(entries).items()]


def rolling_mean(series: Sequence[tuple[date, float]], days: int = 7) -> list[tuple[date, float]]:
    """For each day with data, the mean over the calendar days ending that day (gaps are not zeros).

    One pass over the series sorted by day: each value enters and leaves the window once.
    """
    window: deque[tuple[date, float]] = deque()
    total, result = 0.0, []
    for day, value in sorted(series):
        window.append((day, value))
        total += value
        while (day - window[0][0]).days >= days:
            total -= window.popleft()[1]
        result.append((day, total / len(window)))
    return result


def pain_area(drawing: Mapping[str, int], areas: Mapping[str, float]) -> float:
    """Share (0-1) of the body surface painted, weighting each region by its drawn area."""
    total = sum(areas.values())
    painted = sum(areas.get(region, 0.0) for region, level in drawing.items() if level > 0)
    return painted / total if total else 0.0


def daily_pain_area(painted: Iterable[Painted], areas: Mapping[str, float]) -> list[tuple[date, float]]:
    """Each day's largest painted share (the last drawing of a day need not be its worst)."""
    return [(day, max(pain_area(d, areas) for d in group)) for day, group in painted_days(painted).items()]


def region_frequency(painted: Iterable[Painted]) -> dict[str, float]:
    """For each region, the share of days with a drawing on which it hurt."""
    days = painted_days(painted)
    counts: dict[str, int] = defaultdict(int)
    for group in days.values():
        for region in {r for drawing in group for r, level in drawing.items() if level > 0}:
            counts[region] += 1
    return {region: count / len(days) for region, count in counts.items()} if days else {}


def medication_days(entries: Iterable[DiaryPoint]) -> list[tuple[date, bool | None]]:
    """Per day: True if medication-free (ticked, nothing listed), False if any taken, None if not said."""
    result: list[tuple[date, bool | None]] = []
    for day, group in by_day(entries).items():
        if any(e.medications for e in group):
            result.append((day, False))
        elif any(e.took_no_medication for e in group):
            result.append((day, True))
        else:
            result.append((day, None))
    return result
