"""The red-flag screen as a pure function: what a drawing asks, and how the answers decide."""

from __future__ import annotations

import pytest

from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Urgency
from triggerpoint.screening import ScreeningError, questions_for, screen


def asked(kb: KnowledgeBase, *regions: str) -> list[str]:
    return [q.id for q in questions_for(kb, regions)]


def no_to_all(kb: KnowledgeBase, *regions: str) -> dict[str, bool]:
    return dict.fromkeys(asked(kb, *regions), False)


def test_a_head_drawing_asks_the_headache_red_flags(kb: KnowledgeBase) -> None:
    ids = set(asked(kb, "temple-right"))
    assert {"thunderclap-headache", "fever-stiff-neck", "new-headache-after-50", "sight-loss-one-eye"} <= ids
    assert "saddle-numbness" not in ids


def test_a_low_back_drawing_asks_the_spinal_red_flags(kb: KnowledgeBase) -> None:
    ids = set(asked(kb, "low-back-lower-left"))
    assert {"saddle-numbness", "bladder-control", "leg-weakness", "fever-with-pain"} <= ids
    assert {"cancer-history-new-pain", "fragility-fracture", "steroids-new-pain", "constant-night-pain"} <= ids
    assert "thunderclap-headache" not in ids


def test_organ_pain_felt_in_the_back_and_shoulder_is_asked_about(kb: KnowledgeBase) -> None:
    assert "blood-in-urine" in asked(kb, "ribs-back-lower-right")  # kidney to the flank
    assert "pain-after-eating" in asked(kb, "scapula-lower-right")  # gallbladder to the shoulder blade
    assert "pain-after-eating" in asked(kb, "mid-back-left")  # pancreas to the mid back
    assert "sudden-tearing-pain" in asked(kb, "scapula-medial-left")  # aorta between the shoulder blades
    assert "sudden-tearing-pain" in asked(kb, "abdomen-upper-left")  # aorta to the belly
    assert "arm-weakness" in asked(kb, "scapula-medial-right")  # top of the lung (Pancoast) to shoulder and arm


def test_heart_pain_is_asked_about_where_it_is_felt(kb: KnowledgeBase) -> None:
    for region in ("chest-upper-left", "jaw-left", "arm-inner-left", "forearm-little-finger-side-left"):
        assert "pain-on-effort" in asked(kb, region), region
    assert "breathless-with-pain" in asked(kb, "chest-side-left")
    assert "pain-on-effort" not in asked(kb, "heel-left")


def test_every_drawing_is_asked_about_a_recent_injury_fever_and_past_cancer(kb: KnowledgeBase) -> None:
    for region in ("little-finger-left", "vertex", "heel-right", "abdomen-lower-left"):
        assert {"recent-trauma", "fever-with-pain", "cancer-history-new-pain"} <= set(asked(kb, region))


def test_questions_come_most_urgent_first(kb: KnowledgeBase) -> None:
    order = list(Urgency)
    for region in ("temple-right", "low-back-lower-left", "calf-upper-left", "abdomen-upper-right"):
        urgencies = [order.index(q.urgency) for q in questions_for(kb, [region])]
        assert urgencies == sorted(urgencies), region


def test_all_no_lets_suggestions_follow(kb: KnowledgeBase) -> None:
    outcome = screen(kb, ["temple-right"], no_to_all(kb, "temple-right"))
    assert not outcome.refer
    assert outcome.advice is None
    assert outcome.flagged == ()


def test_any_yes_refers_with_the_most_urgent_advice_first(kb: KnowledgeBase) -> None:
    answers = no_to_all(kb, "low-back-lower-left") | {"cancer-history-new-pain": True, "saddle-numbness": True}
    outcome = screen(kb, ["low-back-lower-left"], answers)
    assert outcome.refer
    assert outcome.urgency is Urgency.EMERGENCY
    assert {q.id for q in outcome.flagged} == {"cancer-history-new-pain", "saddle-numbness"}
    assert outcome.advice == kb.rules.referral_advice.emergency


def test_a_soon_flag_alone_still_refers(kb: KnowledgeBase) -> None:
    answers = no_to_all(kb, "low-back-lower-left") | {"steroids-new-pain": True}
    outcome = screen(kb, ["low-back-lower-left"], answers)
    assert outcome.refer
    assert outcome.urgency is Urgency.SOON
    assert outcome.advice == kb.rules.referral_advice.soon


def test_an_unanswered_question_is_an_error_not_a_no(kb: KnowledgeBase) -> None:
    answers = no_to_all(kb, "temple-right")
    del answers["thunderclap-headache"]
    with pytest.raises(ScreeningError, match="thunderclap-headache"):
        screen(kb, ["temple-right"], answers)


def test_a_yes_to_a_question_the_drawing_did_not_raise_still_refers(kb: KnowledgeBase) -> None:
    assert "one-leg-swollen" not in asked(kb, "temple-right")
    answers = no_to_all(kb, "temple-right") | {"one-leg-swollen": True}
    outcome = screen(kb, ["temple-right"], answers)
    assert outcome.refer
    assert [q.id for q in outcome.flagged] == ["one-leg-swollen"]
    assert outcome.urgency is Urgency.TODAY


def test_a_no_to_a_question_not_raised_changes_nothing(kb: KnowledgeBase) -> None:
    answers = no_to_all(kb, "temple-right") | {"one-leg-swollen": False}
    assert not screen(kb, ["temple-right"], answers).refer
    with pytest.raises(ScreeningError, match="thunderclap-headache"):
        screen(kb, ["temple-right"], {"one-leg-swollen": False})  # the drawing's own questions remain


def test_an_answer_to_a_question_that_does_not_exist_is_an_error(kb: KnowledgeBase) -> None:
    answers = no_to_all(kb, "temple-right") | {"hot-swollen-calf": False}
    with pytest.raises(ScreeningError, match="hot-swollen-calf"):
        screen(kb, ["temple-right"], answers)
