"""The visit over HTTP in clinic mode: a therapist examines and treats five points from the client's drawing;
the client submits the intake but cannot record a visit; another clinic's therapist finds nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "clinic"))  # the clinic world's helpers

from clinic_apps import BACKENDS, World, world_on

FOUND = {"taut_band": "present", "spot_tenderness": 7, "referred": "present", "recognised": "present"}


@pytest.fixture(params=BACKENDS)
def clinics(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    yield from world_on(request.param, tmp_path, "tp_visits")


def _visits(world: World) -> str:
    return f"/clients/{world.a.client.uuid}/api/visits"


def test_a_therapist_examines_and_treats_five_points(clinics: World) -> None:
    a = clinics.a
    intake = a.client.browser.post("/api/intake", json={"osteoporosis": True, "medications": ["alendronate"]})
    assert intake.status_code == 201, intake.text
    assert intake.json()["precautions"] == ["osteoporosis"]
    started = a.therapist.browser.post(_visits(clinics), json={"drawing": a.records["drawing_id"]})
    assert started.status_code == 201, started.text
    visit = started.json()
    assert visit["precautions"] == ["osteoporosis"] and visit["pressure_cap"]["pressure"] == 4
    assert len(visit["suggestions"]) >= 5
    base = f"{_visits(clinics)}/{visit['uuid']}"
    for item in visit["suggestions"][:5]:
        point = {"muscle": item["muscle"], "point": item["point"], "side": item["side"]}
        found = a.therapist.browser.put(f"{base}/findings", json=point | FOUND)
        assert found.status_code == 200, found.text
        assert found.json()["classification"] == "active"
        treated = a.therapist.browser.post(
            f"{base}/treatments", json=point | {"technique": "ischemic-compression", "pressure": 4, "seconds": 60}
        )
        assert treated.status_code == 201, treated.text
    done = a.therapist.browser.post(f"{base}/finish", json={"minutes": 55})
    assert done.status_code == 200, done.text
    shown = a.therapist.browser.get(base).json()
    assert (len(shown["findings"]), len(shown["treatments"])) == (5, 5)
    assert (shown["proposed_minutes"], shown["actual_minutes"]) == (60, 55)
    assert a.client.browser.get(f"/api/visits/{visit['uuid']}").status_code == 200  # their own record, to read


def test_pressure_over_the_cap_is_refused_with_the_precaution_named(clinics: World) -> None:
    a = clinics.a
    assert a.client.browser.post("/api/intake", json={"anticoagulants": True}).status_code == 201
    visit = a.therapist.browser.post(_visits(clinics), json={"drawing": a.records["drawing_id"]}).json()
    base = f"{_visits(clinics)}/{visit['uuid']}"
    point = {"muscle": "upper-trapezius", "point": "tp1", "side": "right"}
    assert a.therapist.browser.put(f"{base}/findings", json=point | FOUND).status_code == 200
    refused = a.therapist.browser.post(
        f"{base}/treatments", json=point | {"technique": "stripping", "pressure": 7, "seconds": 30}
    )
    assert refused.status_code == 422
    problem = refused.json()["detail"][0]
    assert problem["loc"] == ["body", "pressure"] and "anticoagulants" in problem["msg"]
    assert a.therapist.browser.get(base).json()["treatments"] == []


def test_the_intake_keeps_the_complaint_and_refers_to_the_clients_own_drawing(clinics: World) -> None:
    a = clinics.a
    body = {"complaint": "Headache at my right temple", "drawing": a.records["drawing_id"]}
    intake = a.client.browser.post("/api/intake", json=body)
    assert intake.status_code == 201, intake.text
    shown = intake.json()
    assert (shown["complaint"], shown["drawing"]) == (body["complaint"], body["drawing"])
    by_staff = a.therapist.browser.post(f"/clients/{a.client.uuid}/api/intake", json=body)  # the clinic tablet
    assert by_staff.status_code == 201 and by_staff.json()["drawing"] == body["drawing"]
    theirs = a.client.browser.post("/api/intake", json={"drawing": clinics.b.records["drawing_id"]})
    assert theirs.status_code == 404
    assert theirs.json()["detail"][0]["loc"] == ["body", "drawing"]
    assert a.client.browser.post("/api/intake", json={"complaint": "x" * 501}).status_code == 422


def test_a_client_cannot_record_a_visit(clinics: World) -> None:
    a = clinics.a
    client = a.client.browser
    assert client.post("/api/visits", json={"drawing": a.records["drawing_id"]}).status_code == 404
    visit = a.records["visit_id"]
    point = {"muscle": "upper-trapezius", "point": "tp1", "side": "right"}
    assert client.put(f"/api/visits/{visit}/findings", json=point | FOUND).status_code == 404
    assert client.post(f"/api/visits/{visit}/finish", json={"minutes": 30}).status_code == 404
    assert client.post(f"{_visits(clinics)}", json={}).status_code == 404  # staff addresses are not the portal's


def test_another_clinics_therapist_gets_404(clinics: World) -> None:
    b = clinics.b.therapist.browser
    visit = clinics.a.records["visit_id"]
    assert b.post(_visits(clinics), json={"drawing": clinics.a.records["drawing_id"]}).status_code == 404
    assert b.get(f"{_visits(clinics)}/{visit}").status_code == 404
    own_client = f"/clients/{clinics.b.client.uuid}/api/visits/{visit}"
    assert b.get(own_client).status_code == 404  # clinic A's visit through their own client's address
    assert b.post(f"{own_client}/finish", json={"minutes": 30}).status_code == 404


def test_an_admin_cannot_record_a_visit(clinics: World) -> None:
    admin = clinics.a.admin.browser
    assert admin.post(_visits(clinics), json={}).status_code == 404


def test_in_personal_mode_the_visit_routes_answer_404(client: object) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    assert client.post("/api/visits", json={}).status_code == 404
    assert client.get("/api/visits/no-such-visit").status_code == 404
    point = {"muscle": "upper-trapezius", "point": "tp1", "side": "right"}
    assert client.put("/api/visits/x/findings", json=point).status_code == 404
    assert client.post("/api/intake", json={"pregnant": True}).json()["precautions"] == ["pregnancy"]


def test_a_therapist_adds_a_point_and_assigns_the_program_from_the_active_ones(clinics: World) -> None:
    a = clinics.a
    visit = a.therapist.browser.post(_visits(clinics), json={"drawing": a.records["drawing_id"]}).json()
    base = f"{_visits(clinics)}/{visit['uuid']}"
    own = {"muscle": "levator-scapulae", "point": "tp1", "side": "left"}
    added = a.therapist.browser.post(f"{base}/points", json=own)
    assert added.status_code == 201, added.text
    assert added.json()["suggested_rank"] is None and added.json()["classification"] == "not-present"
    first = visit["suggestions"][0]
    suggested = {"muscle": first["muscle"], "point": first["point"], "side": first["side"]}
    assert a.therapist.browser.post(f"{base}/points", json=suggested).status_code == 409
    assert a.therapist.browser.put(f"{base}/findings", json=own | FOUND).status_code == 200
    none_active = a.therapist.browser.post(f"{base}/program", json={"points": [suggested]})
    assert none_active.status_code == 409  # not examined, so not found active
    program = a.therapist.browser.post(f"{base}/program", json={"points": [own, suggested]})
    assert program.status_code == 201, program.text
    assert [(m["muscle"], m["side"]) for m in program.json()["plan"]["massage"]] == [("levator-scapulae", "left")]
    assert a.client.browser.post(f"/api/visits/{visit['uuid']}/program", json={"points": [own]}).status_code == 404
