"""The form token in a page is masked afresh on every render (BREACH), and every masking of it validates."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeSerializer

from triggerpoint.framework.security import form_token_matches, masked, unmasked

FIELD = re.compile(r'name="csrftoken" value="([^"]+)"')
DRAWING = {"region": "temple-right"}


def rendered_token(client: TestClient) -> str:
    found = FIELD.search(client.get("/").text)
    assert found, "the body map carries no form token"
    return found.group(1)


def test_two_renders_carry_different_token_strings_that_both_validate(client: TestClient) -> None:
    first, second = rendered_token(client), rendered_token(client)
    cookie = client.cookies["csrftoken"]
    assert len({first, second, cookie}) == 3  # neither page shows the cookie's token as is
    for token in (first, second):
        response = client.post("/drawings", data={"csrftoken": token, **DRAWING}, follow_redirects=False)
        assert response.status_code == 303, response.text


def test_a_masked_token_of_another_browser_is_refused(client: TestClient, app: FastAPI) -> None:
    rendered_token(client)
    signer: URLSafeSerializer = app.state.form_signer
    someone_else = masked(signer.dumps("another browser"))
    response = client.post("/drawings", data={"csrftoken": someone_else, **DRAWING}, follow_redirects=False)
    assert response.status_code == 403


def test_masking_round_trips_and_differs_each_time() -> None:
    token = URLSafeSerializer("key").dumps("secret")
    assert masked(token) != masked(token)
    assert unmasked(masked(token)) == token


def test_the_check_accepts_the_token_masked_or_as_is_and_nothing_else() -> None:
    signer = URLSafeSerializer("key")
    token = signer.dumps("secret")
    assert form_token_matches(signer, token, masked(token))
    assert form_token_matches(signer, token, token)
    for sent in ("", "forged", masked("forged"), masked(token)[:-4], token + ".", "é" * 10, None, 7):
        assert not form_token_matches(signer, token, sent), sent
    unsigned = "not-signed-by-the-app"
    assert not form_token_matches(signer, unsigned, masked(unsigned))
