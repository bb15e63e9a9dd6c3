"""What keeps other sites and other hosts from driving the app: headers, an Origin check, form tokens.

- Trusted hosts (Starlette's TrustedHostMiddleware, wired in the app factory) stop DNS
  rebinding: a page on evil.example that resolves its own name to 127.0.0.1 sends
  `Host: evil.example` and is refused.
- The Origin check refuses any state-changing request a browser marks as coming from
  another site (`Sec-Fetch-Site`) or another origin (`Origin`).
- Form tokens (the double-submit pattern, signed with itsdangerous) are required on every
  state-changing form: every page router carries the check as a dependency. The token a page
  carries is masked with a fresh one-time pad on every render (`masked`: pad + (pad XOR token),
  as Django does), so responses are compressed safely (BREACH, see framework.compression): no two
  pages hold the same string. The check unmasks it; the cookie's own value is accepted too. The JSON API
  instead refuses bodies that are not JSON (a cross-site form cannot send JSON without a
  CORS preflight, which this app never grants) and relies on the Origin check.
- Security headers on every response; `Cache-Control: no-store` on everything but the
  static files (framework.static sets theirs), since pages, API answers and downloads carry
  health data.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from http.cookies import CookieError, SimpleCookie

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make browsers send "Origin: null" on our own forms
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]
NO_STORE = (b"cache-control", b"no-store")
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
STATIC_PREFIX = "/static/"
TOKEN_FIELD = "csrftoken"  # the hidden field every state-changing form carries
TOKEN_COOKIE = "csrftoken"
TOKEN_SCOPE_KEY = "triggerpoint.form_token"


def _plain(status: int, text: str) -> list[Message]:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    return [
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body},
    ]


async def refuse(send: Send, status: int, text: str) -> None:
    for message in _plain(status, text):
        await send(message)


class SecurityHeaders:
    """Adds the security headers to every response, and no-store to all but static files."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.headers = [*HEADERS, HSTS] if hsts else HEADERS  # only behind TLS: it pins the site to HTTPS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith(STATIC_PREFIX)

        dropped = {b"server"} if static else {b"server", b"cache-control"}
        added = self.headers if static else [*self.headers, NO_STORE]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in dropped]
                message = {**message, "headers": kept + added}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _own_origin(scope: Scope, headers: Headers) -> str:
    return f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"


def cross_site_reason(scope: Scope) -> str | None:
    """Why a state-changing request looks like it came from another site, or None."""
    if scope["method"] in SAFE_METHODS:
        return None
    headers = Headers(scope=scope)
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return f"the browser says this request came from a {fetch_site} page"
    origin = headers.get("origin")
    if origin is not None and origin != _own_origin(scope, headers):
        return "the request came from another web site"
    return None


class OriginCheck:
    """Refuses (403) any state-changing request that a browser marks as sent by another site or origin."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            reason = cross_site_reason(scope)
            if reason is not None:
                await refuse(send, 403, f"Refused: {reason}. Use the triggerpoint page itself to make changes.")
                return
        await self.app(scope, receive, send)


class FormTokens:
    """Hands every browser a signed form token: in a cookie, and to the page templates through the scope.

    The double-submit pattern: a state-changing form must send back the token its browser's
    cookie holds (`require_form_token` checks it). Another site can make a browser send the
    cookie but cannot read it, so it cannot put the token in the form. Signed with itsdangerous,
    so a token this app did not make is refused even when cookie and form agree.
    """

    def __init__(self, app: ASGIApp, signer: URLSafeSerializer) -> None:
        self.app, self.signer = app, signer

    def _valid(self, token: str | None) -> bool:
        if not token:
            return False
        try:
            self.signer.loads(token)
        except BadSignature:
            return False
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = cookie_value(scope, TOKEN_COOKIE)
        fresh = not self._valid(token)
        if fresh:
            token = self.signer.dumps(secrets.token_urlsafe(32))
        scope[TOKEN_SCOPE_KEY] = token
        cookie = f"{TOKEN_COOKIE}={token}; Path=/; SameSite=Strict; HttpOnly".encode()
        secure = b"; Secure" if scope.get("scheme") == "https" else b""

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie + secure)]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def cookie_value(scope: Scope, name: str) -> str | None:
    try:
        jar = SimpleCookie(Headers(scope=scope).get("cookie", ""))
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def _xor(pad: bytes, data: bytes) -> bytes:
    return (int.from_bytes(pad) ^ int.from_bytes(data)).to_bytes(len(data))


def masked(token: str) -> str:
    """The token under a fresh one-time pad (pad + (pad XOR token), URL-safe): a different string on every page."""
    raw = token.encode()
    pad = secrets.token_bytes(len(raw))
    return base64.urlsafe_b64encode(pad + _xor(pad, raw)).decode()


def unmasked(sent: str) -> str | None:
    """The token a masked one hides, or None when it is not a masked token."""
    try:
        data = base64.urlsafe_b64decode(sent.encode("ascii"))
    except (ValueError, binascii.Error):
        return None
    half = len(data) // 2
    if not data or len(data) % 2:
        return None
    return _xor(data[:half], data[half:]).decode("latin-1")


def _same(cookie: str, sent: str) -> bool:
    if secrets.compare_digest(cookie.encode(), sent.encode("utf-8", "replace")):
        return True  # the cookie's value itself, as a script that read it may send
    hidden = unmasked(sent)
    return hidden is not None and secrets.compare_digest(cookie.encode(), hidden.encode("latin-1"))


def form_token_matches(signer: URLSafeSerializer, cookie: str | None, sent: object) -> bool:
    """Whether a form sent back (masked, or as is) the valid, signed token its browser's cookie holds."""
    if not cookie or not isinstance(sent, str) or not _same(cookie, sent):
        return False
    try:
        signer.loads(cookie)
    except BadSignature:
        return False
    return True
