"""The app on a live port (a real uvicorn server in a thread), and a page's console errors.

Kept out of conftest.py so test modules import it by a name no other folder's conftest shares.
"""

from __future__ import annotations

import socket
import threading
from datetime import date
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from triggerpoint.clock import FixedClock
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for
from triggerpoint.storage.migrate import upgrade

START = date(2026, 3, 2)


class LiveServer:
    """The app served on a real port from a thread; it can be stopped and started again on its data."""

    def __init__(self, data_dir: Path, **settings: Any) -> None:
        self.data_dir, self.settings = data_dir, settings
        self.app: FastAPI | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    def start(self) -> str:
        # The socket listens before the server thread starts, so requests queue instead of racing it.
        settings = get_settings(data_dir=self.data_dir, **self.settings)
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


def watch_console(page: Any) -> list[str]:
    """Collect the page's console errors (a script error, or anything the CSP blocked) as they happen."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
