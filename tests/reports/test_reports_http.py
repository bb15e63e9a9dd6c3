"""Progress page, questionnaires, PDF reports and the FHIR export over HTTP, on a year of records."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from helpers import post_form
from triggerpoint.clients.service import local_client
from triggerpoint.clock import FixedClock
from triggerpoint.fhir.export import FhirExportError, validate_bundle
from triggerpoint.kb import load_kb
from triggerpoint.reports.demo import seed_demo_year

TODAY = date(2026, 11, 25)
YEAR = {"start": "2025-11-25", "end": "2026-11-25"}


@pytest.fixture
def year(app: FastAPI, client: TestClient) -> TestClient:
    """A client whose app holds a year of daily records ending yesterday."""
    app.state.clock = FixedClock(TODAY)
    with app.state.sessions() as session:
        seed_demo_year(session, load_kb(), local_client(session).id, date(2026, 11, 24))
        session.commit()
    return client


SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def pages(pdf: bytes, name: str) -> int:
    """The page count by poppler's pdfinfo, with page 1 rendered to PNG for a person to look at."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("needs poppler-utils (apt-get install poppler-utils); CI installs it")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf_file = SHOTS / f"{name}.pdf"
    pdf_file.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf_file), str(SHOTS / name)], check=True)
    info = subprocess.run(["pdfinfo", str(pdf_file)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))  # type: ignore[union-attr]


def test_the_progress_page_draws_every_chart(year: TestClient) -> None:
    page = year.get("/progress", params=YEAR)
    assert page.status_code == 200
    assert page.text.count('class="chart"') >= 7  # pain, area, 4 questionnaires, medication, self-care
    assert page.text.count('class="atlas"') == 2  # then and now
    assert 'data-item="any self-care session"' in page.text
    assert "7-day average" in page.text


def test_the_progress_report_pdf(year: TestClient) -> None:
    response = year.get("/reports/progress.pdf", params=YEAR)
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pages(response.content, "report-progress") >= 2


def test_the_doctor_summary_is_one_page(year: TestClient) -> None:
    response = year.get("/reports/doctor.pdf", params=YEAR)
    assert response.content.startswith(b"%PDF")
    assert pages(response.content, "report-doctor") == 1


def test_the_fhir_bundle_validates_and_carries_the_record(year: TestClient) -> None:
    bundle = year.get("/export/fhir.json").json()
    validate_bundle(bundle)
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert kinds == {"Patient", "Observation", "QuestionnaireResponse", "CarePlan"}
    pain = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "72514-3"
    ]
    assert pain
    assert any("bodySite" in observation for observation in pain)


def test_our_checks_catch_what_the_models_do_not(year: TestClient) -> None:
    bundle = year.get("/export/fhir.json").json()
    broken = copy.deepcopy(bundle)
    for entry in broken["entry"]:
        if "valueInteger" in entry["resource"]:
            entry["resource"]["valueInteger"] = 11
            break
    with pytest.raises(FhirExportError, match="0-10"):
        validate_bundle(broken)
    dangling = copy.deepcopy(bundle)
    dangling["entry"] = [e for e in dangling["entry"] if e["resource"]["resourceType"] != "Patient"]
    with pytest.raises(FhirExportError, match="not in the bundle"):
        validate_bundle(dangling)


def test_a_licensed_questionnaire_shows_no_item_wording(client: TestClient) -> None:
    page = client.get("/questionnaires/ndi")
    assert page.status_code == 200
    assert "licensed copy" in page.text or "licence" in page.text.lower()
    assert "Section 1" in page.text


def test_a_questionnaire_is_scored_and_kept(client: TestClient) -> None:
    spec_items = re.findall(r'data-item="([a-z0-9-]+)"', client.get("/questionnaires/ndi").text)
    answers = dict.fromkeys(spec_items, "2")
    saved = post_form(client, "/questionnaires/ndi", answers, follow_redirects=True)
    assert saved.status_code == 200
    assert re.search(r"<td>ndi</td>\s*<td>40</td>", saved.text)


def test_out_of_range_answers_are_refused(client: TestClient) -> None:
    spec_items = re.findall(r'data-item="([a-z0-9-]+)"', client.get("/questionnaires/nprs").text)
    response = post_form(client, "/questionnaires/nprs", {spec_items[0]: "11"})
    assert response.status_code == 422
    assert "Not saved" in response.text
    for bad in ("٣", "1" * 5000, "two"):
        assert post_form(client, "/questionnaires/nprs", {spec_items[0]: bad}).status_code == 422
    unknown = post_form(client, "/questionnaires/nosuch", {spec_items[0]: "3"})
    assert unknown.status_code == 404
    assert client.get("/api/questionnaires").json() == []


def test_the_acr_form_shows_the_wpi_of_the_latest_drawing(year: TestClient) -> None:
    page = year.get("/questionnaires/acr2016")
    assert re.search(r"Widespread Pain Index \d+ of 19", page.text)


def test_any_two_periods_can_be_compared(year: TestClient) -> None:
    params = YEAR | {"a_start": "2025-12-01", "a_end": "2025-12-31", "b_start": "2026-10-01", "b_end": "2026-10-31"}
    page = year.get("/progress", params=params)
    assert page.status_code == 200
    assert "1 Dec to 31 Dec 2025" in page.text
    assert "1 Oct to 31 Oct 2026" in page.text
    december, october = re.findall(r'<figure class="atlas-figure"><figcaption>.*?</figure>', page.text, flags=re.S)
    assert december.count('fill="#f6e7dc"') < october.count('fill="#f6e7dc"')  # more areas hurt in December
