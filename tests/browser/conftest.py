"""Real-browser fixtures: the app on a live port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from triggerpoint.clock import FixedClock
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for
from triggerpoint.storage.migrate import upgrade

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


class LiveServer:
    """The app served on a real port from a thread; it can be stopped and started again on its data."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.app: FastAPI | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    def start(self) -> str:
        # The socket listens before the server thread starts, so requests queue instead of racing it.
        settings = get_settings(data_dir=self.data_dir)
        upgrade(engine_for(settings))
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.app = create_app(settings)
        self.app.state.clock = FixedClock(START)
        self._server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="on"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True)
        self._thread.start()
        return self.url

    @property
    def url(self) -> str:
        assert self._socket is not None
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    @property
    def clock(self) -> FixedClock:
        assert self.app is not None
        clock: FixedClock = self.app.state.clock
        return clock

    def stop(self) -> None:
        assert self._server is not None and self._thread is not None and self._socket is not None
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()
        assert self.app is not None
        self.app.state.engine.dispose()


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


def watch_console(page: Any) -> list[str]:
    """Collect the page's console errors (a script error, or anything the CSP blocked) as they happen."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


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
