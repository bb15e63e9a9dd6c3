"""One notion of a day: instants stored in UTC, every day (today, an entry's, a session's, a check-in's)
read in the person's time zone. Tested at 23:30 and 00:30 local, where UTC is already the next day."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from helpers import BASE_URL, post_form
from triggerpoint.clock import Clock, FixedClock
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for
from triggerpoint.storage.migrate import upgrade

NEW_YORK = ZoneInfo("America/New_York")  # UTC-5 in early March: 23:30 local is 04:30 UTC the next day
POINTS = [{"muscle": "upper-trapezius", "point": "tp1", "side": "right"}]


@pytest.fixture
def late(tmp_path: Path) -> Iterator[tuple[TestClient, FixedClock]]:
    settings = get_settings(data_dir=tmp_path, timezone="America/New_York", secret_key="test-secret")
    upgrade(engine_for(settings))
    app = create_app(settings)
    clock = FixedClock(date(2026, 3, 2), zone=NEW_YORK, at=time(23, 30))
    app.state.clock = clock
    with TestClient(app, base_url=BASE_URL) as client:
        yield client, clock


def test_the_clock_reads_days_in_the_persons_zone() -> None:
    clock = Clock(NEW_YORK)
    assert clock.day_of(datetime(2026, 3, 3, 4, 30, tzinfo=UTC)) == date(2026, 3, 2)
    assert clock.day_of(datetime(2026, 3, 3, 5, 30, tzinfo=UTC)) == date(2026, 3, 3)
    assert clock.start_of(date(2026, 3, 3)) == datetime(2026, 3, 3, 5, 0, tzinfo=UTC)


def test_entries_at_23_30_and_00_30_fall_on_their_own_days(late: tuple[TestClient, FixedClock]) -> None:
    client, clock = late
    post_form(client, "/diary", {"submission_id": "late-night-1", "pain": "6"})
    clock.set(datetime(2026, 3, 3, 0, 30))
    post_form(client, "/diary", {"submission_id": "early-hour-1", "pain": "2"})
    stored = client.get("/api/diary").json()
    assert [e["recorded_at"] for e in stored] == ["2026-03-03T05:30:00Z", "2026-03-03T04:30:00Z"]
    diary = client.get("/diary").text
    assert "Mon 2 Mar, 23:30" in diary and "Tue 3 Mar, 00:30" in diary
    progress = client.get("/progress", params={"start": "2026-03-01", "end": "2026-03-03"}).text
    assert re.search(r"2 days with diary entries", progress)


def test_a_late_session_is_yesterdays_and_its_check_in_comes_after_midnight(
    late: tuple[TestClient, FixedClock],
) -> None:
    client, clock = late
    program = client.post("/api/programs", json={"points": POINTS}).json()
    assert program["starts_on"] == "2026-03-02"
    client.post("/api/sessions/today/items", json={"key": program["plan"]["schedule"][0][0], "status": "done"})
    assert client.post("/api/checkins", json={"soreness": "mild"}).status_code == 409  # not the same evening
    clock.set(datetime(2026, 3, 3, 0, 30))
    checked = client.post("/api/checkins", json={"soreness": "mild"})
    assert checked.status_code == 201
    questionnaire = client.post("/api/questionnaires/nprs", json={"answers": {"pain": 3}}).json()
    assert questionnaire["completed_on"] == "2026-03-03"


def test_a_drawing_keeps_its_instant_and_shows_local_time(late: tuple[TestClient, FixedClock]) -> None:
    client, _ = late
    response = post_form(client, "/drawings", {"region": "temple-right"}, follow_redirects=True)
    assert "Drawing of 2 Mar 2026, 23:30" in response.text or "Before we suggest anything" in response.text
    assert client.get("/api/drawings").json()[0]["recorded_at"] == "2026-03-03T04:30:00Z"
    assert "Mon 2 Mar 2026, 23:30" in client.get("/drawings").text
