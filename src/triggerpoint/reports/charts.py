"""Progress charts drawn on the server as SVG (matplotlib), in two layouts: wide (pages and PDFs) and narrow (phones).

Every chart spans the same days, shown as days: day d covers d - 0.5 to d + 0.5 on the x axis, a
point sits in the middle of its day, and a bar covers exactly the days it counts. Text is 9 pt in
both layouts; the narrow one is drawn at a phone's width, so its text is not scaled down there.
"""

from __future__ import annotations

import io
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from html import escape
from itertools import groupby

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, NullLocator

from triggerpoint.progress.adherence import Adherence
from triggerpoint.progress.periods import Bin, calendar_bins, unit_of

mpl.rcParams.update(
    {
        "svg.fonttype": "none",  # real text: smaller files, selectable in PDFs
        "svg.hashsalt": "triggerpoint",  # stable element IDs
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "legend.fontsize": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#8c7f77",
        "axes.labelcolor": "#333",
        "xtick.color": "#555",
        "ytick.color": "#555",
    }
)
ACCENT, SOFT, GOOD, GREY, PALE = "#8a1c1c", "#e0a49b", "#2e7d32", "#8c7f77", "#e6ddd7"
Span = tuple[date, date]  # the first and last day every chart shows


@dataclass(frozen=True)
class Layout:
    """A chart's size in inches, how many date ticks fit, and how many legend entries fit side by side."""

    name: str
    size: tuple[float, float]
    ticks: int
    legend_columns: int


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


# Drawing ----------------------------------------------------------------------------------------------------------


ORIGIN = date(2000, 1, 1)
ORIGIN_X = float(date2num(ORIGIN))  # read once: date2num costs more than the chart's own drawing on long series


def _x(day: date) -> float:
    """A day as matplotlib's day number: the middle of the day's slot on the axis."""
    return ORIGIN_X + (day - ORIGIN).days


MARGINS = (0.72, 0.15, 0.4, 0.1)  # left, right, bottom, top in inches: room for the labels at 9 pt
LEGEND_LINE = 0.22  # inches a line of the key takes above the plot


def _figure(layout: Layout) -> tuple[Figure, Axes]:
    """A figure with fixed margins (cheaper to draw than a layout engine, and the same in every chart)."""
    figure = Figure(figsize=layout.size)
    (left, right, bottom, top), (width, height) = MARGINS, layout.size
    figure.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height, top=1 - top / height)
    axes: Axes = figure.subplots()
    return figure, axes


def _days_axis(axes: Axes, span: Span, layout: Layout) -> None:
    first, last = span
    axes.set_xlim(_x(first) - 0.5, _x(last) + 0.5)
    ticks = date_ticks(first, last, layout.ticks)
    axes.set_xticks([_x(day) for day, _ in ticks], [label for _, label in ticks])
    axes.xaxis.set_minor_locator(NullLocator())


def _legend(figure: Figure, axes: Axes, layout: Layout) -> None:
    """The key above the plot, where it hides no data: the plot is lowered to make room for it."""
    handles, labels = axes.get_legend_handles_labels()
    columns = min(len(labels), layout.legend_columns)
    lines = math.ceil(len(labels) / columns) + (sum(label.count("\n") for label in labels) if columns == 1 else 0)
    height = layout.size[1]
    figure.subplots_adjust(top=1 - (MARGINS[3] + lines * LEGEND_LINE) / height)
    anchor = (MARGINS[0] / layout.size[0] - 0.02, 1)
    figure.legend(handles, labels, loc="upper left", bbox_to_anchor=anchor, ncols=columns, frameon=False)


STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", flags=re.S)
ROOT_STYLE = 'stroke-linejoin="round" stroke-linecap="butt"'  # what matplotlib's <style> element said


def _attributes(match: re.Match[str]) -> str:
    """A style attribute as SVG presentation attributes (a CSP without inline styles allows these)."""
    declarations = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in declarations)


def presentation_attributes(svg: str) -> str:
    """matplotlib's SVG without inline CSS: style attributes become attributes, the style element goes."""
    return STYLE_ATTRIBUTE.sub(_attributes, STYLE_ELEMENT.sub("", svg))


def unique_ids(svg: str, prefix: str) -> str:
    """Every element ID of a chart, and each reference to one, prefixed: many charts share a page."""
    svg = re.sub(r' id="([^"]+)"', rf' id="{prefix}-\1"', svg)
    return re.sub(r'(url\(#|href="#)([^)"]+)', rf"\1{prefix}-\2", svg)


def _svg(figure: Figure, label: str, name: str, layout: Layout) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", transparent=True, dpi=150)  # dense layers are rasterized
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = unique_ids(presentation_attributes(svg), re.sub(r"[^a-z0-9]+", "-", f"{name}-{layout.name}".lower()))
    attributes = f'role="img" aria-label="{escape(label)}" class="chart chart-{layout.name}" data-chart="{name}"'
    return svg.replace("<svg ", f"<svg {attributes} {ROOT_STYLE} ", 1)


def empty_chart(message: str) -> Chart:
    """A placeholder with a sentence, for a chart with no data yet."""
    return Chart(f'<p class="no-data">{escape(message)}</p>')


# The charts -------------------------------------------------------------------------------------------------------


def pain_chart(
    daily: Sequence[tuple[date, float]], average: Sequence[tuple[date, float]], span: Span, layout: Layout
) -> str:
    """Daily pain as dots and its 7-day average as a line, on the 0-10 scale."""
    figure, axes = _figure(layout)
    many = len(daily) > 60
    days, values = [_x(d) for d, _ in daily], [v for _, v in daily]
    axes.scatter(days, values, s=10, color=SOFT, label="each day", zorder=2, clip_on=False, rasterized=many)
    marker = "o" if len(average) == 1 else None  # a line of one point would not show
    days, values = [_x(d) for d, _ in average], [v for _, v in average]
    axes.plot(days, values, color=ACCENT, lw=2, marker=marker, ms=4, label="7-day average", clip_on=False)
    axes.set_ylim(0, 10)
    axes.set_yticks([0, 5, 10] if layout is NARROW else [0, 2, 4, 6, 8, 10])
    axes.set_ylabel("pain (0-10)")
    _days_axis(axes, span, layout)
    _legend(figure, axes, layout)
    return _svg(figure, "Pain each day with its 7-day average", "pain", layout)


def area_top(largest: float) -> float:
    """The top of the area chart's axis, in %: 10 at least, else the next multiple of 10 (so 0.2 % looks small)."""
    return min(100.0, max(10.0, 10 * math.ceil(largest / 10)))


def area_figure(daily_share: Sequence[tuple[date, float]], span: Span, layout: Layout) -> Figure:
    """The share of the body painted each day, as steps one day wide (a day without a drawing is a gap)."""
    figure, axes = _figure(layout)
    first = daily_share[0][0]
    shares: list[float | None] = [None] * ((daily_share[-1][0] - first).days + 1)
    for day, share in daily_share:
        shares[(day - first).days] = 100 * share
    steps, edges = _runs(shares, _x(first) - 0.5)
    axes.stairs(steps, edges, fill=True, color=ACCENT, lw=0.8)  # one shape, however many days
    axes.set_ylim(0, area_top(max(100 * s for _, s in daily_share)))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4 if layout is NARROW else 5))
    axes.set_ylabel("% of the body")
    _days_axis(axes, span, layout)
    return figure


def _runs(values: Sequence[float | None], left: float) -> tuple[list[float], list[float]]:
    """Days of equal value as one step each (a gap as NaN): the same outline with a point per change, not per day."""
    steps, edges, offset = [], [left], 0
    for value, days in groupby(values):
        offset += len(list(days))
        steps.append(math.nan if value is None else value)
        edges.append(left + offset)
    return steps, edges


def area_chart(daily_share: Sequence[tuple[date, float]], span: Span, layout: Layout) -> str:
    """The share of the body painted each day, on an axis from 0 to at least 10 %."""
    return _svg(area_figure(daily_share, span, layout), "Share of the body painted each day", "area", layout)


def scale_ticks(low: float, high: float, layout: Layout) -> list[float]:
    """Round ticks inside a scale, and both its ends (HIT-6: 36, 50, 60, 70, 78)."""
    inner = MaxNLocator(nbins=3 if layout is NARROW else 5).tick_values(low, high)
    room = (high - low) / 10
    return [low, *(float(t) for t in inner if low + room <= t <= high - room), high]


@dataclass(frozen=True)
class Scores:
    """A questionnaire's scores: its name, unit and better direction, the full range of its scale, and the scores."""

    name: str
    unit: str
    better: str
    scale: tuple[float, float]
    points: Sequence[tuple[date, float]]


def score_figure(scores: Scores, change: tuple[float, float], span: Span, layout: Layout) -> Figure:
    """A questionnaire's scores on its whole scale, with the band of change too small to count around the first.

    ``change`` is (the smallest change that counts, the smallest improvement that counts); they
    differ where a relative rule lets a smaller fall from a low first score count as improvement.
    The band is cut to the scale: a score cannot leave it.
    """
    figure, axes = _figure(layout)
    (bottom, top), baseline = scores.scale, scores.points[0][1]
    minimal_change, improvement = change
    edges = [_x(span[0]) - 0.5, _x(span[1]) + 0.5]
    joint = "\n" if layout is NARROW else " "
    band = "change too small to count"
    if improvement == minimal_change:
        band = f"within {minimal_change:g} {scores.unit} of the first:{joint}too small to count"
    low, high = (improvement, minimal_change) if scores.better == "lower" else (minimal_change, improvement)
    axes.fill_between(edges, max(bottom, baseline - low), min(top, baseline + high), color="#efe8e3", label=band)
    days, values = [_x(d) for d, _ in scores.points], [s for _, s in scores.points]
    axes.plot(days, values, color=ACCENT, lw=2, marker="o", ms=5, label=scores.name, clip_on=False)
    axes.set_ylim(bottom, top)
    axes.set_yticks(scale_ticks(bottom, top, layout))
    axes.set_ylabel(f"{scores.unit}, {scores.better} is better")
    _days_axis(axes, span, layout)
    _legend(figure, axes, layout)
    return figure


def score_chart(scores: Scores, change: tuple[float, float], span: Span, layout: Layout) -> str:
    """A questionnaire's scores over time on its whole scale (see score_figure)."""
    figure = score_figure(scores, change, span, layout)
    return _svg(figure, f"{scores.name} scores over time", f"score-{scores.name}", layout)


CAP = "#6b5f58"  # 6:1 against the page (WCAG 1.4.11 asks 3:1), where a pale bar alone shows 1.3:1


def _bars(
    axes: Axes,
    bins: Sequence[Bin],
    heights: Sequence[float],
    color: str,
    label: str,
    *,
    capped: bool = False,
    base: float = 0,
) -> None:
    """Bars that each cover the days their bin counts (a tenth of each bin left as a gap), drawn as one shape.

    A capped bar is pale with a dark line on top, the line carrying its label: a bar drawn over it (done
    out of planned) leaves the cap in sight, and a year of weekly caps still reads where outlines would merge.
    """
    boxes, caps = [], []
    for b, height in zip(bins, heights, strict=True):
        left, right = _x(b.first) - 0.5 + 0.05 * b.days, _x(b.last) + 0.5 - 0.05 * b.days
        boxes.append([(left, base), (left, height), (right, height), (right, base)])
        caps += [[(left, height), (right, height)]] if height > base else []
    axes.add_collection(PolyCollection(boxes, facecolors=color, edgecolors="none", label="" if capped else label))
    if capped:
        axes.add_collection(LineCollection(caps, colors=CAP, linewidths=2, capstyle="butt", label=label, zorder=3))


def _counts_axis(axes: Axes, bins: Sequence[Bin], label: str) -> None:
    """A y axis of whole days, up to the longest bin."""
    axes.set_ylim(0, max(b.days for b in bins) * 1.05)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    axes.set_ylabel(label)


def medication_chart(
    bins: Sequence[Bin], free: Sequence[int], recorded: Sequence[int], span: Span, layout: Layout
) -> str:
    """Per day, week or month: medication-free days out of the days on which medication was recorded."""
    figure, axes = _figure(layout)
    _bars(axes, bins, recorded, PALE, "days recorded", capped=True)
    _bars(axes, bins, free, GOOD, "medication-free days")
    _counts_axis(axes, bins, f"days per {unit_of(bins)}")
    _days_axis(axes, span, layout)
    _legend(figure, axes, layout)
    return _svg(figure, f"Medication-free days each {unit_of(bins)}", "medication", layout)


def adherence_figure(rows: Sequence[Adherence], span: Span, layout: Layout) -> Figure:
    """Per day (up to a month), week or month: the sessions the program planned (a capped bar), and those done."""
    figure, axes = _figure(layout)
    bins = [row.bin for row in rows]
    _bars(axes, bins, [row.planned for row in rows], PALE, "planned", capped=True)
    _bars(axes, bins, [row.done for row in rows], GOOD, "done")
    _counts_axis(axes, bins, f"sessions per {unit_of(bins)}")
    _days_axis(axes, span, layout)
    _legend(figure, axes, layout)
    return figure


def adherence_chart(rows: Sequence[Adherence], span: Span, layout: Layout) -> str:
    """The sessions planned and done in each bar's days (see adherence_figure)."""
    label = f"Self-care sessions planned and done each {unit_of([row.bin for row in rows])}"
    return _svg(adherence_figure(rows, span, layout), label, "adherence", layout)


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


def soreness_figure(soreness: Sequence[tuple[date, str]], span: Span, layout: Layout) -> Figure:
    """Soreness after sessions: each check-in as a dot over a few weeks, the worst of each week (or month) beyond.

    Over longer periods daily dots merge into lines. One bar per week up to its worst level reads at a glance,
    on a phone too, and never hides a severe day, which is what a therapist looks for; how many check-ins
    there were is said beside the chart.
    """
    figure, axes = _figure(layout)
    bins = calendar_bins(*span)
    if unit_of(bins) == "day":
        days, levels = [_x(d) for d, _ in soreness], [SORENESS_LEVEL[s] for _, s in soreness]
        axes.scatter(days, levels, color=ACCENT, s=14, zorder=3)
    else:
        shown = [(b, level) for b, level in zip(bins, worst_soreness(soreness, bins), strict=True) if level is not None]
        label = f"worst soreness each {unit_of(bins)}"
        _bars(axes, [b for b, _ in shown], [level for _, level in shown], ACCENT, label, base=SORENESS_FLOOR)
        _legend(figure, axes, layout)
    axes.set_ylim(SORENESS_FLOOR, 3.4)
    axes.set_yticks([0, 1, 2, 3], ["none", "mild", "moderate", "severe"])
    _days_axis(axes, span, layout)
    return figure


def soreness_chart(soreness: Sequence[tuple[date, str]], span: Span, layout: Layout) -> str:
    """The soreness reported at next-day check-ins (see soreness_figure)."""
    label = "Soreness reported the day after a session"
    if (unit := unit_of(calendar_bins(*span))) != "day":
        label = f"Worst soreness reported the day after a session, each {unit}"
    return _svg(soreness_figure(soreness, span, layout), label, "soreness", layout)
