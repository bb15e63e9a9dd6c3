"""The red-flag screen: which questions a drawing raises, and whether advice may follow.

A question is asked when the drawing touches one of its region groups or regions, or
always when it names neither (kb/data/screening.yaml, each rule with its sources). Any
"yes" means refer first: no self-treatment suggestion is shown, and the most urgent
advice leads. Every question asked must be answered; an unanswered one is an error,
never a silent "no".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from triggerpoint.errors import FieldError
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import ScreeningQuestion, Urgency

URGENCY_ORDER = (Urgency.EMERGENCY, Urgency.TODAY, Urgency.SOON)


class ScreeningError(FieldError):
    """Answers that leave a question unanswered or answer one that was not asked."""


@dataclass(frozen=True)
class ScreeningOutcome:
    """Whether suggestions may be shown, and if not, what to do and why."""

    refer: bool
    flagged: tuple[ScreeningQuestion, ...]
    urgency: Urgency | None
    advice: str | None  # the one thing to do now, for the most urgent flag (rules.yaml)


def _touches(question: ScreeningQuestion, bases: set[str], groups: set[str]) -> bool:
    return question.always or bool(bases & set(question.regions)) or bool(groups & set(question.groups))


def questions_for(kb: KnowledgeBase, regions: Iterable[str]) -> list[ScreeningQuestion]:
    """The red-flag questions a drawing raises, in the data file's order."""
    painted = [kb.region(region_id) for region_id in regions]
    bases = {region.base for region in painted}
    groups = {region.group for region in painted}
    return [question for question in kb.screening if _touches(question, bases, groups)]


def screen(kb: KnowledgeBase, regions: Iterable[str], answers: Mapping[str, bool]) -> ScreeningOutcome:
    """Decide whether suggestions may follow: any "yes" refers the person to a clinician first."""
    asked = questions_for(kb, regions)
    asked_ids = {question.id for question in asked}
    for question_id in answers:
        if question_id not in asked_ids:
            raise ScreeningError(question_id, "this question was not asked for this drawing")
    for question in asked:
        if question.id not in answers:
            raise ScreeningError(question.id, f"please answer: {question.ask}")
    return outcome_of(kb, tuple(question for question in asked if answers[question.id]))


def outcome_of(kb: KnowledgeBase, flagged: tuple[ScreeningQuestion, ...]) -> ScreeningOutcome:
    """The outcome of a screen given the questions answered yes."""
    urgency = next((u for u in URGENCY_ORDER if any(q.urgency is u for q in flagged)), None)
    advice = kb.rules.referral_advice.for_urgency(urgency) if urgency else None
    return ScreeningOutcome(refer=bool(flagged), flagged=flagged, urgency=urgency, advice=advice)
