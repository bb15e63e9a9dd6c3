"""POST /api/find over HTTP: nothing suggested before the red-flag screen is answered no."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

HEADACHE = {"regions": ["temple-right", "neck-side-right", "mastoid-right"]}


def questions_for(client: TestClient, drawing: dict[str, object]) -> list[str]:
    body = client.post("/api/find", json=drawing).json()
    return [q["id"] for q in body["questions"]]


def all_no(client: TestClient, drawing: dict[str, object]) -> dict[str, object]:
    return drawing | {"answers": dict.fromkeys(questions_for(client, drawing), False)}


def test_without_answers_it_returns_the_questions_and_no_candidates(client: TestClient) -> None:
    response = client.post("/api/find", json=HEADACHE)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "questions"
    assert body["result"] is None
    asked = {q["id"] for q in body["questions"]}
    assert "thunderclap-headache" in asked
    assert all(q["ask"] and q["why"] for q in body["questions"])


def test_a_yes_returns_the_advice_and_no_candidates(client: TestClient) -> None:
    response = client.post("/api/find", json=HEADACHE | {"answers": {"thunderclap-headache": True}})
    body = response.json()
    assert (body["status"], body["result"]) == ("refer", None)
    assert "emergency" in body["advice"].lower()
    assert [q["id"] for q in body["flagged"]] == ["thunderclap-headache"]


def test_some_answers_no_still_give_no_candidates(client: TestClient) -> None:
    asked = questions_for(client, HEADACHE)
    body = client.post("/api/find", json=HEADACHE | {"answers": {asked[0]: False}}).json()
    assert body["status"] == "questions"
    assert body["result"] is None
    assert asked[0] not in {q["id"] for q in body["questions"]}


def test_all_no_gives_the_ranked_points(client: TestClient) -> None:
    response = client.post("/api/find", json=all_no(client, HEADACHE))
    body = response.json()
    assert body["status"] == "clear"
    first = body["result"]["candidates"][0]
    assert (first["muscle"], first["trigger_point"], first["side"]) == ("upper-trapezius", "tp1", "right")
    assert 0 < first["score"] <= 1


def test_top_limits_the_candidates(client: TestClient) -> None:
    drawing = {"regions": ["low-back-lower-right", "buttock-upper-right"]}
    response = client.post("/api/find?top=2", json=all_no(client, drawing))
    assert len(response.json()["result"]["candidates"]) == 2


def test_an_unknown_question_is_a_422_and_a_volunteered_red_flag_refers(client: TestClient) -> None:
    response = client.post("/api/find", json=HEADACHE | {"answers": {"saddle-numbnes": False}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "answers", "saddle-numbnes"]
    volunteered = client.post("/api/find", json=all_no(client, HEADACHE) | {"answers": {"saddle-numbness": True}})
    assert (volunteered.json()["status"], volunteered.json()["result"]) == ("refer", None)


def test_unknown_region_is_a_422_naming_the_field_and_closest_ids(client: TestClient) -> None:
    response = client.post("/api/find", json={"regions": ["temple-right", "temple-rigt"]})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "regions", 1]
    assert "temple-right" in detail["suggestions"]


def test_types_are_strict(client: TestClient) -> None:
    for body in (
        {"regions": ["temple-right"], "intensities": {"temple-right": True}},
        {"regions": ["temple-right"], "intensities": {"temple-right": "7"}},
        {"regions": ["temple-right"], "intensities": {"temple-right": 11}},
        {"regions": "temple-right"},
        {"regions": ["temple-right"], "colour": "red"},
        {"regions": ["temple-right"], "answers": {"thunderclap-headache": "no"}},
    ):
        response = client.post("/api/find", json=body)
        assert response.status_code == 422, body
        assert response.json()["detail"][0]["loc"][0] == "body"


def test_a_form_body_is_refused(client: TestClient) -> None:
    response = client.post("/api/find", data={"regions": "temple-right"})
    assert response.status_code == 422


def test_openapi_documents_find(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/find"]["post"]
    assert {"200", "422", "403", "413"} <= set(operation["responses"])
    assert operation["summary"]
    schemas = spec["components"]["schemas"]
    assert {"FindRequest", "FindResponse", "FinderResult", "RankedPoint"} <= set(schemas)


@pytest.mark.parametrize("sent", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "1899-12-31T12:00:00Z"])
def test_a_drawing_time_no_calendar_can_hold_is_refused_by_name(client: TestClient, sent: str) -> None:
    response = client.post("/api/drawings", json={"regions": ["temple-right"], "recorded_at": sent})
    assert response.status_code == 422, response.text
    assert [error["loc"] for error in response.json()["detail"]] == [["body", "recorded_at"]]
    assert client.get("/api/drawings").json() == []
