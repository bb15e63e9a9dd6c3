"""Progress charts drawn on the server as SVG, in two layouts: wide (pages and PDFs) and narrow (phones).

Each chart is a plot model (``*_plot``: what is drawn, in data units) that ``plot.svg`` writes as SVG.
Every chart spans the same days, shown as days: day d covers d - 0.5 to d + 0.5 on the x axis, a
point sits in the middle of its day, and a bar covers exactly the days it counts. Text is 9 pt in
both layouts; the narrow one is drawn at a phone's width, so its text is not scaled down there.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from html import escape
from itertools import groupby

from triggerpoint.progress.adherence import Adherence
from triggerpoint.progress.periods import Bin, calendar_bins, unit_of
from triggerpoint.reports.plot import (
    Axis,
    Band,
    Bars,
    Dots,
    Key,
    Line,
    Mark,
    Plot,
    Steps,
    nice_ticks,
    number,
    svg,
)
from triggerpoint.reports.plot import Layout as Layout  # part of this module's API: every chart takes one

ACCENT, SOFT, GOOD, GREY, PALE = "#8a1c1c", "#e0a49b", "#2e7d32", "#8c7f77", "#e6ddd7"
Span = tuple[date, date]  # the first and last day every chart shows


WIDE = Layout("wide", (7.0, 2.6), 8, 3)
NARROW = Layout("narrow", (3.2, 2.9), 4, 1)  # 3.2 in (307 px) fills a 320-360 px phone at about its own size


@dataclass(frozen=True)
class Chart:
    """One chart in both layouts; in a template it stands for the wide one (the PDFs use that)."""

    wide: str
    narrow: str = ""

    def __html__(self) -> str:
        return self.wide


class DrawnChart:
    """A chart drawn in each layout the first time that layout is asked for (the PDFs need only the wide one)."""

    def __init__(self, draw: Callable[[Layout], str]) -> None:
        self._draw = draw

    @cached_property
    def wide(self) -> str:
        return self._draw(WIDE)

    @cached_property
    def narrow(self) -> str:
        return self._draw(NARROW)

    def __html__(self) -> str:
        return self.wide


AnyChart = Chart | DrawnChart


# Date ticks -------------------------------------------------------------------------------------------------------

DAY_STEPS = (1, 2, 7, 14)  # 7 and 14 fall on Mondays
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200)  # 12 and up fall on 1 January


def _day_ticks(first: date, last: date, step: int) -> list[date]:
    start = first if step < 7 else first + timedelta(days=-first.weekday() % 7)
    return [start + timedelta(days=offset) for offset in range(0, (last - start).days + 1, step)]


def _month_ticks(first: date, last: date, months: int) -> list[date]:
    index = first.year * 12 + first.month - 1 + (first.day > 1)
    ticks = []
    while (day := date(index // 12, index % 12 + 1, 1)) <= last:
        if index % months == 0:
            ticks.append(day)
        index += 1
    return ticks


def _label(day: date, months: int, first_tick: bool) -> str:
    if months >= 12:
        return f"{day:%Y}"
    if months:
        return f"{day:%b %Y}" if first_tick or day.month == 1 else f"{day:%b}"
    return f"{day.day} {day:%b}"


def date_ticks(first: date, last: date, most: int) -> list[tuple[date, str]]:
    """At most `most` ticks on whole days, weeks, months or years between two days, with their labels."""
    if first == last:
        return [(first, f"{first.day} {first:%b %Y}")]
    for step in DAY_STEPS:
        days = _day_ticks(first, last, step)
        if len(days) <= most:
            return [(day, _label(day, 0, False)) for day in days]
    for months in MONTH_STEPS:
        days = _month_ticks(first, last, months)
        if len(days) <= most:
            return [(day, _label(day, months, i == 0)) for i, day in enumerate(days)]
    return []


# The plots ---------------------------------------------------------------------------------------------------------

ORIGIN = date(2000, 1, 1)
BAND = "#efe8e3"


def _x(day: date) -> float:
    """A day as a number on the x axis: the middle of the day's slot."""
    return float((day - ORIGIN).days)


def _days_axis(span: Span, layout: Layout) -> Axis:
    first, last = span
    ticks = tuple((_x(day), label) for day, label in date_ticks(first, last, layout.ticks))
    return Axis(_x(first) - 0.5, _x(last) + 0.5, ticks)


def _value_axis(low: float, high: float, ticks: Sequence[float], label: str) -> Axis:
    return Axis(low, high, tuple((t, number(t)) for t in ticks), label)


def _points(series: Sequence[tuple[date, float]]) -> tuple[tuple[float, float], ...]:
    return tuple((_x(day), value) for day, value in series)


def empty_chart(message: str) -> Chart:
    """A placeholder with a sentence, for a chart with no data yet."""
    return Chart(f'<p class="no-data">{escape(message)}</p>')


def pain_plot(
    daily: Sequence[tuple[date, float]], average: Sequence[tuple[date, float]], span: Span, layout: Layout
) -> Plot:
    """Daily pain as dots and its 7-day average as a line, on the 0-10 scale."""
    marks: list[Mark] = [Dots(_points(daily), SOFT, 4.2), Line(_points(average), ACCENT, 2)]
    if len(average) == 1:  # a line of one point would not show
        marks.append(Dots(_points(average), ACCENT, 5))
    ticks = [0, 5, 10] if layout is NARROW else [0, 2, 4, 6, 8, 10]
    return Plot(
        "pain",
        "Pain each day with its 7-day average",
        _days_axis(span, layout),
        _value_axis(0, 10, ticks, "pain (0-10)"),
        tuple(marks),
        (Key("each day", SOFT, "dot"), Key("7-day average", ACCENT, "line")),
    )


def pain_chart(
    daily: Sequence[tuple[date, float]], average: Sequence[tuple[date, float]], span: Span, layout: Layout
) -> str:
    """The pain plot as SVG (see pain_plot)."""
    return svg(pain_plot(daily, average, span, layout), layout)


def area_top(largest: float) -> float:
    """The top of the area chart's axis, in %: 10 at least, else the next multiple of 10 (so 0.2 % looks small)."""
    return min(100.0, max(10.0, 10 * math.ceil(largest / 10)))


def area_plot(daily_share: Sequence[tuple[date, float]], span: Span, layout: Layout) -> Plot:
    """The share of the body painted each day, as steps one day wide (a day without a drawing is a gap)."""
    first = daily_share[0][0]
    shares: list[float | None] = [None] * ((daily_share[-1][0] - first).days + 1)
    for day, share in daily_share:
        shares[(day - first).days] = 100 * share
    top = area_top(max(100 * s for _, s in daily_share))
    return Plot(
        "area",
        "Share of the body painted each day",
        _days_axis(span, layout),
        _value_axis(0, top, nice_ticks(0, top, 4 if layout is NARROW else 5), "% of the body"),
        (_runs(shares, _x(first) - 0.5, ACCENT),),
    )


def _runs(values: Sequence[float | None], left: float, colour: str) -> Steps:
    """Days of equal value as one step each: the same outline with a point per change, not per day."""
    steps, edges, offset = [], [left], 0
    for value, days in groupby(values):
        offset += len(list(days))
        steps.append(value)
        edges.append(left + offset)
    return Steps(tuple(edges), tuple(steps), colour)


def area_chart(daily_share: Sequence[tuple[date, float]], span: Span, layout: Layout) -> str:
    """The share of the body painted each day, on an axis from 0 to at least 10 % (see area_plot)."""
    return svg(area_plot(daily_share, span, layout), layout)


def scale_ticks(low: float, high: float, layout: Layout) -> list[float]:
    """Round ticks inside a scale, and both its ends (HIT-6: 36, 50, 60, 70, 78)."""
    room = (high - low) / 10
    inner = nice_ticks(low, high, 3 if layout is NARROW else 5)
    return [low, *(t for t in inner if low + room <= t <= high - room), high]


@dataclass(frozen=True)
class Scores:
    """A questionnaire's scores: its name, unit and better direction, the full range of its scale, and the scores."""

    name: str
    unit: str
    better: str
    scale: tuple[float, float]
    points: Sequence[tuple[date, float]]


def score_plot(scores: Scores, change: tuple[float, float], span: Span, layout: Layout) -> Plot:
    """A questionnaire's scores on its whole scale, with the band of change too small to count around the first.

    ``change`` is (the smallest change that counts, the smallest improvement that counts); they
    differ where a relative rule lets a smaller fall from a low first score count as improvement.
    The band is cut to the scale: a score cannot leave it.
    """
    (bottom, top), baseline = scores.scale, scores.points[0][1]
    minimal_change, improvement = change
    joint = "\n" if layout is NARROW else " "
    band = "change too small to count"
    if improvement == minimal_change:
        band = f"within {minimal_change:g} {scores.unit} of the first:{joint}too small to count"
    low, high = (improvement, minimal_change) if scores.better == "lower" else (minimal_change, improvement)
    points = _points(scores.points)
    return Plot(
        f"score-{scores.name}",
        f"{scores.name} scores over time",
        _days_axis(span, layout),
        _value_axis(bottom, top, scale_ticks(bottom, top, layout), f"{scores.unit}, {scores.better} is better"),
        (
            Band(max(bottom, baseline - low), min(top, baseline + high), BAND),
            Line(points, ACCENT, 2),
            Dots(points, ACCENT, 6),
        ),
        (Key(band, BAND, "box"), Key(scores.name, ACCENT, "line-dot")),
    )


def score_chart(scores: Scores, change: tuple[float, float], span: Span, layout: Layout) -> str:
    """A questionnaire's scores over time on its whole scale (see score_plot)."""
    return svg(score_plot(scores, change, span, layout), layout)


CAP = "#6b5f58"  # 6:1 against the page (WCAG 1.4.11 asks 3:1), where a pale bar alone shows 1.3:1


def _bars(bins: Sequence[Bin], heights: Sequence[float], color: str, *, cap: str = "", base: float = 0) -> Bars:
    """Bars that each cover the days their bin counts (a tenth of each bin left as a gap).

    A capped bar is pale with a dark line on top, the line carrying its label: a bar drawn over it (done
    out of planned) leaves the cap in sight, and a year of weekly caps still reads where outlines would merge.
    """
    boxes = tuple(
        (_x(b.first) - 0.5 + 0.05 * b.days, _x(b.last) + 0.5 - 0.05 * b.days, height)
        for b, height in zip(bins, heights, strict=True)
    )
    return Bars(boxes, color, base, cap)


def _counts_axis(bins: Sequence[Bin], label: str) -> Axis:
    """A y axis of whole days, up to the longest bin."""
    top = max(b.days for b in bins) * 1.05
    return _value_axis(0, top, nice_ticks(0, top, 4, integer=True), label)


def medication_plot(
    bins: Sequence[Bin], free: Sequence[int], recorded: Sequence[int], span: Span, layout: Layout
) -> Plot:
    """Per day, week or month: medication-free days out of the days on which medication was recorded."""
    return Plot(
        "medication",
        f"Medication-free days each {unit_of(bins)}",
        _days_axis(span, layout),
        _counts_axis(bins, f"days per {unit_of(bins)}"),
        (_bars(bins, recorded, PALE, cap=CAP), _bars(bins, free, GOOD)),
        (Key("days recorded", CAP, "line"), Key("medication-free days", GOOD, "box")),
    )


def medication_chart(
    bins: Sequence[Bin], free: Sequence[int], recorded: Sequence[int], span: Span, layout: Layout
) -> str:
    """Medication-free days out of the days recorded (see medication_plot)."""
    return svg(medication_plot(bins, free, recorded, span, layout), layout)


def adherence_plot(rows: Sequence[Adherence], span: Span, layout: Layout) -> Plot:
    """Per day (up to a month), week or month: the sessions the program planned (a capped bar), and those done."""
    bins = [row.bin for row in rows]
    return Plot(
        "adherence",
        f"Self-care sessions planned and done each {unit_of(bins)}",
        _days_axis(span, layout),
        _counts_axis(bins, f"sessions per {unit_of(bins)}"),
        (_bars(bins, [row.planned for row in rows], PALE, cap=CAP), _bars(bins, [row.done for row in rows], GOOD)),
        (Key("planned", CAP, "line"), Key("done", GOOD, "box")),
    )


def adherence_chart(rows: Sequence[Adherence], span: Span, layout: Layout) -> str:
    """The sessions planned and done in each bar's days (see adherence_plot)."""
    return svg(adherence_plot(rows, span, layout), layout)


SORENESS_LEVEL = {"none": 0, "mild": 1, "moderate": 2, "severe": 3}
SORENESS_FLOOR = -0.4  # the bottom of the axis, below "none", so a week whose worst was "none" still shows a bar


def worst_soreness(soreness: Sequence[tuple[date, str]], bins: Sequence[Bin]) -> list[int | None]:
    """The worst soreness level reported in each bin (None where there was no check-in)."""
    worst: list[int | None] = [None] * len(bins)
    starts = [b.first for b in bins]
    for day, level in soreness:
        index = bisect_right(starts, day) - 1
        if index >= 0 and day <= bins[index].last:
            worst[index] = max(worst[index] or 0, SORENESS_LEVEL[level])
    return worst


def soreness_plot(soreness: Sequence[tuple[date, str]], span: Span, layout: Layout) -> Plot:
    """Soreness after sessions: each check-in as a dot over a few weeks, the worst of each week (or month) beyond.

    Over longer periods daily dots merge into lines. One bar per week up to its worst level reads at a glance,
    on a phone too, and never hides a severe day, which is what a therapist looks for; how many check-ins
    there were is said beside the chart.
    """
    bins = calendar_bins(*span)
    unit = unit_of(bins)
    levels = Axis(SORENESS_FLOOR, 3.4, tuple((level, name) for name, level in SORENESS_LEVEL.items()))
    if unit == "day":
        dots = Dots(tuple((_x(d), SORENESS_LEVEL[s]) for d, s in soreness), ACCENT, 4.7)
        title = "Soreness reported the day after a session"
        return Plot("soreness", title, _days_axis(span, layout), levels, (dots,))
    shown = [(b, level) for b, level in zip(bins, worst_soreness(soreness, bins), strict=True) if level is not None]
    bars = _bars([b for b, _ in shown], [level for _, level in shown], ACCENT, base=SORENESS_FLOOR)
    title = f"Worst soreness reported the day after a session, each {unit}"
    key = (Key(f"worst soreness each {unit}", ACCENT, "box"),)
    return Plot("soreness", title, _days_axis(span, layout), levels, (bars,), key)


def soreness_chart(soreness: Sequence[tuple[date, str]], span: Span, layout: Layout) -> str:
    """The soreness reported at next-day check-ins (see soreness_plot)."""
    return svg(soreness_plot(soreness, span, layout), layout)
