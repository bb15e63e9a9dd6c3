"""Kill the server while it writes: every entry it acknowledged must be there after a restart."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import httpx2

from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for
from triggerpoint.storage.migrate import upgrade

KILL_AFTER = 40


class Server:
    """`uvicorn --factory` in a child process, on a socket that listens before the child starts."""

    def __init__(self, data_dir: Path) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(128)
        env = os.environ | {"TRIGGERPOINT_DATA_DIR": str(data_dir)}
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "triggerpoint.server:app_from_environment",
            "--fd",
            str(self.socket.fileno()),
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, pass_fds=[self.socket.fileno()], env=env)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.socket.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.socket.close()


def write_until_refused(url: str, acknowledged: list[str], enough: threading.Event) -> None:
    with httpx2.Client(base_url=url, timeout=30) as client:
        for _ in range(2000):
            body = {
                "submission_id": uuid.uuid4().hex,
                "pain": 5,
                "drawing": {"low-back-lower-left": 6},
                "notes": "written while the server may be killed",
            }
            try:
                response = client.post("/api/diary", json=body)
            except httpx2.TransportError:
                return
            if response.status_code == 201:
                acknowledged.append(response.json()["uuid"])
                if len(acknowledged) >= KILL_AFTER:
                    enough.set()


def test_a_killed_server_loses_no_acknowledged_entry(tmp_path: Path) -> None:
    data = tmp_path / "data"
    upgrade(engine_for(get_settings(data_dir=data)))
    server = Server(data)
    acknowledged: list[str] = []
    enough = threading.Event()
    writers = [threading.Thread(target=write_until_refused, args=(server.url, acknowledged, enough)) for _ in range(3)]
    for writer in writers:
        writer.start()
    assert enough.wait(timeout=120), "the server never acknowledged enough entries"
    server.kill()  # SIGKILL mid-write: no shutdown, no flush
    for writer in writers:
        writer.join(timeout=60)
    saved = list(acknowledged)

    with sqlite3.connect(data / "triggerpoint.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    restarted = Server(data)
    try:
        with httpx2.Client(base_url=restarted.url, timeout=30) as client:
            assert client.get("/api/diary").status_code == 200  # the app opens the database again
            for entry_uuid in saved:
                assert client.get(f"/api/diary/{entry_uuid}").status_code == 200, entry_uuid
    finally:
        restarted.stop()
    assert len(saved) >= KILL_AFTER
