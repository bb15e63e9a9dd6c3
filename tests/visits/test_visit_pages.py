"""The visit as pages over HTTP in clinic mode: a therapist starts a visit from the client's drawing, records
findings and treatment through the checklist's forms, assigns a home program from the active points and signs
the note; refused input re-shows the page with the reason; nobody else reaches these pages."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "clinic"))  # the clinic world's helpers

from clinic_apps import BACKENDS, World, clinic_app, world_of, world_on

from helpers import post_form

FOUND = {"taut_band": "present", "spot_tenderness": "7", "referred": "present", "recognised": "present"}
TREAT = {"treat": "on", "technique": "ischemic-compression", "pressure": "4", "seconds": "60", "response": "eased"}


@pytest.fixture
def clinics(tmp_path: Path) -> Iterator[World]:
    yield from world_of(clinic_app(tmp_path))


@pytest.fixture(params=BACKENDS)
def either_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    """The clinic world on SQLite, and on PostgreSQL (its row-level security on) when CI provides one."""
    yield from world_on(request.param, tmp_path, "tp_visit_pages")


def _prefix(world: World) -> str:
    return f"/clients/{world.a.client.uuid}"


def _start(world: World) -> str:
    """Start a visit from the client's drawing through the page's form; the visit page's path."""
    therapist = world.a.therapist.browser
    started = post_form(therapist, f"{_prefix(world)}/visits", {"drawing": world.a.records["drawing_id"]})
    assert started.status_code == 303, started.text
    location: str = started.headers["location"]
    assert re.fullmatch(rf"{_prefix(world)}/visits/[0-9a-f-]+", location)
    return location


def _points(page: str) -> list[dict[str, str]]:
    """The checklist's points in the order shown."""
    keys = re.findall(r'data-point="([^"]+)"', page)
    return [dict(zip(("muscle", "point", "side"), key.split("/"), strict=True)) for key in keys]


def test_a_therapist_records_five_points_assigns_the_program_and_signs_the_note(either_backend: World) -> None:
    clinics = either_backend
    therapist = clinics.a.therapist.browser
    assert clinics.a.client.browser.post("/api/intake", json={"osteoporosis": True}).status_code == 201
    visit = _start(clinics)
    page = therapist.get(visit)
    assert page.status_code == 200 and "Pressure at most" in page.text and "4/10" in page.text
    points = _points(page.text)[:5]
    assert len(points) == 5
    for point in points:
        saved = post_form(therapist, f"{visit}/points", point | FOUND | TREAT)
        assert saved.status_code == 303, saved.text
    api = therapist.get(visit.replace("/visits/", "/api/visits/")).json()
    assert [f["classification"] for f in api["findings"]] == ["active"] * 5
    assert len(api["treatments"]) == 5 and {t["pressure"] for t in api["treatments"]} == {4}
    shown = therapist.get(visit).text
    assert shown.count('class="finding-verdict active"') == 5

    keys = ["/".join(p.values()) for p in points]
    assigned = post_form(therapist, f"{visit}/program", {"point": keys})
    assert assigned.status_code == 303, assigned.text
    plan = clinics.a.client.browser.get("/api/programs/active").json()["plan"]
    assert {f"{m['muscle']}/{m['point']}/{m['side']}" for m in plan["massage"]} == set(keys)
    assert max(m["max_pressure"] for m in plan["massage"]) <= 4  # the osteoporosis precaution carried in

    note_page = therapist.get(f"{visit}/note")
    assert note_page.status_code == 200 and "Sign and lock" in note_page.text
    signed = post_form(therapist, f"{visit}/note", {"version": "0", "plan": "Review in a week.", "action": "sign"})
    assert signed.status_code == 303, signed.text
    locked = therapist.get(f"{visit}/note").text
    assert "Signed by" in locked and "Review in a week." in locked and 'id="note-form"' not in locked
    changed = post_form(therapist, f"{visit}/note", {"version": "1", "plan": "rewritten", "action": "save"})
    assert changed.status_code == 409 and "addend" in changed.text
    added = post_form(therapist, f"{visit}/note/addenda", {"text": "Client phoned: headache eased."})
    assert added.status_code == 303
    assert "Client phoned: headache eased." in therapist.get(f"{visit}/note").text


def test_pressure_over_the_cap_re_shows_the_point_with_the_precaution(clinics: World) -> None:
    therapist = clinics.a.therapist.browser
    assert clinics.a.client.browser.post("/api/intake", json={"anticoagulants": True}).status_code == 201
    visit = _start(clinics)
    point = _points(therapist.get(visit).text)[0]
    refused = post_form(therapist, f"{visit}/points", point | FOUND | TREAT | {"pressure": "8"})
    assert refused.status_code == 422
    assert 'role="alert"' in refused.text and "anticoagulants" in refused.text
    api = therapist.get(visit.replace("/visits/", "/api/visits/")).json()
    assert api["findings"] == [] and api["treatments"] == []  # nothing of the refused form is kept


def test_the_treatment_entry_starts_from_the_last_values_under_the_cap(clinics: World) -> None:
    therapist = clinics.a.therapist.browser
    visit = _start(clinics)
    first = therapist.get(visit).text
    assert 'name="pressure" min="0" max="10" value="7"' in first  # the data's default, no precaution
    point = _points(first)[0]
    post_form(therapist, f"{visit}/points", point | FOUND | TREAT | {"pressure": "5", "seconds": "45"})
    after = therapist.get(visit).text
    assert 'value="5"' in after and 'value="45"' in after


@pytest.mark.parametrize(
    "form",
    [
        {"spot_tenderness": "eleven"},
        {"spot_tenderness": "11"},
        {"taut_band": "maybe"},
        {"ppt1": "-1"},
        {"side": "middle"},
        {"muscle": "no-such-muscle"},
        {"treat": "on", "technique": "hammer", "pressure": "3", "seconds": "60"},
        {"treat": "on", "technique": "stripping", "pressure": "3", "seconds": "1"},
        {"referred_region": "nowhere"},
    ],
)
def test_bad_point_input_is_refused_not_a_server_error(clinics: World, form: dict[str, str]) -> None:
    therapist = clinics.a.therapist.browser
    visit = _start(clinics)
    point = _points(therapist.get(visit).text)[0]
    answer = post_form(therapist, f"{visit}/points", point | FOUND | form)
    assert answer.status_code in (404, 409, 422), answer.text


def test_nobody_but_the_clients_therapist_reaches_the_visit_pages(clinics: World) -> None:
    visit = _start(clinics)
    own = visit.removeprefix(_prefix(clinics))
    assert clinics.a.client.browser.get(own).status_code == 404  # the client's portal has no visit pages
    assert clinics.a.admin.browser.get(visit).status_code == 404
    assert clinics.b.therapist.browser.get(visit).status_code == 404
    assert clinics.b.therapist.browser.get(f"{visit}/note").status_code == 404
