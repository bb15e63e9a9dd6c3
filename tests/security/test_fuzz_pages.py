"""No input gets a 500: every page route, fed odd forms and query strings with a valid form token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BASE_URL, START
from security.conftest import UNSAFE, Route, _seed, routes
from triggerpoint.clock import FixedClock
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for
from triggerpoint.storage.migrate import upgrade

FIELDS = [
    "region", "intensity-temple-right", "intensity-nope", "symptom", "activity", "submission_id", "pain",
    "sleep_quality", "stress", "med-name-0", "med-dose-0", "took_no_medication", "notes", "session", "point",
    "precaution", "key-0", "enabled-0", "pressure-0", "seconds-0", "strokes-0", "times_per_day-0", "key",
    "status", "soreness", "trend", "numbness", "flag-thunderclap-headache", "flag-nope", "pain-0", "start",
    "end", "a_start", "b_end", "from", "q", "download",
]  # fmt: skip
ODD = st.one_of(
    st.sampled_from(["", " ", "0", "10", "11", "-1", "٣", "²", "1e3", "9" * 5000, "yes", "no", "on", "null",
                     "temple-right", "upper-trapezius/tp1/right", "massage:upper-trapezius/tp1/right", "x/y",
                     "0001-01-01", "9999-12-31", "2026-02-30", "\x00", "<script>", "' OR 1=1"]),
    st.text(max_size=40),
)  # fmt: skip
FORMS = st.dictionaries(st.sampled_from(FIELDS), st.one_of(ODD, st.lists(ODD, max_size=3)), max_size=8)


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, TestClient, list[Route]]]:
    data: Path = tmp_path_factory.mktemp("fuzz")
    configured = get_settings(data_dir=data, timezone="UTC", secret_key="test-secret")
    upgrade(engine_for(configured))
    app = create_app(configured)
    app.state.clock = FixedClock(START)
    with TestClient(app, base_url=BASE_URL) as client:
        ids = _seed(client, app)
        client.get("/data")  # the form token
        yield app, client, [r for r in routes(app, ids) if not r.path.startswith("/api/")]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(form=FORMS, pick=st.integers(min_value=0))
def test_no_page_answers_a_form_with_a_server_error(
    fuzzed: tuple[FastAPI, TestClient, list[Route]], form: dict[str, object], pick: int
) -> None:
    _, client, page_routes = fuzzed
    unsafe = [r for r in page_routes if r.method in UNSAFE]
    route = unsafe[pick % len(unsafe)]
    data = {"csrftoken": client.cookies["csrftoken"], **form}
    response = client.request(route.method, route.path, data=data)
    assert response.status_code < 500, f"{route} with {form!r}"


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=st.dictionaries(st.sampled_from(FIELDS), ODD, max_size=5), pick=st.integers(min_value=0))
def test_no_page_answers_a_query_with_a_server_error(
    fuzzed: tuple[FastAPI, TestClient, list[Route]], query: dict[str, str], pick: int
) -> None:
    _, client, page_routes = fuzzed
    gets = [r for r in page_routes if r.method == "GET"]
    route = gets[pick % len(gets)]
    response = client.get(route.path, params=query)
    assert response.status_code < 500, f"{route} with {query!r}"
