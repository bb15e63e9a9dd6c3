"""Turn a Progress into the charts and figures the progress page and both PDFs show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from triggerpoint.atlas import render_svg
from triggerpoint.kb.schema import View
from triggerpoint.progress.series import Painted, region_frequency
from triggerpoint.reports import charts
from triggerpoint.reports.data import Progress


@dataclass(frozen=True)
class Charts:
    pain: str
    area: str
    medication: str
    selfcare: str
    scores: list[tuple[str, str]]  # (instrument id, svg)


def progress_charts(progress: Progress) -> Charts:
    """Every progress chart for the period, as SVG."""
    return Charts(
        pain=charts.pain_chart(progress.pain, progress.pain_average),
        area=charts.area_chart(progress.area),
        medication=charts.medication_chart(progress.medication_weeks),
        selfcare=charts.selfcare_chart(progress.session_weeks, progress.soreness),
        scores=[
            (s.instrument, charts.score_chart(s.name, s.points, s.minimal_change, s.better, s.unit))
            for s in progress.scores
        ],
    )


def _within(points: list[Painted], start: date, end: date) -> list[Painted]:
    return [p for p in points if start <= p.day <= end]


def heat_map(points: list[Painted], start: date, end: date, title: str) -> str:
    """The body shaded by how often each region hurt between two days (darker: more days)."""
    frequency = region_frequency(_within(points, start, end))
    return render_svg(frequency, views=[View.FRONT, View.BACK], title=title)


def then_and_now(points: list[Painted], first: tuple[date, date], second: tuple[date, date]) -> tuple[str, str]:
    """Heat maps for two periods, for side-by-side comparison."""
    return (
        heat_map(points, *first, f"How often each area hurt, {first[0]:%d %b %Y} to {first[1]:%d %b %Y}"),
        heat_map(points, *second, f"How often each area hurt, {second[0]:%d %b %Y} to {second[1]:%d %b %Y}"),
    )
