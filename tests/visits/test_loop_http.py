"""The loop closed over HTTP in clinic mode: the therapist reads it as JSON and as a page; the client,
another clinic's therapist and a personal machine get 404."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "clinic"))  # the clinic world's helpers

from clinic_apps import World, clinic_app, world_of
from clinic_world import tick

POINT = {"muscle": "upper-trapezius", "point": "tp1", "side": "right"}
SIGNS = {"taut_band": "present", "referred": "present", "recognised": "present"}
HTML = {"accept": "text/html"}


@pytest.fixture
def clinics(tmp_path: Path) -> Iterator[World]:
    yield from world_of(clinic_app(tmp_path))


def _examine(therapist: TestClient, visit: str, tenderness: int, trials: list[float], treat: bool) -> None:
    found = therapist.put(
        f"{visit}/findings", json=POINT | SIGNS | {"spot_tenderness": tenderness, "ppt_trials": trials}
    )
    assert found.status_code == 200, found.text
    if treat:
        done = therapist.post(f"{visit}/treatments", json=POINT | {"technique": "ischemic-compression",
                                                                     "pressure": 5, "seconds": 60})  # fmt: skip
        assert done.status_code == 201, done.text


def _second_visit(clinics: World) -> str:
    """The seeded visit becomes the first, with the trapezius point treated; later, a new drawing and a visit."""
    a = clinics.a
    visits = f"/clients/{a.client.uuid}/api/visits"
    _examine(a.therapist.browser, f"{visits}/{a.records['visit_id']}", 8, [2.0, 2.2, 2.4], treat=True)
    tick(clinics.app, 600)  # later the same morning (a day would end the idle sessions)
    asked = a.client.browser.post("/api/find", json={"regions": ["temple-right"]}).json()["questions"]
    drawn = a.client.browser.post("/api/drawings", json={
        "intensities": {"temple-right": 2, "occiput-right": 6}, "answers": {q["id"]: False for q in asked},
        "submission_id": "loop-second",
    })  # fmt: skip
    assert drawn.status_code == 201, drawn.text
    started = a.therapist.browser.post(visits, json={"drawing": drawn.json()["uuid"]})
    assert started.status_code == 201, started.text
    second = str(started.json()["uuid"])
    _examine(a.therapist.browser, f"{visits}/{second}", 3, [3.0, 3.1, 3.2], treat=False)
    return second


def test_the_therapist_reads_the_loop_as_json_and_as_a_page(clinics: World) -> None:
    a = clinics.a
    second = _second_visit(clinics)
    base = f"/clients/{a.client.uuid}"
    answer = a.therapist.browser.get(f"{base}/api/visits/{second}/loop")
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found["first_visit"]["uuid"] == a.records["visit_id"] and found["this_visit"]["uuid"] == second
    assert [(r["region"], r["pain_then"], r["pain_now"], r["verdict"]) for r in found["regions"]] == [
        ("temple-right", 5, 2, "better")  # the seeded drawing painted the temple without a level: 5
    ]
    assert [r["region"] for r in found["new_regions"]] == ["occiput-right"]
    (point,) = found["points"]
    assert (point["tenderness_then"], point["tenderness_now"], point["ppt_then"], point["ppt_now"]) == (8, 3, 2.2, 3.1)
    assert point["verdict"] == "better" and point["explains"] == [
        {"region": "temple-right", "name": point["explains"][0]["name"], "verdict": "better"}
    ]
    assert [s["instrument"] for s in found["scores"]] == ["nprs"]

    page = a.therapist.browser.get(f"{base}/visits/{second}/loop", headers=HTML)
    assert page.status_code == 200, page.text
    assert page.text.count('class="atlas"') == 2 and 'id="loop-points"' in page.text
    assert 'data-region="temple-right" data-verdict="better"' in page.text
    assert 'data-point="1" data-verdict="better"' in page.text


def test_the_first_visit_shows_that_there_is_nothing_earlier(clinics: World) -> None:
    a = clinics.a
    page = a.therapist.browser.get(f"/clients/{a.client.uuid}/visits/{a.records['visit_id']}/loop", headers=HTML)
    assert page.status_code == 200 and 'id="loop-first-visit"' in page.text


def test_the_client_and_another_clinic_get_404(clinics: World) -> None:
    a, b = clinics.a, clinics.b
    second = _second_visit(clinics)
    for path in (f"/api/visits/{second}/loop", f"/visits/{second}/loop"):
        assert a.client.browser.get(path, headers=HTML).status_code == 404  # their own record, not theirs to read
        assert b.therapist.browser.get(f"/clients/{a.client.uuid}{path}", headers=HTML).status_code == 404
        assert b.therapist.browser.get(f"/clients/{b.client.uuid}{path}", headers=HTML).status_code == 404
        assert a.admin.browser.get(f"/clients/{a.client.uuid}{path}", headers=HTML).status_code == 404
    refused = a.client.browser.get(f"/visits/{second}/loop", headers=HTML)
    assert "Since the first visit" not in refused.text


def test_in_personal_mode_the_loop_answers_404(client: TestClient) -> None:
    assert client.get("/api/visits/no-such-visit/loop").status_code == 404
    assert client.get("/visits/no-such-visit/loop", headers=HTML).status_code == 404


def test_maps_leave_out_a_point_they_cannot_place() -> None:
    from triggerpoint.kb import load_kb
    from triggerpoint.visits.loop import Examined, point_loop
    from triggerpoint.visits.loop_schemas import LoopRead, VisitRef
    from triggerpoint.visits.rules import load_rules
    from triggerpoint.web.loop_pages import loop_maps

    kb, rules = load_kb(), load_rules().loop
    placed = point_loop(kb, 1, Examined("upper-trapezius", "tp1", "right", 5, None), None, [], rules)
    unknown = point_loop(kb, 2, Examined("no-such-muscle", "tp1", "right", 5, None), None, [], rules)
    no_side = point_loop(kb, 3, Examined("upper-trapezius", "tp1", "both", 5, None), None, [], rules)
    visit = VisitRef(uuid="v", started_at=datetime(2026, 3, 2, tzinfo=UTC))
    found = LoopRead(this_visit=visit, first_visit=visit, first_drawing=None, now_drawing=None, regions=[],
                     new_regions=[], points=[placed, unknown, no_side], scores=[], margins={})  # fmt: skip
    maps = loop_maps(kb, found)
    assert maps.then_svg.count('class="marker"') == 1 and 'data-point="1"' in maps.now_svg
