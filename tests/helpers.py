"""What tests share: the host and day the test apps use, and posting forms as the app's own pages do."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text

BASE_URL = "http://localhost"  # a host the app trusts by default
START = date(2026, 3, 2)


def csrf_token(client: TestClient) -> str:
    """The form token the app gave this browser (a page that has forms hands it out)."""
    if "csrftoken" not in client.cookies:
        client.get("/data")
    return str(client.cookies["csrftoken"])


def post_form(client: TestClient, url: str, data: Any = None, **kwargs: Any) -> Any:
    """POST a form as the app's own page would: with its token (first, as a browser sends hidden fields)."""
    fields = {"csrftoken": csrf_token(client)} | dict(data or {})
    return client.post(url, data=fields, **kwargs)


def postgres_database(server_url: str) -> Iterator[str]:
    """A fresh database on a PostgreSQL server, dropped afterwards (the test run's own: never `test` itself)."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"triggerpoint_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it (reading order, one line per line)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils (apt-get install poppler-utils); CI installs it")
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, check=True, capture_output=True).stdout.decode()
