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
from sqlalchemy import func, select

from helpers import pdf_text, post_form
from triggerpoint.clients.service import local_client
from triggerpoint.clock import FixedClock
from triggerpoint.fhir.export import FhirExportError, validate_bundle
from triggerpoint.kb import load_kb
from triggerpoint.reports.demo import seed_demo_year
from triggerpoint.sessions.models import SelfCareSession

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
    charts = ["pain", "area", "medication", "adherence", "soreness"] + [f"score-{n}" for n in ("hit-6", "ndi")]
    for name in charts:  # each in the wide layout and in the narrow one drawn for phones
        assert f'class="chart chart-wide" data-chart="{name}"' in page.text.lower(), name
        assert f'class="chart chart-narrow" data-chart="{name}"' in page.text.lower(), name
    assert page.text.count('class="atlas"') == 2  # then and now
    assert 'data-item="any self-care session"' in page.text
    assert "7-day average" in page.text
    assert "The charts show 25 Nov 2025 to 25 Nov 2026." in page.text


def test_what_helped_names_the_items_and_says_when_nothing_can_be_seen(year: TestClient) -> None:
    page = year.get("/progress", params=YEAR).text
    helped = page[page.index('id="helped-h"') :]
    assert "Self-massage: Upper trapezius" in helped
    assert "(right side)" in helped
    assert not re.search(r">[^<]*massage:[a-z-]+/", helped)  # no internal keys on show
    # In the demo every massage is done on the same days as any session: one row says so, not four alike rows.
    assert helped.count("<tr data-item=") == 1
    assert "Always together" in helped
    assert "No difference can be seen yet" in helped  # the demo's pain does not depend on self-care


def test_adherence_counts_the_planned_sessions_done(app: FastAPI, year: TestClient) -> None:
    page = year.get("/progress", params=YEAR).text
    found = re.search(r"You did (\d+) of the (\d+) sessions your program planned \((\d+)%\)", page)
    assert found is not None
    with app.state.sessions() as session:
        done = session.scalar(select(func.count()).select_from(SelfCareSession))
    assert int(found.group(1)) == done
    assert int(found.group(2)) == 366  # one a day from the program's start on 25 Nov 2025 to today
    assert int(found.group(3)) == round(100 * done / 366)
    weeks = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td></tr>", page)
    assert weeks[0] == ("23 Nov to 25 Nov 2026", "3", weeks[0][2])  # newest first, cut to the period
    assert weeks[-1][0:2] == ("25 Nov to 30 Nov 2025", "6")
    assert sum(int(d) for _, _, d in weeks) == done


def test_an_empty_period_says_so_instead_of_drawing_axes(client: TestClient) -> None:
    page = client.get("/progress").text
    assert "Nothing recorded between 3 Dec 2025 and 2 Mar 2026 yet." in page  # the last 90 days
    assert 'class="chart ' not in page
    assert "No self-care sessions in this period yet." in page


def test_a_period_without_diary_entries_says_so_instead_of_counting_zero_days(client: TestClient) -> None:
    page = client.get("/progress").text
    medication = re.search(r'id="medication-summary">(.*?)</p>', page, flags=re.S)
    assert medication is not None
    assert medication.group(1).strip() == "No diary entries in this period."


def test_questionnaire_charts_show_the_whole_scale(year: TestClient) -> None:
    page = year.get("/progress", params=YEAR).text
    for name, ends in (("hit-6", ("36", "78")), ("ndi", ("0", "100"))):
        chart = re.search(
            rf'<svg [^>]*class="chart chart-wide" data-chart="score-{name}".*?</svg>', page, flags=re.S | re.I
        )
        assert chart is not None, name
        ticks = [
            re.search(r">([^<>]+)</text>", g).group(1) for g in re.split(r'<g id="[^"]*ytick_\d+">', chart.group(0))[1:]
        ]  # type: ignore[union-attr]
        assert (ticks[0], ticks[-1]) == ends, name


def test_one_day_of_records_is_charted_as_that_day(client: TestClient) -> None:
    saved = post_form(client, "/diary", {"submission_id": "one-day-1", "pain": "6"}, follow_redirects=False)
    assert saved.status_code == 303
    page = client.get("/progress").text
    assert "The charts show one day, 2 Mar 2026" in page
    pain = re.search(r'<svg [^>]*data-chart="pain".*?</svg>', page, flags=re.S)
    assert pain is not None
    labels = re.findall(r"<text [^>]*>([^<]+)</text>", pain.group(0))
    assert "2 Mar 2026" in labels
    assert not any(re.fullmatch(r"20\d\d", label) for label in labels)  # not an axis of years


def test_the_progress_report_pdf(year: TestClient) -> None:
    response = year.get("/reports/progress.pdf", params=YEAR)
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pages(response.content, "report-progress") >= 2
    text = " ".join(pdf_text(response.content).split())
    assert "Self-care: sessions planned and done" in text
    assert re.search(r"You did \d+ of the 366 sessions", text)
    assert text.count("pain (0-10)") == 1  # the wide chart only: the phone layout stays out of the PDF
    assert "Self-massage: Upper trapezius" in text


@pytest.fixture
def numb(app: FastAPI, year: TestClient) -> TestClient:
    """The year, then a session on its last day and, the day after, a check-in reporting numbness."""
    key = re.findall(r'name="key" value="([^"]+)"', year.get("/session").text)[0]
    assert post_form(year, "/session/item", {"key": key, "status": "done"}).status_code in (200, 303)
    app.state.clock = FixedClock(date(2026, 11, 26))
    checked = post_form(year, "/checkin", {"soreness": "mild", "trend": "fading", "numbness": "on"})
    assert "Numbness after self-massage is not expected" in checked.text
    return year


def test_the_doctor_summary_is_one_page_with_medications_and_the_check_in_that_paused(numb: TestClient) -> None:
    response = numb.get("/reports/doctor.pdf", params={"start": "2025-11-26", "end": "2026-11-26"})
    assert response.content.startswith(b"%PDF")
    assert pages(response.content, "report-doctor") == 1
    text = " ".join(pdf_text(response.content).split())
    medication = re.search(r"ibuprofen 400 mg (\d+) (\d+ \w+ \d{4}) (\d+ \w+ \d{4})", text)
    assert medication, text
    days = int(medication.group(1))
    assert 100 < days < 365 and medication.group(2) == "26 Nov 2025"  # demo use falls over the year
    free = re.search(r"Medication-free on (\d+) of (\d+) days", text)
    assert free and days + int(free.group(1)) == int(free.group(2))  # every recorded day is one or the other
    assert "26 Nov 2026: numbness; program paused. Numbness after self-massage is not expected." in text
    assert "told to see a doctor first" not in text and "screens with every question answered no" in text


def test_the_doctor_summary_says_when_no_check_in_was_flagged(year: TestClient) -> None:
    text = " ".join(pdf_text(year.get("/reports/doctor.pdf", params=YEAR).content).split())
    assert "ibuprofen 400 mg" in text
    assert "None in this period: no bruising, numbness, new weakness or worsening soreness reported" in text


def test_the_fhir_bundle_validates_and_carries_the_record(year: TestClient) -> None:
    bundle = year.get("/export/fhir.json").json()
    validate_bundle(bundle)
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert kinds == {"Patient", "Observation", "QuestionnaireResponse", "CarePlan", "MedicationStatement"}
    statements = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "MedicationStatement"]
    assert len(statements) == 13  # ibuprofen 400 mg in each of the 13 calendar months the year touches
    assert {s["medicationCodeableConcept"]["text"] for s in statements} == {"ibuprofen"}
    assert all(
        re.match(r"400 mg, on \d+ days? of \d+ with medication recorded in", s["dosage"][0]["text"]) for s in statements
    )
    pain = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "72514-3"
    ]
    assert pain
    sites = [observation["bodySite"] for observation in pain if "bodySite" in observation]
    assert sites
    assert all(site["coding"][0]["system"] == "http://snomed.info/sct" for site in sites)
    assert all(site["coding"][1]["system"] == "urn:triggerpoint:body-region" for site in sites)


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
    assert "licensed copy" in page.text
    assert "Section 1: <span" in page.text
    assert "I have no pain at the moment" not in page.text  # the first statement of the licensed NDI


NDI_TOPICS = ["Pain intensity", "Personal care", "Lifting", "Reading", "Headaches", "Concentration", "Work", "Driving"]
NDI_TOPICS += ["Sleeping", "Recreation"]
ODI_TOPICS = ["Pain intensity", "Personal care", "Lifting", "Walking", "Sitting", "Standing", "Sleeping", "Sex life"]
ODI_TOPICS += ["Social life", "Travelling"]
HIT6_TOPICS = ["Severe pain", "Limits on daily activities", "Wanting to lie down", "Too tired", "Fed up or irritated"]
HIT6_TOPICS += ["Limits on concentration"]


def legends(html: str) -> list[str]:
    """Each question's legend as text."""
    found = re.findall(r'<fieldset class="question[^"]*" data-item="[^"]+">\s*<legend>(.*?)</legend>', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", legend) for legend in found]


@pytest.mark.parametrize(
    ("instrument_id", "word", "topics"),
    [("ndi", "Section", NDI_TOPICS), ("odi", "Section", ODI_TOPICS), ("hit6", "Item", HIT6_TOPICS)],
)
def test_licensed_pages_name_each_sections_topic(
    client: TestClient, instrument_id: str, word: str, topics: list[str]
) -> None:
    page = client.get(f"/questionnaires/{instrument_id}")
    assert legends(page.text) == [f"{word} {n}: {topic}" for n, topic in enumerate(topics, start=1)]


def fieldsets(html: str) -> dict[str, str]:
    """Each question's fieldset, by item ID."""
    return dict(re.findall(r'<fieldset class="question[^"]*" data-item="([^"]+)">(.*?)</fieldset>', html, flags=re.S))


@pytest.mark.parametrize(
    ("instrument_id", "count", "range_text"),
    [
        ("ndi", 10, '<span class="q-range">(0 to 5)</span>'),
        ("odi", 10, '<span class="q-range">(0 to 5)</span>'),
        ("nprs", 1, '<span class="q-range">(0 to 10)</span>'),
        ("hit6", 6, "Scores 6 to 13"),
        ("psfs", 5, "(0 = unable, 10 = as well as before)"),
    ],
)
def test_every_item_states_its_score_range(client: TestClient, instrument_id: str, count: int, range_text: str) -> None:
    items = fieldsets(client.get(f"/questionnaires/{instrument_id}").text)
    assert len(items) == count
    for item_id, html in items.items():
        assert range_text in html, item_id


def test_radio_answers_carry_their_points_in_their_label(client: TestClient) -> None:
    items = fieldsets(client.get("/questionnaires/hit6").text)
    for html in items.values():
        labels = re.findall(r'<label class="q-option"><input type="radio"[^>]*>\s*(.*?)</label>', html, flags=re.S)
        texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", label)).strip() for label in labels]
        assert texts == [
            "Never (6 points)",
            "Rarely (8 points)",
            "Sometimes (10 points)",
            "Very often (11 points)",
            "Always (13 points)",
        ]
    acr = client.get("/questionnaires/acr2016").text
    assert "Each yes adds 1 to the Widespread Pain Index (0 to 19)." in acr
    assert 'Not a problem <span class="q-points">(0 points)</span>' in acr


def test_a_questionnaire_is_scored_and_kept(client: TestClient) -> None:
    spec_items = re.findall(r'data-item="([a-z0-9-]+)"', client.get("/questionnaires/ndi").text)
    answers = dict.fromkeys(spec_items, "2")
    saved = post_form(client, "/questionnaires/ndi", answers, follow_redirects=True)
    assert saved.status_code == 200
    assert "Saved: NDI 40% (moderate disability)." in saved.text
    row = re.search(
        r'<tr data-response="[^"]+" data-instrument="ndi" class="q-just-saved">(.*?)</tr>', saved.text, re.S
    )
    assert row and '<td data-label="Score" class="q-score">40%</td>' in row.group(1)
    assert client.get("/api/questionnaires").json()[0]["score"] == 40


def test_psfs_keeps_the_activities_named(client: TestClient) -> None:
    form = {
        "activity-1-name": "Carrying shopping",
        "activity-1": "3",
        "activity-2-name": "Gardening",
        "activity-2": "6",
    }
    saved = post_form(client, "/questionnaires/psfs", form, follow_redirects=True)
    assert "Saved: PSFS 4.5 points." in saved.text
    stored = client.get("/api/questionnaires").json()[0]
    assert stored["answers"]["activity-1-name"] == "Carrying shopping"
    unnamed = post_form(client, "/questionnaires/psfs", {"activity-1": "3"})
    assert unnamed.status_code == 422
    assert "name the activity you scored" in unnamed.text


def test_a_refused_form_keeps_what_was_entered(client: TestClient) -> None:
    ndi = post_form(client, "/questionnaires/ndi", {"section-1": "4", "section-2": "9"})
    assert ndi.status_code == 422
    assert 'id="section-1" name="section-1" min="0" max="5" step="1"\n               value="4"' in ndi.text
    hit6 = post_form(client, "/questionnaires/hit6", {"item-1": "11", "item-2": "12"})
    assert hit6.status_code == 422
    assert re.search(r'id="item-1-11" value="11" checked>', hit6.text)
    acr = post_form(client, "/questionnaires/acr2016", {"neck": "yes", "chest": "no", "fatigue": "7"})
    assert acr.status_code == 422
    assert re.search(r'id="neck-yes" value="yes" checked>', acr.text)
    assert re.search(r'id="chest-no" value="no" checked>', acr.text)
    psfs = post_form(client, "/questionnaires/psfs", {"activity-1-name": "Typing", "activity-1": "12"})
    assert 'value="Typing"' in psfs.text


def test_the_odi_counts_a_30_percent_improvement(app: FastAPI, client: TestClient) -> None:
    """Ostelo et al. 2008: 20% to 14% is 6 points, under 10, but 30% of the start: improved."""
    for day, scores in ((date(2026, 3, 2), [2] * 5 + [0] * 5), (date(2026, 3, 30), [2, 2, 1, 1, 1] + [0] * 5)):
        app.state.clock = FixedClock(day)
        answers = {f"section-{n}": str(value) for n, value in enumerate(scores, start=1)}
        assert post_form(client, "/questionnaires/odi", answers, follow_redirects=False).status_code == 303
    assert [r["score"] for r in client.get("/api/questionnaires").json()] == [20, 14]
    progress = client.get("/progress").text
    section = re.search(r'data-instrument="odi">(.*?)</section>', progress, flags=re.S)
    assert section and "<strong>improved</strong>" in section.group(1)
    assert "a fall of at least 30% of the first score counts as improved too" in section.group(1)
    assert "change too small to count" in section.group(1)  # the band reaches 6 below 20, not 10
    assert "within 10" not in section.group(1)
    odi = client.get("/questionnaires/odi").text
    assert "or, for an improvement, 30% of your starting score" in odi


def test_a_drawing_of_both_shoulder_blades_is_wpi_2(client: TestClient) -> None:
    drawn = post_form(client, "/drawings", {"region": ["scapula-left", "scapula-right"]}, follow_redirects=False)
    assert drawn.status_code == 303, drawn.text
    page = client.get("/questionnaires/acr2016").text
    derived = re.search(r'<p class="notice" id="derived-wpi">(.*?)</p>', page, flags=re.S)
    assert derived and "Widespread Pain Index 2 of 19" in derived.group(1)
    assert "Shoulder girdle (top of the shoulder and shoulder blade), left;" in derived.group(1)


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
