"""Where was the operation? Points over a recent operation or injury are left out, saying why (pages and API)."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from helpers import post_form

SURGERY = "recent-surgery-or-injury"
TRAPEZIUS = "massage:upper-trapezius/tp1/right"
POINTS = ["upper-trapezius/tp1/right", "soleus/tp1/left"]
API_POINTS = [
    {"muscle": "upper-trapezius", "point": "tp1", "side": "right"},
    {"muscle": "soleus", "point": "tp1", "side": "left"},
]


def build(client: TestClient, **fields: Any) -> Any:
    """Answer the precautions page as a person does and open the program it builds."""
    response = post_form(client, "/program", {"point": POINTS, **fields}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client.get(response.headers["location"])


def test_the_precautions_page_asks_where_after_the_surgery_question(client: TestClient) -> None:
    page = post_form(client, "/program/new", {"point": POINTS})
    assert page.status_code == 200
    html = page.text
    assert 'data-where="where-recent-surgery-or-injury"' in html
    assert "Where was the operation or injury?" in html
    assert 'name="injury_site" value="neck"' in html
    assert '<label for="site-neck">Neck</label>' in html
    assert 'name="injury_site" value="knee-front-left"' in html  # smaller areas, one side at a time
    assert html.index(f'value="{SURGERY}"') < html.index('name="injury_site"')


def test_an_injury_at_the_neck_leaves_out_the_upper_trapezius_and_says_why(client: TestClient) -> None:
    page = build(client, precaution=SURGERY, injury_site="neck")
    assert page.status_code == 200
    html = page.text
    assert f'data-skipped="{TRAPEZIUS}"' in html
    said = "Left out: Upper trapezius, front edge (TP1) (right). It lies over the area of your recent operation"
    assert f"{said} or injury (Neck)" in html
    assert f'data-key="{TRAPEZIUS}"' not in html
    assert 'data-key="massage:soleus/tp1/left"' in html
    assert "You said where: Neck." in html


def test_without_the_site_the_upper_trapezius_stays_in(client: TestClient) -> None:
    html = build(client, precaution=SURGERY).text
    assert f'data-key="{TRAPEZIUS}"' in html
    assert "data-skipped" not in html


def test_a_site_without_a_yes_to_the_surgery_question_is_refused_on_the_page(client: TestClient) -> None:
    response = post_form(client, "/program", {"point": POINTS, "injury_site": "neck"}, follow_redirects=False)
    assert response.status_code == 422
    assert "injury_sites" in response.text
    assert client.get("/api/programs/active").status_code == 404  # nothing was stored


def test_the_api_takes_injury_sites_and_keeps_them_with_the_program(client: TestClient) -> None:
    body = {"points": API_POINTS, "precautions": [SURGERY], "injury_sites": ["neck"]}
    created = client.post("/api/programs", json=body)
    assert created.status_code == 201, created.text
    plan = created.json()["plan"]
    assert [s["key"] for s in plan["skipped"]] == [TRAPEZIUS]
    assert "recent operation or injury" in plan["skipped"][0]["reason"]
    assert plan["injury_sites"] == ["neck"]
    assert client.get("/api/programs/active").json()["plan"]["injury_sites"] == ["neck"]
    exported = json.loads(client.get("/export.json").text)
    assert exported["programs"][0]["plan"]["injury_sites"] == ["neck"]


def test_the_api_names_the_field_of_a_bad_site(client: TestClient) -> None:
    unknown = client.post(
        "/api/programs", json={"points": API_POINTS, "precautions": [SURGERY], "injury_sites": ["neck", "nek-side"]}
    )
    assert unknown.status_code == 422
    problem = unknown.json()["detail"][0]
    assert problem["loc"] == ["body", "injury_sites", 1]
    assert "neck-side" in problem["msg"]
    alone = client.post("/api/programs", json={"points": API_POINTS, "injury_sites": ["neck"]})
    assert alone.status_code == 422
    assert alone.json()["detail"][0]["loc"] == ["body", "injury_sites"]
    assert "operation" in alone.json()["detail"][0]["msg"]


def test_the_api_document_lists_the_areas_a_site_may_name(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]["ProgramCreate"]
    choices = schema["properties"]["injury_sites"]["items"]["enum"]
    assert "neck" in choices and "knee-front-left" in choices and "sacrum" in choices
