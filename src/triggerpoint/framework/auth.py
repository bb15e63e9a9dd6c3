"""Clinic mode's front door: every request but the sign-in pages and static files needs a live session.

The session is looked up in the database (so any app server can serve any request); staff
whose second factor is still to come reach only the sign-in steps. The signed-in account is
put in the request scope for the dependencies (`framework.deps`) to read.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from triggerpoint.accounts import service as accounts
from triggerpoint.framework.security import SAFE_METHODS, cookie_value, refuse

SESSION_SCOPE_KEY = "triggerpoint.signed_in"
OPEN_PATHS = re.compile(r"^/(static/.*|sign-in|link/[^/]+|favicon\.ico)$")
SECOND_FACTOR_PATHS = re.compile(r"^/(sign-in/(code|enrol)|sign-out)$")
PLAIN_COOKIE, SECURE_COOKIE = "tp_session", "__Host-tp_session"


def cookie_name(behind_tls: bool) -> str:
    """`__Host-` binds the cookie to this exact host and path `/`, and needs Secure (so TLS)."""
    return SECURE_COOKIE if behind_tls else PLAIN_COOKIE


def session_cookie(token: str, behind_tls: bool) -> dict[str, Any]:
    """Arguments for `Response.set_cookie`: HttpOnly, SameSite=Lax, Secure behind TLS; ends with the browser."""
    return {
        "key": cookie_name(behind_tls),
        "value": token,
        "httponly": True,
        "samesite": "lax",
        "secure": behind_tls,
        "path": "/",
    }


def idle_limits(settings: Any) -> dict[str, timedelta]:
    staff = timedelta(minutes=settings.staff_idle_minutes)
    return {"admin": staff, "therapist": staff, "client": timedelta(minutes=settings.client_idle_minutes)}


def _look_up(app: Any, token: str | None) -> accounts.Current | None:
    settings = app.state.settings
    now = app.state.clock.now()
    with app.state.sessions() as db:
        found = accounts.current(db, token, now, idle_limits(settings), timedelta(hours=settings.session_hours))
        if found is not None and accounts.touch(found.session, now):
            db.commit()
        return found


async def _redirect(send: Send, location: str) -> None:
    headers = [(b"location", location.encode()), (b"content-length", b"0")]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def _wants_page(scope: Scope) -> bool:
    accept = Headers(scope=scope).get("accept", "")
    return scope["method"] in SAFE_METHODS and "text/html" in accept


class SignInRequired:
    """Clinic mode: answers 401 (or sends a browser to the sign-in page) without a live, fully signed-in session."""

    def __init__(self, app: ASGIApp, fastapi_app: Any) -> None:
        self.app, self.fastapi_app = app, fastapi_app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or OPEN_PATHS.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        settings = self.fastapi_app.state.settings
        token = cookie_value(scope, cookie_name(settings.behind_tls))
        found = await run_in_threadpool(_look_up, self.fastapi_app, token)
        if found is None:
            await self._send_to_sign_in(scope, send)
            return
        scope[SESSION_SCOPE_KEY] = found
        if not found.session.mfa_passed and not SECOND_FACTOR_PATHS.match(scope["path"]):
            step = "code" if found.account.mfa_enrolled_at else "enrol"
            await _redirect(send, f"/sign-in/{step}")
            return
        await self.app(scope, receive, send)

    async def _send_to_sign_in(self, scope: Scope, send: Send) -> None:
        if _wants_page(scope):
            await _redirect(send, "/sign-in?next=" + quote(scope["path"], safe="/"))
        else:
            await refuse(send, 401, "Sign in first.")
