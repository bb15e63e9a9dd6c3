"""What the progress charts show, read from their plot models: honest scales, bands cut to the scale,
a year of soreness as weekly bars, a few days of sessions as day bars with a visible "planned"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from triggerpoint.outcomes import instrument
from triggerpoint.progress.adherence import adherence
from triggerpoint.progress.periods import Bin, bin_unit, calendar_bins, unit_of
from triggerpoint.reports.charts import (
    CAP,
    NARROW,
    WIDE,
    Layout,
    Scores,
    adherence_plot,
    area_plot,
    medication_plot,
    pain_plot,
    scale_ticks,
    score_plot,
    soreness_plot,
    worst_soreness,
)
from triggerpoint.reports.plot import Axis, Band, Bars, Dots, Mark, Plot

END = date(2026, 11, 24)
PAGE = "#fffdfb"  # the page's background (style.css --bg); the charts are transparent over it


def days_back(count: int) -> list[date]:
    return [END - timedelta(days=offset) for offset in reversed(range(count))]


def ylim(plot: Plot) -> tuple[float, float]:
    return plot.y.low, plot.y.high


def tick_values(axis: Axis) -> list[float]:
    return [value for value, _ in axis.ticks]


def marks(plot: Plot, kind: type[Mark]) -> list[Mark]:
    return [mark for mark in plot.marks if isinstance(mark, kind)]


def scores(instrument_id: str, *values: float) -> Scores:
    spec = instrument(instrument_id)
    points = list(zip(days_back(len(values)), values, strict=True))
    return Scores(spec.short_name, spec.unit, spec.better, (spec.score_min, spec.score_max), points)


def band(plot: Plot) -> tuple[float, float]:
    """The bottom and top of the band of change too small to count (the plot's one band, named in its key)."""
    (drawn,) = marks(plot, Band)
    assert isinstance(drawn, Band)
    assert any(key.label.endswith("too small to count") and key.colour == drawn.colour for key in plot.key)
    return drawn.low, drawn.high


def contrast(color: str, background: str) -> float:
    """The WCAG contrast ratio of two colours written #rrggbb."""

    def luminance(hex_colour: str) -> float:
        rgb = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(color), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Pain ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("layout", "ticks"), [(WIDE, [0, 2, 4, 6, 8, 10]), (NARROW, [0, 5, 10])])
def test_pain_is_drawn_on_its_whole_scale_with_a_dot_a_day(layout: Layout, ticks: list[float]) -> None:
    daily = [(day, 5.0) for day in days_back(30)]
    plot = pain_plot(daily, daily[6:], (daily[0][0], END), layout)
    assert ylim(plot) == (0, 10) and tick_values(plot.y) == ticks
    dots = marks(plot, Dots)
    assert len(dots) == 1 and isinstance(dots[0], Dots) and len(dots[0].points) == 30
    assert plot.x.low == dots[0].points[0][0] - 0.5 and plot.x.high == dots[0].points[-1][0] + 0.5  # whole days
    assert [key.label for key in plot.key] == ["each day", "7-day average"]


# The painted area ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", [WIDE, NARROW])
def test_a_small_painted_area_is_drawn_small(layout: Layout) -> None:
    plot = area_plot([(END, 0.002)], (END, END), layout)  # 0.2 % of the body
    assert ylim(plot) == (0, 10)
    assert plot.y.label == "% of the body"


def test_a_large_painted_area_tops_the_axis_at_the_next_round_number() -> None:
    plot = area_plot([(END - timedelta(days=1), 0.05), (END, 0.234)], (END - timedelta(days=1), END), WIDE)
    assert ylim(plot) == (0, 30)
    assert tick_values(plot.y) == [0, 10, 20, 30]


def test_a_day_without_a_drawing_is_a_gap_in_the_steps() -> None:
    plot = area_plot([(END - timedelta(days=2), 0.05), (END, 0.05)], (END - timedelta(days=2), END), WIDE)
    (steps,) = plot.marks
    assert steps.values == (5.0, None, 5.0)  # type: ignore[union-attr]
    assert steps.edges[0] == plot.x.low and steps.edges[-1] == plot.x.high  # type: ignore[union-attr]


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
        plot = score_plot(
            scores(instrument_id, *values), (spec.minimal_change.value,) * 2, (END - timedelta(days=30), END), layout
        )
        assert ylim(plot) == scale
        ticks = tick_values(plot.y)
        assert ticks[0] == scale[0] and ticks[-1] == scale[1]


@pytest.mark.parametrize(
    ("scale", "layout", "ticks"),
    [
        ((36, 78), WIDE, [36, 50, 60, 70, 78]),
        ((36, 78), NARROW, [36, 60, 78]),
        ((0, 100), WIDE, [0, 20, 40, 60, 80, 100]),
        ((0, 100), NARROW, [0, 50, 100]),
        ((0, 10), WIDE, [0, 2, 4, 6, 8, 10]),
        ((0, 10), NARROW, [0, 5, 10]),
    ],
)
def test_a_scale_is_ticked_at_both_ends_and_round_numbers_between(
    scale: tuple[float, float], layout: Layout, ticks: list[float]
) -> None:
    assert scale_ticks(*scale, layout) == ticks


def test_the_band_too_small_to_count_is_cut_to_the_scale() -> None:
    plot = score_plot(scores("psfs", 1, 3), (2, 2), (END - timedelta(days=1), END), WIDE)
    assert band(plot) == (0, 3)  # 1 - 2 would be below the scale's 0
    plot = score_plot(scores("nprs", 9, 8), (2, 2), (END - timedelta(days=1), END), WIDE)
    assert band(plot) == (7, 10)
    assert ylim(plot) == (0, 10)  # the band does not shrink the axis to the data


def test_the_band_label_takes_two_lines_on_a_phone() -> None:
    wide, narrow = (score_plot(scores("nprs", 5, 4), (2, 2), (END - timedelta(days=1), END), n) for n in (WIDE, NARROW))
    assert wide.key[0].label == "within 2 points of the first: too small to count"
    assert narrow.key[0].label == "within 2 points of the first:\ntoo small to count"


# Soreness -----------------------------------------------------------------------------------------------------------


def test_a_year_of_soreness_is_one_bar_a_week_at_its_worst_level() -> None:
    days = days_back(366)
    reported = [(d, ("none", "mild", "moderate", "severe")[i % 7 // 2]) for i, d in enumerate(days)]
    plot = soreness_plot(reported, (days[0], END), NARROW)
    assert not marks(plot, Dots)  # no dots to merge into lines
    (bars,) = marks(plot, Bars)
    assert isinstance(bars, Bars)
    assert len(bars.boxes) == 53
    assert {top for _, _, top in bars.boxes[1:-1]} == {3}  # every whole week had a severe day
    assert bars.base < 0  # a week whose worst was "none" still shows a bar
    assert [key.label for key in plot.key] == ["worst soreness each week"]


def test_the_worst_level_of_each_week_is_kept_and_weeks_without_check_ins_are_left_out() -> None:
    bins = calendar_bins(date(2026, 11, 2), date(2026, 11, 29), "week")
    reported = [(date(2026, 11, 3), "mild"), (date(2026, 11, 5), "severe"), (date(2026, 11, 6), "none")]
    reported += [(date(2026, 11, 17), "none")]
    assert worst_soreness(reported, bins) == [3, None, 0, None]
    plot = soreness_plot(reported, (date(2026, 10, 5), bins[-1].last), WIDE)  # 8 weeks: counted by week
    (bars,) = marks(plot, Bars)
    assert [top for _, _, top in bars.boxes] == [3, 0]  # type: ignore[union-attr]


def test_a_few_weeks_of_soreness_keep_a_dot_per_check_in() -> None:
    plot = soreness_plot([(END, "mild"), (END - timedelta(days=3), "none")], (END - timedelta(days=20), END), WIDE)
    (dots,) = marks(plot, Dots)
    assert isinstance(dots, Dots)
    assert sorted(level for _, level in dots.points) == [0, 1]
    assert [label for _, label in plot.y.ticks] == ["none", "mild", "moderate", "severe"]


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
    plot = adherence_plot(rows, span, NARROW)
    planned, done = marks(plot, Bars)
    assert isinstance(planned, Bars) and isinstance(done, Bars)
    assert len(planned.boxes) == len(done.boxes) == 2  # a bar for each day, not one for the week
    assert [top for _, _, top in planned.boxes] == [1, 1] and [top for _, _, top in done.boxes] == [0, 1]
    assert plot.y.label == "sessions per day"
    assert tick_values(plot.y) == [0, 1]  # whole sessions
    assert planned.cap == CAP and plot.key[0].label == "planned" and plot.key[0].colour == CAP
    assert contrast(planned.cap, PAGE) >= 3  # WCAG 1.4.11, graphical objects
    assert contrast(done.colour, PAGE) >= 3


def test_a_year_of_medication_counts_days_per_week_on_whole_numbers() -> None:
    span = (END - timedelta(days=364), END)
    bins = calendar_bins(*span)
    plot = medication_plot(bins, [b.days // 2 for b in bins], [b.days for b in bins], span, WIDE)
    assert plot.y.label == "days per week"
    assert ylim(plot) == (0, pytest.approx(7.35)) and tick_values(plot.y) == [0, 2, 4, 6]
    recorded, _ = marks(plot, Bars)
    assert isinstance(recorded, Bars) and recorded.cap

    def x(day: date) -> float:  # the middle of a day on the plot's x axis, which starts half a day before the first
        return plot.x.low + 0.5 + (day - span[0]).days

    for (left, right, _), b in zip(recorded.boxes, bins, strict=True):  # each bar within the days it counts
        assert x(b.first) - 0.5 < left < right < x(b.last) + 0.5
