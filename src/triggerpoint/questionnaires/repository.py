"""Queries for questionnaire responses; every one is scoped to a client."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from triggerpoint.questionnaires.models import QuestionnaireResponse


def add(session: Session, response: QuestionnaireResponse) -> QuestionnaireResponse:
    session.add(response)
    session.flush()
    return response


def between(session: Session, client_id: int, start: date, end: date) -> list[QuestionnaireResponse]:
    query = select(QuestionnaireResponse).where(
        QuestionnaireResponse.client_id == client_id,
        QuestionnaireResponse.completed_on >= start,
        QuestionnaireResponse.completed_on <= end,
    )
    return list(session.scalars(query.order_by(QuestionnaireResponse.completed_on, QuestionnaireResponse.id)))


def all_responses(session: Session, client_id: int) -> list[QuestionnaireResponse]:
    return between(session, client_id, date.min, date.max)
