"""The diary pages over HTTP, as the forms send them: a new entry, one changed, deleted and brought back."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from fastapi.testclient import TestClient

from helpers import START, post_form
from triggerpoint.clock import FixedClock

NEW = {
    "submission_id": "diary-form-0001",
    "pain": "6",
    "region": ["temple-right", "neck-side-right"],
    "intensity-temple-right": "7",
    "quality-temple-right": ["throbbing", "aching"],
    "quality-neck-side-right": ["burning"],
    "mood": "4",
    "trigger": ["computer-work", "stress"],
    "trigger_notes": "a long call",
    "med-name-0": "ibuprofen",
    "med-dose-0": "200 mg",
    "notes": "worse by evening",
}


def save_entry(client: TestClient, fields: dict[str, Any] = NEW) -> dict[str, Any]:
    response = post_form(client, "/diary", fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    entries: list[dict[str, Any]] = client.get("/api/diary").json()
    return entries[0]


def hidden(html: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def edit_fields(page: str, **changes: Any) -> dict[str, Any]:
    """The edit form as the page fills it (what a person who changes nothing would send), then the changes."""
    fields: dict[str, Any] = {"version": hidden(page, "version"), "when": hidden(page, "when_was")}
    fields["when_was"] = fields["when"]
    fields["pain"] = re.search(r'name="pain" id="pain-\d+" value="(\d+)" required checked', page).group(1)  # type: ignore[union-attr]
    fields["region"] = re.findall(r'name="region" value="([a-z-]+)" id="area-[a-z-]+" checked', page)
    for region in fields["region"]:
        level = re.search(rf'id="level-{region}">.*?value="(\d+)" selected', page, re.S)
        fields[f"intensity-{region}"] = level.group(1)  # type: ignore[union-attr]
        fields[f"quality-{region}"] = re.findall(rf'name="quality-{region}" value="([a-z]+)" id="[^"]+" checked', page)
    fields["trigger"] = re.findall(r'name="trigger" value="([a-z-]+)" id="[^"]+" checked', page)
    return fields | changes


def test_the_form_keeps_how_each_area_feels_mood_and_triggers(client: TestClient) -> None:
    stored = save_entry(client)
    assert stored["drawing"] == {"temple-right": 7, "neck-side-right": 5}  # no level given: the usual one
    assert stored["qualities"] == {"temple-right": ["throbbing", "aching"], "neck-side-right": ["burning"]}
    assert (stored["mood"], stored["triggers"], stored["trigger_notes"]) == (
        4,
        ["computer-work", "stress"],
        "a long call",
    )
    listed = client.get("/diary").text
    assert "Temple, right: 7, throbbing, aching" in listed
    assert "Computer or desk work, Emotional stress; a long call" in listed
    assert f'href="/diary/{stored["uuid"]}"' in listed


def test_a_new_entry_starts_from_the_last_areas_and_how_they_felt(client: TestClient) -> None:
    save_entry(client)
    page = client.get("/diary").text
    assert 'name="region" value="temple-right" id="area-temple-right" checked' in page
    assert 'value="throbbing" id="q-temple-right-throbbing" checked' in page
    assert 'name="pain" id="pain-6" value="6" required checked' not in page  # the pain is asked afresh


def test_an_entry_opens_filled_in_and_saving_changes_it(client: TestClient) -> None:
    stored = save_entry(client)
    url = f"/diary/{stored['uuid']}"
    page = client.get(url).text
    assert hidden(page, "version") == "1"
    assert 'name="pain" id="pain-6" value="6" required checked' in page
    assert 'value="throbbing" id="q-temple-right-throbbing" checked' in page
    assert 'id="t-computer-work" checked' in page and 'value="ibuprofen"' in page
    fields = edit_fields(page, pain="3", mood="", notes="eased after a walk")
    fields["region"] = ["temple-right"]  # neck unticked
    fields["quality-temple-right"] = ["aching"]
    fields["med-name-0"], fields["med-dose-0"] = "ibuprofen", "200 mg"
    response = post_form(client, url, fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/diary?edited={stored['uuid']}#entry-{stored['uuid']}"
    after = client.get(f"/api/diary/{stored['uuid']}").json()
    assert (after["pain"], after["mood"], after["notes"], after["version"]) == (3, None, "eased after a walk", 2)
    assert after["drawing"] == {"temple-right": 7} and after["qualities"] == {"temple-right": ["aching"]}
    assert after["recorded_at"] == stored["recorded_at"]  # the time shown was sent back unchanged
    assert "Changes saved." in client.get(response.headers["location"]).text


def test_the_time_typed_is_read_in_the_persons_time_zone(client: TestClient, app: FastAPI) -> None:
    app.state.clock = FixedClock(START, ZoneInfo("Europe/Oslo"))
    stored = save_entry(client)
    url = f"/diary/{stored['uuid']}"
    page = client.get(url).text
    assert hidden(page, "when_was") == "2026-03-02T12:00"
    response = post_form(client, url, edit_fields(page, when="2026-03-02T08:15"), follow_redirects=False)
    assert response.status_code == 303, response.text
    assert client.get(f"/api/diary/{stored['uuid']}").json()["recorded_at"] == "2026-03-02T07:15:00Z"
    future = post_form(client, url, edit_fields(client.get(url).text, when="2026-03-03T09:00"))
    assert future.status_code == 422
    assert "cannot be in the future" in future.text


def test_a_stale_edit_is_a_409_and_shows_the_entry_as_it_is_now(client: TestClient) -> None:
    stored = save_entry(client)
    url = f"/diary/{stored['uuid']}"
    first_tab, second_tab = client.get(url).text, client.get(url).text
    assert (
        post_form(client, url, edit_fields(first_tab, notes="from the phone"), follow_redirects=False).status_code
        == 303
    )
    response = post_form(client, url, edit_fields(second_tab, notes="from the laptop"))
    assert response.status_code == 409
    assert "changed somewhere else" in response.text
    assert hidden(response.text, "version") == "2"  # the form now carries the entry as it is
    assert "from the phone" in response.text
    assert client.get(f"/api/diary/{stored['uuid']}").json()["notes"] == "from the phone"


def test_a_refused_edit_is_shown_again_as_it_was_typed(client: TestClient) -> None:
    stored = save_entry(client)
    url = f"/diary/{stored['uuid']}"
    fields = edit_fields(client.get(url).text, notes="typed before the mistake", took_no_medication="on")
    fields["med-name-0"] = "ibuprofen"
    response = post_form(client, url, fields)
    assert response.status_code == 422
    assert "cannot be ticked when medications are listed" in response.text
    assert "typed before the mistake" in response.text
    assert client.get(f"/api/diary/{stored['uuid']}").json()["version"] == 1


def test_delete_shows_undo_and_undo_brings_the_entry_back(client: TestClient) -> None:
    stored = save_entry(client)
    url = f"/diary/{stored['uuid']}"
    response = post_form(client, f"{url}/delete", {"version": "1"}, follow_redirects=False)
    assert response.status_code == 303
    diary = client.get(response.headers["location"]).text
    assert re.search(r"Deleted\..*<button[^>]*>Undo</button>", diary, re.S)
    assert f'action="{url}/restore"' in diary
    assert f'data-entry="{stored["uuid"]}"' not in diary
    assert client.get(url).status_code == 404
    restored = post_form(client, f"{url}/restore", {}, follow_redirects=False)
    assert restored.status_code == 303
    diary = client.get(restored.headers["location"]).text
    assert "Restored." in diary and f'data-entry="{stored["uuid"]}"' in diary
    assert client.get("/api/diary").json()[0]["notes"] == "worse by evening"


def test_undo_is_offered_for_a_day_only(client: TestClient, app: FastAPI) -> None:
    stored = save_entry(client)
    url = f"/diary/{stored['uuid']}"
    post_form(client, f"{url}/delete", {"version": "1"})
    clock: FixedClock = app.state.clock
    clock.day += timedelta(days=2)
    assert "Undo" not in client.get(f"/diary?deleted={stored['uuid']}").text
    late = post_form(client, f"{url}/restore", {})
    assert late.status_code == 409
    assert "24 hours" in late.text


def test_a_stale_delete_deletes_nothing(client: TestClient) -> None:
    stored = save_entry(client)
    url = f"/diary/{stored['uuid']}"
    post_form(client, url, edit_fields(client.get(url).text, pain="2"))
    response = post_form(client, f"{url}/delete", {"version": "1"})
    assert response.status_code == 409
    assert client.get(f"/api/diary/{stored['uuid']}").json()["pain"] == 2


def test_the_list_shows_entries_and_drawings(client: TestClient) -> None:
    stored = save_entry(client)
    asked = client.post("/api/find", json={"regions": ["jaw-left"]}).json()["questions"]
    answers = {q["id"]: False for q in asked}
    client.post("/api/drawings", json={"regions": ["jaw-left"], "answers": answers, "submission_id": "drawing-0001"})
    page = client.get("/diary").text
    assert f'data-entry="{stored["uuid"]}"' in page
    assert re.search(r'<tr data-drawing="[0-9a-f-]+" class="drawing-row">', page)
    assert "Jaw, left" in page


def test_an_unknown_entry_is_a_404_page(client: TestClient) -> None:
    assert client.get("/diary/not-an-entry").status_code == 404
    assert post_form(client, "/diary/not-an-entry/delete", {"version": "1"}).status_code == 404
