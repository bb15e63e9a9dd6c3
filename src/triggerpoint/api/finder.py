"""POST /api/find: the trigger points that explain a pain drawing, behind the red-flag screen.

The handler is `async`: it reads no database and writes no audit (the knowledge base and the
finder index are in memory), so it runs on the event loop instead of hopping to a worker thread.
Its answer is serialised once, by pydantic, straight to bytes; `response_model` still documents it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from triggerpoint.api.common import SHARED_RESPONSES, documented
from triggerpoint.drawings.schemas import QuestionRead
from triggerpoint.finder import Drawing, FinderResult
from triggerpoint.framework.deps import KB, Index
from triggerpoint.guidance import Guidance, guide
from triggerpoint.kb.ids import ids_of
from triggerpoint.kb.schema import ScreeningQuestion

router = APIRouter(prefix="/api", tags=["finder"], responses=SHARED_RESPONSES)


class FindRequest(Drawing):
    """A pain drawing and the answers to its red-flag questions (ask without answers to get the questions)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    answers: dict[Annotated[str, Field(max_length=64)], bool] = Field(
        default_factory=dict,
        max_length=60,
        description="red-flag question ID to yes (true) or no (false)",
        json_schema_extra=ids_of("question"),
    )


class FindResponse(BaseModel):
    """The screen's state and, only once every question is answered no, the ranked trigger points."""

    status: Literal["questions", "refer", "clear"] = Field(
        description="questions: answer `questions` first; refer: see a clinician (`advice`); clear: see `result`"
    )
    questions: list[QuestionRead] = Field(description="red-flag questions still to answer")
    flagged: list[QuestionRead] = Field(description="questions answered yes")
    advice: str | None = Field(description="what to do now when a red flag was raised")
    result: FinderResult | None = Field(description="the ranked trigger points; null until the screen is clear")


def _read(question: ScreeningQuestion) -> QuestionRead:
    return QuestionRead(id=question.id, ask=question.ask, why=question.why, urgency=question.urgency.value)


def answer_of(guidance: Guidance) -> FindResponse:
    """The API's answer for a drawing's guidance: the screen's state, and the result once it is clear."""
    gate = guidance.gate
    return FindResponse(
        status=gate.status.value,
        questions=[_read(q) for q in gate.unanswered],
        flagged=[_read(q) for q in (gate.outcome.flagged if gate.outcome else ())],
        advice=gate.outcome.advice if gate.outcome else None,
        result=guidance.result,
    )


@router.post("/find", response_model=FindResponse, responses=documented(422))
async def find(body: FindRequest, kb: KB, index: Index, top: Annotated[int, Query(ge=1, le=100)] = 10) -> Response:
    """Rank trigger points that explain the drawing, only after its red-flag screen. Informs; does not diagnose."""
    drawing = Drawing.model_validate(body.model_dump(exclude={"answers"}))
    answer = answer_of(guide(kb, index, drawing, body.answers, top=top))
    return Response(answer.model_dump_json(), media_type="application/json")
