"""The intake page over HTTP: the form round trip stores the intake and shows the precautions and the
questionnaires that fit; bad input is re-shown (422) with each message next to its field; another site's
post is refused. In personal mode, in the client's portal and on the clinic tablet (staff)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from helpers import post_form
from triggerpoint.visits import repository as visits_repo
from triggerpoint.visits.models import Intake

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "clinic"))  # the clinic world's helpers

from clinic_apps import World, clinic_app, world_of

QUESTIONS = ("pregnant", "anticoagulants", "osteoporosis", "bleeding_disorder", "dvt_history", "cancer",
             "lymphedema", "recent_surgery")  # fmt: skip
ALL_NO = dict.fromkeys(QUESTIONS, "no")
PROBLEM = re.compile(r'<p class="field-error" id="([^"]+)-error">([^<]*)</p>')


def draw(client: TestClient, regions: list[str], submission: str, path: str = "/api/drawings") -> str:
    """Keep a drawing with every safety question answered no; its UUID."""
    asked = client.post("/api/find", json={"regions": regions}).json()["questions"]
    body = {"regions": regions, "answers": {q["id"]: False for q in asked}, "submission_id": submission}
    made = client.post(path, json=body)
    assert made.status_code == 201, made.text
    return str(made.json()["uuid"])


def intakes(app: FastAPI) -> list[Intake]:
    with app.state.sessions() as session:
        return list(session.query(Intake).order_by(Intake.id))


def problems(html: str) -> dict[str, str]:
    return dict(PROBLEM.findall(html))


def test_the_form_offers_the_latest_drawing_with_its_date_and_screen(client: TestClient) -> None:
    draw(client, ["low-back-lower-left"], "first-drawing")
    latest = draw(client, ["neck-side-right", "temple-right"], "second-drawing")
    page = client.get("/intake")
    assert page.status_code == 200
    html = page.text
    assert f'<option value="{latest}" selected>2 March 2026' in html
    assert "safety questions answered, nothing urgent" in html
    assert html.count('name="condition"') == 5 and 'value="rheumatoid arthritis"' in html
    assert 'name="operation-site-2"' in html and '<option value="neck">Neck</option>' in html
    assert all(f'name="{q}" id="{q}-yes" value="yes"' in html for q in QUESTIONS)
    assert "keep pressure safe" in html
    assert 'href="/intake">Health form</a>' in html  # in the navigation


def test_without_a_drawing_the_form_asks_to_draw_first(client: TestClient) -> None:
    html = client.get("/intake").text
    assert 'id="no-drawing"' in html and 'href="/" class="button">Draw where it hurts first' in html
    assert 'name="drawing"' not in html


def test_a_filled_form_is_stored_and_shows_the_precautions_and_the_questionnaires_that_fit(
    app: FastAPI, client: TestClient
) -> None:
    drawing = draw(client, ["neck-side-right", "temple-right"], "neck-and-head")
    form = ALL_NO | {
        "complaint": "A headache from my neck most afternoons",
        "drawing": drawing,
        "condition": ["fibromyalgia", "migraine"],
        "conditions_other": "asthma\n\n  coeliac disease ",
        "medications": "warfarin 5 mg\nparacetamol",
        "operation-site-1": "neck",
        "operation-on-1": "2026-02-20",
        "anticoagulants": "yes",
    }
    saved = post_form(client, "/intake", form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == "/intake/done"
    [stored] = intakes(app)
    assert stored.history["complaint"] == form["complaint"]
    assert stored.history["conditions"] == ["fibromyalgia", "migraine", "asthma", "coeliac disease"]
    assert stored.history["medications"] == ["warfarin 5 mg", "paracetamol"]
    assert stored.history["operations"] == [{"site": "neck", "on": "2026-02-20"}]
    assert stored.precautions == ["anticoagulants", "recent-surgery-or-injury", "widespread-sensitivity"]
    assert stored.drawing_id is not None
    done = client.get("/intake/done").text
    for name in ("Blood thinners", "A recent operation or injury", "Widespread sensitivity"):
        assert f"<h3>{name}</h3>" in done
    assert "You named: Neck." in done
    assert "A headache from my neck most afternoons" in done
    shown = re.findall(r'<li data-instrument="([a-z0-9]+)"><a class="button" href="/questionnaires/\1">', done)
    assert shown == ["ndi", "hit6", "psfs", "nprs"]


def test_all_no_raises_no_precaution_and_offers_the_questionnaires_for_any_complaint(
    app: FastAPI, client: TestClient
) -> None:
    assert post_form(client, "/intake", ALL_NO, follow_redirects=False).status_code == 303
    done = client.get("/intake/done").text
    assert 'id="intake-no-precautions"' in done
    assert re.findall(r'<li data-instrument="([a-z0-9]+)">', done) == ["psfs", "nprs"]
    assert intakes(app)[0].drawing_id is None


def test_before_any_form_the_done_page_asks_for_one(client: TestClient) -> None:
    page = client.get("/intake/done")
    assert page.status_code == 200 and 'id="no-intake"' in page.text


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"operation-site-0": "neck", "operation-on-0": "2026-02-30"}, "operation-on-0", "year-month-day"),
        ({"operation-site-2": "neck", "operation-on-2": "yesterday"}, "operation-on-2", "year-month-day"),
        ({"operation-site-1": "neck", "operation-on-1": "2027-01-01"}, "operation-on-1", "future"),
        ({"operation-site-0": "nowhere", "operation-on-0": "2026-01-01"}, "operation-site-0", "unknown region"),
        ({"operation-on-1": "2026-01-01"}, "operation-site-1", "choose where"),
        ({"complaint": "x" * 501}, "complaint", "at most 500 characters"),
        ({"medications": "\n".join(["pill"] * 41)}, "medications", "at most 40"),
        ({"drawing": "not a drawing!"}, "drawing", "your own drawings"),
        ({"drawing": "00000000-0000-4000-8000-000000000000"}, "drawing", "your own drawings"),
        ({"pregnant": "maybe"}, "pregnant", "yes or no"),
    ],
)
def test_bad_input_is_shown_again_with_the_message_next_to_the_field(
    app: FastAPI, client: TestClient, fields: dict[str, Any], field: str, words: str
) -> None:
    sent = ALL_NO | {"complaint": "Sore neck"} | fields
    page = post_form(client, "/intake", sent, follow_redirects=False)
    assert page.status_code in (404, 422) if field == "drawing" else page.status_code == 422
    found = problems(page.text)
    assert words.lower() in found[field].lower(), found
    assert 'id="intake-problems"' in page.text
    if field != "complaint":
        assert ">Sore neck</textarea>" in page.text  # what was typed is kept
    assert intakes(app) == []


def test_unanswered_questions_are_each_marked(app: FastAPI, client: TestClient) -> None:
    page = post_form(client, "/intake", {"complaint": "Sore neck"})
    assert page.status_code == 422
    assert set(problems(page.text)) == set(QUESTIONS)
    assert intakes(app) == []


def test_a_post_without_its_token_or_from_another_site_is_refused(app: FastAPI, client: TestClient) -> None:
    assert client.post("/intake", data=ALL_NO).status_code == 403
    forged = client.post("/intake", data=ALL_NO | {"csrftoken": "forged"})
    assert forged.status_code == 403
    token = {"csrftoken": client.get("/intake").cookies.get("csrftoken") or client.cookies["csrftoken"]}
    evil = client.post("/intake", data=ALL_NO | token, headers={"Origin": "http://evil.example"})
    assert evil.status_code == 403
    assert intakes(app) == []


@pytest.fixture
def clinics(tmp_path: Path) -> Iterator[World]:
    yield from world_of(clinic_app(tmp_path))


def test_a_client_fills_it_in_the_portal_and_staff_on_the_clinic_tablet(clinics: World) -> None:
    a = clinics.a
    drawing = a.records["drawing_id"]
    portal = a.client.browser
    page = portal.get("/intake")
    assert page.status_code == 200 and f'<option value="{drawing}" selected>' in page.text
    saved = post_form(portal, "/intake", ALL_NO | {"drawing": drawing, "osteoporosis": "yes"})
    assert saved.status_code == 303 and saved.headers["location"] == "/intake/done"
    assert "<h3>Thin bones (osteoporosis)</h3>" in portal.get("/intake/done").text
    tablet = f"/clients/{a.client.uuid}/intake"
    staff = a.therapist.browser
    page = staff.get(tablet)
    assert page.status_code == 200 and f'action="{tablet}"' in page.text
    saved = post_form(staff, tablet, ALL_NO | {"drawing": drawing, "cancer": "yes", "complaint": "Temple ache"})
    assert saved.status_code == 303 and saved.headers["location"] == f"{tablet}/done"
    done = staff.get(f"{tablet}/done").text
    assert "<h3>Cancer or its treatment</h3>" in done and 'href="/clients/' in done
    with clinics.app.state.sessions() as session:
        client_id = session.query(Intake.client_id).order_by(Intake.id.desc()).limit(1).scalar()
        latest = visits_repo.latest_intake(session, client_id)
        assert latest is not None and latest.precautions == ["cancer"]


def test_another_clinics_staff_and_another_clients_drawing_are_refused(clinics: World) -> None:
    a, b = clinics.a, clinics.b
    tablet = f"/clients/{a.client.uuid}/intake"
    assert b.therapist.browser.get(tablet).status_code == 404
    assert post_form(b.therapist.browser, tablet, ALL_NO).status_code == 404
    theirs = post_form(a.client.browser, "/intake", ALL_NO | {"drawing": b.records["drawing_id"]})
    assert theirs.status_code == 404
    assert problems(theirs.text)["drawing"] == "Please choose one of your own drawings."
    assert b.records["drawing_id"] not in theirs.text


def test_a_repeated_submission_id_never_lets_an_invalid_drawing_through(client: TestClient) -> None:
    first = draw(client, ["temple-right"], "repeat-me")
    again = {"regions": ["temple-right"], "activities": ["no-such-activity"], "submission_id": "repeat-me"}
    refused = client.post("/api/drawings", json=again)
    assert refused.status_code == 422, refused.text
    same = client.post("/api/drawings", json={"regions": ["temple-right"], "submission_id": "repeat-me"})
    assert same.status_code == 201 and same.json()["uuid"] == first  # a valid repeat still returns the first
