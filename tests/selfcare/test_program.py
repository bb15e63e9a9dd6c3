"""build_home_program and edit_program: dosing rules, caps, rotation and precautions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.kb import KnowledgeBase, load_kb
from triggerpoint.kb.schema import Side
from triggerpoint.selfcare import (
    EditError,
    ItemEdit,
    PointChoice,
    build_home_program,
    day_plan,
    edit_program,
)

KB = load_kb()
RULES = KB.rules.dosing
ALL_POINTS = [PointChoice(muscle=m.id, point=p.id, side=s) for m in KB.muscles for p in m.trigger_points for s in Side]


def choose(*specs: str) -> list[PointChoice]:
    choices = []
    for spec in specs:
        muscle, point, side = spec.split("/")
        choices.append(PointChoice(muscle=muscle, point=point, side=Side(side)))
    return choices


THREE = choose("upper-trapezius/tp1/right", "levator-scapulae/tp1/right", "soleus/tp1/left")


def test_each_point_gets_its_self_massage_and_its_muscle_a_stretch(kb: KnowledgeBase) -> None:
    program = build_home_program(kb, THREE)
    assert [m.key for m in program.massage] == [c.key for c in THREE]
    trapezius = program.massage[0]
    care = kb.point("upper-trapezius", "tp1").self_treatment
    assert (trapezius.tool, trapezius.position, trapezius.find) == (care.tool, care.position, care.find)
    assert {s.muscle for s in program.stretches} == {"upper-trapezius", "levator-scapulae", "soleus"}


def test_advice_matches_the_reported_activities_and_care_items_are_always_there(kb: KnowledgeBase) -> None:
    program = build_home_program(kb, THREE, activities=["computer-work"])
    kinds = {a.kind for a in program.advice}
    assert "posture" in kinds
    assert {"hydration", "stress"} <= kinds
    assert all(a.sources for a in program.advice)
    without = build_home_program(kb, THREE)
    assert "posture" not in {a.kind for a in without.advice}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(ALL_POINTS), min_size=1, max_size=20, unique=True))
def test_every_dose_keeps_to_the_rules_and_every_day_to_the_caps(choices: list[PointChoice]) -> None:
    program = build_home_program(KB, choices)
    rules = RULES
    for item in program.massage:
        assert item.pressure <= rules.max_pressure
        assert item.times_per_day <= rules.max_times_per_day
        if item.seconds is not None:
            assert rules.min_seconds <= item.seconds <= rules.max_seconds
        else:
            assert item.strokes is not None
            assert rules.min_strokes <= item.strokes <= rules.max_strokes
    by_key = {item.key: item for item in program.massage}
    for day in program.schedule:
        assert len(day) <= rules.max_points_per_day
        assert sum(by_key[k].minutes_per_day(rules) for k in day) <= rules.max_minutes_per_day
    rotated = [key for day in program.schedule for key in day]
    assert sorted(rotated) == sorted(by_key)  # every point has its day, none twice


def test_more_points_than_the_cap_rotate_across_days(kb: KnowledgeBase) -> None:
    many = ALL_POINTS[:24:2]  # twelve points
    program = build_home_program(kb, many)
    assert len(program.schedule) >= 3
    plans = [day_plan(program, day) for day in range(len(program.schedule))]
    assert all(len(plan.massage) <= RULES.max_points_per_day for plan in plans)
    assert day_plan(program, len(program.schedule)).massage == plans[0].massage  # the rotation repeats


def test_blood_thinners_lighten_the_pressure_and_say_why(kb: KnowledgeBase) -> None:
    program = build_home_program(kb, THREE, precaution_ids=["anticoagulants"])
    cap = kb.precaution("anticoagulants").max_pressure
    assert cap is not None
    assert all(item.pressure <= cap for item in program.massage)
    assert any("Lighter pressure" in note for item in program.massage for note in item.notes)
    assert any("blood thinner" in note.lower() for note in program.notes)


def test_a_precaution_can_leave_points_out_and_says_why(kb: KnowledgeBase) -> None:
    choices = choose("rectus-abdominis/lower/right", "upper-trapezius/tp1/right")
    program = build_home_program(kb, choices, precaution_ids=["pregnancy"])
    assert [s.key for s in program.skipped] == [choices[0].key]
    assert program.skipped[0].reason
    assert [m.key for m in program.massage] == [choices[1].key]


def test_a_precaution_can_swap_a_tool_for_fingers(kb: KnowledgeBase) -> None:
    roller_points = [c for c in ALL_POINTS if kb.point(c.muscle, c.point).self_treatment.tool == "foam-roller"]
    assert roller_points
    program = build_home_program(kb, roller_points[:1], precaution_ids=["osteoporosis"])
    if program.massage:
        assert program.massage[0].tool == "fingers"


def test_edits_are_applied_within_the_rules(kb: KnowledgeBase) -> None:
    program = build_home_program(kb, THREE)
    key = THREE[0].key
    edited = edit_program(program, [ItemEdit(key=key, times_per_day=1, enabled=False)], RULES)
    item = next(m for m in edited.massage if m.key == key)
    assert (item.times_per_day, item.enabled) == (1, False)
    assert all(key not in day for day in edited.schedule)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (ItemEdit(key="massage:upper-trapezius/tp1/right", pressure=7), "pressure"),
        (ItemEdit(key="massage:upper-trapezius/tp1/right", seconds=300), "seconds"),
        (ItemEdit(key="massage:upper-trapezius/tp1/right", times_per_day=6), "times_per_day"),
        (ItemEdit(key="massage:soleus/tp2/left", enabled=False), "edits[massage:soleus/tp2/left]"),
    ],
)
def test_edits_beyond_the_rules_are_refused(kb: KnowledgeBase, edit: ItemEdit, field: str) -> None:
    program = build_home_program(kb, THREE, precaution_ids=["anticoagulants"])
    with pytest.raises(EditError) as caught:
        edit_program(program, [edit], RULES)
    assert caught.value.field.endswith(field)


SURGERY = "recent-surgery-or-injury"


def test_points_over_the_operated_area_are_left_out_and_say_why(kb: KnowledgeBase) -> None:
    choices = choose("upper-trapezius/tp1/right", "soleus/tp1/left")
    program = build_home_program(kb, choices, precaution_ids=[SURGERY], injury_sites=["neck"])
    assert [s.key for s in program.skipped] == [choices[0].key]
    reason = program.skipped[0].reason
    assert "recent operation or injury" in reason and "Neck" in reason
    assert [m.key for m in program.massage] == [choices[1].key]
    assert program.injury_sites == ["neck"]
    assert any("You said where: Neck." in note for note in program.notes)


def test_without_a_site_the_point_stays_in(kb: KnowledgeBase) -> None:
    choices = choose("upper-trapezius/tp1/right", "soleus/tp1/left")
    program = build_home_program(kb, choices, precaution_ids=[SURGERY])
    assert [m.key for m in program.massage] == [c.key for c in choices]
    assert program.skipped == []


def test_a_sided_site_leaves_out_only_that_side(kb: KnowledgeBase) -> None:
    choices = choose("soleus/tp1/left", "soleus/tp1/right")
    program = build_home_program(kb, choices, precaution_ids=[SURGERY], injury_sites=["calf-lower-left"])
    assert [s.key for s in program.skipped] == [choices[0].key]
    assert kb.region("calf-lower-left").name in program.skipped[0].reason
    assert [m.key for m in program.massage] == [choices[1].key]


def test_a_site_matches_the_point_marker_as_well_as_its_local_regions(kb: KnowledgeBase) -> None:
    tp2 = kb.point("upper-trapezius", "tp2")
    assert tp2.marker.region == "shoulder-top"
    program = build_home_program(
        kb, choose("upper-trapezius/tp2/right"), precaution_ids=[SURGERY], injury_sites=["shoulder-top-right"]
    )
    assert program.massage == [] and len(program.skipped) == 1
    far = build_home_program(
        kb, choose("upper-trapezius/tp2/right"), precaution_ids=[SURGERY], injury_sites=["knee-front-right"]
    )
    assert len(far.massage) == 1
