"""The FHIR bundle built from records made over HTTP: medications, flagged check-ins and SNOMED CT body sites."""

from __future__ import annotations

import copy
import re
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from helpers import post_form
from triggerpoint.clients.service import local_client
from triggerpoint.clock import FixedClock
from triggerpoint.diary import repository as diary_repo
from triggerpoint.drawings import repository as drawings_repo
from triggerpoint.fhir.export import (
    CHECKIN_SYSTEM,
    LATERALITY_EXTENSION,
    REGION_SYSTEM,
    FhirExportError,
    build_export,
    check_export,
    validate_bundle,
)
from triggerpoint.kb import load_kb
from triggerpoint.programs import repository as programs_repo
from triggerpoint.programs import service as programs
from triggerpoint.questionnaires import repository as questionnaires_repo
from triggerpoint.sessions import repository as sessions_repo

SNOMED = "http://snomed.info/sct"
POINTS = [{"muscle": "upper-trapezius", "point": "tp1", "side": "right"}]


def diary(client: TestClient, at: str, pain: int, **fields: Any) -> None:
    """One diary entry over the JSON API, at a given instant."""
    body = {"submission_id": f"entry-{at}", "recorded_at": at, "pain": pain} | fields
    response = client.post("/api/diary", json=body)
    assert response.status_code == 201, response.text


@pytest.fixture
def record(app: FastAPI, client: TestClient) -> TestClient:
    """March: ibuprofen 400 mg on two days (twice on one), painted temple; April: no pain medication at all;
    a self-care session on 30 April and, the next day, a check-in reporting numbness."""
    app.state.clock = FixedClock(date(2026, 3, 31))
    ibuprofen = [{"name": "ibuprofen", "dose": "400 mg"}]
    diary(client, "2026-03-02T08:00:00Z", 6, drawing={"temple-right": 6, "vertex": 3}, medications=ibuprofen)
    diary(client, "2026-03-02T19:00:00Z", 5, medications=ibuprofen)
    diary(client, "2026-03-09T08:00:00Z", 4, medications=[{"name": "Ibuprofen", "dose": "400  mg"}])
    diary(client, "2026-03-10T08:00:00Z", 3, took_no_medication=True)
    app.state.clock = FixedClock(date(2026, 4, 30))
    for day in (6, 20, 30):
        diary(client, f"2026-04-{day:02d}T08:00:00Z", 2, took_no_medication=True)
    assert client.post("/api/programs", json={"points": POINTS}).status_code == 201
    key = re.findall(r'name="key" value="([^"]+)"', client.get("/session").text)[0]
    assert post_form(client, "/session/item", {"key": key, "status": "done"}).status_code in (200, 303)
    app.state.clock = FixedClock(date(2026, 5, 1))
    checked = post_form(client, "/checkin", {"soreness": "mild", "trend": "fading", "numbness": "on"})
    assert checked.status_code == 200
    return client


def built(app: FastAPI, zone: tzinfo = UTC) -> dict[str, Any]:
    """The bundle as build_export makes it from everything stored, check-ins included."""
    with app.state.sessions() as db:
        me = local_client(db)
        program = programs_repo.active_program(db, me.id)
        return build_export(
            load_kb(),
            me.uuid,
            diary_repo.all_entries(db, me.id),
            drawings_repo.all_drawings(db, me.id),
            questionnaires_repo.all_responses(db, me.id),
            program,
            programs.plan_of(program) if program else None,
            datetime(2026, 5, 1, 12, tzinfo=UTC),
            checkins=sessions_repo.all_checkins(db, me.id),
            zone=zone,
        ).bundle


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_each_medication_is_one_statement_per_month_with_its_dose_and_days(record: TestClient) -> None:
    bundle = record.get("/export/fhir.json").json()
    validate_bundle(bundle)
    statements = resources(bundle, "MedicationStatement")
    taken = [s for s in statements if s["status"] == "completed"]
    assert len(taken) == 1  # "Ibuprofen 400  mg" is the same medication as "ibuprofen 400 mg"
    (ibuprofen,) = taken
    patient = resources(bundle, "Patient")[0]["id"]
    assert ibuprofen["medicationCodeableConcept"] == {"text": "ibuprofen"}
    assert ibuprofen["dosage"][0]["text"] == "400 mg, on 2 days of 3 with medication recorded in March 2026"
    assert ibuprofen["effectivePeriod"] == {"start": "2026-03-02", "end": "2026-03-09"}
    assert ibuprofen["subject"] == {"reference": f"urn:uuid:{patient}"}
    assert "in 3 entries on 2 days" in ibuprofen["note"][0]["text"]
    assert ibuprofen["category"]["coding"][0]["code"] == "patientspecified"


def test_a_month_without_pain_medication_is_a_not_taken_statement(record: TestClient) -> None:
    statements = resources(record.get("/export/fhir.json").json(), "MedicationStatement")
    (none,) = [s for s in statements if s["status"] == "not-taken"]
    assert none["effectivePeriod"] == {"start": "2026-04-06", "end": "2026-04-30"}
    assert "No pain medication taken in April 2026: 3 days recorded" in none["note"][0]["text"]
    assert not [s for s in statements if s["status"] == "not-taken" and s["effectivePeriod"]["start"] < "2026-04"]


def test_the_statements_keep_their_ids_across_exports(record: TestClient) -> None:
    ids = [{s["id"] for s in resources(record.get("/export/fhir.json").json(), "MedicationStatement")} for _ in "ab"]
    assert ids[0] == ids[1]


def test_a_late_evening_dose_counts_in_the_persons_own_month(app: FastAPI, client: TestClient) -> None:
    app.state.clock = FixedClock(date(2026, 4, 2))
    naproxen = [{"name": "naproxen", "dose": "500 mg"}]
    diary(client, "2026-04-01T03:30:00Z", 4, medications=naproxen)  # 23:30 on 31 March in New York
    for zone, day in ((UTC, "2026-04-01"), (ZoneInfo("America/New_York"), "2026-03-31")):
        app.state.clock = FixedClock(date(2026, 4, 2), zone)
        (statement,) = resources(client.get("/export/fhir.json").json(), "MedicationStatement")
        assert statement["effectivePeriod"]["start"] == day
        assert statement["dosage"][0]["text"].endswith(f"in {'April' if day.endswith('01') else 'March'} 2026")


def test_a_check_in_with_numbness_is_sent_with_its_date_and_message(record: TestClient) -> None:
    bundle = record.get("/export/fhir.json").json()
    validate_bundle(bundle)
    flags = [o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["system"] == CHECKIN_SYSTEM]
    assert len(flags) == 1
    (flag,) = flags
    components = {c["code"]["coding"][0]["code"]: c for c in flag["component"]}
    assert flag["effectiveDateTime"] == "2026-05-01"
    assert components["numbness"]["valueBoolean"] is True
    assert components["paused"]["valueBoolean"] is True
    assert flag["valueString"] == "numbness; program paused"
    assert flag["note"][0]["text"].startswith("Numbness after self-massage is not expected.")
    assert {r["resourceType"] for r in resources(bundle, "CarePlan")} == {"CarePlan"}
    assert resources(bundle, "CarePlan")[0]["status"] == "on-hold"


def test_a_check_in_without_a_warning_sign_is_not_flagged(app: FastAPI, client: TestClient) -> None:
    app.state.clock = FixedClock(date(2026, 3, 2))
    client.post("/api/programs", json={"points": POINTS})
    key = re.findall(r'name="key" value="([^"]+)"', client.get("/session").text)[0]
    post_form(client, "/session/item", {"key": key, "status": "done"})
    app.state.clock = FixedClock(date(2026, 3, 3))
    assert post_form(client, "/checkin", {"soreness": "mild", "trend": "fading"}).status_code == 200
    bundle = built(app)
    assert not [o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["system"] == CHECKIN_SYSTEM]


def test_body_sites_carry_snomed_first_our_region_beside_it_and_the_side(record: TestClient) -> None:
    bundle = record.get("/export/fhir.json").json()
    sites = {
        o["bodySite"]["coding"][-1]["code"]: o["bodySite"] for o in resources(bundle, "Observation") if "bodySite" in o
    }
    temple = sites["temple-right"]
    assert temple["coding"][0] == {"system": SNOMED, "code": "450721000", "display": "Structure of temporal region"}
    assert temple["coding"][1] == {"system": REGION_SYSTEM, "code": "temple-right", "display": "Temple, right"}
    (side,) = temple["extension"]
    assert side["url"] == LATERALITY_EXTENSION
    assert side["valueCodeableConcept"]["coding"][0] == {"system": SNOMED, "code": "24028007", "display": "Right"}
    vertex = sites["vertex"]
    assert vertex["coding"][0]["code"] == "69536005"  # Head structure: the top of the head lies in the head
    assert "extension" not in vertex  # a midline region has no side


def test_our_checks_catch_broken_medications_and_body_sites(record: TestClient) -> None:
    bundle: dict[str, Any] = record.get("/export/fhir.json").json()

    def broken(change: Any) -> dict[str, Any]:
        copied = copy.deepcopy(bundle)
        change(copied)
        return copied

    def first(copied: dict[str, Any], kind: str, has: str) -> dict[str, Any]:
        return next(r for r in resources(copied, kind) if has in r)

    def no_text(b: dict[str, Any]) -> None:
        first(b, "MedicationStatement", "dosage")["medicationCodeableConcept"] = {"coding": [{"display": "ibuprofen"}]}

    def no_dosage(b: dict[str, Any]) -> None:
        first(b, "MedicationStatement", "dosage")["dosage"] = [{}]

    def backwards(b: dict[str, Any]) -> None:
        first(b, "MedicationStatement", "dosage")["effectivePeriod"] = {"start": "2026-03-09", "end": "2026-03-02"}

    def mistyped(b: dict[str, Any]) -> None:
        first(b, "Observation", "bodySite")["bodySite"]["coding"][0]["code"] = "450721001"

    def reordered(b: dict[str, Any]) -> None:
        first(b, "Observation", "bodySite")["bodySite"]["coding"].reverse()

    def ours_dropped(b: dict[str, Any]) -> None:
        first(b, "Observation", "bodySite")["bodySite"]["coding"].pop()

    for change, message in (
        (no_text, "medication as written"),
        (no_dosage, "dosage text"),
        (backwards, "ends after it starts"),
        (mistyped, "valid concept ID"),
        (reordered, "must come first"),
        (ours_dropped, "our region code"),
    ):
        with pytest.raises(FhirExportError, match=message):
            validate_bundle(broken(change))


def test_our_checks_catch_a_check_in_without_its_answers(app: FastAPI, record: TestClient) -> None:
    bundle = built(app)
    flag = next(o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["system"] == CHECKIN_SYSTEM)
    flag["component"] = flag["component"][:2]
    with pytest.raises(FhirExportError, match="each warning sign"):
        validate_bundle(bundle)


def test_the_export_is_streamed_as_the_bundle_built(app: FastAPI, record: TestClient) -> None:
    response = record.get("/export/fhir.json")
    assert response.headers["content-type"] == "application/fhir+json"
    assert response.headers["cache-control"] == "no-store"
    streamed = response.json()
    made = built(app)
    assert len(streamed["entry"]) == len(made["entry"]) > 1
    assert [e["fullUrl"] for e in streamed["entry"]] == [e["fullUrl"] for e in made["entry"]]
    assert streamed["entry"][1] == made["entry"][1]


def test_the_export_check_reads_every_shape_of_resource(app: FastAPI, record: TestClient) -> None:
    """A resource unlike the others (a wrong type, an empty string) is checked by fhir.resources too."""
    bundle = built(app)
    check_export(bundle)
    for spoil in (
        lambda last: last.update(status=5),
        lambda last: last["code"].update(text=""),
    ):
        broken = copy.deepcopy(bundle)
        spoil(resources(broken, "Observation")[-1])
        with pytest.raises(ValidationError):  # our own checks read neither field
            check_export(broken)
    dangling = copy.deepcopy(bundle)
    resources(dangling, "Observation")[-1]["subject"]["reference"] = "urn:uuid:nobody"
    with pytest.raises(FhirExportError, match="not in the bundle"):
        check_export(dangling)
