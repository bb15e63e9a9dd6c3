"""Questionnaires over JSON: fill one in (scored by its published rules), list the responses."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from triggerpoint.api.common import SHARED_RESPONSES, documented
from triggerpoint.framework.deps import DB, Me, Now
from triggerpoint.questionnaires import repository as questionnaires_repo
from triggerpoint.questionnaires import service as questionnaires
from triggerpoint.questionnaires.schemas import QuestionnaireRead, QuestionnaireSubmit

router = APIRouter(prefix="/api/questionnaires", tags=["questionnaires"], responses=SHARED_RESPONSES)


@router.post("/{instrument_id}", status_code=201, response_model=QuestionnaireRead, responses=documented(404, 422))
def submit(
    instrument_id: Annotated[str, Path(max_length=32)], body: QuestionnaireSubmit, db: DB, me: Me, clock: Now
) -> QuestionnaireRead:
    """Score and keep a questionnaire (ndi, odi, hit6, acr2016, psfs, nprs); blanks as its manual says."""
    response = questionnaires.record_response(db, me.id, instrument_id, body, clock.today())
    return questionnaires.read_response(response)


@router.get("", response_model=list[QuestionnaireRead])
def list_responses(db: DB, me: Me) -> list[QuestionnaireRead]:
    """Every questionnaire filled in, oldest first."""
    return [questionnaires.read_response(r) for r in questionnaires_repo.all_responses(db, me.id)]
