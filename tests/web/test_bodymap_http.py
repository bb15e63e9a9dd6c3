"""The body-map flow over HTTP: every drawing kept, the screen before any suggestion, bad input said plainly."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from helpers import post_form

HEADACHE = [
    ("region", "temple-right"),
    ("intensity-temple-right", "7"),
    ("region", "neck-side-right"),
    ("region", "mastoid-right"),
]


def form(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields as the browser sends them: a name may repeat."""
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields


def questions(html: str) -> list[str]:
    return re.findall(r'data-question="([a-z0-9-]+)"', html)


def draw(client: TestClient, pairs: list[tuple[str, str]] = HEADACHE) -> str:
    """Submit a drawing; returns the URL of its page."""
    response = post_form(client, "/drawings", form(pairs), follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def answer(client: TestClient, url: str, yes: str | None = None) -> str:
    asked = questions(client.get(url).text)
    answers = {f"flag-{q}": "yes" if q == yes else "no" for q in asked}
    response = post_form(client, f"{url}/screen", answers, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client.get(url).text


def test_home_is_the_body_map_with_every_region(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    regions = set(re.findall(r'data-region="([a-z0-9-]+)"', page.text))
    assert len(regions) == 177
    assert "Their right" in page.text
    assert "does not diagnose" in page.text


def test_the_page_is_light_and_local(client: TestClient) -> None:
    page = client.get("/")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    total = len(page.content) + sum(len(client.get(a).content) for a in assets)
    assert total < 300_000
    assert not re.search(r'(?:href|src)="(?:https?:)?//', page.text)


def test_a_drawing_is_kept_and_asks_its_questions_first(client: TestClient) -> None:
    url = draw(client)
    page = client.get(url)
    assert page.status_code == 200
    assert "thunderclap-headache" in questions(page.text)
    assert "data-muscle" not in page.text
    stored = client.get("/api/drawings").json()
    assert stored[0]["regions"] == {"temple-right": 7, "neck-side-right": 5, "mastoid-right": 5}
    assert stored[0]["screen_status"] == "questions"
    assert stored[0]["suggestions"] == []


def test_results_after_all_no(client: TestClient) -> None:
    page = answer(client, draw(client))
    first = re.search(r'<li class="result[^"]*" data-muscle="([a-z-]+)" data-side="(\w+)"', page)
    assert first and first.groups() == ("upper-trapezius", "right")
    stored = client.get("/api/drawings").json()[0]
    assert stored["screen_status"] == "clear"
    assert all(item["answer"] is False for item in stored["screen"])
    assert stored["suggestions"][0]["muscle"] == "upper-trapezius"


def test_a_yes_shows_only_advice_and_is_kept(client: TestClient) -> None:
    url = draw(client)
    page = answer(client, url, yes="thunderclap-headache")
    assert "Please get medical advice first" in page
    assert "data-muscle" not in page
    stored = client.get("/api/drawings").json()[0]
    assert stored["screen_status"] == "refer"
    assert stored["suggestions"] == []
    again = post_form(client, f"{url}/screen", {"flag-thunderclap-headache": "no"})
    assert again.status_code == 409  # a decided screen is part of the record


def test_skipping_the_questions_never_shows_suggestions(client: TestClient) -> None:
    url = draw(client)
    page = post_form(client, f"{url}/screen", {})
    assert page.status_code == 422
    assert "Please answer every question" in page.text
    assert "data-muscle" not in page.text
    assert "data-muscle" not in client.get(url).text


def test_refining_with_symptoms_keeps_the_drawing(client: TestClient) -> None:
    url = draw(client)
    answer(client, url)
    response = post_form(client, f"{url}/refine", form([("symptom", "dizziness"), ("activity", "computer-work")]))
    assert response.status_code == 200
    assert 'value="dizziness" id="s-dizziness" checked' in response.text
    stored = client.get(f"/api{url}").json()
    assert stored["symptoms"] == ["dizziness"]


def test_bad_input_is_said_plainly_and_changes_nothing(client: TestClient) -> None:
    unknown = post_form(client, "/drawings", form([("region", "temple-rigt")]))
    assert unknown.status_code == 422
    assert "temple-rigt" in unknown.text
    too_high = post_form(client, "/drawings", form([("region", "temple-right"), ("intensity-temple-right", "11")]))
    assert too_high.status_code == 422
    assert "10" in too_high.text
    digits = post_form(client, "/drawings", form([("region", "temple-right"), ("intensity-temple-right", "٣")]))
    assert digits.status_code == 422
    empty = post_form(client, "/drawings", form([]))
    assert empty.status_code == 422
    assert "Paint at least one region" in empty.text
    assert client.get("/api/drawings").json() == []


def test_a_repeated_submission_is_one_drawing(client: TestClient) -> None:
    pairs = [*HEADACHE, ("submission_id", "same-form-1234")]
    assert draw(client, pairs) == draw(client, pairs)
    assert len(client.get("/api/drawings").json()) == 1


def test_a_new_drawing_can_start_from_the_last(client: TestClient) -> None:
    url = draw(client)
    page = client.get("/", params={"from": url.rsplit("/", 1)[1]})
    assert '<input type="hidden" name="region" value="temple-right">' in page.text
    assert '<input type="hidden" name="intensity-temple-right" value="7">' in page.text


def test_past_drawings_are_listed_and_two_can_be_compared(client: TestClient) -> None:
    first = draw(client, [("region", "temple-right"), ("intensity-temple-right", "8"), ("region", "jaw-right")])
    second = draw(client, [("region", "temple-right"), ("intensity-temple-right", "3"), ("region", "occiput-right")])
    listing = client.get("/drawings")
    assert listing.text.count("data-drawing=") == 2
    page = client.get("/drawings/compare", params={"a": first.rsplit("/", 1)[1], "b": second.rsplit("/", 1)[1]})
    assert page.status_code == 200
    changes = dict(re.findall(r'data-region="([a-z-]+)" data-change="(\w+)"', page.text))
    assert changes == {"temple-right": "better", "jaw-right": "gone", "occiput-right": "new"}


@pytest.mark.parametrize("params", [{}, {"a": "x"}, {"b": "x"}])
def test_comparing_without_two_drawings_asks_in_words_to_choose_them(
    client: TestClient, params: dict[str, str]
) -> None:
    page = client.get("/drawings/compare", params=params)
    assert page.status_code == 422
    assert "Choose two drawings to compare" in page.text and 'href="/drawings"' in page.text
    assert "Field required" not in page.text


def test_a_drawing_of_two_separate_problems_shows_each_area_with_its_own_sources(client: TestClient) -> None:
    pairs = [("region", "temple-right"), ("region", "forehead-right"), ("region", "low-back-lower-right")]
    page = answer(client, draw(client, pairs))
    assert 'id="by-area"' in page
    assert re.findall(r'data-area="(\d)"', page) == ["1", "2"]
    assert "For the temple, right and around" in page and "For the lower low back, right" in page
    single = answer(client, draw(client))
    assert 'id="by-area"' not in single  # one area: the usual list only
