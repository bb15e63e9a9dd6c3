"""What every JSON endpoint shares: the documented error answers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Problem(BaseModel):
    """One problem with a request: where (`loc`), what (`msg`) and its kind."""

    loc: list[str | int]
    msg: str
    type: str
    suggestions: list[str] | None = None


class Problems(BaseModel):
    """The error answer: FastAPI's validation shape, naming the field."""

    detail: list[Problem]


class Message(BaseModel):
    """An error answer that is about the request as a whole."""

    detail: str


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an endpoint can answer."""
    described = {
        404: ("A record the request names does not exist", Problems),
        409: ("The request does not fit the record's current state", Problems),
        422: ("A field is missing, malformed, out of range or names an unknown ID", Problems),
    }
    return {status: {"description": described[status][0], "model": described[status][1]} for status in statuses}


SHARED_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "The request could not be read", "model": Message},
    403: {
        "description": "Sent by another web site (cross-origin); only the app's own pages may change data",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
    413: {"description": "The body is larger than the limit", "model": Message},
}
