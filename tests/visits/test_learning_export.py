"""`triggerpoint clinic examinations`: what the finder may learn from, written from the shell: each examined
visit's drawing, its suggestions in the order shown and what was found, with nothing that names anyone."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "clinic"))  # the clinic world's helpers

from clinic_apps import POSTGRES, World, clinic_app, world_of
from postgres_roles import owner_and_app

from triggerpoint.cli import app

runner = CliRunner()
FOUND = {"taut_band": "present", "spot_tenderness": 6, "referred": "present", "recognised": "absent"}


@pytest.fixture
def clinics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("TRIGGERPOINT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TRIGGERPOINT_MODE", "clinic")
    yield from world_of(clinic_app(tmp_path))


def _examine(world: World) -> tuple[dict[str, str], dict[str, str]]:
    """Clinic A's therapist examines the first suggestion and a point of their own."""
    a = world.a
    base = f"/clients/{a.client.uuid}/api/visits/{a.records['visit_id']}"
    first = a.therapist.browser.get(base).json()["suggestions"][0]
    suggested = {"muscle": first["muscle"], "point": first["point"], "side": first["side"]}
    own = {"muscle": "levator-scapulae", "point": "tp1", "side": "left"}
    for point in (suggested, own):
        assert a.therapist.browser.put(f"{base}/findings", json=point | FOUND).status_code == 200
    return suggested, own


def test_examined_visits_are_written_one_per_line_without_identities(clinics: World, tmp_path: Path) -> None:
    suggested, own = _examine(clinics)
    out = tmp_path / "examinations.jsonl"
    result = runner.invoke(app, ["clinic", "examinations", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 examinations written" in result.output
    text = out.read_text(encoding="utf-8")
    (record,) = [json.loads(line) for line in text.splitlines()]
    assert record["drawing"] == {"temple-right": 5}
    assert [s["rank"] for s in record["suggestions"]] == list(range(1, len(record["suggestions"]) + 1))
    examined = {(e["muscle"], e["point"], e["side"]): e for e in record["examined"]}
    assert examined[tuple(suggested.values())]["suggested_rank"] == 1
    assert examined[tuple(own.values())]["suggested_rank"] is None  # the therapist's own: a miss to learn from
    assert examined[tuple(own.values())]["classification"] == "latent"
    for identity in (clinics.a.client.uuid, clinics.a.client.email, "Client", clinics.a.records["visit_id"], "2026"):
        assert identity not in text


def test_one_clinic_only_when_named(clinics: World, tmp_path: Path) -> None:
    _examine(clinics)
    out = tmp_path / "birch.jsonl"
    result = runner.invoke(app, ["clinic", "examinations", str(out), "--clinic", "Birch Clinic"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == ""


@pytest.mark.skipif(POSTGRES is None, reason="needs TRIGGERPOINT_TEST_POSTGRES_URL")
def test_on_postgresql_the_export_names_its_clinic_and_sees_only_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert POSTGRES is not None
    with owner_and_app(POSTGRES, "tp_learning") as database:
        monkeypatch.setenv("TRIGGERPOINT_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("TRIGGERPOINT_MODE", "clinic")
        monkeypatch.setenv("TRIGGERPOINT_DATABASE_URL", database.app_url)  # the app role: row-level security holds
        for world in world_of(clinic_app(tmp_path, database)):
            _examine(world)
            out = tmp_path / "alder.jsonl"
            unnamed = runner.invoke(app, ["clinic", "examinations", str(out)])
            assert unnamed.exit_code == 2 and "name the clinic" in unnamed.output
            assert not out.exists()
            alder = runner.invoke(app, ["clinic", "examinations", str(out), "--clinic", "Alder Clinic"])
            assert alder.exit_code == 0, alder.output
            assert len(out.read_text(encoding="utf-8").splitlines()) == 1
            birch = runner.invoke(app, ["clinic", "examinations", str(out), "--clinic", "Birch Clinic"])
            assert birch.exit_code == 0 and out.read_text(encoding="utf-8") == ""
