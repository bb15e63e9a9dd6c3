"""The finder learning from a clinic's confirmed findings, over HTTP and from the shell, on SQLite and PostgreSQL:
what counts, what the therapist is told, the admin's choice and reset, the walls between clinics, pooling."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from clinic_apps import BACKENDS, POSTGRES, World, clinic_app, world_of
from postgres_roles import owner_and_app
from sqlalchemy import select
from typer.testing import CliRunner

from helpers import post_form
from triggerpoint.audit.models import AuditEvent
from triggerpoint.cli import app as cli

ACTIVE = {"taut_band": "present", "spot_tenderness": 7, "referred": "present", "recognised": "present"}
ABSENT = {"taut_band": "absent", "spot_tenderness": 0}


@pytest.fixture(params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("TRIGGERPOINT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TRIGGERPOINT_MODE", "clinic")
    if request.param == "sqlite":
        yield from world_of(clinic_app(tmp_path))
        return
    assert POSTGRES is not None
    with owner_and_app(POSTGRES, "tp_finder_learning") as database:
        monkeypatch.setenv("TRIGGERPOINT_DATABASE_URL", database.app_url)  # the shell, too, as the app role
        yield from world_of(clinic_app(tmp_path, database))


def visits_of(world: World) -> str:
    return f"/clients/{world.a.client.uuid}/api/visits"


def suggestions(world: World, visit: str) -> list[dict[str, object]]:
    answer = world.a.therapist.browser.get(f"{visits_of(world)}/{visit}")
    assert answer.status_code == 200, answer.text
    return list(answer.json()["suggestions"])


def examine_first_two(world: World) -> tuple[dict[str, object], dict[str, object]]:
    """Clinic A's therapist confirms the second suggestion and finds the first absent."""
    visit = world.a.records["visit_id"]
    first, second = suggestions(world, visit)[:2]
    for shown, found in ((first, ABSENT), (second, ACTIVE)):
        point = {k: shown[k] for k in ("muscle", "point", "side")}
        answer = world.a.therapist.browser.put(f"{visits_of(world)}/{visit}/findings", json=point | found)
        assert answer.status_code == 200, answer.text
    return first, second


def new_visit(world: World) -> str:
    answer = world.a.therapist.browser.post(visits_of(world), json={"drawing": world.a.records["drawing_id"]})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["uuid"])


def test_a_confirmed_and_an_absent_point_move_the_next_visits_suggestions(world: World) -> None:
    first, second = examine_first_two(world)
    shown = suggestions(world, new_visit(world))
    by_point = {(s["muscle"], s["point"]): s for s in shown}
    said = str(by_point[(second["muscle"], second["point"])]["learning"])
    assert said.startswith("confirmed in 1 of 1 clients of this clinic examined for it")
    assert "textbook model expected" in said
    assert str(by_point[(first["muscle"], first["point"])]["learning"]).startswith("confirmed in 0 of 1 clients")
    assert float(by_point[(second["muscle"], second["point"])]["score"]) > float(second["score"])  # type: ignore[arg-type]
    assert float(by_point[(first["muscle"], first["point"])]["score"]) < float(first["score"])  # type: ignore[arg-type]


def test_the_visit_page_and_the_learning_page_explain_it(world: World) -> None:
    examine_first_two(world)
    visit = new_visit(world)
    page = world.a.therapist.browser.get(f"/clients/{world.a.client.uuid}/visits/{visit}")
    assert page.status_code == 200
    assert "Confirmed in 1 of 1 clients of this clinic examined for it" in page.text
    for person in (world.a.therapist, world.a.admin):
        learning = person.browser.get("/clinic/learning")
        assert learning.status_code == 200
        assert 'id="learned-points"' in learning.text
        assert learning.headers["cache-control"] == "no-store"
    assert 'name="mode"' in world.a.admin.browser.get("/clinic/learning").text
    assert 'name="mode"' not in world.a.therapist.browser.get("/clinic/learning").text


def test_clinic_b_learns_nothing_from_clinic_a(world: World) -> None:
    examine_first_two(world)
    page = world.b.therapist.browser.get("/clinic/learning")
    assert page.status_code == 200
    assert 'id="no-evidence"' in page.text


def test_the_textbook_choice_and_the_reset_bring_the_textbook_back(world: World) -> None:
    examine_first_two(world)
    textbook = [(s["muscle"], s["point"], s["side"]) for s in suggestions(world, world.a.records["visit_id"])]
    admin = world.a.admin.browser
    assert post_form(admin, "/clinic/learning", {"mode": "textbook"}, follow_redirects=False).status_code == 303
    again = suggestions(world, new_visit(world))
    assert [(s["muscle"], s["point"], s["side"]) for s in again] == textbook
    assert all(s["learning"] is None for s in again)
    assert post_form(admin, "/clinic/learning", {"mode": "clinic"}, follow_redirects=False).status_code == 303
    assert any(s["learning"] for s in suggestions(world, new_visit(world)))
    assert post_form(admin, "/clinic/learning/reset", follow_redirects=False).status_code == 303
    assert 'id="no-evidence"' in admin.get("/clinic/learning").text
    assert all(s["learning"] is None for s in suggestions(world, new_visit(world)))
    with world.app.state.sessions() as db:
        events = db.scalars(select(AuditEvent).where(AuditEvent.resource == "clinic/finder-learning")).all()
        assert [e.detail for e in events] == ["mode textbook", "mode clinic", "reset to the textbook"]


def test_only_an_admin_changes_it_and_bad_input_is_refused(world: World) -> None:
    therapist, client, admin = world.a.therapist.browser, world.a.client.browser, world.a.admin.browser
    assert post_form(therapist, "/clinic/learning", {"mode": "textbook"}).status_code == 404
    assert post_form(therapist, "/clinic/learning/reset").status_code == 404
    assert client.get("/clinic/learning").status_code == 404
    assert post_form(admin, "/clinic/learning", {"mode": "whatever"}).status_code == 422
    assert post_form(admin, "/clinic/learning", {}).status_code == 422


def test_pooling_shares_counts_only_between_the_clinics_that_chose_it(world: World) -> None:
    examine_first_two(world)
    runner = CliRunner()
    names = ["--clinic", "Alder Clinic", "--clinic", "Birch Clinic"]
    assert post_form(world.a.admin.browser, "/clinic/learning", {"mode": "pooled"}).status_code in (200, 303)
    pooled = runner.invoke(cli, ["clinic", "pool-findings", *names])
    assert pooled.exit_code == 0, pooled.output
    assert "'Birch Clinic' does not pool its findings: left out" in pooled.output
    assert "from 1 clinic(s)" in pooled.output
    assert 'id="no-evidence"' in world.b.therapist.browser.get("/clinic/learning").text  # B has not chosen to pool
    assert post_form(world.b.admin.browser, "/clinic/learning", {"mode": "pooled"}).status_code in (200, 303)
    page = world.b.therapist.browser.get("/clinic/learning")
    assert 'id="learned-points"' in page.text
    assert world.a.client.email not in page.text and "Client Aa" not in page.text
    unknown = runner.invoke(cli, ["clinic", "pool-findings", "--clinic", "No Such Clinic"])
    assert unknown.exit_code != 0 and "no clinic named" in unknown.output
