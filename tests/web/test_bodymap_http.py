"""The body-map flow over HTTP: forms in, pages out, bad input answered plainly."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

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


def test_check_asks_the_questions_for_the_drawing(client: TestClient) -> None:
    page = client.post("/check", data=form(HEADACHE))
    assert page.status_code == 200
    assert "thunderclap-headache" in questions(page.text)
    assert 'name="intensity-temple-right" value="7"' in page.text


def test_results_after_all_no(client: TestClient) -> None:
    asked = questions(client.post("/check", data=form(HEADACHE)).text)
    page = client.post("/results", data=form(HEADACHE + [(f"flag-{q}", "no") for q in asked]))
    assert page.status_code == 200
    first = re.search(r'<li class="result[^"]*" data-muscle="([a-z-]+)" data-side="(\w+)"', page.text)
    assert first and first.groups() == ("upper-trapezius", "right")


def test_results_after_a_yes_show_only_advice(client: TestClient) -> None:
    asked = questions(client.post("/check", data=form(HEADACHE)).text)
    answers = [(f"flag-{q}", "yes" if q == "thunderclap-headache" else "no") for q in asked]
    page = client.post("/results", data=form(HEADACHE + answers))
    assert "Please get medical advice first" in page.text
    assert "data-muscle" not in page.text


def test_skipping_the_questions_never_shows_suggestions(client: TestClient) -> None:
    page = client.post("/results", data=form(HEADACHE))
    assert page.status_code == 422
    assert "Please answer every question" in page.text
    assert "data-muscle" not in page.text


def test_refining_with_symptoms_keeps_the_drawing(client: TestClient) -> None:
    asked = questions(client.post("/check", data=form(HEADACHE)).text)
    data = HEADACHE + [(f"flag-{q}", "no") for q in asked] + [("symptom", "dizziness"), ("activity", "computer-work")]
    page = client.post("/results", data=form(data))
    assert page.status_code == 200
    assert 'value="dizziness" id="s-dizziness" checked' in page.text


def test_bad_input_is_said_plainly_and_changes_nothing(client: TestClient) -> None:
    unknown = client.post("/check", data=form([("region", "temple-rigt")]))
    assert unknown.status_code == 422
    assert "temple-right" in unknown.text
    too_high = client.post("/check", data=form([("region", "temple-right"), ("intensity-temple-right", "11")]))
    assert too_high.status_code == 422
    assert "0 to 10" in too_high.text
    empty = client.post("/check", data=form([]))
    assert empty.status_code == 422
    assert "Paint at least one region" in empty.text


def test_edit_returns_to_the_map_with_the_drawing(client: TestClient) -> None:
    page = client.post("/edit", data=form(HEADACHE))
    assert page.status_code == 200
    assert '<input type="hidden" name="region" value="temple-right">' in page.text
