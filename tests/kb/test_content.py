"""Every muscle entry is complete, sourced and consistent."""

from __future__ import annotations

import pytest

from triggerpoint.kb import KnowledgeBase, Tier, load_kb
from triggerpoint.kb.schema import Muscle, Side

MUSCLES = load_kb().muscles


@pytest.mark.parametrize("muscle", MUSCLES, ids=lambda m: m.id)
def test_muscle_is_complete(muscle: Muscle) -> None:
    assert muscle.trigger_points
    for point in muscle.trigger_points:
        assert point.referral.essential, point.id
        assert point.self_treatment.dose.pressure <= 7, "home pressure stays moderate"
        assert point.sources
    assert muscle.stretch.how
    assert muscle.sources


@pytest.mark.parametrize("muscle", MUSCLES, ids=lambda m: m.id)
def test_first_source_is_the_trigger_point_manual(kb: KnowledgeBase, muscle: Muscle) -> None:
    assert kb.source(muscle.sources[0]).rank == 1


@pytest.mark.parametrize("muscle", MUSCLES, ids=lambda m: m.id)
def test_referral_resolves_to_known_regions_on_both_sides(kb: KnowledgeBase, muscle: Muscle) -> None:
    for point in muscle.trigger_points:
        for side in Side:
            reached = kb.referral_map(point, side)
            assert all(kb.has_region(region) for region in reached)
            assert Tier.ESSENTIAL in reached.values()


def test_referral_stays_on_the_point_side_unless_marked(kb: KnowledgeBase) -> None:
    point = kb.point("upper-trapezius", "tp1")
    right = kb.referral_map(point, Side.RIGHT)
    assert right["temple-right"] is Tier.ESSENTIAL
    assert not any(region.endswith("-left") for region in right)
    left = kb.referral_map(point, Side.LEFT)
    assert set(left) == {region.replace("-right", "-left") for region in right}


def test_crossing_patterns_reach_the_other_side(kb: KnowledgeBase) -> None:
    crossing = [
        (m, p)
        for m in kb.muscles
        for p in m.trigger_points
        if any("@" in entry for entry in (*p.referral.essential, *p.referral.spillover))
    ]
    assert crossing, "some patterns cross the midline (e.g. rectus abdominis, sternalis)"
    _muscle, point = crossing[0]
    sides = {region.rsplit("-", 1)[-1] for region in kb.referral_map(point, Side.RIGHT)}
    assert "left" in sides


def test_conditions_cover_the_six_and_name_real_muscles(kb: KnowledgeBase) -> None:
    assert set(kb.condition_ids) == {
        "fibromyalgia",
        "tension-headache-migraine",
        "low-back-pain",
        "neck-shoulder-stiffness",
        "sciatica-like-pain",
        "repetitive-strain-injury",
    }
    for condition in kb.conditions:
        for item in condition.muscles:
            kb.muscle(item.muscle)
        assert len(condition.red_flags) >= 2


def test_every_condition_has_points_tagged_with_it(kb: KnowledgeBase) -> None:
    for condition_id in kb.condition_ids:
        assert any(condition_id in p.conditions for m in kb.muscles for p in m.trigger_points), condition_id


def test_limited_evidence_always_says_why(kb: KnowledgeBase) -> None:
    for muscle in kb.muscles:
        for point in muscle.trigger_points:
            if point.evidence.value == "limited":
                assert point.evidence_note


def test_precautions_name_the_classic_danger_zones(kb: KnowledgeBase) -> None:
    def text(muscle_id: str) -> str:
        return " ".join(kb.muscle(muscle_id).precautions).lower()

    assert "carotid" in text("sternocleidomastoid")
    assert "femoral" in text("iliopsoas") or "femoral" in text("pectineus")
    assert "knee" in text("popliteus") or "popliteal" in text("popliteus")
