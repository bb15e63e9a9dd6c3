"""Pain drawings: make one, screen it, refine it, read it. Services flush; the request commits.

A drawing is kept from the moment it is submitted. Its red-flag screen is asked before
anything is suggested (triggerpoint.guidance) and, once decided (refer or clear), is part of
the record and is not answered again: a new drawing starts a new screen.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from triggerpoint.drawings import repository
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.drawings.schemas import (
    AnswerRead,
    DrawingCreate,
    DrawingImport,
    DrawingRead,
    DrawingRefine,
    QuestionRead,
)
from triggerpoint.errors import ConflictError, FieldError, NotFoundError
from triggerpoint.finder import Drawing, FinderIndex
from triggerpoint.finder.types import RankedPoint
from triggerpoint.guidance import Gate, Status, gate, guide
from triggerpoint.kb import KnowledgeBase, UnknownIdError
from triggerpoint.kb.schema import ScreeningQuestion, Urgency
from triggerpoint.screening import outcome_of

KEPT_SUGGESTIONS = 60  # candidates stored with a drawing, best first: every one worth checking
FUTURE_SLACK = timedelta(minutes=5)  # clocks of two devices disagree a little
_RANKED = TypeAdapter(list[RankedPoint])


def _check_terms(kb: KnowledgeBase, field: str, values: Iterable[str], vocabulary: str) -> None:
    known = {term.id for term in getattr(kb.vocabularies, vocabulary)}
    for position, value in enumerate(values):
        if value not in known:
            raise FieldError(f"{field}.{position}", f"unknown {vocabulary.rstrip('s')} {value!r}")


def _check_regions(kb: KnowledgeBase, data: DrawingCreate) -> None:
    for position, region in enumerate(data.regions):
        if not kb.has_region(region):
            raise FieldError(f"regions.{position}", f"unknown region {region!r}")
    for region in data.intensities:
        if not kb.has_region(region):
            raise FieldError(f"intensities.{region}", f"unknown region {region!r}")


def painted_levels(kb: KnowledgeBase, data: DrawingCreate) -> dict[str, int]:
    """Every painted region with its level: a region given without one gets the usual level (rules.yaml)."""
    _check_regions(kb, data)
    levels = dict.fromkeys(data.regions, kb.rules.unrated_level) | dict(data.intensities)
    painted = {region: level for region, level in levels.items() if level > 0}
    if not painted:
        raise FieldError("regions", "paint at least one region where it hurts")
    return painted


def _asked(questions: Iterable[ScreeningQuestion], answers: Mapping[str, bool]) -> list[dict[str, Any]]:
    return [{"id": q.id, "ask": q.ask, "urgency": q.urgency.value, "answer": answers.get(q.id)} for q in questions]


def _when(data: DrawingCreate, now: datetime) -> datetime:
    if data.recorded_at is None:
        return now
    if data.recorded_at > now + FUTURE_SLACK:
        raise FieldError("recorded_at", "cannot be in the future")
    return data.recorded_at


def create_drawing(
    session: Session, kb: KnowledgeBase, index: FinderIndex, client_id: int, data: DrawingCreate, now: datetime
) -> PainDrawing:
    """Keep a new drawing and, if its answers came with it, screen it; a repeated submission returns the first.

    The request is checked first: an invalid one is refused even when its submission ID was seen before.
    """
    regions = painted_levels(kb, data)
    _check_terms(kb, "symptoms", data.symptoms, "symptoms")
    _check_terms(kb, "activities", data.activities, "activities")
    if data.submission_id and (same := repository.by_submission(session, client_id, data.submission_id)):
        return same
    drawing = PainDrawing(
        client_id=client_id,
        recorded_at=_when(data, now),
        regions=regions,
        symptoms=list(dict.fromkeys(data.symptoms)),
        activities=list(dict.fromkeys(data.activities)),
        screen_status=Status.QUESTIONS.value,
        screen=_asked(gate(kb, regions, {}).asked, {}),
        submission_id=data.submission_id or _random_submission(),
    )
    repository.add(session, drawing)
    if data.answers:
        screen_drawing(session, kb, index, drawing, data.answers, now)
    return drawing


def _random_submission() -> str:
    return uuid.uuid4().hex


def finder_drawing(drawing: PainDrawing) -> Drawing:
    """The stored drawing as the finder's input."""
    return Drawing(intensities=dict(drawing.regions), symptoms=drawing.symptoms, activities=drawing.activities)


def _store_suggestions(drawing: PainDrawing, kb: KnowledgeBase, index: FinderIndex) -> None:
    answers = {item["id"]: bool(item["answer"]) for item in drawing.screen if item["answer"] is not None}
    found = guide(kb, index, finder_drawing(drawing), answers, top=KEPT_SUGGESTIONS).result
    drawing.suggestions = _RANKED.dump_python(found.candidates, mode="json") if found else []
    drawing.unexplained = list(found.unexplained) if found else []


def screen_drawing(
    session: Session,
    kb: KnowledgeBase,
    index: FinderIndex,
    drawing: PainDrawing,
    answers: Mapping[str, bool],
    now: datetime,
) -> Gate:
    """Record red-flag answers; once every question is answered no, keep the suggestions shown."""
    if drawing.screen_status != Status.QUESTIONS.value:
        raise ConflictError("answers", "this drawing's safety questions are already answered; start a new drawing")
    decided = gate(kb, drawing.regions, answers)
    drawing.screen = _asked(decided.asked, decided.answers)
    drawing.screen_status = decided.status.value
    if decided.status is not Status.QUESTIONS:
        drawing.screened_at = now
    if decided.cleared:
        _store_suggestions(drawing, kb, index)
    session.flush()
    return decided


def refine_drawing(
    session: Session, kb: KnowledgeBase, index: FinderIndex, drawing: PainDrawing, data: DrawingRefine
) -> PainDrawing:
    """Add symptoms and aggravating activities to a cleared drawing and rank its suggestions again."""
    _check_terms(kb, "symptoms", data.symptoms, "symptoms")
    _check_terms(kb, "activities", data.activities, "activities")
    if drawing.screen_status != Status.CLEAR.value:
        raise ConflictError("screen", "answer the safety questions first")
    drawing.symptoms = list(dict.fromkeys(data.symptoms))
    drawing.activities = list(dict.fromkeys(data.activities))
    _store_suggestions(drawing, kb, index)
    session.flush()
    return drawing


def get_drawing(session: Session, client_id: int, uuid: str) -> PainDrawing:
    """One of the client's drawings, or NotFoundError."""
    drawing = repository.by_uuid(session, client_id, uuid)
    if drawing is None:
        raise NotFoundError("uuid", f"no pain drawing {uuid!r}")
    return drawing


def suggestions_of(drawing: PainDrawing) -> list[RankedPoint]:
    """The suggestions shown for a drawing, best first (none before its screen is clear)."""
    return _RANKED.validate_python(drawing.suggestions)


RETIRED_WHY = "This question has since been reworded or replaced; it is shown as it was asked."


def _questions(kb: KnowledgeBase, items: Iterable[dict[str, Any]]) -> list[ScreeningQuestion]:
    """The questions as the knowledge base has them now, or as they were asked if since retired."""
    by_id = {question.id: question for question in kb.screening}
    return [by_id.get(item["id"]) or _as_asked(item) for item in items]


def _as_asked(item: dict[str, Any]) -> ScreeningQuestion:
    # A stored record must keep its meaning after the screen changes: the stored wording and urgency
    # are what the person answered, so they are shown as they were rather than dropped.
    return ScreeningQuestion.model_construct(
        id=item["id"],
        ask=item["ask"],
        urgency=Urgency(item.get("urgency", Urgency.TODAY.value)),
        why=RETIRED_WHY,
        screens_for="",
        areas=(),
        regions=(),
        sources=(),
    )


def _question_read(question: ScreeningQuestion) -> QuestionRead:
    return QuestionRead(id=question.id, ask=question.ask, why=question.why, urgency=question.urgency.value)


def flagged_questions(kb: KnowledgeBase, drawing: PainDrawing) -> list[ScreeningQuestion]:
    """The red-flag questions answered yes for a drawing."""
    return _questions(kb, (item for item in drawing.screen if item["answer"] is True))


def unanswered_questions(kb: KnowledgeBase, drawing: PainDrawing) -> list[ScreeningQuestion]:
    """The red-flag questions still to answer before anything is suggested."""
    if drawing.screen_status != Status.QUESTIONS.value:
        return []
    return list(gate(kb, drawing.regions, {}).unanswered)  # today's screen, which the answers must meet


def read_drawing(kb: KnowledgeBase, drawing: PainDrawing) -> DrawingRead:
    """A drawing as the API shows it."""
    flagged = flagged_questions(kb, drawing)
    return DrawingRead(
        uuid=drawing.uuid,
        recorded_at=drawing.recorded_at,
        regions=dict(drawing.regions),
        symptoms=list(drawing.symptoms),
        activities=list(drawing.activities),
        screen_status=drawing.screen_status,
        screened_at=drawing.screened_at,
        screen=[AnswerRead(id=i["id"], ask=i["ask"], answer=i["answer"]) for i in drawing.screen],
        questions=[_question_read(q) for q in unanswered_questions(kb, drawing)],
        flagged=[_question_read(q) for q in flagged],
        advice=outcome_of(kb, tuple(flagged)).advice,
        suggestions=suggestions_of(drawing),
        unexplained=list(drawing.unexplained),
    )


def _check_screen(row: DrawingImport) -> None:
    answers = [item.answer for item in row.screen]
    consistent = {
        "questions": any(answer is None for answer in answers) or not answers,
        "refer": any(answer is True for answer in answers),
        "clear": all(answer is False for answer in answers),
    }[row.screen_status]
    if not consistent:
        raise FieldError("screen_status", "does not agree with the answers recorded")
    if row.suggestions and row.screen_status != "clear":
        raise FieldError("suggestions", "suggestions are only kept once the safety questions are all answered no")


def _check_suggestions(kb: KnowledgeBase, row: DrawingImport) -> None:
    for position, suggestion in enumerate(row.suggestions):
        try:
            kb.point(suggestion.muscle, suggestion.trigger_point)
        except UnknownIdError as error:
            raise FieldError(f"suggestions.{position}", str(error)) from None


def import_drawing(
    session: Session, kb: KnowledgeBase, client_id: int, row: DrawingImport, now: datetime
) -> PainDrawing:
    """Add an exported drawing, checked by the same rules as a new one."""
    for region in row.regions:
        if not kb.has_region(region):
            raise FieldError(f"regions.{region}", f"unknown region {region!r}")
    _check_terms(kb, "symptoms", row.symptoms, "symptoms")
    _check_terms(kb, "activities", row.activities, "activities")
    if row.recorded_at > now + FUTURE_SLACK:
        raise FieldError("recorded_at", "cannot be in the future")
    _check_screen(row)
    _check_suggestions(kb, row)
    if repository.by_submission(session, client_id, row.submission_id) is not None:
        raise FieldError("submission_id", "another drawing here has the same submission ID")
    values = row.model_dump(mode="json", exclude={"recorded_at", "created_at", "screened_at"})
    times = {"recorded_at": row.recorded_at, "created_at": row.created_at, "screened_at": row.screened_at}
    return repository.add(session, PainDrawing(client_id=client_id, **values, **times))
