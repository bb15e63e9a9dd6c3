"""The loop's comparisons, pure: verdicts against the margins of criteria.yaml, regions, points and scores."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.kb import load_kb
from triggerpoint.outcomes import instrument
from triggerpoint.visits.loop import (
    Answered,
    Examined,
    first_and_latest,
    new_regions,
    point_loop,
    reached,
    region_loops,
    score_loop,
    together,
    verdict,
)
from triggerpoint.visits.rules import RulesError, load_rules, parse_rules

KB = load_kb()
LOOP = load_rules().loop
LEVEL = st.integers(min_value=1, max_value=10)
KG = st.floats(min_value=0, max_value=20, allow_nan=False)
REGIONS = st.dictionaries(st.sampled_from([r.id for r in KB.regions][:60]), LEVEL, max_size=12)


def test_the_margins_are_data_with_their_sources() -> None:
    assert (LOOP.pain.least_change, LOOP.tenderness.least_change, LOOP.ppt.least_change) == (2, 2, 0.5)
    assert LOOP.pain.sources == ("farrar-2001",) and LOOP.ppt.sources == ("mailloux-2021",)


def _shipped() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("triggerpoint.visits").joinpath("data", "criteria.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("loop"),
        lambda d: d["loop"]["ppt"].update(least_change=0),
        lambda d: d["loop"]["pain"].update(sources=["no-such-source"]),
        lambda d: d["loop"]["tenderness"].update(sources=[]),  # neither sourced nor marked unsourced
    ],
)
def test_a_malformed_loop_section_is_refused_at_load(change: Any) -> None:
    data = copy.deepcopy(_shipped())
    change(data)
    with pytest.raises(RulesError):
        parse_rules(data, KB)


def test_the_edges_of_the_margin() -> None:
    assert verdict(7, 5, LOOP.pain, lower_is_better=True) == "better"
    assert verdict(7, 6, LOOP.pain, lower_is_better=True) == "same"
    assert verdict(2.2, 2.7, LOOP.ppt, lower_is_better=False) == "better"  # 0.5 within rounding
    assert verdict(2.2, 2.6, LOOP.ppt, lower_is_better=False) == "same"
    assert verdict(3.0, 2.4, LOOP.ppt, lower_is_better=False) == "worse"


@given(KG, KG)
def test_a_verdict_turns_round_with_the_order_and_the_direction(before: float, after: float) -> None:
    word = verdict(before, after, LOOP.ppt, lower_is_better=False)
    opposite = {"better": "worse", "worse": "better", "same": "same"}
    assert verdict(after, before, LOOP.ppt, lower_is_better=False) == opposite[word]
    assert verdict(before, after, LOOP.ppt, lower_is_better=True) == opposite[word]
    assert (word == "same") == (abs(after - before) < LOOP.ppt.least_change - 1e-9)


@given(st.lists(st.sampled_from(["better", "same", "worse", None]), max_size=3))
def test_together_says_mixed_only_when_one_got_better_and_another_worse(words: list[Any]) -> None:
    word = together(words)
    known = {w for w in words if w}
    assert (word == "mixed") == ({"better", "worse"} <= known)
    assert (word is None) == (not known)
    assert word in (*known, "mixed", None)


@given(REGIONS, st.one_of(st.none(), REGIONS))
def test_every_region_of_the_first_drawing_has_one_row(first: dict[str, int], now: dict[str, int] | None) -> None:
    rows = region_loops(KB, first, now, LOOP.pain)
    assert sorted(r.region for r in rows) == sorted(first)
    assert [r.pain_then for r in rows] == sorted((r.pain_then for r in rows), reverse=True)
    for row in rows:
        assert row.pain_then == first[row.region]
        if now is None:
            assert (row.pain_now, row.change, row.verdict) == (None, None, None)
        else:
            assert row.pain_now == now.get(row.region, 0) and row.change == row.pain_now - row.pain_then
    added = new_regions(KB, first, now)
    assert {r.region for r in added} == set(now or {}) - set(first)


def test_a_treated_point_answers_where_it_hurt() -> None:
    rows = region_loops(KB, {"temple-right": 7, "knee-front-left": 5}, {"temple-right": 2}, LOOP.pain)
    then = Examined("upper-trapezius", "tp1", "right", 8, 2.2)
    found = point_loop(KB, 1, then, Examined("upper-trapezius", "tp1", "right", 9, 1.5), rows, LOOP)
    assert (found.tenderness_verdict, found.ppt_verdict, found.verdict) == ("same", "worse", "worse")
    assert [(e.region, e.verdict) for e in found.explains] == [("temple-right", "better")]  # the knee is not its area
    unexamined = point_loop(KB, 2, then, None, rows, LOOP)
    assert (unexamined.examined_now, unexamined.verdict, unexamined.ppt_now) == (False, None, None)


def test_a_point_on_the_wrong_side_or_unknown_explains_nothing() -> None:
    assert reached(KB, "upper-trapezius", "tp1", "left", ["temple-right"]) == []
    assert reached(KB, "no-such-muscle", "tp1", "right", ["temple-right"]) == []
    assert reached(KB, "upper-trapezius", "tp1", "right", ["temple-right"]) == ["temple-right"]


DAY = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 6, 30))


@given(st.lists(st.tuples(st.sampled_from(["ndi", "odi"]), DAY, st.integers(0, 100)), max_size=12), DAY, DAY)
def test_the_baseline_is_by_the_first_visit_and_the_latest_by_this_one(
    answers: list[tuple[str, date, int]], first_day: date, later: date
) -> None:
    this_day = max(first_day, later)
    found = first_and_latest((Answered(t, on, float(s)) for t, on, s in answers), first_day, this_day)
    assert set(found) == {t for t, on, _ in answers if on <= this_day}
    for tool, (first, latest) in found.items():
        days = [on for t, on, _ in answers if t == tool and on <= this_day]
        by_first = [d for d in days if d <= first_day]
        assert first.on == (max(by_first) if by_first else min(days))
        assert latest is None or (first.on <= latest.on == max(days) and latest is not first)


def test_a_score_against_its_minimal_important_change() -> None:
    ndi = instrument("ndi")
    start = Answered("ndi", date(2026, 3, 1), 30.0)
    assert score_loop(ndi, start, Answered("ndi", date(2026, 3, 9), 15.0)).reaches_minimal_change
    small = score_loop(ndi, start, Answered("ndi", start.on + timedelta(days=8), 20.0))
    assert (small.change, small.result, small.reaches_minimal_change) == (-10.0, "no meaningful change", False)
    worse = score_loop(ndi, start, Answered("ndi", start.on + timedelta(days=8), 46.0))
    assert (worse.result, worse.reaches_minimal_change) == ("worse", False)
