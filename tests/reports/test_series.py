"""Pure progress computations: daily pain, averages, painted area, frequency, medication, what helped."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.atlas.geometry import region_areas
from triggerpoint.kb import load_kb
from triggerpoint.progress.helped import what_helped
from triggerpoint.progress.series import (
    DiaryPoint,
    Painted,
    daily_pain,
    medication_days,
    pain_area,
    region_frequency,
    rolling_mean,
)

D0 = date(2026, 1, 5)
RULE = load_kb().rules.what_helped
MIN_DAYS = RULE.min_days


def at(day: int, hour: int, pain: int, **extra: object) -> DiaryPoint:
    """An entry on day `day` of the series (the hour only tells entries of one day apart)."""
    return DiaryPoint(D0 + timedelta(days=day), pain, **extra)  # type: ignore[arg-type]


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


def test_what_helped_needs_enough_days_before_it_says_anything() -> None:
    pain = {D0 + timedelta(days=i): 5.0 for i in range(6)}
    done = {D0 + timedelta(days=i): {"stretch"} for i in range(0, 6, 2)}
    finding = what_helped(done, pain, ["stretch"], RULE)[0]
    assert "Not enough days" in finding.verdict
    assert finding.days_done + finding.days_not == 5


def test_what_helped_reports_a_clear_difference_with_its_counts() -> None:
    days = 4 * MIN_DAYS
    done = {D0 + timedelta(days=i): {"ball"} for i in range(days) if i % 2 == 0}
    pain = {D0 + timedelta(days=i): (3.0 if i % 2 == 1 else 6.0) for i in range(days)}  # lower after ball days
    finding = what_helped(done, pain, ["ball"], RULE)[0]
    assert finding.pain_after_done == 3.0
    assert finding.pain_after_not == 6.0
    assert finding.days_done >= MIN_DAYS
    assert "lower" in finding.verdict
    assert "not proof" in finding.verdict


def test_what_helped_says_when_the_gap_is_within_the_noise() -> None:
    days = 4 * MIN_DAYS
    done = {D0 + timedelta(days=i): {"heat"} for i in range(days) if i % 2 == 0}
    pain = {D0 + timedelta(days=i): float(3 + (i % 4)) for i in range(days)}
    finding = what_helped(done, pain, ["heat"], RULE)[0]
    assert "No clear difference" in finding.verdict
