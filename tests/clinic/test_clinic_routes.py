"""Clinic mode keeps every request promise on every route (spec/clinic-security.md, promise 6), signed in.

The same walk over the route table as the personal app's security tests, with a signed-in
therapist whose own client's record the routes point at: another site still cannot drive
it, a form without its token is refused, and nothing but the sign-in pages answers a
browser that has not signed in.
"""

from __future__ import annotations

from clinic_apps import World
from clinic_world import browser
from test_tenants import UNSAFE, Call, calls, ids_of, rows_of

from helpers import csrf_token

EVIL = "http://evil.example"
OPEN = ("/sign-in", "/link/{token}", "/static")


def _own_calls(world: World) -> list[Call]:
    return calls(world.app, ids_of(world.app, world.a))


def test_another_site_cannot_drive_any_route_of_a_signed_in_therapist(world: World) -> None:
    therapist, before = world.a.therapist.browser, rows_of(world.app, world.a)
    unsafe = [c for c in _own_calls(world) if c.method in UNSAFE]
    assert len(unsafe) >= 40  # the record's routes twice (portal and staff addresses) and the clinic's own
    for call in unsafe:
        for headers in ({"Origin": EVIL}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
            answer = therapist.request(call.method, call.path, data={"pain": "9"}, headers=headers)
            assert answer.status_code == 403, f"{call} {headers} -> {answer.status_code}"
    assert rows_of(world.app, world.a) == before


def test_a_form_without_its_token_is_refused_on_every_page_route(world: World) -> None:
    therapist, before = world.a.therapist.browser, rows_of(world.app, world.a)
    csrf_token(therapist)
    for call in _own_calls(world):
        if call.method not in UNSAFE:
            continue
        answer = therapist.request(call.method, call.path, data={"csrftoken": "forged", "pain": "9"})
        expected = {422, 404} if "/api/" in call.path else {403}
        assert answer.status_code in expected, f"{call} -> {answer.status_code}"
    assert rows_of(world.app, world.a) == before


def test_nothing_answers_a_browser_that_has_not_signed_in(world: World) -> None:
    stranger, before = browser(world.app), rows_of(world.app, world.a)
    token = csrf_token(stranger)
    for call in _own_calls(world):
        if call.template.startswith(OPEN):
            continue
        answer = stranger.request(call.method, call.path, data={"csrftoken": token})
        assert answer.status_code in (401, 303), f"{call} -> {answer.status_code}"
        if answer.status_code == 303:
            assert answer.headers["location"].startswith("/sign-in"), call
        assert "Client Aa" not in answer.text, call
    assert rows_of(world.app, world.a) == before


def test_every_answer_carries_the_security_headers_and_is_never_cached(world: World) -> None:
    therapist = world.a.therapist.browser
    for call in _own_calls(world):
        if call.method != "GET":
            continue
        answer = therapist.get(call.path)
        assert answer.status_code < 500, call
        assert answer.headers["cache-control"] == "no-store", call
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"], call
        assert answer.headers["x-content-type-options"] == "nosniff", call
