"""Progress charts drawn on the server as SVG (matplotlib), one picture for pages and PDFs alike."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date
from html import escape

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure

mpl.rcParams.update(
    {
        "svg.fonttype": "none",  # real text: smaller files, selectable in PDFs
        "svg.hashsalt": "triggerpoint",  # stable element IDs
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#8c7f77",
        "axes.labelcolor": "#333",
        "xtick.color": "#555",
        "ytick.color": "#555",
    }
)
INK, ACCENT, SOFT, GOOD, GREY = "#1f1a17", "#8a1c1c", "#e0a49b", "#2e7d32", "#b8aca4"
SIZE = (7.0, 2.4)


def _figure() -> tuple[Figure, Axes]:
    figure = Figure(figsize=SIZE)
    figure.subplots_adjust(left=0.09, right=0.9, top=0.95, bottom=0.14)
    axes: Axes = figure.subplots()
    return figure, axes


def _x(days: Sequence[date]) -> list[float]:
    """Dates as matplotlib's day numbers (the axes format them back as dates)."""
    return [float(date2num(day)) for day in days]


def _dates(axes: Axes) -> None:
    locator = AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))


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


def _svg(figure: Figure, label: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", transparent=True, dpi=150)  # dense layers are rasterized
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = presentation_attributes(svg)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="chart" {ROOT_STYLE} ', 1)


def empty_chart(message: str) -> str:
    """A placeholder with a sentence, for a chart with no data yet."""
    return f'<p class="no-data">{escape(message)}</p>'


def pain_chart(daily: Sequence[tuple[date, float]], average: Sequence[tuple[date, float]]) -> str:
    """Daily pain as dots and its 7-day average as a line, on the 0-10 scale."""
    if not daily:
        return empty_chart("No pain ratings in this period yet.")
    figure, axes = _figure()
    axes.scatter(
        _x([d for d, _ in daily]),
        [v for _, v in daily],
        s=9,
        color=SOFT,
        label="each day",
        zorder=2,
        clip_on=False,
        rasterized=True,
    )
    axes.plot(
        _x([d for d, _ in average]), [v for _, v in average], color=ACCENT, lw=2.2, label="7-day average", clip_on=False
    )
    axes.set_ylim(0, 10)
    axes.set_yticks([0, 2, 4, 6, 8, 10])
    axes.set_ylabel("pain (0 none, 10 worst)")
    axes.legend(loc="upper right", frameon=False, ncols=2)
    _dates(axes)
    return _svg(figure, "Pain each day with its 7-day average")


def area_chart(daily_share: Sequence[tuple[date, float]]) -> str:
    """The share of the body painted each day, as a filled line."""
    if not daily_share:
        return empty_chart("No body-map drawings in this period yet.")
    figure, axes = _figure()
    days, shares = _x([d for d, _ in daily_share]), [100 * s for _, s in daily_share]
    axes.fill_between(days, shares, color=SOFT, step="mid", clip_on=False)
    axes.plot(days, shares, color=ACCENT, lw=1.2, drawstyle="steps-mid", clip_on=False)
    axes.set_ylim(0, max(10.0, max(shares) * 1.2))
    axes.set_ylabel("% of body painted")
    _dates(axes)
    return _svg(figure, "Share of the body painted each day")


def score_chart(name: str, points: Sequence[tuple[date, float]], minimal_change: float, better: str, unit: str) -> str:
    """A questionnaire's scores over time, with the band of change too small to count around the first."""
    if not points:
        return empty_chart(f"No {name} yet.")
    figure, axes = _figure()
    days, scores = _x([d for d, _ in points]), [s for _, s in points]
    baseline = scores[0]
    start, end = days[0] - 3, days[-1] + 3
    axes.fill_between(
        [start, end],
        baseline - minimal_change,
        baseline + minimal_change,
        color="#efe8e3",
        label=f"change smaller than {minimal_change:g} {unit}: not yet meaningful",
    )
    axes.plot(days, scores, color=ACCENT, lw=2, marker="o", ms=5, label=name)
    axes.set_xlim(start, end)
    axes.set_ylabel(f"{unit} ({'lower' if better == 'lower' else 'higher'} is better)")
    axes.legend(loc="best", frameon=False, fontsize=8)
    _dates(axes)
    return _svg(figure, f"{name} scores over time")


def medication_chart(weeks: Sequence[tuple[date, int, int]]) -> str:
    """Per week: medication-free days out of the days on which medication was recorded."""
    if not weeks:
        return empty_chart("No medication recorded in this period yet.")
    figure, axes = _figure()
    starts = _x([w for w, _, _ in weeks])
    axes.bar(
        starts,
        [n for _, _, n in weeks],
        width=5,
        color="#e6ddd7",
        label="days recorded",
        clip_on=False,
        rasterized=True,
    )
    axes.bar(
        starts,
        [free for _, free, _ in weeks],
        width=5,
        color=GOOD,
        label="medication-free days",
        clip_on=False,
        rasterized=True,
    )
    axes.set_ylim(0, 7.5)
    axes.set_ylabel("days in the week")
    axes.legend(loc="upper left", frameon=False, ncols=2)
    _dates(axes)
    return _svg(figure, "Medication-free days each week")


SORENESS_LEVEL = {"none": 0, "mild": 1, "moderate": 2, "severe": 3}


def selfcare_chart(weeks: Sequence[tuple[date, int]], soreness: Sequence[tuple[date, str]]) -> str:
    """Self-care sessions done each week, and the next-day soreness reported after them."""
    if not weeks and not soreness:
        return empty_chart("No self-care sessions in this period yet.")
    figure, axes = _figure()
    axes.bar(
        _x([w for w, _ in weeks]),
        [n for _, n in weeks],
        width=5,
        color=GREY,
        label="sessions done in the week",
        clip_on=False,
        rasterized=True,
    )
    axes.set_ylabel("sessions")
    axes.set_ylim(0, 7.5)
    if soreness:
        twin = axes.twinx()
        twin.scatter(
            _x([d for d, _ in soreness]),
            [SORENESS_LEVEL[s] for _, s in soreness],
            color=ACCENT,
            s=14,
            label="next-day soreness",
            zorder=3,
        )
        twin.set_ylim(-0.3, 3.3)
        twin.set_yticks([0, 1, 2, 3], ["none", "mild", "moderate", "severe"])
        twin.spines["right"].set_visible(True)
        twin.legend(loc="upper right", frameon=False)
    axes.legend(loc="upper left", frameon=False)
    _dates(axes)
    return _svg(figure, "Self-care sessions each week and next-day soreness")
