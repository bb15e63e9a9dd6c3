"""Every bad import is refused with the file, row and field named, and changes nothing; exports cannot hurt."""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from security.conftest import fingerprint, routes

Seeded = tuple[FastAPI, TestClient, dict[str, str]]
Breakage = Callable[[dict[str, Any]], None]


def exported(client: TestClient) -> dict[str, Any]:
    data: dict[str, Any] = client.get("/api/export").json()
    return data


def upload(client: TestClient, name: str, content: bytes) -> Any:
    client.get("/data")
    return client.post("/data/import", data={"csrftoken": client.cookies["csrftoken"]}, files={"file": (name, content)})


def fresh_uuids(data: dict[str, Any]) -> None:
    """Make every record new to the database, so the import really tries to add them."""
    mapping: dict[str, str] = {}
    for table in ("programs", "sessions", "session_items", "checkins", "diary", "questionnaires", "drawings"):
        for row in data[table]:
            mapping[row["uuid"]] = row["uuid"][:-4] + "beef"
            row["uuid"] = mapping[row["uuid"]]
            row.pop("submission_id", None)
    for table in ("sessions", "session_items", "checkins", "diary"):
        for row in data[table]:
            for ref in ("program", "session"):
                if row.get(ref):
                    row[ref] = mapping.get(row[ref], row[ref])
    for index, row in enumerate(data["diary"] + data["drawings"]):
        row["submission_id"] = f"imported-{index:04d}"
    for row in data["sessions"]:
        row["day"] = "2026-01-01"


def set_in(table: str, field: str, value: Any) -> Breakage:
    def apply(data: dict[str, Any]) -> None:
        data[table][-1][field] = value

    return apply


def break_plan(data: dict[str, Any]) -> None:
    data["programs"][0]["plan"]["massage"][0]["pressure"] = 10


def dangling_session(data: dict[str, Any]) -> None:
    data["session_items"][0]["session"] = "00000000-0000-0000-0000-000000000000"


BREAKAGES: dict[str, tuple[Breakage, str]] = {
    "pain 11": (set_in("diary", "pain", 11), "diary[0], pain"),
    "unknown region in the diary": (set_in("diary", "drawing", {"tempel-right": 4}), "diary[0], drawing.tempel-right"),
    "unknown region in a drawing": (set_in("drawings", "regions", {"tempel-right": 4}), "drawings[0], regions"),
    "a drawing level of 0": (set_in("drawings", "regions", {"temple-right": 0}), "drawings[0], regions"),
    "a plan past the dosing limits": (break_plan, "programs[0], plan.massage.0.pressure"),
    "an unknown precaution": (set_in("programs", "precautions", ["wishful"]), "programs[0], precautions.0"),
    "a reference to nothing": (dangling_session, "session_items[0], session"),
    "a future diary entry": (set_in("diary", "recorded_at", "2099-01-01T00:00:00+00:00"), "diary[0], recorded_at"),
    "a year-1 date": (set_in("sessions", "day", "0001-01-01"), "sessions[0]"),
    "an unknown questionnaire": (set_in("questionnaires", "instrument", "nosuch"), "questionnaires[0], instrument"),
    "a questionnaire answer out of range": (
        set_in("questionnaires", "answers", {"pain": 99}),
        "questionnaires[0], answers",
    ),
    "suggestions without a clear screen": (set_in("drawings", "screen_status", "refer"), "drawings[0], screen_status"),
    "a huge number": (set_in("diary", "pain", "HUGE"), "file"),  # no JSON reader takes it: the file is refused
    "unicode digits": (set_in("diary", "pain", "٣"), "diary[0], pain"),
    "an unknown column": (set_in("diary", "colour", "red"), "diary[0], colour"),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_bad_row_refuses_the_whole_file_and_names_where(seeded: Seeded, breakage: str) -> None:
    app, client, ids = seeded
    data = exported(client)
    fresh_uuids(data)
    apply, where = BREAKAGES[breakage]
    apply(data)
    before = fingerprint(app)
    text = json.dumps(data).replace('"HUGE"', "9" * 5000)  # a 5,000-digit number, as a file can hold
    response = upload(client, "mine.json", text.encode())
    assert response.status_code == 422, response.text[:300]
    assert "Nothing was imported" in response.text
    assert f"mine.json: {where}" in response.text.replace("&#39;", "'")
    assert fingerprint(app) == before
    api = client.post("/api/import", content=text, headers={"Content-Type": "application/json"})
    assert api.status_code in (400, 422)
    assert fingerprint(app) == before
    for route in routes(app, ids):  # every page still works
        if route.method == "GET":
            assert client.get(route.path).status_code < 500, route


def test_the_same_file_imports_cleanly_when_nothing_is_broken(seeded: Seeded) -> None:
    _, client, _ = seeded
    data = exported(client)
    fresh_uuids(data)
    response = upload(client, "mine.json", json.dumps(data).encode())
    assert response.status_code == 200, response.text[:500]
    assert "Imported: 1 programs" in response.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "not a JSON or CSV export"),
        (b'{"format": "something-else"}', "not a triggerpoint export"),
        (b'{"format": "triggerpoint-export", "version": 99}', "version 99"),
        (b'{"format": "triggerpoint-export", "version": 2, "diary": "lots"}', "diary"),
        (b"[" * 100_000 + b"]" * 100_000, "not a JSON or CSV export"),
        (b"PK\x03\x04garbage", "not a readable zip"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(seeded: Seeded, content: bytes, message: str) -> None:
    app, client, _ = seeded
    before = fingerprint(app)
    response = upload(client, "odd.json", content)
    assert response.status_code == 422
    assert message in response.text
    assert fingerprint(app) == before


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_fills_memory(seeded: Seeded) -> None:
    app, client, _ = seeded
    meta = json.dumps({"format": "triggerpoint-export", "version": 2, "exported_at": "x", "client": {}}).encode()
    bomb = zipped({"export.json": meta, "diary.csv": b"0" * 200_000_000})  # 200 MB of zeros, about 200 KB zipped
    assert len(bomb) < 1_000_000
    before = fingerprint(app)
    response = upload(client, "bomb.zip", bomb)
    assert response.status_code == 422
    assert "unpacks larger than the import limit" in response.text
    assert fingerprint(app) == before


def test_the_csv_export_neutralises_formulas_and_reads_back_exactly(seeded: Seeded) -> None:
    _, client, _ = seeded
    dangerous = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "'quoted", "\tTAB"]
    for index, note in enumerate(dangerous):
        client.post("/api/diary", json={"submission_id": f"formula-{index:03d}", "pain": 2, "notes": note})
    archive = zipfile.ZipFile(io.BytesIO(client.get("/export.zip").content))
    rows = list(csv.DictReader(io.StringIO(archive.read("diary.csv").decode())))
    cells = {row["notes"] for row in rows}
    for note in dangerous:
        assert "'" + note in cells
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    again = copy.deepcopy(exported(client))
    response = upload(client, "again.zip", client.get("/export.zip").content)
    assert response.status_code == 200
    assert exported(client)["diary"] == again["diary"]
