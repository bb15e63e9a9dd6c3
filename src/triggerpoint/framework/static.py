"""Static files under fingerprinted URLs: a year in the browser's cache when the URL names the file's content.

Each file's content hash is computed once, when the app is built; pages link `/static/style.css?v=<hash>`
(`versioned_url`). A request whose `v` is the file's current hash gets `Cache-Control: public,
max-age=31536000, immutable`: a changed file gets a new URL, so the old one never needs refreshing.
Any other request (no `v`, or the `v` of an older version) gets a short max-age and revalidates by ETag.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import parse_qs

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
VERSION_PARAM = "v"
CACHEABLE = frozenset({200, 304})


def fingerprints(directory: Path) -> dict[str, str]:
    """A short hash of every file's content under `directory`, keyed by its path relative to it."""
    return {
        os.path.normpath(file.relative_to(directory)): hashlib.sha256(file.read_bytes()).hexdigest()[:12]
        for file in sorted(directory.rglob("*"))
        if file.is_file()
    }


class FingerprintedStaticFiles(StaticFiles):
    """Starlette's static files, with the cache lifetime chosen by whether the URL carries the content's hash."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory)
        self.versions = fingerprints(directory)

    def versioned_url(self, url: str, path: str) -> str:
        """The file's URL with its content hash (unchanged for a file the folder does not hold)."""
        version = self.versions.get(os.path.normpath(path))
        return f"{url}?{VERSION_PARAM}={version}" if version else url

    def cache_control(self, path: str, scope: Scope) -> str:
        """Immutable for the current version's URL; a short lifetime otherwise."""
        asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(VERSION_PARAM, [])
        current = self.versions.get(path)
        return IMMUTABLE if current is not None and asked == [current] else SHORT

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in CACHEABLE:
            response.headers["cache-control"] = self.cache_control(path, scope)
        return response
