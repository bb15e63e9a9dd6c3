"""gzip for pages, JSON, SVG, JS and CSS (Starlette's GZipMiddleware), and why it cannot leak a secret (BREACH).

BREACH recovers a secret from a compressed response by making the victim's browser send many
requests that reflect a guess beside the secret, and watching the sizes. Two defences:
- The one secret every page carries, the form token, is masked with a fresh one-time pad on each
  render (`security.masked`), so no two responses hold the same string to guess at.
- A response to a request that another site started (the browser says `Sec-Fetch-Site: cross-site`
  or `same-site`) is not compressed; BREACH needs such requests. The app's own pages (`same-origin`),
  an address typed or bookmarked (`none`) and clients that send no such header (scripts, the CLI,
  older browsers) get gzip when they ask for it. Static files are public and always compressible.
Level 6, not Starlette's default 9: on the body map's 160 KB of HTML level 9 takes nearly twice as
long (about 8 ms against 4) and saves nothing.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from triggerpoint.framework.security import STATIC_PREFIX

COMPRESS_FOR = frozenset({"same-origin", "none"})  # Sec-Fetch-Site values of requests the person made here
LEVEL = 6
ALREADY_COMPRESSED = (*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/pdf")  # images, zip files, PDFs
MINIMUM_BYTES = 500


def started_by_another_site(scope: Scope) -> bool:
    """Whether the browser says another site (or a sibling subdomain) started this request."""
    fetch_site = Headers(scope=scope).get("sec-fetch-site")
    return fetch_site is not None and fetch_site not in COMPRESS_FOR


class Compression:
    """gzip when asked for, except on non-static answers to requests another site started."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(
            app, minimum_size=MINIMUM_BYTES, compresslevel=LEVEL, exclude_content_types=ALREADY_COMPRESSED
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith(STATIC_PREFIX)
        if not static and started_by_another_site(scope):
            await self.app(scope, receive, send)
            return
        await self.gzip(scope, receive, send)
