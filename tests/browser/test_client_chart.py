"""The therapist's client list and a client's chart in Chromium, on a phone (360x740) and a desktop
(1280x900): a flagged client comes first with its badge, the chart's timeline shows every kind of record,
nothing scrolls sideways and every target is big enough."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from live import LiveServer
from sqlalchemy import select
from targets import scrolls_sideways
from test_clinic_sign_in import Browsers, admin, browsers, fits, invite, set_password, therapist  # noqa: F401

from triggerpoint.accounts.models import Account
from triggerpoint.clients.models import Client
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.programs import repository as programs_repo
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.sessions import service as sessions
from triggerpoint.sessions.models import SelfCareSession, SessionItem
from triggerpoint.visits.models import Finding, Visit, VisitNote

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


def _client(server: LiveServer, email: str) -> Client:
    assert server.app is not None
    with server.app.state.sessions() as db:
        found = db.scalar(select(Client).join(Account, Account.id == Client.account_id).where(Account.email == email))
        assert found is not None
        return found


def _a_client(opened: Browsers, tess: Any, name: str, email: str) -> Any:
    page = opened.page("phone")
    page.goto(invite(tess.page, "/clients", name, email))
    set_password(page)
    return page


def _history(server: LiveServer, client: Client, therapist_email: str) -> None:
    """Two weeks of diary, a questionnaire, a visit with a draft note, and yesterday's self-care session."""
    assert server.app is not None
    today = server.clock.today()
    with server.app.state.sessions() as db:
        tess = db.scalar(select(Account).where(Account.email == therapist_email))
        assert tess is not None
        for days_ago, pain in ((9, 7), (8, 6), (4, 5), (2, 4), (1, 4)):
            moment = datetime.combine(today - timedelta(days=days_ago), time(20), tzinfo=UTC)
            db.add(
                DiaryEntry(client_id=client.id, recorded_at=moment, pain=pain, submission_id=f"diary-entry-{days_ago}")
            )
        db.add(QuestionnaireResponse(client_id=client.id, instrument="ndi", completed_on=today, answers={}, score=24))
        started = datetime.combine(today - timedelta(days=7), time(15), tzinfo=UTC)
        visit = Visit(client_id=client.id, therapist_id=tess.id, started_at=started, actual_minutes=45)
        db.add(visit)
        db.flush()
        db.add(Finding(client_id=client.id, visit_id=visit.id, muscle="upper-trapezius", point="tp1", side="right",
                       classification="active"))  # fmt: skip
        db.add(VisitNote(client_id=client.id, visit_id=visit.id))
        program = programs_repo.active_program(db, client.id)
        assert program is not None
        program.starts_on = today - timedelta(days=1)
        session = SelfCareSession(client_id=client.id, program_id=program.id, day=program.starts_on)
        db.add(session)
        db.flush()
        key = sessions.plan_for(program, program.starts_on).massage[0].key
        db.add(SessionItem(client_id=client.id, session_id=session.id, item_key=key, status="done"))
        db.commit()


def _records_of(ada: Any) -> None:
    """Ada paints, answers the red-flag questions no, and gets a home program, in the portal."""
    asked = ada.request.post("/api/find", data={"regions": ["temple-right"]}).json()["questions"]
    drawing = {
        "regions": ["temple-right"],
        "answers": {q["id"]: False for q in asked},
        "submission_id": "ada-drawing-1",
    }
    made = ada.request.post("/api/drawings", data=drawing)
    assert made.status == 201, made.text()
    program = {"points": [{"muscle": "upper-trapezius", "point": "tp1", "side": "right"}]}
    assert ada.request.post("/api/programs", data=program).status == 201


def _shoot(page: Any, screenshots: Path, name: str) -> None:
    for device, size in SIZES.items():
        page.set_viewport_size(size)
        if device == "phone":
            fits(page)
        assert not scrolls_sideways(page), page.url
        page.screenshot(path=str(screenshots / f"chart-{name}-{device}.png"), full_page=True)


def test_a_flagged_client_comes_first_and_their_chart_shows_the_timeline(
    browsers: Browsers,  # noqa: F811  (the imported fixture)
    screenshots: Path,
) -> None:
    server = browsers.server
    tess = therapist(browsers, admin(browsers))
    _a_client(browsers, tess, "Bea Calm", "bea@example.org")
    ada = _a_client(browsers, tess, "Ada Sore", "ada@example.org")
    _records_of(ada)
    client = _client(server, "ada@example.org")
    _history(server, client, tess.email)
    answer = ada.request.post("/api/checkins", data={"soreness": "moderate", "trend": "worse"})
    assert answer.status == 201 and answer.json()["paused"]

    page = tess.page
    page.goto("/clients")
    rows = page.locator(".client-list > li")
    assert rows.first.get_attribute("data-client") == client.uuid  # flagged first, though "Bea" sorts first
    badge = page.locator(f'li[data-client="{client.uuid}"] .flag-badge[data-flag="soreness-worse"]')
    assert badge.is_visible() and badge.get_attribute("data-severity") == "high"
    assert page.locator(f'li[data-client="{client.uuid}"] .checkin-status[data-flagged="true"]').is_visible()
    assert rows.nth(1).locator(".flag-badge").count() == 0  # Bea: nothing to flag
    assert page.locator(f'li[data-client="{client.uuid}"] .flag-badge[data-flag="note-unsigned"]').is_visible()
    _shoot(page, screenshots, "client-list")

    page.set_viewport_size(SIZES["desktop"])
    with page.expect_navigation():
        page.locator(f'li[data-client="{client.uuid}"] .client-name a').click()
    assert page.url.endswith(f"/clients/{client.uuid}/chart")
    assert page.locator('#flags .flag-badge[data-flag="soreness-worse"]').is_visible()
    timeline = page.locator("#timeline .timeline-item")
    kinds = set(timeline.evaluate_all("items => items.map(i => i.dataset.kind)"))
    assert kinds == {"drawing", "visit", "diary-week", "questionnaire", "program", "checkin"}
    assert page.locator('#timeline .timeline-item[data-kind="checkin"][data-flagged="true"]').is_visible()
    assert page.locator('#timeline .timeline-item[data-kind="visit"] .note-state[data-note="draft"]').is_visible()
    assert page.locator('#flags .flag-badge[data-flag="note-unsigned"]').is_visible()
    _shoot(page, screenshots, "client-chart")

    page.set_viewport_size(SIZES["desktop"])
    with page.expect_navigation():
        page.locator("#start-visit").click()
    assert f"/clients/{client.uuid}/visits/" in page.url  # the visit starts from the latest clear drawing
    page.goto("/clients?q=bea")
    assert page.locator(".client-list > li").count() == 1
    assert browsers.errors == []
