"""Every route of the app, found from its route table: no other site and no other host can drive it.

A new route is covered without anyone remembering: the tests walk the route table, and one
whose path parameter the seed cannot fill fails until it is given one.
"""

from __future__ import annotations

import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from security.conftest import UNSAFE, Route, fingerprint, routes
from triggerpoint.framework.routes import route_table

EVIL = "http://evil.example"
Seeded = tuple[FastAPI, TestClient, dict[str, str]]


def unsafe_routes(seeded: Seeded) -> list[Route]:
    app, _, ids = seeded
    found = [route for route in routes(app, ids) if route.method in UNSAFE]
    assert len(found) >= 20  # the pages' forms and the API
    return found


def attacks(route: Route) -> list[dict[str, object]]:
    """What a page on another site can make a browser send: forms, plain text, a file, JSON via fetch."""
    form = {"region": "temple-right", "pain": "9", "status": "done", "key": "x", "soreness": "none"}
    return [
        {"data": form, "headers": {"Origin": EVIL}},
        {"data": form, "headers": {"Sec-Fetch-Site": "cross-site"}},
        {"data": form, "headers": {"Origin": "null"}},
        {"data": form, "headers": {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:9999"}},
        {"content": json.dumps({"pain": 9}), "headers": {"Origin": EVIL, "Content-Type": "text/plain"}},
        {"json": {"points": [{"muscle": "soleus", "point": "tp1", "side": "left"}]}, "headers": {"Origin": EVIL}},
        {"files": {"file": ("x.json", b"{}", "application/json")}, "headers": {"Origin": EVIL}},
    ]


def test_every_state_changing_route_refuses_a_cross_site_request(seeded: Seeded) -> None:
    app, client, _ = seeded
    before = fingerprint(app)
    for route in unsafe_routes(seeded):
        for attack in attacks(route):
            response = client.request(route.method, route.path, **attack)  # type: ignore[arg-type]
            assert response.status_code == 403, f"{route}: {attack['headers']} got {response.status_code}"
    assert fingerprint(app) == before


def test_a_form_without_its_token_is_refused(seeded: Seeded) -> None:
    app, client, _ = seeded
    before = fingerprint(app)
    for route in unsafe_routes(seeded):
        response = client.request(route.method, route.path, data={"csrftoken": "forged", "region": "temple-right"})
        # Pages want their token (403); the JSON API takes no form at all (422: JSON only).
        expected = 422 if route.path.startswith("/api/") else 403
        assert response.status_code == expected, f"{route} got {response.status_code}"
    assert fingerprint(app) == before


def test_every_state_changing_api_route_takes_a_json_body(seeded: Seeded) -> None:
    """A body-less POST would take a form from another site; each needs a JSON body, so none can."""
    app, _, _ = seeded
    for context in route_table(app):
        if str(context.path).startswith("/api/") and context.methods and context.methods & UNSAFE:
            assert context.body_field is not None, f"{context.path} takes no JSON body"


def test_a_foreign_host_is_refused_on_every_route(seeded: Seeded) -> None:
    app, client, ids = seeded
    for route in routes(app, ids):
        response = client.request(route.method, route.path, headers={"Host": "evil.example"})
        assert response.status_code == 400, f"{route} answered a foreign host with {response.status_code}"
        assert ids["drawing_id"] not in response.text
        assert "temple" not in response.text


def test_every_page_and_answer_carries_the_security_headers(seeded: Seeded) -> None:
    app, client, ids = seeded
    before = fingerprint(app)
    gets = [route for route in routes(app, ids) if route.method == "GET"]
    for route in gets:
        response = client.get(route.path)
        assert response.status_code < 500, route
        headers = response.headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, route
        assert "frame-ancestors 'none'" in csp, route
        assert headers["x-content-type-options"] == "nosniff", route
        assert headers["referrer-policy"] == "same-origin", route
        assert headers["cache-control"] == "no-store", f"{route} may be cached"
        assert "server" not in headers, route
    assert fingerprint(app) == before, "a GET changed stored data"


def test_static_files_may_be_cached_but_keep_the_headers(seeded: Seeded) -> None:
    _, client, _ = seeded
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in response.headers.get("cache-control", "")


@pytest.mark.parametrize(
    ("path", "body", "kind"),
    [
        ("/api/diary", {"submission_id": "big-00001", "pain": 3, "notes": "x" * 2_000_000}, "json"),
        ("/drawings", {"region": "temple-right", "notes": "x" * 2_000_000}, "form"),
    ],
)
def test_a_body_over_the_limit_is_a_413(seeded: Seeded, path: str, body: dict[str, object], kind: str) -> None:
    app, client, _ = seeded
    before = fingerprint(app)
    token = {"csrftoken": client.cookies.get("csrftoken") or ""}
    response = client.post(path, json=body) if kind == "json" else client.post(path, data=token | body)
    assert response.status_code == 413
    assert fingerprint(app) == before


def test_an_upload_over_the_limit_is_a_413(seeded: Seeded) -> None:
    _, client, _ = seeded
    client.get("/data")
    token = client.cookies["csrftoken"]
    big = b"{" + b" " * 17_000_000 + b"}"
    response = client.post("/data/import", data={"csrftoken": token}, files={"file": ("big.json", big)})
    assert response.status_code == 413
    assert "too large" in response.text.lower()


def test_a_malformed_request_is_a_400_not_a_500(seeded: Seeded) -> None:
    _, client, _ = seeded
    client.get("/data")
    odd = [
        {"content": b"a=%ff%fe", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
        {"content": b"--x\r\n", "headers": {"Content-Type": "multipart/form-data"}},
        {"content": b"--x\r\n", "headers": {"Content-Type": "multipart/form-data;boundary=x"}},
        {"content": b"\x00\x01", "headers": {"Content-Type": "application/octet-stream"}},
    ]
    for request in odd:
        response = client.post("/drawings", **request)  # type: ignore[arg-type]
        assert 400 <= response.status_code < 500, request


def test_the_api_docs_load_only_local_files(seeded: Seeded) -> None:
    _, client, _ = seeded
    page = client.get("/docs")
    assert page.status_code == 200
    assert "<script>" not in page.text  # no inline script: the CSP would stop it
    assets = [part.split('"')[0] for part in page.text.split('src="')[1:] + page.text.split('href="')[1:]]
    assert assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200
