"""The API's documentation renders in Chromium from the app's own files, under its strict CSP, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_swagger_ui_lists_the_operations_without_the_network(page: Any, screenshots: Path) -> None:
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if "127.0.0.1" not in request.url else None)
    page.goto("/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 15
    assert page.get_by_text("/api/find", exact=True).count() >= 1
    assert outside == []
    page.screenshot(path=str(screenshots / "api-docs.png"))
