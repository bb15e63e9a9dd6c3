"""What the progress charts show, read from their matplotlib figures: honest scales, bands cut to the scale,
a year of soreness as weekly bars, a few days of sessions as day bars with a visible "planned"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from triggerpoint.outcomes import instrument
from triggerpoint.progress.adherence import adherence
from triggerpoint.progress.periods import Bin, bin_unit, calendar_bins, unit_of
from triggerpoint.reports.charts import (
    NARROW,
    WIDE,
    Layout,
    Scores,
    adherence_figure,
    area_figure,
    score_figure,
    soreness_figure,
    worst_soreness,
)

END = date(2026, 11, 24)
PAGE = "#fffdfb"  # the page's background (style.css --bg); the charts are transparent over it


def days_back(count: int) -> list[date]:
    return [END - timedelta(days=offset) for offset in reversed(range(count))]


def ylim(figure: Figure) -> tuple[float, float]:
    low, high = figure.axes[0].get_ylim()
    return float(low), float(high)


def scores(instrument_id: str, *values: float) -> Scores:
    spec = instrument(instrument_id)
    points = list(zip(days_back(len(values)), values, strict=True))
    return Scores(spec.short_name, spec.unit, spec.better, (spec.score_min, spec.score_max), points)


def band(figure: Figure) -> tuple[float, float]:
    """The bottom and top of the band of change too small to count (the figure's one filled area)."""
    (filled,) = [c for c in figure.axes[0].collections if c.get_label().endswith("too small to count")]
    heights = filled.get_paths()[0].vertices[:, 1]
    return float(heights.min()), float(heights.max())


def contrast(color: tuple[float, float, float], background: str) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(rgb: tuple[float, float, float]) -> float:
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(color), luminance(to_rgb(background))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The painted area ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_a_small_painted_area_is_drawn_small(layout: Layout) -> None:
    figure = area_figure([(END, 0.002)], (END, END), layout)  # 0.2 % of the body
    assert ylim(figure) == (0, 10)
    assert figure.axes[0].get_ylabel() == "% of the body"


def test_a_large_painted_area_tops_the_axis_at_the_next_round_number() -> None:
    figure = area_figure([(END - timedelta(days=1), 0.05), (END, 0.234)], (END - timedelta(days=1), END), WIDE)
    assert ylim(figure) == (0, 30)


# Questionnaires -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument_id", "values", "scale"),
    [
        ("nprs", (4, 5, 4), (0, 10)),
        ("psfs", (1, 2), (0, 10)),
        ("ndi", (30, 22), (0, 100)),
        ("hit6", (60, 55), (36, 78)),
    ],
)
def test_a_questionnaire_is_drawn_on_its_whole_scale(
    instrument_id: str, values: tuple[float, ...], scale: tuple[float, float]
) -> None:
    spec = instrument(instrument_id)
    assert (spec.score_min, spec.score_max) == scale  # read from the instrument data
    for layout in (WIDE, NARROW):
        figure = score_figure(
            scores(instrument_id, *values), (spec.minimal_change.value,) * 2, (END - timedelta(days=30), END), layout
        )
        assert ylim(figure) == scale
        ticks = list(figure.axes[0].get_yticks())
        assert ticks[0] == scale[0] and ticks[-1] == scale[1]


def test_the_band_too_small_to_count_is_cut_to_the_scale() -> None:
    figure = score_figure(scores("psfs", 1, 3), (2, 2), (END - timedelta(days=1), END), WIDE)
    assert band(figure) == (0, 3)  # 1 - 2 would be below the scale's 0
    figure = score_figure(scores("nprs", 9, 8), (2, 2), (END - timedelta(days=1), END), WIDE)
    assert band(figure) == (7, 10)
    assert ylim(figure) == (0, 10)  # the band does not shrink the axis to the data


# Soreness -----------------------------------------------------------------------------------------------------------


def test_a_year_of_soreness_is_one_bar_a_week_at_its_worst_level() -> None:
    days = days_back(366)
    reported = [(d, ("none", "mild", "moderate", "severe")[i % 7 // 2]) for i, d in enumerate(days)]
    figure = soreness_figure(reported, (days[0], END), NARROW)
    axes = figure.axes[0]
    assert not [c for c in axes.collections if isinstance(c, PathCollection)]  # no dots to merge into lines
    (bars,) = [c for c in axes.collections if isinstance(c, PolyCollection)]
    assert len(bars.get_paths()) == 53
    assert bars.get_label() == "worst soreness each week"


def test_the_worst_level_of_each_week_is_kept_and_weeks_without_check_ins_are_left_out() -> None:
    bins = calendar_bins(date(2026, 11, 2), date(2026, 11, 29), "week")
    reported = [(date(2026, 11, 3), "mild"), (date(2026, 11, 5), "severe"), (date(2026, 11, 6), "none")]
    reported += [(date(2026, 11, 17), "none")]
    assert worst_soreness(reported, bins) == [3, None, 0, None]


def test_a_few_weeks_of_soreness_keep_a_dot_per_check_in() -> None:
    figure = soreness_figure([(END, "mild"), (END - timedelta(days=3), "none")], (END - timedelta(days=20), END), WIDE)
    (dots,) = [c for c in figure.axes[0].collections if isinstance(c, PathCollection)]
    assert len(dots.get_offsets()) == 2


# Sessions planned and done ------------------------------------------------------------------------------------------


def test_a_few_days_are_counted_by_day() -> None:
    first = END - timedelta(days=1)
    assert bin_unit(first, END) == "day"
    assert calendar_bins(first, END) == [Bin(first, first), Bin(END, END)]
    assert unit_of(calendar_bins(first, END)) == "day"
    assert bin_unit(END - timedelta(days=89), END) == "week"


def test_two_days_of_sessions_are_two_day_bars_with_planned_in_sight() -> None:
    span = (END - timedelta(days=1), END)
    rows = adherence(days_back(2), [END], calendar_bins(*span))
    figure = adherence_figure(rows, span, NARROW)
    axes = figure.axes[0]
    _, done = [c for c in axes.collections if isinstance(c, PolyCollection)]
    (planned,) = [c for c in axes.collections if isinstance(c, LineCollection)]
    assert len(planned.get_segments()) == len(done.get_paths()) == 2  # a bar for each day, not one for the week
    assert axes.get_ylabel() == "sessions per day"
    assert planned.get_label() == "planned" and planned.get_linewidth()[0] >= 2
    assert contrast(tuple(planned.get_color()[0][:3]), PAGE) >= 3  # WCAG 1.4.11, graphical objects
    assert contrast(tuple(done.get_facecolor()[0][:3]), PAGE) >= 3
