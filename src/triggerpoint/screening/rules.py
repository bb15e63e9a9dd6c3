"""The red-flag screen: which questions a drawing raises, and whether advice may follow.

The screen is built per body area (kb/data/screening.yaml, docs/screening.md): a question is
asked when the drawing touches one of its body areas or regions, or always when it names
neither, each with its sources. A drawing's questions are the union of its regions'
questions, in the data file's order (most urgent first). Any "yes" means refer first, even
to a question the drawing did not raise (a warning sign the person volunteers is never
ignored): no self-treatment suggestion is shown, and the most urgent advice leads. Every
question asked must be answered; an unanswered one is an error, never a silent "no".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from triggerpoint.errors import FieldError
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import ScreeningArea, ScreeningQuestion, Urgency

URGENCY_ORDER = (Urgency.EMERGENCY, Urgency.TODAY, Urgency.SOON)


class ScreeningError(FieldError):
    """Answers that leave a question unanswered or name a question that does not exist."""


@dataclass(frozen=True)
class ScreeningOutcome:
    """Whether suggestions may be shown, and if not, what to do and why."""

    refer: bool
    flagged: tuple[ScreeningQuestion, ...]
    urgency: Urgency | None
    advice: str | None  # the one thing to do now, for the most urgent flag (rules.yaml)


def _touches(question: ScreeningQuestion, bases: set[str]) -> bool:
    return question.always or not question.bases.isdisjoint(bases)


def questions_for(kb: KnowledgeBase, regions: Iterable[str]) -> list[ScreeningQuestion]:
    """The red-flag questions a drawing raises, in the data file's order."""
    bases = {kb.region(region_id).base for region_id in regions}
    return [question for question in kb.screening if _touches(question, bases)]


def screening_areas(kb: KnowledgeBase) -> tuple[ScreeningArea, ...]:
    """The body areas the screen is built on, each once, in the order of regions.yaml."""
    areas = {area.id: area for question in kb.screening for area in question.areas}
    order = {family.base: index for index, family in enumerate(kb.families)}
    return tuple(sorted(areas.values(), key=lambda area: min(order[base] for base in area.regions)))


def _check_answers(kb: KnowledgeBase, asked: list[ScreeningQuestion], answers: Mapping[str, bool]) -> None:
    known = {question.id for question in kb.screening}
    for question_id in answers:
        if question_id not in known:
            raise ScreeningError(question_id, f"no red-flag question {question_id!r}")
    for question in asked:
        if question.id not in answers:
            raise ScreeningError(question.id, f"please answer: {question.ask}")


def screen(kb: KnowledgeBase, regions: Iterable[str], answers: Mapping[str, bool]) -> ScreeningOutcome:
    """Decide whether suggestions may follow: any "yes" refers the person to a clinician first."""
    asked = questions_for(kb, regions)
    _check_answers(kb, asked, answers)
    asked_ids = {question.id for question in asked}
    volunteered = [q for q in kb.screening if q.id not in asked_ids and answers.get(q.id) is True]
    return outcome_of(kb, tuple(q for q in [*asked, *volunteered] if answers[q.id]))


def outcome_of(kb: KnowledgeBase, flagged: tuple[ScreeningQuestion, ...]) -> ScreeningOutcome:
    """The outcome of a screen given the questions answered yes."""
    urgency = next((u for u in URGENCY_ORDER if any(q.urgency is u for q in flagged)), None)
    advice = kb.rules.referral_advice.for_urgency(urgency) if urgency else None
    return ScreeningOutcome(refer=bool(flagged), flagged=flagged, urgency=urgency, advice=advice)
