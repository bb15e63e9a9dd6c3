"""Every page at 360x740: no sideways scrolling, and every target big enough for a finger (WCAG 2.5.8).

Each page is also saved as a screenshot at 360x740 and at 1280x900 (artifacts/screenshots/page-*),
named after its route, for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from live import LiveServer
from targets import scrolls_sideways, small_targets

from helpers import START
from security.conftest import _seed, routes
from triggerpoint.clock import FixedClock

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
DOWNLOADS = (".pdf", ".json", ".zip", ".ics", "/openapi.json")


def page_paths(server: LiveServer) -> list[tuple[str, str]]:
    """Every GET page of the app (not the API, not downloads) by route name, its parameters from a seeded record."""
    assert server.app is not None
    with TestClient(server.app, base_url=server.url) as client:
        server.app.state.clock = FixedClock(START)
        ids = _seed(client, server.app)
    found = [(r.name, r.path) for r in routes(server.app, ids) if r.method == "GET"]
    return [(n, p) for n, p in found if not p.startswith("/api/") and not p.endswith(DOWNLOADS) and p != "/docs"]


@pytest.fixture
def seeded_server(live_server: LiveServer) -> LiveServer:
    return live_server


def test_every_page_fits_a_phone_and_its_targets_a_finger(
    browser: Any, seeded_server: LiveServer, screenshots: Path
) -> None:
    paths = page_paths(seeded_server)
    assert len(paths) >= 15
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    problems = {}
    for name, path in paths:
        page.goto(seeded_server.url + path)
        found = small_targets(page)
        if scrolls_sideways(page):
            found.append("scrolls sideways")
        if found:
            problems[path] = found
        page.screenshot(path=str(screenshots / f"page-{name}-phone.png"), full_page=True)
    context.close()
    assert problems == {}, "\n".join(f"{p}: {v}" for p, v in problems.items())


def test_every_page_fits_a_desktop(browser: Any, seeded_server: LiveServer, screenshots: Path) -> None:
    page = browser.new_page(viewport=DESKTOP)
    sideways = []
    for name, path in page_paths(seeded_server):
        page.goto(seeded_server.url + path)
        if scrolls_sideways(page):
            sideways.append(path)
        page.screenshot(path=str(screenshots / f"page-{name}-desktop.png"), full_page=True)
    page.close()
    assert sideways == []
