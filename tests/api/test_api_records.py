"""The records API over HTTP: strict types, 422s that name the field, duplicates refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from triggerpoint.clock import FixedClock

POINTS = [
    {"muscle": "upper-trapezius", "point": "tp1", "side": "right"},
    {"muscle": "levator-scapulae", "point": "tp1", "side": "right"},
    {"muscle": "infraspinatus", "point": "tp1", "side": "right"},
]


def make_program(client: TestClient, **extra: object) -> dict:  # type: ignore[type-arg]
    response = client.post("/api/programs", json={"points": POINTS} | extra)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_program_from_three_points(client: TestClient) -> None:
    program = make_program(client, activities=["computer-work"], precautions=["anticoagulants"])
    plan = program["plan"]
    assert len(plan["massage"]) == 3
    assert all(item["pressure"] <= 3 for item in plan["massage"])
    assert client.get("/api/programs/active").json()["uuid"] == program["uuid"]


def test_program_input_is_checked(client: TestClient) -> None:
    bad = client.post("/api/programs", json={"points": [{"muscle": "upper-trapezus", "point": "tp1", "side": "right"}]})
    assert bad.status_code == 422
    assert "upper-trapezius" in bad.json()["detail"][0]["msg"]
    side = client.post("/api/programs", json={"points": [{"muscle": "soleus", "point": "tp1", "side": "middle"}]})
    assert side.status_code == 422
    assert side.json()["detail"][0]["loc"][:3] == ["body", "points", 0]
    precaution = client.post("/api/programs", json={"points": POINTS, "precautions": ["anticoagulant"]})
    assert precaution.status_code == 422
    assert precaution.json()["detail"][0]["loc"] == ["body", "precautions", 0]


def test_edits_are_kept_and_limits_enforced(client: TestClient) -> None:
    make_program(client)
    key = "massage:upper-trapezius/tp1/right"
    ok = client.patch("/api/programs/active", json={"edits": [{"key": key, "times_per_day": 1}]})
    assert ok.status_code == 200
    assert client.get("/api/programs/active").json()["plan"]["massage"][0]["times_per_day"] == 1
    too_hard = client.patch("/api/programs/active", json={"edits": [{"key": key, "pressure": 9}]})
    assert too_hard.status_code == 422
    assert too_hard.json()["detail"][0]["loc"][-1] == "pressure"
    wrong_type = client.patch("/api/programs/active", json={"edits": [{"key": key, "pressure": "3"}]})
    assert wrong_type.status_code == 422


def test_session_items_then_next_day_check_in(client: TestClient, app: FastAPI) -> None:
    program = make_program(client)
    key = program["plan"]["schedule"][0][0]
    logged = client.post("/api/sessions/today/items", json={"key": key, "status": "done"})
    assert logged.status_code == 200
    assert client.post("/api/checkins", json={"soreness": "mild"}).status_code == 409  # not until tomorrow
    clock: FixedClock = app.state.clock
    clock.day = clock.day + timedelta(days=1)
    checked = client.post("/api/checkins", json={"soreness": "mild", "trend": "worse"})
    assert checked.status_code == 201
    assert checked.json()["paused"] is True
    assert client.get("/api/programs/active").json()["paused"] is True
    assert client.post("/api/sessions/today/items", json={"key": key, "status": "done"}).status_code == 409
    assert client.post("/api/programs/active/resume", json={}).status_code == 422
    resumed = client.post("/api/programs/active/resume", json={"spoken_to_provider": True})
    assert (resumed.status_code, resumed.json()["paused"]) == (200, False)


def test_diary_entries_strict_and_idempotent(client: TestClient) -> None:
    entry = {"submission_id": "abc12345", "pain": 6, "drawing": {"temple-right": 7}, "took_no_medication": True}
    created = client.post("/api/diary", json=entry)
    assert created.status_code == 201
    assert client.post("/api/diary", json=entry).status_code == 409
    for bad, field in (
        ({"submission_id": "abc12346", "pain": 11}, "pain"),
        ({"submission_id": "abc12347", "pain": True}, "pain"),
        ({"submission_id": "abc12348", "pain": "5"}, "pain"),
        ({"submission_id": "abc12349", "pain": 5, "drawing": {"tempel-right": 3}}, "drawing"),
        ({"submission_id": "abc12350", "pain": 5, "recorded_at": f"{date(2027, 1, 1)}T10:00:00Z"}, "recorded_at"),
    ):
        response = client.post("/api/diary", json=bad)
        assert response.status_code == 422, bad
        assert field in response.json()["detail"][0]["loc"]
    assert len(client.get("/api/diary").json()) == 1


def add(client: TestClient, **values: object) -> dict:  # type: ignore[type-arg]
    response = client.post("/api/diary", json={"submission_id": "entry-0001", "pain": 4} | values)
    assert response.status_code == 201, response.text
    return response.json()


def test_an_entry_takes_qualities_mood_and_triggers(client: TestClient) -> None:
    created = add(
        client,
        drawing={"temple-right": 6},
        qualities={"temple-right": ["throbbing"]},
        mood=3,
        triggers=["computer-work"],
        trigger_notes="deadline",
    )
    stored = client.get(f"/api/diary/{created['uuid']}").json()
    assert (stored["qualities"], stored["mood"], stored["triggers"]) == (
        {"temple-right": ["throbbing"]},
        3,
        ["computer-work"],
    )
    assert (stored["trigger_notes"], stored["version"], stored["edited_at"]) == ("deadline", 1, None)
    for bad, where in (
        (
            {"qualities": {"temple-right": ["itchy"]}, "drawing": {"temple-right": 2}},
            ["body", "qualities", "temple-right", 0],
        ),
        ({"mood": 11}, ["body", "mood"]),
        ({"recorded_at": "0001-01-01T00:00:00+14:00"}, ["body", "recorded_at"]),
        ({"triggers": ["computr-work"]}, ["body", "triggers", 0]),
    ):
        response = client.post("/api/diary", json={"submission_id": "entry-0002", "pain": 4} | bad)
        assert response.status_code == 422, bad
        assert response.json()["detail"][0]["loc"] == where
    assert "computer-work" in response.json()["detail"][0]["msg"]  # the closest activity is named


def test_patch_changes_an_entry_and_a_stale_version_is_a_409(client: TestClient, app: FastAPI) -> None:
    created = add(client, drawing={"temple-right": 6}, medications=[{"name": "ibuprofen", "dose": "200 mg"}])
    clock: FixedClock = app.state.clock
    clock.set(datetime.combine(clock.day, time(15, 30), tzinfo=UTC))
    url = f"/api/diary/{created['uuid']}"
    edited = client.patch(url, json={"version": 1, "pain": 2, "notes": "better after a walk"})
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert (body["pain"], body["notes"], body["version"]) == (2, "better after a walk", 2)
    assert body["recorded_at"] == created["recorded_at"]  # the time is kept
    assert body["edited_at"] == "2026-03-02T15:30:00Z"
    assert body["drawing"] == {"temple-right": 6} and body["medications"] == created["medications"]
    stale = client.patch(url, json={"version": 1, "pain": 9})
    assert stale.status_code == 409
    assert stale.json()["detail"][0]["loc"] == ["body", "version"]
    assert client.get(url).json()["pain"] == 2  # the other save is not lost
    for bad, field in (
        ({"version": 2, "took_no_medication": True}, "took_no_medication"),
        ({"version": 2, "recorded_at": "2026-03-09T10:00:00Z"}, "recorded_at"),
        ({"version": 2, "recorded_at": "0001-01-01T00:00:00+14:00"}, "recorded_at"),  # before UTC's year 1: not a 500
        ({"version": 2, "pain": 11}, "pain"),
        ({"version": 2, "colour": "red"}, "colour"),
        ({"pain": 3}, "version"),
    ):
        response = client.patch(url, json=bad)
        assert response.status_code == 422, bad
        assert field in response.json()["detail"][0]["loc"], response.json()
    assert client.patch("/api/diary/no-such-entry", json={"version": 1, "pain": 3}).status_code == 404


def test_delete_hides_an_entry_and_restore_brings_it_back(client: TestClient, app: FastAPI) -> None:
    created = add(client)
    url = f"/api/diary/{created['uuid']}"
    assert client.request("DELETE", url, json={"version": 2}).status_code == 409  # a stale delete
    deleted = client.request("DELETE", url, json={"version": 1})
    assert deleted.status_code == 204
    assert client.get(url).status_code == 404
    assert client.get("/api/diary").json() == []
    assert client.request("DELETE", url, json={"version": 1}).status_code == 204  # again: nothing changes
    restored = client.post(f"{url}/restore", json={})
    assert restored.status_code == 200
    assert (restored.json()["uuid"], restored.json()["pain"]) == (created["uuid"], 4)
    assert [e["uuid"] for e in client.get("/api/diary").json()] == [created["uuid"]]
    version = restored.json()["version"]
    assert client.request("DELETE", url, json={"version": version}).status_code == 204
    clock: FixedClock = app.state.clock
    clock.day += timedelta(days=2)
    late = client.post(f"{url}/restore", json={})
    assert late.status_code == 409
    assert "24 hours" in late.json()["detail"][0]["msg"]


def test_export_and_import_round_trip(client: TestClient) -> None:
    make_program(client)
    client.post("/api/diary", json={"submission_id": "abc12345", "pain": 3})
    exported = client.get("/api/export").json()
    assert exported["format"] == "triggerpoint-export"
    again = client.post("/api/import", json=exported)
    assert again.json()["added"] == {
        "programs": 0,
        "sessions": 0,
        "session_items": 0,
        "checkins": 0,
        "diary": 0,
        "questionnaires": 0,
        "drawings": 0,
    }
    bad = client.post("/api/import", json={"format": "something-else"})
    assert bad.status_code == 422


def test_reminders_feed(client: TestClient) -> None:
    make_program(client)
    feed = client.get("/reminders.ics")
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in feed.content
    download = client.get("/reminders.ics", params={"download": "true"})
    assert "attachment" in download.headers["content-disposition"]
