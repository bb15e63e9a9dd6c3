"""gate(): whether suggestions may follow a drawing's red-flag answers; guide(): the finder, behind the gate.

A "yes" to any question asked refers the person to a clinician at once, even while other
questions are still unanswered. Suggestions need every question asked answered "no".
A "yes" to a red-flag question the drawing did not raise still refers (a warning sign the
person volunteers is never ignored); a "no" to one is not needed and is left out. An answer
to a question that does not exist is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from triggerpoint.finder import Drawing, FinderIndex, FinderResult, find_sources, painted_regions, with_areas
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.model import closest
from triggerpoint.kb.schema import ScreeningQuestion
from triggerpoint.screening import ScreeningError, ScreeningOutcome, outcome_of, questions_for


class Status(StrEnum):
    """Where a drawing stands with the screen."""

    QUESTIONS = "questions"  # questions are still unanswered: ask them, suggest nothing
    REFER = "refer"  # a red flag: see a clinician first, suggest nothing
    CLEAR = "clear"  # every question answered no: suggestions may be shown


@dataclass(frozen=True)
class Gate:
    """The screen's state for one drawing and its answers."""

    status: Status
    asked: tuple[ScreeningQuestion, ...]
    unanswered: tuple[ScreeningQuestion, ...]
    answers: Mapping[str, bool]
    outcome: ScreeningOutcome | None  # set once the screen is decided (refer or clear)

    @property
    def cleared(self) -> bool:
        return self.status is Status.CLEAR


@dataclass(frozen=True)
class Guidance:
    """The gate, and the finder's result when (and only when) the gate is clear."""

    gate: Gate
    result: FinderResult | None


def _volunteered(
    kb: KnowledgeBase, asked: tuple[ScreeningQuestion, ...], answers: Mapping[str, bool]
) -> tuple[ScreeningQuestion, ...]:
    """The red flags answered yes that the drawing did not raise; unknown questions are an error."""
    known = {question.id: question for question in kb.screening}
    asked_ids = {question.id for question in asked}
    for question_id in answers:
        if question_id not in known:
            suggestions = closest(question_id, known)
            hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
            raise ScreeningError(f"answers.{question_id}", f"no red-flag question {question_id!r}{hint}")
    return tuple(known[q] for q, yes in answers.items() if yes and q not in asked_ids)


def gate(kb: KnowledgeBase, regions: Iterable[str], answers: Mapping[str, bool]) -> Gate:
    """Decide from the painted regions and the answers given so far whether suggestions may follow."""
    raised = tuple(questions_for(kb, regions))
    asked = raised + _volunteered(kb, raised, answers)
    kept = {question.id: answers[question.id] for question in asked if question.id in answers}
    unanswered = tuple(question for question in asked if question.id not in kept)
    flagged = tuple(question for question in asked if kept.get(question.id) is True)
    if flagged:
        return Gate(Status.REFER, asked, unanswered, kept, outcome_of(kb, flagged))
    if unanswered:
        return Gate(Status.QUESTIONS, asked, unanswered, kept, None)
    return Gate(Status.CLEAR, asked, (), kept, outcome_of(kb, ()))


def guide(
    kb: KnowledgeBase, index: FinderIndex, drawing: Drawing, answers: Mapping[str, bool], top: int = 10
) -> Guidance:
    """The finder's ranked trigger points for a drawing, but only once its red-flag screen is clear."""
    screened = gate(kb, painted_regions(drawing, index), answers)
    result = with_areas(kb, index, drawing, find_sources(drawing, index, top=top)) if screened.cleared else None
    return Guidance(screened, result)
