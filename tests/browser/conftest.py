"""Real-browser fixtures: the app on a live port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from live import LiveServer, watch_console

START = date(2026, 3, 2)

CHROMIUM = os.environ.get("TRIGGERPOINT_CHROMIUM", "/usr/bin/chromium")  # tests can point elsewhere
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("TRIGGERPOINT_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium")
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = LiveServer(tmp_path_factory.mktemp("data"))
    yield server.start()
    server.stop()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A server of the test's own, on its own data folder."""
    server = LiveServer(tmp_path / "data")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def clinic_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A clinic-mode server of the test's own (sign-in, roles, audit), on SQLite in its own data folder."""
    server = LiveServer(tmp_path / "data", mode="clinic", timezone="UTC")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(browser: object, live_url: str) -> Iterator[object]:
    """A desktop-sized page; the test fails if the page logs an error or the CSP blocks anything."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_url)  # type: ignore[attr-defined]
    page = context.new_page()
    errors = watch_console(page)
    yield page
    context.close()
    assert errors == [], errors


@pytest.fixture
def axe_page(browser: object, live_url: str) -> Iterator[object]:
    """A page that lets the test inject axe-core (the app's CSP forbids any script but its own)."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1280, "height": 900}, base_url=live_url, bypass_csp=True
    )
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
