"""No input gets a 500: every page route, fed odd forms and query strings with a valid form token.

The field names are the ones below (odd and malformed ones included) plus every name a page's
forms actually render, read from the pages, so a field added to a form is fuzzed without anyone
remembering to list it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
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

# injury_site is on a page that only a POST renders, so it is listed by hand.
FIELDS = [
    "region", "intensity-temple-right", "intensity-nope", "symptom", "activity", "submission_id", "pain",
    "sleep_quality", "stress", "med-name-0", "med-dose-0", "took_no_medication", "notes", "session", "point",
    "precaution", "key-0", "enabled-0", "pressure-0", "seconds-0", "strokes-0", "times_per_day-0", "key",
    "status", "soreness", "trend", "numbness", "flag-thunderclap-headache", "flag-nope", "pain-0", "start",
    "end", "a_start", "b_end", "from", "q", "download", "injury_site",
]  # fmt: skip
ODD = st.one_of(
    st.sampled_from(["", " ", "0", "10", "11", "-1", "٣", "²", "1e3", "9" * 5000, "yes", "no", "on", "null",
                     "temple-right", "upper-trapezius/tp1/right", "massage:upper-trapezius/tp1/right", "x/y",
                     "0001-01-01", "9999-12-31", "2026-02-30", "\x00", "<script>", "' OR 1=1"]),
    st.text(max_size=40),
)  # fmt: skip
FIELD_NAME = re.compile(r'<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"')


class Fuzzed(NamedTuple):
    client: TestClient
    routes: list[Route]
    fields: list[str]


def rendered_fields(client: TestClient, page_routes: list[Route]) -> set[str]:
    """Every form field name the app's pages render."""
    pages = (client.get(r.path).text for r in page_routes if r.method == "GET")
    return {html.unescape(name) for page in pages for name in FIELD_NAME.findall(page)}


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    data: Path = tmp_path_factory.mktemp("fuzz")
    configured = get_settings(data_dir=data, timezone="UTC", secret_key="test-secret")
    upgrade(engine_for(configured))
    app = create_app(configured)
    app.state.clock = FixedClock(START)
    with TestClient(app, base_url=BASE_URL) as client:
        ids = _seed(client, app)
        client.get("/data")  # the form token
        page_routes = [r for r in routes(app, ids) if not r.path.startswith("/api/")]
        fields = sorted(set(FIELDS) | rendered_fields(client, page_routes) - {"csrftoken"})
        yield Fuzzed(client, page_routes, fields)


def test_the_fields_come_from_the_pages_themselves(fuzzed: Fuzzed) -> None:
    assert {"mood", "trigger_notes", "version", "when_was"} <= set(fuzzed.fields) - set(FIELDS)
    assert any(name.startswith("quality-") for name in fuzzed.fields)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), pick=st.integers(min_value=0))
def test_no_page_answers_a_form_with_a_server_error(fuzzed: Fuzzed, data: st.DataObject, pick: int) -> None:
    client, page_routes = fuzzed.client, fuzzed.routes
    values = st.one_of(ODD, st.lists(ODD, max_size=3))
    form = data.draw(st.dictionaries(st.sampled_from(fuzzed.fields), values, max_size=8), label="form")
    unsafe = [r for r in page_routes if r.method in UNSAFE]
    route = unsafe[pick % len(unsafe)]
    sent = {"csrftoken": client.cookies["csrftoken"], **form}
    response = client.request(route.method, route.path, data=sent)
    assert response.status_code < 500, f"{route} with {form!r}"


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), pick=st.integers(min_value=0))
def test_no_page_answers_a_query_with_a_server_error(fuzzed: Fuzzed, data: st.DataObject, pick: int) -> None:
    client, page_routes = fuzzed.client, fuzzed.routes
    query = data.draw(st.dictionaries(st.sampled_from(fuzzed.fields), ODD, max_size=5), label="query")
    gets = [r for r in page_routes if r.method == "GET"]
    route = gets[pick % len(gets)]
    response = client.get(route.path, params=query)
    assert response.status_code < 500, f"{route} with {query!r}"
