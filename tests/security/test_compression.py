"""gzip over HTTP: pages, JSON and static files compressed when asked, never for requests another site started,
and health data still `no-store` when compressed."""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient

GZIP = {"Accept-Encoding": "gzip"}
IDENTITY = {"Accept-Encoding": "identity"}
HEADACHE = {"regions": ["temple-right", "neck-side-right", "mastoid-right"]}


def raw_body(client: TestClient, method: str, url: str, **kwargs: object) -> tuple[dict[str, str], bytes]:
    """The headers and the body as sent on the wire (not decoded by the test client)."""
    with client.stream(method, url, **kwargs) as response:  # type: ignore[arg-type]
        return dict(response.headers), b"".join(response.iter_raw())


def test_the_body_map_page_is_gzipped_when_asked_and_stays_no_store(client: TestClient) -> None:
    headers, body = raw_body(client, "GET", "/", headers=GZIP)
    assert headers["content-encoding"] == "gzip"
    assert "accept-encoding" in headers["vary"].lower()
    assert headers["cache-control"] == "no-store"
    page = gzip.decompress(body).decode()
    assert 'data-region="temple-right"' in page
    assert len(body) < len(page.encode()) / 4


def test_the_find_api_answer_is_gzipped_when_asked_and_stays_no_store(client: TestClient) -> None:
    headers, body = raw_body(client, "POST", "/api/find", json=HEADACHE, headers=GZIP)
    assert headers["content-encoding"] == "gzip"
    assert headers["cache-control"] == "no-store"
    assert b'"status":"questions"' in gzip.decompress(body)


@pytest.mark.parametrize(("method", "url"), [("GET", "/"), ("POST", "/api/find"), ("GET", "/static/style.css")])
def test_nothing_is_compressed_unless_asked(client: TestClient, method: str, url: str) -> None:
    sent = {"json": HEADACHE} if method == "POST" else {}
    headers, body = raw_body(client, method, url, headers=IDENTITY, **sent)
    assert "content-encoding" not in headers
    assert body[:2] != b"\x1f\x8b"  # no gzip magic


def test_a_page_another_site_asked_for_is_not_compressed(client: TestClient) -> None:
    headers, _ = raw_body(client, "GET", "/drawings", headers=GZIP | {"Sec-Fetch-Site": "cross-site"})
    assert "content-encoding" not in headers
    assert headers["cache-control"] == "no-store"
    own, _ = raw_body(client, "GET", "/drawings", headers=GZIP | {"Sec-Fetch-Site": "same-origin"})
    assert own["content-encoding"] == "gzip"


def test_static_files_are_compressed_whoever_asks(client: TestClient) -> None:
    headers, body = raw_body(client, "GET", "/static/style.css", headers=GZIP | {"Sec-Fetch-Site": "cross-site"})
    assert headers["content-encoding"] == "gzip"
    assert b"body" in gzip.decompress(body)
