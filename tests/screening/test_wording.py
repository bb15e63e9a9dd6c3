"""Each question asks one thing, shortly, in words a person in pain understands."""

from __future__ import annotations

import re

from triggerpoint.kb import KnowledgeBase

# Every " or " a question may contain, each reviewed: it names one sign, one place or one
# risk in two ways, never two different symptoms. A new " or " fails until it is added here
# with its reason (split the question instead if the two things are different).
ONE_SIGN_OR = {
    "a hard fall, a road accident or a heavy blow": "examples of one thing: a real injury",
    "a small fall or lifting something": "one thing: the small strain that breaks a thin bone",
    "head or face pain": "one place: the head area painted",
    "an arm or hand": "one limb",
    "between your legs, or around your back passage": "one place: the saddle area",
    "passing urine or holding it in": "one sign: lost bladder control",
    "no matter how you move or rest": "one sign: pain no position eases",
    "an operation, a long journey or days in bed": "one risk: a spell of keeping still",
    "during pregnancy, or within 6 weeks of giving birth": "one risk period: pregnancy and the weeks after",
    "blood or black, tarry stools": "one sign: bleeding from the gut, fresh or digested",
    "both shoulders or both hips": "one sign: the girdle stiffness of polymyalgia rheumatica",
}
MAX_CHARACTERS = 110
# Words a person may not know, each with the plain words used instead.
JARGON = ("dysphagia", "dysarthria", "diplopia", "paraesthesia", "anaesthesia", "claudication", "haematuria")


def test_each_question_is_one_question(kb: KnowledgeBase) -> None:
    for question in kb.screening:
        assert question.ask.count("?") == 1 and question.ask.endswith("?"), question.id
        assert "/" not in question.ask and ";" not in question.ask, question.id


def test_no_question_joins_two_different_symptoms_with_or(kb: KnowledgeBase) -> None:
    for question in kb.screening:
        rest = question.ask
        for phrase in ONE_SIGN_OR:
            rest = rest.replace(phrase, "")
        assert not re.search(r"\bor\b", rest), f"{question.id}: {question.ask!r} joins two things with 'or'"


def test_every_reviewed_or_is_still_used(kb: KnowledgeBase) -> None:
    # The allow-list stays exactly as long as the questions need: no stale loopholes.
    asks = " ".join(question.ask for question in kb.screening)
    assert [phrase for phrase in ONE_SIGN_OR if phrase not in asks] == []


def test_questions_are_short_and_plain(kb: KnowledgeBase) -> None:
    for question in kb.screening:
        assert len(question.ask) <= MAX_CHARACTERS, f"{question.id}: {len(question.ask)} characters"
        assert not any(word in question.ask.lower() for word in JARGON), question.id


def test_each_question_has_its_reason_in_plain_words(kb: KnowledgeBase) -> None:
    for question in kb.screening:
        assert question.why.endswith("."), question.id
        assert question.screens_for, question.id
        assert question.ask not in question.why, question.id
