"""Corrections from the review against the classic referral charts and for safe self-treatment.

Each test names the finding it guards; each failed on the knowledge base as it was before the fix.
"""

from __future__ import annotations

import pytest

from triggerpoint.kb import KnowledgeBase, Tier
from triggerpoint.kb.schema import Side
from triggerpoint.selfcare import PointChoice, build_home_program


def tiers(kb: KnowledgeBase, muscle: str, point: str) -> dict[str, Tier]:
    """The referral map of a point on the right side, by region ID."""
    return kb.referral_map(kb.point(muscle, point), Side.RIGHT)


def test_upper_trapezius_tp1_reaches_the_back_of_the_eye(kb: KnowledgeBase) -> None:
    reached = tiers(kb, "upper-trapezius", "tp1")
    assert reached["eye-right"] is Tier.ESSENTIAL
    assert reached["temple-right"] is Tier.ESSENTIAL
    assert reached["mastoid-right"] is Tier.ESSENTIAL


def test_the_upper_masseter_point_stays_on_the_upper_teeth_and_jaw_and_not_the_eye(kb: KnowledgeBase) -> None:
    reached = tiers(kb, "masseter", "superficial-upper")
    assert reached["teeth-upper-right"] is Tier.ESSENTIAL
    assert reached["cheek-right"] is Tier.ESSENTIAL
    assert "eye-right" not in reached
    assert not any(region.startswith(("eye-", "eyebrow-")) for region in reached)


def test_the_eyebrow_arc_belongs_to_the_masseter_point_at_the_jaw_angle(kb: KnowledgeBase) -> None:
    reached = tiers(kb, "masseter", "superficial-lower")
    assert reached["eyebrow-right"] is Tier.ESSENTIAL
    assert reached["temple-right"] is Tier.ESSENTIAL  # one arc across the temple to the brow
    points_reaching_the_eye = [
        p.id for p in kb.muscle("masseter").trigger_points if "eye-right" in kb.referral_map(p, Side.RIGHT)
    ]
    assert points_reaching_the_eye == []


def test_pectoralis_major_sternal_spillover_runs_down_the_little_finger_side(kb: KnowledgeBase) -> None:
    reached = tiers(kb, "pectoralis-major", "sternal")
    for region in ("arm-inner", "elbow-inner", "forearm-little-finger-side", "ring-finger", "little-finger"):
        assert reached[f"{region}-right"] is Tier.SPILLOVER, region
    assert "forearm-front-right" not in reached
    assert "forearm-thumb-side-right" not in reached


def test_iliopsoas_refers_along_the_lumbar_spine_to_the_sacroiliac_area(kb: KnowledgeBase) -> None:
    reached = tiers(kb, "iliopsoas", "tp1")
    for region in ("low-back-upper-right", "low-back-lower-right", "sacroiliac-right"):
        assert reached[region] is Tier.ESSENTIAL, region
    assert reached["thigh-front-upper-right"] is Tier.SPILLOVER
    assert reached["groin-right"] is Tier.SPILLOVER


def test_pectineus_self_pressure_stays_away_from_the_femoral_pulse(kb: KnowledgeBase) -> None:
    care = kb.point("pectineus", "tp1").self_treatment
    assert "between them" not in care.find  # it used to send the fingers between tendon and pulse
    assert "at least two finger widths inside the pulse" in care.find
    assert care.tool == "fingers" and care.dose.pressure <= 3
    assert "do not press here" in care.avoid
    # consistent with iliopsoas, which never presses the groin crease
    assert any("groin crease" in text for text in kb.muscle("pectineus").precautions)
    assert "never press into the groin crease" in kb.point("iliopsoas", "tp1").self_treatment.avoid


def test_upper_quadratus_lumborum_is_pressed_against_a_wall_between_rib_and_pelvis(kb: KnowledgeBase) -> None:
    care = kb.point("quadratus-lumborum", "superficial-upper").self_treatment
    assert care.tool == "wall"
    assert "Standing" in care.position
    assert "between the lowest rib and the top of the pelvis" in care.find
    assert "kidney" in care.avoid and "not on the rib" in care.avoid
    precautions = " ".join(kb.muscle("quadratus-lumborum").precautions)
    assert "never push up under the rib" in precautions
    assert "press gently inward under the last rib" not in precautions


def test_no_one_lies_on_a_ball_just_below_the_ribs(kb: KnowledgeBase) -> None:
    """Body weight on a floor ball in the upper low back presses towards the kidney: use a wall."""
    on_the_floor = [
        f"{muscle.id}/{point.id}"
        for muscle in kb.muscles
        for point in muscle.trigger_points
        if point.marker.region in {"low-back-upper", "ribs-back-lower"} and point.self_treatment.tool == "floor"
    ]
    assert on_the_floor == []


def test_pregnancy_keeps_pressure_off_the_calves_and_the_back_of_the_knee(kb: KnowledgeBase) -> None:
    pregnancy = kb.precaution("pregnancy")
    assert {"calf-upper", "calf-lower", "knee-back"} <= set(pregnancy.skip_regions)
    assert "clot" in pregnancy.why and "calves" in pregnancy.why
    choices = [
        PointChoice(muscle="gastrocnemius", point="tp1", side=Side.LEFT),
        PointChoice(muscle="popliteus", point="tp1", side=Side.LEFT),
        PointChoice(muscle="soleus", point="tp1", side=Side.LEFT),
        PointChoice(muscle="upper-trapezius", point="tp1", side=Side.LEFT),
    ]
    program = build_home_program(kb, choices, precaution_ids=["pregnancy"])
    assert [item.muscle for item in program.massage] == ["upper-trapezius"]
    assert {s.key for s in program.skipped} == {c.key for c in choices[:3]}
    assert all("clot" in s.reason for s in program.skipped)


def test_the_neuropathy_precaution_says_why(kb: KnowledgeBase) -> None:
    why = kb.precaution("diabetic-numb-feet").why
    assert "cannot judge how hard you are pressing" in why
    assert "may not notice" in why


@pytest.mark.parametrize(
    ("muscle", "point", "present", "absent"),
    [
        ("diaphragm", "costal-margin", "up and outward against the inside of the rib edge", "hook the fingertips"),
        ("scalenes", "tp1", "stay out of the hollow just above the collarbone", "just above the collarbone and slide"),
        ("coracobrachialis", "tp1", "in front of that groove", "just below the armpit and press outward"),
        ("plantaris", "tp1", "below the knee crease", "beside the outer tendon"),
        ("digastric", "posterior-belly", "not inward", "in the small hollow"),
        ("adductor-brevis", "tp1", "just behind it", "soft muscle beside it"),
        ("splenius-cervicis", "upper", "towards the spine (not", "inwards and forwards"),
    ],
)
def test_self_treatment_keeps_off_arteries_nerves_and_organs(
    kb: KnowledgeBase, muscle: str, point: str, present: str, absent: str
) -> None:
    care = kb.point(muscle, point).self_treatment
    text = " ".join((care.find, care.avoid))
    assert present in text
    assert absent not in text


def test_clots_leave_out_the_groin_where_the_big_leg_vein_is_closest(kb: KnowledgeBase) -> None:
    clots = kb.precaution("clots-or-varicose-veins")
    assert "groin" in clots.skip_regions and "groin" in clots.why
    choice = PointChoice(muscle="pectineus", point="tp1", side=Side.RIGHT)
    program = build_home_program(kb, [choice], precaution_ids=["clots-or-varicose-veins"])
    assert program.massage == [] and [s.key for s in program.skipped] == [choice.key]


def test_thin_bones_leave_out_points_pressed_straight_onto_the_front_ribs(kb: KnowledgeBase) -> None:
    assert "against the bone" in kb.point("external-oblique", "upper").self_treatment.find
    choice = PointChoice(muscle="external-oblique", point="upper", side=Side.LEFT)
    program = build_home_program(kb, [choice], precaution_ids=["osteoporosis"])
    assert [s.key for s in program.skipped] == [choice.key]
