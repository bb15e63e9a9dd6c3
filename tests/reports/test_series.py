"""Pure progress computations and the charts drawn from them: daily pain, averages, painted area, frequency,
medication, calendar bins and adherence, date ticks, where bars sit, and what helped."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.atlas.geometry import region_areas
from triggerpoint.kb import KnowledgeBase, load_kb
from triggerpoint.kb.schema import Side
from triggerpoint.progress.adherence import ProgramSpan, adherence, planned_days
from triggerpoint.progress.helped import ANY_SESSION, what_helped
from triggerpoint.progress.names import item_name, item_names
from triggerpoint.progress.periods import Bin, calendar_bins, count_in
from triggerpoint.progress.series import (
    DiaryPoint,
    Painted,
    daily_pain,
    medication_days,
    pain_area,
    region_frequency,
    rolling_mean,
)
from triggerpoint.reports.charts import NARROW, WIDE, adherence_chart, date_ticks, pain_chart
from triggerpoint.reports.data import ScoreSeries
from triggerpoint.selfcare import PointChoice, build_home_program

D0 = date(2026, 1, 5)  # a Monday
RULE = load_kb().rules.what_helped
MIN_DAYS = RULE.min_days


def at(day: int, hour: int, pain: int, **extra: object) -> DiaryPoint:
    """An entry on day `day` of the series (the hour only tells entries of one day apart)."""
    return DiaryPoint(D0 + timedelta(days=day), pain, **extra)  # type: ignore[arg-type]


def day(offset: int) -> date:
    return D0 + timedelta(days=offset)


def test_several_entries_a_day_are_averaged() -> None:
    points = [at(0, 8, 6), at(0, 20, 4), at(1, 9, 3)]
    assert daily_pain(points) == [(D0, 5.0), (D0 + timedelta(days=1), 3.0)]


def test_the_seven_day_average_spans_calendar_days_not_entries() -> None:
    series = [(D0 + timedelta(days=i), float(v)) for i, v in [(0, 8), (1, 6), (9, 2)]]
    averaged = dict(rolling_mean(series))
    assert averaged[D0 + timedelta(days=1)] == 7.0
    assert averaged[D0 + timedelta(days=9)] == 2.0  # the earlier days are more than a week before


def test_pain_area_is_a_share_of_the_whole_body() -> None:
    areas = region_areas()
    everything = dict.fromkeys(areas, 5)
    assert pain_area(everything, areas) == pytest.approx(1.0)
    assert 0 < pain_area({"temple-right": 5}, areas) < pain_area({"abdomen-lower-right": 5}, areas) < 0.05
    assert pain_area({"temple-right": 0}, areas) == 0


def test_region_frequency_counts_days_not_entries() -> None:
    marks = [
        Painted(D0, {"temple-right": 5}),
        Painted(D0, {"temple-right": 5}),
        Painted(D0 + timedelta(days=1), {"neck-side-right": 3}),
        Painted(D0 + timedelta(days=2), {}),  # an empty drawing is not a day with a drawing
    ]
    assert region_frequency(marks) == {"temple-right": 0.5, "neck-side-right": 0.5}


@given(st.lists(st.tuples(st.integers(0, 60), st.floats(0, 10)), max_size=80, unique_by=lambda t: t[0]))
def test_the_rolling_mean_equals_the_mean_of_each_window(values: list[tuple[int, float]]) -> None:
    series = sorted((D0 + timedelta(days=offset), value) for offset, value in values)
    for day, mean in rolling_mean(series):
        window = [v for other, v in series if 0 <= (day - other).days < 7]
        assert mean == pytest.approx(sum(window) / len(window))


def test_medication_days_tell_taken_free_and_unsaid_apart() -> None:
    points = [
        at(0, 8, 5, medications=[{"name": "ibuprofen", "dose": "200 mg"}]),
        at(0, 9, 5, took_no_medication=True),
        at(1, 8, 4, took_no_medication=True),
        at(2, 8, 4),
    ]
    assert [free for _, free in medication_days(points)] == [False, True, None]


# Date ticks: a day, a week, a year, five years ------------------------------------------------------------------


def test_one_day_is_shown_as_that_day() -> None:
    assert date_ticks(date(2026, 11, 25), date(2026, 11, 25), WIDE.ticks) == [(date(2026, 11, 25), "25 Nov 2026")]


def test_a_week_is_ticked_by_day_and_fewer_on_a_phone() -> None:
    first, last = date(2026, 11, 18), date(2026, 11, 24)
    wide = date_ticks(first, last, WIDE.ticks)
    assert [label for _, label in wide] == ["18 Nov", "19 Nov", "20 Nov", "21 Nov", "22 Nov", "23 Nov", "24 Nov"]
    assert [label for _, label in date_ticks(first, last, NARROW.ticks)] == ["18 Nov", "20 Nov", "22 Nov", "24 Nov"]


def test_a_year_is_ticked_by_month_and_five_years_by_year() -> None:
    year = date_ticks(date(2025, 11, 25), date(2026, 11, 25), WIDE.ticks)
    assert [label for _, label in year] == ["Jan 2026", "Mar", "May", "Jul", "Sep", "Nov"]
    five = date_ticks(date(2021, 11, 26), date(2026, 11, 25), WIDE.ticks)
    assert [label for _, label in five] == ["2022", "2023", "2024", "2025", "2026"]
    assert [label for _, label in date_ticks(date(2021, 11, 26), date(2026, 11, 25), NARROW.ticks)] == [
        "2022",
        "2024",
        "2026",
    ]


@given(st.integers(0, 40_000), st.integers(0, 30_000), st.sampled_from([WIDE.ticks, NARROW.ticks]))
def test_ticks_fall_within_the_days_and_never_crowd(start: int, length: int, most: int) -> None:
    first = date(1900, 1, 1) + timedelta(days=start)
    last = first + timedelta(days=length)
    ticks = date_ticks(first, last, most)
    assert 1 <= len(ticks) <= most or (len(ticks) == 0 and length < 40)
    assert all(first <= d <= last for d, _ in ticks)
    assert [d for d, _ in ticks] == sorted({d for d, _ in ticks})


# Calendar bins and adherence -----------------------------------------------------------------------------------


def test_a_sunday_session_is_counted_in_the_week_it_ends() -> None:
    bins = calendar_bins(date(2026, 11, 16), date(2026, 12, 6), "week")
    assert bins == [
        Bin(date(2026, 11, 16), date(2026, 11, 22)),
        Bin(date(2026, 11, 23), date(2026, 11, 29)),
        Bin(date(2026, 11, 30), date(2026, 12, 6)),
    ]
    assert count_in(bins, [date(2026, 11, 29)]) == [0, 1, 0]


def test_bins_are_cut_to_the_period_and_say_so() -> None:
    bins = calendar_bins(date(2026, 11, 25), date(2026, 11, 25), "week")
    assert bins == [Bin(date(2026, 11, 25), date(2026, 11, 25), whole=False)]
    assert bins[0].days == 1
    weeks = calendar_bins(date(2025, 11, 25), date(2026, 11, 25))
    assert weeks[0] == Bin(date(2025, 11, 25), date(2025, 11, 30), whole=False)
    assert all(b.whole and b.days == 7 for b in weeks[1:-1])
    assert sum(b.days for b in weeks) == 366


def test_more_than_two_years_are_counted_by_month() -> None:
    months = calendar_bins(date(2021, 11, 26), date(2026, 11, 25))
    assert len(months) == 61
    assert months[1] == Bin(date(2021, 12, 1), date(2021, 12, 31))
    assert months[0].first == date(2021, 11, 26) and not months[0].whole
    assert sum(b.days for b in months) == (date(2026, 11, 25) - date(2021, 11, 26)).days + 1


def test_a_program_plans_a_session_a_day_until_replaced_or_paused() -> None:
    programs = [
        ProgramSpan(date(2026, 3, 1)),
        ProgramSpan(date(2026, 3, 4), paused_on=date(2026, 3, 6)),
    ]
    planned = planned_days(programs, date(2026, 2, 27), date(2026, 3, 10))
    assert planned == [date(2026, 3, d) for d in (1, 2, 3, 4, 5)]  # nothing before the start or from the pause
    assert planned_days([], date(2026, 3, 1), date(2026, 3, 10)) == []


def test_adherence_counts_planned_and_done_per_week() -> None:
    bins = calendar_bins(date(2026, 11, 16), date(2026, 11, 29), "week")
    planned = [date(2026, 11, 16) + timedelta(days=i) for i in range(14)]
    done = [date(2026, 11, 17), date(2026, 11, 29), date(2026, 11, 29)]
    rows = adherence(planned, done, bins)
    assert [(r.planned, r.done) for r in rows] == [(7, 1), (7, 1)]


# Where the bars and ticks are drawn, read back from the SVG ------------------------------------------------------


def _ticks(svg: str) -> dict[str, float]:
    """Each x tick label and its x position in the SVG's units."""
    ticks = {}
    for group in re.split(r'<g id="[^"]*xtick_\d+">', svg)[1:]:
        x = float(re.search(r'<path d="M([-\d.]+) ', group).group(1))  # type: ignore[union-attr]
        label = re.search(r">([^<>]+)</text>", group).group(1)  # type: ignore[union-attr]
        ticks[label] = x
    return ticks


def _bars(svg: str) -> list[tuple[float, float, float]]:
    """(left, right, height) of every bar of the last bar series (the boxes of its path: M left base V top H right)."""
    paths = re.findall(r'<path d="([^"]+)"[^>]*data-mark="bars"', svg)
    boxes = re.findall(r"M([-\d.]+) ([-\d.]+)V([-\d.]+)H([-\d.]+)", paths[-1])
    return [(float(left), float(right), float(base) - float(top)) for left, base, top, right in boxes]


def test_a_sunday_session_is_drawn_over_its_week() -> None:
    span = (date(2026, 11, 16), date(2026, 12, 6))
    planned = [span[0] + timedelta(days=i) for i in range(21)]
    rows = adherence(planned, [date(2026, 11, 29)], calendar_bins(*span, "week"))
    svg = adherence_chart(rows, span, WIDE)
    ticks = _ticks(svg)
    assert list(ticks) == ["16 Nov", "23 Nov", "30 Nov"]
    per_day = (ticks["23 Nov"] - ticks["16 Nov"]) / 7
    drawn = [bar for bar in _bars(svg) if bar[2] > 0]
    assert len(drawn) == 1
    left, right, _ = drawn[0]
    monday, sunday = ticks["23 Nov"], ticks["23 Nov"] + 6 * per_day
    assert monday - per_day / 2 <= left < monday + per_day  # from Monday 23 Nov ...
    assert sunday - per_day < right <= sunday + per_day / 2  # ... to Sunday 29 Nov, and no further
    assert (left + right) / 2 == pytest.approx(monday + 3 * per_day, abs=0.01)


def test_one_day_of_pain_is_drawn_on_a_one_day_axis() -> None:
    one = date(2026, 11, 25)
    for layout in (WIDE, NARROW):
        svg = pain_chart([(one, 6.0)], [(one, 6.0)], (one, one), layout)
        assert list(_ticks(svg)) == ["25 Nov 2026"]
        assert not re.search(r">20[23]\d</text>", svg)  # no axis of years around a single day


def test_the_two_layouts_are_told_apart_and_share_no_ids() -> None:
    one = date(2026, 11, 25)
    wide = pain_chart([(one, 6.0)], [(one, 6.0)], (one, one), WIDE)
    narrow = pain_chart([(one, 6.0)], [(one, 6.0)], (one, one), NARROW)
    assert 'class="chart chart-wide"' in wide and 'class="chart chart-narrow"' in narrow
    ids = [re.findall(r' id="([^"]+)"', svg) for svg in (wide, narrow)]
    assert ids[0] and ids[1] and not set(ids[0]) & set(ids[1])
    for svg in (wide, narrow):  # every reference still finds its element
        assert set(re.findall(r'(?:url\(#|href="#)([^)"]+)', svg)) <= set(re.findall(r' id="([^"]+)"', svg))


# What helped ------------------------------------------------------------------------------------------------------


def test_what_helped_needs_enough_days_before_it_says_anything() -> None:
    pain = {day(i): 5.0 for i in range(6)}
    done = {day(i): {"stretch"} for i in range(0, 6, 2)}
    finding = what_helped(done, pain, ["stretch"], RULE)[0]
    assert "Not enough days" in finding.verdict
    assert finding.days_done + finding.days_not == 5


def test_what_helped_reports_a_clear_difference_with_its_counts() -> None:
    days = 4 * MIN_DAYS
    done = {day(i): {"ball"} for i in range(days) if i % 2 == 0}
    pain = {day(i): (3.0 if i % 2 == 1 else 6.0) for i in range(days)}  # lower after ball days
    finding = what_helped(done, pain, ["ball"], RULE)[0]
    assert finding.pain_after_done == 3.0
    assert finding.pain_after_not == 6.0
    assert finding.days_done >= MIN_DAYS
    assert "lower" in finding.verdict
    assert "not proof" in finding.verdict


def test_what_helped_says_when_no_difference_can_be_seen() -> None:
    days = 4 * MIN_DAYS
    done = {day(i): {"heat"} for i in range(days) if i % 2 == 0}
    pain = {day(i): float(3 + (i % 4)) for i in range(days)}
    finding = what_helped(done, pain, ["heat"], RULE)[0]
    assert "No difference can be seen yet" in finding.verdict


def test_pain_easing_over_months_is_not_credited_to_an_item() -> None:
    """Done on most days while pain was high, rarely once it had eased: the item itself changed nothing."""
    days = 16 * 7
    pain = {day(i): 8.0 - 5.0 * i / days + (0.5 if i % 3 == 0 else -0.5) for i in range(days)}
    done = {day(i): {"ball"} for i in range(days) if (i % 7 != 6 if i < days / 2 else i % 7 == 0)}
    finding = what_helped(done, pain, ["ball"], RULE)[0]
    after_done = [pain[day(i + 1)] for i in range(days - 1) if day(i) in done]
    after_not = [pain[day(i + 1)] for i in range(days - 1) if day(i) not in done]
    assert sum(after_done) / len(after_done) - sum(after_not) / len(after_not) > 1.5  # a naive comparison misleads
    assert "No difference can be seen yet" in finding.verdict
    assert abs(finding.difference or 0) < RULE.meaningful_difference


def test_a_real_effect_is_found_while_pain_eases() -> None:
    days = 16 * 7
    done = {day(i): {"ball"} for i in range(days) if i % 3 != 0}
    pain = {day(i): 8.0 - 4.0 * i / days - (2.0 if day(i - 1) in done else 0.0) for i in range(days)}
    finding = what_helped(done, pain, ["ball"], RULE)[0]
    assert finding.difference == pytest.approx(-2.0, abs=0.2)
    assert "2.0 points lower" in finding.verdict


def test_items_always_done_together_share_one_finding() -> None:
    days = 4 * MIN_DAYS
    done = {day(i): {ANY_SESSION, "massage:a", "massage:b"} for i in range(days) if i % 2 == 0}
    done |= {day(i): {ANY_SESSION, "stretch:c"} for i in range(days) if i % 4 == 1}
    pain = {day(i): 4.0 for i in range(days)}
    findings = what_helped(done, pain, [ANY_SESSION, "massage:a", "massage:b", "stretch:c"], RULE)
    assert [f.items for f in findings] == [(ANY_SESSION,), ("massage:a", "massage:b"), ("stretch:c",)]


def test_items_are_named_as_the_program_names_them(kb: KnowledgeBase) -> None:
    plan = build_home_program(kb, [PointChoice(muscle="upper-trapezius", point="tp1", side=Side.RIGHT)])
    names = item_names([plan])
    massage = names["massage:upper-trapezius/tp1/right"]
    assert massage.startswith("Self-massage: Upper trapezius") and massage.endswith("(right side)")
    assert names["stretch:upper-trapezius"] == f"Stretch: {kb.muscle('upper-trapezius').stretch.name} (Upper trapezius)"
    assert item_name(ANY_SESSION, names) == "Any self-care session"
    assert item_name("massage:digastric/posterior-belly/right", names) == (
        "Self-massage: Digastric, posterior belly (right side)"
    )
    assert item_name("stretch:levator-scapulae", {}) == "Stretch: Levator scapulae"


def test_an_improvement_counts_at_the_smaller_of_the_absolute_and_relative_change() -> None:
    def odi(first: float) -> ScoreSeries:
        return ScoreSeries("odi", "ODI", "%", "lower", 10, 30, [(date(2026, 3, 2), first)], [], None)

    assert odi(20).improvement_needed == 6  # 30% of 20 (Ostelo 2008)
    assert odi(60).improvement_needed == 10  # the absolute change is smaller
    assert replace(odi(20), relative_percent=None).improvement_needed == 10
