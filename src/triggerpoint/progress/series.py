"""Time series from diary entries: daily pain, its 7-day average, pain area, region frequency,
medication-free days."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class DiaryPoint:
    """What the charts need of one diary entry."""

    recorded_at: datetime
    pain: int
    drawing: Mapping[str, int] = field(default_factory=dict)
    took_no_medication: bool = False
    medications: Sequence[Mapping[str, str]] = ()

    @property
    def day(self) -> date:
        return self.recorded_at.date()


def by_day(entries: Iterable[DiaryPoint]) -> dict[date, list[DiaryPoint]]:
    days: dict[date, list[DiaryPoint]] = defaultdict(list)
    for entry in entries:
        days[entry.day].append(entry)
    return dict(sorted(days.items()))


def daily_pain(entries: Iterable[DiaryPoint]) -> list[tuple[date, float]]:
    """The mean pain of each day that has entries (several entries a day are averaged)."""
    return [(day, sum(e.pain for e in group) / len(group)) for day, group in by_day(entries).items()]


def rolling_mean(series: Sequence[tuple[date, float]], days: int = 7) -> list[tuple[date, float]]:
    """For each day with data, the mean over the calendar days ending that day (gaps are not zeros)."""
    result = []
    for day, _ in series:
        window = [value for other, value in series if 0 <= (day - other).days < days]
        result.append((day, sum(window) / len(window)))
    return result


def pain_area(drawing: Mapping[str, int], areas: Mapping[str, float]) -> float:
    """Share (0-1) of the body surface painted, weighting each region by its drawn area."""
    total = sum(areas.values())
    painted = sum(areas.get(region, 0.0) for region, level in drawing.items() if level > 0)
    return painted / total if total else 0.0


def daily_pain_area(entries: Iterable[DiaryPoint], areas: Mapping[str, float]) -> list[tuple[date, float]]:
    """Each day's largest painted share (the last drawing of a day need not be its worst)."""
    return [
        (day, max(pain_area(e.drawing, areas) for e in group))
        for day, group in by_day(entries).items()
        if any(e.drawing for e in group)
    ]


def region_frequency(entries: Iterable[DiaryPoint]) -> dict[str, float]:
    """For each region, the share of days with a drawing on which it hurt."""
    days = [group for group in by_day(entries).values() if any(e.drawing for e in group)]
    counts: dict[str, int] = defaultdict(int)
    for group in days:
        for region in {r for e in group for r, level in e.drawing.items() if level > 0}:
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
