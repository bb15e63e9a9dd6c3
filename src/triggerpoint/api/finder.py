"""POST /api/find: rank the trigger points that explain a pain drawing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from triggerpoint.finder import Drawing, DrawingError, FinderResult, default_index, find_sources

router = APIRouter(prefix="/api", tags=["finder"])

UNKNOWN_ID_EXAMPLE: dict[str, Any] = {
    "detail": [
        {
            "loc": ["body", "regions", 0],
            "msg": "unknown region 'temple-rigt'; did you mean temple-right, temple-left, eye-right?",
            "type": "unknown_id",
            "suggestions": ["temple-right", "temple-left", "eye-right"],
        }
    ]
}


def drawing_error_response(error: DrawingError) -> JSONResponse:
    """A 422 in FastAPI's validation-error shape, naming the field and the closest valid IDs."""
    detail = {"loc": ["body", *error.loc], "msg": error.message, "type": "unknown_id", "suggestions": error.suggestions}
    return JSONResponse(status_code=422, content={"detail": [detail]})


@router.post(
    "/find",
    response_model=FinderResult,
    responses={
        422: {
            "description": "Invalid drawing: a field is malformed or names an unknown ID",
            "content": {"application/json": {"example": UNKNOWN_ID_EXAMPLE}},
        }
    },
)
def find(drawing: Drawing, top: Annotated[int, Query(ge=1, le=100)] = 10) -> FinderResult | JSONResponse:
    """Rank trigger points that explain the drawing, with the smallest explaining set. Informs; does not diagnose."""
    try:
        return find_sources(drawing, default_index(), top=top)
    except DrawingError as error:
        return drawing_error_response(error)
