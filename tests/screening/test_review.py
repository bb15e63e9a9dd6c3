"""Each problem the clinical review found in the old screen, and the test that keeps it fixed."""

from __future__ import annotations

import re

import pytest

from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import ScreeningQuestion
from triggerpoint.screening import questions_for, screen
from triggerpoint.screening.rules import screening_areas

NECK = ["throat", "neck-front-left", "neck-side-right", "neck-back-upper-left", "neck-back-lower-right"]


def area_regions(kb: KnowledgeBase, area_id: str) -> list[str]:
    """Every region ID (both sides) of one body area of the screen."""
    (area,) = [area for area in screening_areas(kb) if area.id == area_id]
    return [region.id for region in kb.regions if region.base in area.regions]


def matching(questions: list[ScreeningQuestion], pattern: str) -> list[str]:
    return [q.id for q in questions if re.search(pattern, q.ask, re.IGNORECASE)]


def ask_of(kb: KnowledgeBase, question_id: str) -> str:
    return next(q.ask for q in kb.screening if q.id == question_id)


# Osteoporosis alone is a reason to press lightly (precautions.yaml), not to see a doctor.


def test_osteoporosis_alone_raises_no_referral_question(kb: KnowledgeBase) -> None:
    about_bones = matching(list(kb.screening), r"osteoporosis|thin bones|brittle")
    assert about_bones == ["fragility-fracture"]
    ask = ask_of(kb, "fragility-fracture")
    # Only a yes to both halves is a yes: thin bones AND a pain that began after a small fall or a lift.
    assert re.search(r"osteoporosis\), and did this pain start after a small fall or lifting", ask)
    assert any(p.id == "osteoporosis" for p in kb.precautions)


def test_long_term_steroids_refer_only_with_a_new_pain(kb: KnowledgeBase) -> None:
    (steroids,) = [q for q in kb.screening if "steroid" in q.ask.lower()]
    assert re.search(r"for over 3 months, and did this pain start in the last 3 months\?$", steroids.ask)
    assert steroids.id in [q.id for q in questions_for(kb, ["low-back-lower-left"])]


# The warning signs of a torn neck artery or stroke (the 5 Ds and 3 Ns of the IFOMPT framework).


@pytest.mark.parametrize("region", NECK)
def test_a_neck_drawing_asks_each_warning_sign_of_a_torn_neck_artery_once(kb: KnowledgeBase, region: str) -> None:
    asked = questions_for(kb, [region])
    for sign, pattern in {
        "dizziness": r"\bdizz",
        "trouble swallowing": r"\bswallow",
        "trouble speaking": r"\bspeak",
        "drop attacks": r"legs suddenly given way",
        "double vision": r"double vision",
        "numbness of the face": r"face.*numb",
        "sudden severe headache": r"headache come on suddenly",
    }.items():
        found = matching(asked, pattern)
        assert len(found) == 1, f"{region}: {sign} asked by {found}"
    assert all(q.urgency.value in {"emergency", "today"} for q in asked if q.id in {"dizziness", "drop-attacks"})


# An old injury is not a red flag; a recent, real one is.


def test_the_injury_question_has_a_time_frame_and_a_severity(kb: KnowledgeBase) -> None:
    (injury,) = matching(list(kb.screening), r"\binjury\b")
    ask = ask_of(kb, injury)
    assert "in the last 6 weeks" in ask
    assert re.search(r"hard fall|road accident|heavy blow", ask)
    assert "recent-injury" not in {q.id for q in kb.screening}  # the old, timeless question is gone


def test_every_question_about_a_fall_or_blow_says_when_or_why_it_matters(kb: KnowledgeBase) -> None:
    for question in kb.screening:
        if re.search(r"\b(fall|fell|accident|blow|injury)\b", question.ask):
            assert re.search(r"last \d+ weeks|thin bones|without blacking out", question.ask), question.id


# A past cancer refers only with the features that make it a red flag.


def test_cancer_is_asked_only_together_with_a_new_pain(kb: KnowledgeBase) -> None:
    about_cancer = [q for q in kb.screening if "cancer" in q.ask.lower()]
    assert [q.id for q in about_cancer] == ["cancer-history-new-pain"]
    assert about_cancer[0].ask.endswith("and did this pain start in the last 3 months?")
    assert "cancer-or-weight-loss" not in {q.id for q in kb.screening}


def test_the_other_features_of_cancer_are_asked_each_alone(kb: KnowledgeBase) -> None:
    asked = {q.id for q in questions_for(kb, ["low-back-lower-left"])}
    assert {"unexplained-weight-loss", "constant-night-pain", "cancer-history-new-pain"} <= asked
    night = next(q for q in kb.screening if q.id == "constant-night-pain")
    assert "no matter how you move or rest" in night.ask and "night" in night.ask


# A blood clot in a deep vein: asked for thigh, knee and calf drawings, never by tenderness.

CLOT_QUESTIONS = {
    "one-leg-swollen",
    "leg-red-warm",
    "leg-pain-after-stillness",
    "leg-pain-in-pregnancy",
    "leg-pain-previous-clot",
}


def test_every_thigh_knee_and_calf_drawing_asks_the_clot_questions(kb: KnowledgeBase) -> None:
    legs = [*area_regions(kb, "thigh-knee"), "calf-upper-left", "calf-lower-right"]
    assert "thigh-front-upper-left" in legs and "knee-back-right" in legs
    for region in legs:
        assert {q.id for q in questions_for(kb, [region])} >= CLOT_QUESTIONS, region


def test_the_clot_questions_cover_swelling_warmth_redness_and_each_risk(kb: KnowledgeBase) -> None:
    asks = " ".join(q.ask for q in kb.screening if q.id in CLOT_QUESTIONS).lower()
    for word in ("swollen", "red", "warm", "operation", "journey", "in bed", "pregnancy", "blood clot"):
        assert word in asks, word


def test_no_question_counts_a_tender_muscle_as_a_warning_sign(kb: KnowledgeBase) -> None:
    # A tender calf is what a calf trigger point gives; it is not a sign of a clot.
    assert not matching(list(kb.screening), r"tender|sore to (the )?touch")
    assert "hot-swollen-calf" not in {q.id for q in kb.screening}


def test_a_risk_factor_alone_never_refers_a_leg_drawing(kb: KnowledgeBase) -> None:
    for question_id in ("leg-pain-after-stillness", "leg-pain-in-pregnancy", "leg-pain-previous-clot"):
        assert "this leg pain" in ask_of(kb, question_id), (
            question_id
        )  # the risk counts only with the leg pain that started with it


# A yes still refers, whatever the area (the screen's one rule).


def test_a_yes_to_any_clot_question_refers_a_calf_drawing_today(kb: KnowledgeBase) -> None:
    regions = ["calf-upper-left"]
    base = dict.fromkeys((q.id for q in questions_for(kb, regions)), False)
    for question_id in sorted(CLOT_QUESTIONS):
        outcome = screen(kb, regions, base | {question_id: True})
        assert outcome.refer and outcome.urgency is not None and outcome.urgency.value == "today", question_id
