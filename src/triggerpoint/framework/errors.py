"""How refused and failed requests are answered: JSON for the API, a page for people.

A handler that wants to re-show its own form with the error raises PageError with the
page; raising (rather than returning) makes the unit of work roll back.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from triggerpoint.errors import ConflictError, FieldError, NotFoundError
from triggerpoint.finder import DrawingError
from triggerpoint.framework.routes import allowed_methods

API_PATH = re.compile(r"^(/clients/[^/]+)?/api/")  # the API, also under a client's prefix for staff
TITLES = {
    400: "The request could not be read",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed here",
    409: "That cannot be done now",
    413: "That is too large",
    415: "That kind of file or data is not accepted",
    422: "Please check what you entered",
    429: "Too many requests",
}


class PageError(Exception):
    """A finished error page (usually the form again, with the problem named) to send as is."""

    def __init__(self, response: Response) -> None:
        self.response = response


def status_of(error: FieldError) -> int:
    """The HTTP status a refused input maps to."""
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, ConflictError):
        return 409
    return 422


def field_problem(field: str, message: str, kind: str = "value_error") -> dict[str, Any]:
    """One problem in FastAPI's validation-error shape, naming the field (list positions as numbers)."""
    loc = [int(part) if part.isdigit() else part for part in field.split(".")]
    return {"loc": ["body", *loc], "msg": message, "type": kind}


def _is_api(request: Request) -> bool:
    return API_PATH.match(request.url.path) is not None


def _page(request: Request, status: int, problems: list[str]) -> Response:
    context = {"title": TITLES.get(status, "Something went wrong"), "problems": problems, "status": status}
    response: Response = request.app.state.templates.TemplateResponse(request, "problem.html", context, status)
    return response


def _readable(error: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path"))
    return f"{where}: {error.get('msg', 'not valid')}" if where else str(error.get("msg", "not valid"))


async def _page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    return exc.response


async def _field_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FieldError)
    status = status_of(exc)
    if _is_api(request):
        return JSONResponse({"detail": [field_problem(exc.field, exc.message)]}, status_code=status)
    return _page(request, status, [f"{exc.field}: {exc.message}"])


async def _drawing_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DrawingError)
    if _is_api(request):
        problem = {"loc": ["body", *exc.loc], "msg": exc.message, "type": "unknown_id", "suggestions": exc.suggestions}
        return JSONResponse({"detail": [problem]}, status_code=422)
    return _page(request, 422, [str(exc)])


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [dict(e) for e in exc.errors()]
    if _is_api(request):
        detail = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in errors]
        return JSONResponse({"detail": detail}, status_code=422)
    return _page(request, 422, [_readable(e) for e in errors])


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request.app, request.url.path))
    detail = _too_large(request) if exc.status_code == 413 else str(exc.detail)
    if _is_api(request) or exc.status_code in (204, 304):
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=headers)
    response = _page(request, exc.status_code, [detail])
    response.headers.update(headers)
    return response


def _too_large(request: Request) -> str:
    settings = request.app.state.settings
    form, upload = settings.max_request_bytes / 1e6, settings.max_upload_bytes / 1e6
    return f"Too large: a form or request may be up to {form:g} MB, and an import file up to {upload:g} MB."


def install_error_handlers(app: FastAPI) -> None:
    """Answer refused input and HTTP errors in the API's JSON shape or as a page."""
    app.add_exception_handler(PageError, _page_error)
    app.add_exception_handler(FieldError, _field_error)
    app.add_exception_handler(DrawingError, _drawing_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
