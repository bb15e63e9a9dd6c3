"""The red-flag screen as a pure function."""

from __future__ import annotations

import pytest

from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Urgency
from triggerpoint.screening import ScreeningError, questions_for, screen


def asked(kb: KnowledgeBase, *regions: str) -> list[str]:
    return [q.id for q in questions_for(kb, regions)]


def test_a_head_drawing_asks_the_headache_red_flags(kb: KnowledgeBase) -> None:
    ids = asked(kb, "temple-right")
    assert {"thunderclap-headache", "fever-stiff-neck", "new-headache-over-50"} <= set(ids)
    assert "saddle-numbness" not in ids


def test_a_low_back_drawing_asks_the_spinal_red_flags(kb: KnowledgeBase) -> None:
    ids = set(asked(kb, "low-back-lower-left"))
    assert {"saddle-numbness", "leg-weakness", "back-pain-fever", "cancer-or-weight-loss"} <= ids
    assert "thunderclap-headache" not in ids


def test_a_calf_drawing_asks_about_a_hot_swollen_calf(kb: KnowledgeBase) -> None:
    assert "hot-swollen-calf" in asked(kb, "calf-lower-right")


def test_chest_and_arm_pain_asks_about_pain_on_effort(kb: KnowledgeBase) -> None:
    assert "chest-pain-on-effort" in asked(kb, "chest-upper-left")
    assert "chest-pain-on-effort" in asked(kb, "arm-inner-left")


def test_every_drawing_is_asked_about_injury(kb: KnowledgeBase) -> None:
    for region in ("little-finger-left", "vertex", "heel-right"):
        assert "recent-injury" in asked(kb, region)


def no_to_all(kb: KnowledgeBase, *regions: str) -> dict[str, bool]:
    return dict.fromkeys(asked(kb, *regions), False)


def test_all_no_lets_suggestions_follow(kb: KnowledgeBase) -> None:
    outcome = screen(kb, ["temple-right"], no_to_all(kb, "temple-right"))
    assert not outcome.refer
    assert outcome.advice is None


def test_any_yes_refers_with_the_most_urgent_advice_first(kb: KnowledgeBase) -> None:
    answers = no_to_all(kb, "low-back-lower-left") | {"cancer-or-weight-loss": True, "saddle-numbness": True}
    outcome = screen(kb, ["low-back-lower-left"], answers)
    assert outcome.refer
    assert outcome.urgency is Urgency.EMERGENCY
    assert {q.id for q in outcome.flagged} == {"cancer-or-weight-loss", "saddle-numbness"}
    assert outcome.advice is not None
    assert "emergency" in outcome.advice


def test_a_soon_flag_alone_still_refers(kb: KnowledgeBase) -> None:
    answers = no_to_all(kb, "low-back-lower-left") | {"fracture-risk": True}
    outcome = screen(kb, ["low-back-lower-left"], answers)
    assert outcome.refer
    assert outcome.urgency is Urgency.SOON


def test_an_unanswered_question_is_an_error_not_a_no(kb: KnowledgeBase) -> None:
    answers = no_to_all(kb, "temple-right")
    del answers["thunderclap-headache"]
    with pytest.raises(ScreeningError, match="thunderclap-headache"):
        screen(kb, ["temple-right"], answers)


def test_an_answer_to_a_question_not_asked_is_an_error(kb: KnowledgeBase) -> None:
    answers = no_to_all(kb, "temple-right") | {"hot-swollen-calf": False}
    with pytest.raises(ScreeningError, match="hot-swollen-calf"):
        screen(kb, ["temple-right"], answers)


def test_every_question_is_sourced_and_reachable(kb: KnowledgeBase) -> None:
    reachable = {q.id for region in kb.regions for q in questions_for(kb, [region.id])}
    assert reachable == {q.id for q in kb.screening}
    assert all(q.sources for q in kb.screening)
