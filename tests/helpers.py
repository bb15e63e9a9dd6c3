"""What tests share: the host and day the test apps use, and posting forms as the app's own pages do."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

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
