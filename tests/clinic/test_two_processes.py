"""Scale-out on PostgreSQL: two app server processes share sessions, form tokens and throttling (promises 4 and 5).

Real `triggerpoint serve` processes on free ports, connected as the app role (row-level
security on), a clinic made by `triggerpoint clinic create` with the password piped in, and a
browser (cookies) that signs in through one process and carries on through the other.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx2 as httpx
import pyotp
import pytest
from postgres_roles import Database, grant, owner_and_app

POSTGRES = os.environ.get("TRIGGERPOINT_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(POSTGRES is None, reason="needs TRIGGERPOINT_TEST_POSTGRES_URL")
CLI = str(Path(sys.executable).with_name("triggerpoint"))
PASSWORD = "correct horse battery staple"
ADMIN = "admin@alder.example"
SECRET = re.compile(r'id="totp-secret">([A-Z2-7]+)<')
TOKEN = re.compile(r'name="csrftoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(database: Database, folder: Path) -> dict[str, str]:
    return os.environ | {
        "TRIGGERPOINT_DATABASE_URL": database.app_url,
        "TRIGGERPOINT_MIGRATION_DATABASE_URL": database.owner_url,
        "TRIGGERPOINT_SECRET_KEY": "two-processes-share-this-key",
        "TRIGGERPOINT_MODE": "clinic",
        "TRIGGERPOINT_TIMEZONE": "UTC",
        "TRIGGERPOINT_DATA_DIR": str(folder),
    }


@contextmanager
def _server(environment: dict[str, str], *extra: str) -> Iterator[str]:
    """A `triggerpoint serve` process (its own process group, ended in any case); yields its base URL."""
    port = _free_port()
    command = [CLI, "serve", "--port", str(port), *extra]
    process = subprocess.Popen(command, env=environment, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_for(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server stopped with {process.returncode}"
        try:
            if httpx.get(f"{base}/sign-in", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not answer within a minute")


@pytest.fixture
def environment(tmp_path: Path) -> Iterator[dict[str, str]]:
    assert POSTGRES is not None
    with owner_and_app(POSTGRES, f"tp_procs_{os.getpid()}") as database:
        environment = _environment(database, tmp_path)
        subprocess.run([CLI, "db", "upgrade"], env=environment, check=True)
        grant(database)
        made = subprocess.run(
            [CLI, "clinic", "create", "Alder Clinic", "--admin", ADMIN],
            env=environment,
            input=PASSWORD + "\n",
            text=True,
            capture_output=True,
            check=False,
        )
        assert made.returncode == 0 and "password set" in made.stdout, made.stdout + made.stderr
        yield environment


def _browser() -> httpx.Client:
    """Cookies are kept per host (127.0.0.1), whatever the port: one browser for both processes."""
    return httpx.Client(follow_redirects=False, timeout=30)


def _form(browser: httpx.Client, page: str, url: str, fields: dict[str, str]) -> httpx.Response:
    """Post a form with the form token of the page it came from (read from `page`'s HTML)."""
    found = TOKEN.search(browser.get(page).text)
    assert found, page
    return browser.post(url, data={"csrftoken": found.group(1)} | fields)


def _sign_in(browser: httpx.Client, base: str) -> None:
    answer = _form(browser, f"{base}/sign-in", f"{base}/sign-in", {"email": ADMIN, "password": PASSWORD})
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in/enrol", answer.text
    found = SECRET.search(browser.get(f"{base}/sign-in/enrol").text)
    assert found
    code = pyotp.TOTP(found.group(1)).now()
    done = _form(browser, f"{base}/sign-in/enrol", f"{base}/sign-in/enrol", {"code": code})
    assert done.status_code == 200 and "recovery-codes" in done.text, done.text


def test_a_browser_signed_in_through_one_process_carries_on_through_the_other(environment: dict[str, str]) -> None:
    with ExitStack() as stack:
        one = stack.enter_context(_server(environment))
        two = stack.enter_context(_server(environment))
        browser = stack.enter_context(_browser())
        _sign_in(browser, one)
        assert browser.get(f"{two}/staff").status_code == 200
        token = TOKEN.search(browser.get(f"{one}/staff").text)
        assert token
        fields = {"csrftoken": token.group(1), "name": "Tess", "email": "tess@alder.example", "role": "therapist"}
        invited = browser.post(f"{two}/staff", data=fields)
        assert invited.status_code == 200 and 'id="invite-link"' in invited.text, invited.text
        stranger = stack.enter_context(_browser())
        wrong = {"email": ADMIN, "password": "not the password at all"}
        for _ in range(5):
            assert _form(stranger, f"{one}/sign-in", f"{one}/sign-in", wrong).status_code == 401
        assert _form(stranger, f"{two}/sign-in", f"{two}/sign-in", wrong).status_code == 429


def test_serve_with_two_workers_starts_and_answers(environment: dict[str, str]) -> None:
    with _server(environment, "--workers", "2") as base, _browser() as browser:
        for _ in range(4):
            assert browser.get(f"{base}/sign-in").status_code == 200
        _sign_in(browser, base)
        assert browser.get(f"{base}/staff").status_code == 200
