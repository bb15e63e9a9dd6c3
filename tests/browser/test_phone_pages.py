"""Every page at 360x740: no sideways scrolling, and every target big enough for a finger (WCAG 2.5.8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from targets import scrolls_sideways, small_targets

from conftest import LiveServer
from helpers import START
from security.conftest import _seed, routes
from triggerpoint.clock import FixedClock

PHONE = {"width": 360, "height": 740}
DOWNLOADS = (".pdf", ".json", ".zip", ".ics", "/openapi.json")


def page_paths(server: LiveServer) -> list[str]:
    """Every GET page of the app (not the API, not downloads), its parameters from a seeded record."""
    assert server.app is not None
    with TestClient(server.app, base_url=server.url) as client:
        server.app.state.clock = FixedClock(START)
        ids = _seed(client, server.app)
    found = [r.path for r in routes(server.app, ids) if r.method == "GET"]
    return [p for p in found if not p.startswith("/api/") and not p.endswith(DOWNLOADS) and p != "/docs"]


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
    for path in paths:
        page.goto(seeded_server.url + path)
        found = small_targets(page)
        if scrolls_sideways(page):
            found.append("scrolls sideways")
        if found:
            problems[path] = found
        name = path.strip("/").replace("/", "-") or "home"
        page.screenshot(path=str(screenshots / f"phone-{name[:60]}.png"), full_page=True)
    context.close()
    assert problems == {}, "\n".join(f"{p}: {v}" for p, v in problems.items())
