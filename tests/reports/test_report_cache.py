"""Reports kept in memory: served again while the records stay the same, drawn again as soon as they change."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from helpers import pdf_text, post_form
from triggerpoint.clients.service import local_client
from triggerpoint.programs.models import Program
from triggerpoint.reports.cache import Kept
from triggerpoint.reports.repository import data_version


def write_entry(client: TestClient, submission: str, medication: str, dose: str) -> None:
    fields = {"submission_id": submission, "pain": "6", "med-name-0": medication, "med-dose-0": dose}
    assert post_form(client, "/diary", fields, follow_redirects=False).status_code == 303


def test_a_cached_pdf_is_served_until_a_new_diary_entry_changes_it(app: FastAPI, client: TestClient) -> None:
    write_entry(client, "entry-one", "ibuprofen", "200 mg")
    first = client.get("/reports/doctor.pdf")
    assert first.status_code == 200 and "ibuprofen 200 mg" in pdf_text(first.content)
    assert client.get("/reports/doctor.pdf").content == first.content
    assert len(app.state.report_cache.pdfs) == 1  # the second request was served from the cache
    write_entry(client, "entry-two", "naproxen", "250 mg")
    after = client.get("/reports/doctor.pdf")
    assert "naproxen 250 mg" in pdf_text(after.content)
    assert len(app.state.report_cache.pdfs) == 2
    assert after.headers["cache-control"] == "no-store"


def test_the_progress_page_shows_an_edited_entry_at_once(client: TestClient) -> None:
    created = client.post("/api/diary", json={"submission_id": "entry-0001", "pain": 4, "took_no_medication": True})
    assert created.status_code == 201
    assert "1 medication-free day out of 1 day" in client.get("/progress").text
    entry = created.json()
    edited = client.patch(
        f"/api/diary/{entry['uuid']}", json={"version": entry["version"], "took_no_medication": False}
    )
    assert edited.status_code == 200, edited.text
    assert "You did not record medication on any of your 1 day" in client.get("/progress").text


def test_the_data_version_follows_every_kind_of_change(app: FastAPI, client: TestClient) -> None:
    with app.state.sessions() as db:
        me = local_client(db).id
        versions = [data_version(db, me)]

        def committed() -> tuple[object, ...]:
            db.commit()
            versions.append(data_version(db, me))
            return versions[-1]

        program = Program(client_id=me, starts_on=datetime(2026, 3, 2).date(), points=[], plan={})
        db.add(program)
        added = committed()
        program.paused_at = datetime(2026, 3, 3, tzinfo=UTC)
        paused = committed()
        program.paused_at = None
        assert committed() == added  # resumed: the same records as before the pause, so the same reports
        program.paused_at = datetime(2026, 3, 4, tzinfo=UTC)
        assert committed() != paused  # paused again, on another day
        program.active = False
        committed()
        assert committed() == versions[-2]  # nothing written, the same version
        assert len(set(versions)) == 5


def test_the_cache_keeps_only_the_most_recent_values() -> None:
    kept: Kept[str] = Kept(2)
    made: list[str] = []

    def make(key: str) -> str:
        made.append(key)
        return key.upper()

    for key in ("a", "b", "a", "c", "b"):
        assert kept.get(key, lambda key=key: make(key)) == key.upper()  # type: ignore[misc]
    assert made == ["a", "b", "c", "b"]  # "b" was dropped for "c" (least recently used), so drawn again
    assert len(kept) == 2
