"""A personal app with a record in it, the route table, and a fingerprint of everything stored."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from helpers import BASE_URL, START
from triggerpoint.clock import FixedClock
from triggerpoint.framework.routes import route_table
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for
from triggerpoint.storage.migrate import upgrade

POINTS = [{"muscle": "upper-trapezius", "point": "tp1", "side": "right"}]
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # with its parameters filled in
    name: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def fingerprint(app: FastAPI) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the lock and secret files are not records)."""
    engine = app.state.engine
    tables = sorted(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return {t: [tuple(row) for row in connection.execute(text(f'SELECT * FROM "{t}" ORDER BY 1'))] for t in tables}


def _seed(client: TestClient, app: FastAPI) -> dict[str, str]:
    """A program paused by the soreness rule, a screened drawing, a diary entry, a questionnaire."""
    program = client.post("/api/programs", json={"points": POINTS}).json()
    client.post("/api/sessions/today/items", json={"key": program["plan"]["schedule"][0][0], "status": "done"})
    clock: FixedClock = app.state.clock
    clock.day = START + timedelta(days=1)
    assert client.post("/api/checkins", json={"soreness": "mild", "numbness": True}).json()["paused"]
    asked = client.post("/api/find", json={"regions": ["temple-right"]}).json()["questions"]
    drawing = client.post(
        "/api/drawings",
        json={"regions": ["temple-right"], "answers": {q["id"]: False for q in asked}, "submission_id": "seed-0001"},
    ).json()
    entry = client.post("/api/diary", json={"submission_id": "seed-0002", "pain": 4}).json()
    client.post("/api/questionnaires/nprs", json={"answers": {"pain": 4}})
    return {
        "drawing_id": drawing["uuid"],
        "entry_id": entry["uuid"],
        "visit_id": "no-visit-on-a-personal-machine",
        "instrument_id": "nprs",
        "muscle_id": "upper-trapezius",
        "condition_id": "fibromyalgia",
    }


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[FastAPI, TestClient, dict[str, str]]]:
    settings = get_settings(data_dir=tmp_path, timezone="UTC", secret_key="test-secret")
    upgrade(engine_for(settings))
    app = create_app(settings)
    app.state.clock = FixedClock(START)
    with TestClient(app, base_url=BASE_URL) as client:
        yield app, client, _seed(client, app)


def routes(app: FastAPI, ids: dict[str, str]) -> list[Route]:
    """Every route of the app (static files aside), with its path parameters filled from `ids`."""
    found = []
    for context in route_table(app):
        if not context.methods or not context.path:
            continue
        path = context.path
        for parameter in context.param_convertors:
            assert parameter in ids, f"add a value for the path parameter {parameter!r} of {path} to the test seed"
            path = path.replace("{" + parameter + "}", ids[parameter])
        found += [Route(method, path, str(context.name)) for method in sorted(context.methods - {"HEAD"})]
    return found
