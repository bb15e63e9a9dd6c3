"""POST /api/find over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_find_answers_the_same_json_as_the_cli(client: TestClient) -> None:
    response = client.post("/api/find", json={"regions": ["temple-right", "neck-side-right", "mastoid-right"]})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"candidates", "minimal_set", "unexplained"}
    first = body["candidates"][0]
    assert (first["muscle"], first["trigger_point"], first["side"]) == ("upper-trapezius", "tp1", "right")
    assert 0 < first["score"] <= 1


def test_top_limits_the_candidates(client: TestClient) -> None:
    response = client.post("/api/find?top=2", json={"regions": ["low-back-lower-right", "buttock-upper-right"]})
    assert len(response.json()["candidates"]) == 2


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
    ):
        response = client.post("/api/find", json=body)
        assert response.status_code == 422, body
        assert response.json()["detail"][0]["loc"][0] == "body"


def test_openapi_documents_find(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/find"]["post"]
    assert "422" in operation["responses"]
    assert operation["summary"]
    schemas = spec["components"]["schemas"]
    assert {"Drawing", "FinderResult", "RankedPoint"} <= set(schemas)
