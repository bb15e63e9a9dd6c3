"""Recording questionnaire responses: scored by the instrument's published rules, then kept.

Services flush; the request commits. Scoring itself is the pure triggerpoint.outcomes.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from triggerpoint.errors import FieldError, NotFoundError
from triggerpoint.kb import UnknownIdError
from triggerpoint.outcomes import AnswerError, Instrument, Score, instrument, score_response
from triggerpoint.questionnaires import repository
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.questionnaires.schemas import (
    LABEL_SUFFIX,
    QuestionnaireImport,
    QuestionnaireRead,
    QuestionnaireSubmit,
)


def find_instrument(instrument_id: str) -> Instrument:
    """An instrument by ID, or NotFoundError naming the closest IDs."""
    try:
        return instrument(instrument_id)
    except UnknownIdError as error:
        raise NotFoundError("instrument", str(error)) from None


def _check_labels(spec: Instrument, data: QuestionnaireSubmit) -> None:
    activities = {item.id for item in spec.items if item.kind == "activity"}
    for item_id in data.labels:
        if item_id not in activities:
            raise FieldError(f"labels.{item_id}", f"not an activity item of {spec.short_name}")
    for item_id in activities:
        if data.answers.get(item_id) is not None and not data.labels.get(item_id):
            raise FieldError(f"labels.{item_id}", "name the activity you scored")


def score_submission(spec: Instrument, data: QuestionnaireSubmit) -> Score:
    """Check and score a submission; a bad answer is a FieldError naming `answers.<item>`."""
    _check_labels(spec, data)
    try:
        return score_response(spec.id, data.answers)
    except AnswerError as error:
        raise FieldError(f"answers.{error.field}", error.message) from None


def record_response(
    session: Session, client_id: int, instrument_id: str, data: QuestionnaireSubmit, today: date
) -> QuestionnaireResponse:
    """Score and keep a questionnaire; missing answers are handled as the instrument's manual says."""
    spec = find_instrument(instrument_id)
    score = score_submission(spec, data)
    labels = {f"{item}{LABEL_SUFFIX}": name for item, name in data.labels.items()}
    response = QuestionnaireResponse(
        client_id=client_id,
        instrument=spec.id,
        completed_on=today,
        answers=dict(data.answers) | labels,
        score=score.value,
        band=score.band,
        valid=score.valid,
    )
    return repository.add(session, response)


def read_response(response: QuestionnaireResponse) -> QuestionnaireRead:
    """A response as the API shows it."""
    return QuestionnaireRead.model_validate(response, from_attributes=True)


def import_response(session: Session, client_id: int, row: QuestionnaireImport) -> QuestionnaireResponse:
    """Add an exported response, scored again by the current rules (the file's score is not trusted)."""
    spec = find_instrument(row.instrument)
    labels = {k.removesuffix(LABEL_SUFFIX): v for k, v in row.answers.items() if k.endswith(LABEL_SUFFIX)}
    answers = {k: v for k, v in row.answers.items() if not k.endswith(LABEL_SUFFIX)}
    for key, value in answers.items():
        if isinstance(value, str):
            raise FieldError(f"answers.{key}", "must be a number, yes/no or blank")
    data = QuestionnaireSubmit.model_validate({"answers": answers, "labels": labels})
    score = score_submission(spec, data)
    response = QuestionnaireResponse(
        client_id=client_id,
        uuid=row.uuid,
        created_at=row.created_at,
        instrument=spec.id,
        completed_on=row.completed_on,
        answers=dict(row.answers),
        score=score.value,
        band=score.band,
        valid=score.valid,
    )
    return repository.add(session, response)
