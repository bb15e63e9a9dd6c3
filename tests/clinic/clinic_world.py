"""Clinics built the way people build them: a clinic made at the command line's service, every other
account through its one-time link, staff enrolling an authenticator, clients invited by their therapist."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pyotp
from fastapi import FastAPI
from fastapi.testclient import TestClient

from helpers import BASE_URL, post_form
from triggerpoint.accounts import service as accounts
from triggerpoint.clock import FixedClock

PASSWORD = "correct horse battery staple"
LINK = re.compile(r'id="invite-link">[^<]*/link/([A-Za-z0-9_\-]+)<')
SECRET = re.compile(r'id="totp-secret">([A-Z2-7]+)<')


@dataclass
class Person:
    """A signed-in browser and what the tests need to know about the person behind it."""

    role: str
    email: str
    browser: TestClient
    secret: str | None = None
    uuid: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def tick(app: FastAPI, seconds: int = 31) -> None:
    """Move the stopped clock on, so a new TOTP time step begins (a used code never works twice)."""
    clock: FixedClock = app.state.clock
    clock.set(clock.local(clock.now() + timedelta(seconds=seconds)).replace(tzinfo=None))


def code(app: FastAPI, secret: str) -> str:
    return pyotp.TOTP(secret).at(app.state.clock.now())


def browser(app: FastAPI) -> TestClient:
    return TestClient(app, base_url=BASE_URL, follow_redirects=False)


def accept_link(app: FastAPI, token: str, role: str, email: str) -> Person:
    """Open a one-time link in a fresh browser, choose a password, and (staff) enrol an authenticator."""
    person = Person(role, email, browser(app))
    assert person.browser.get(f"/link/{token}").status_code == 200
    answer = post_form(person.browser, f"/link/{token}", {"password": PASSWORD, "again": PASSWORD})
    assert answer.status_code == 303, answer.text
    if role != "client":
        assert answer.headers["location"] == "/sign-in/enrol"
        page = person.browser.get("/sign-in/enrol")
        found = SECRET.search(page.text)
        assert found, page.text
        person.secret = found.group(1)
        tick(app)
        done = post_form(person.browser, "/sign-in/enrol", {"code": code(app, person.secret)})
        assert done.status_code == 200 and "recovery-codes" in done.text, done.text
    return person


def make_clinic(app: FastAPI, name: str, admin_email: str) -> Person:
    """A clinic and its admin (as `triggerpoint clinic create` makes it), signed in with a second factor."""
    with app.state.sessions() as db:
        _, _, token = accounts.create_clinic(db, name, admin_email, accounts.Where("test", app.state.clock.now()))
        db.commit()
    return accept_link(app, token, "admin", admin_email)


def invite(inviter: Person, path: str, fields: dict[str, str]) -> str:
    answer = post_form(inviter.browser, path, fields)
    assert answer.status_code == 200, answer.text
    found = LINK.search(answer.text)
    assert found, answer.text
    return found.group(1)


def add_therapist(app: FastAPI, admin: Person, name: str, email: str) -> Person:
    token = invite(admin, "/staff", {"name": name, "email": email, "role": "therapist"})
    return accept_link(app, token, "therapist", email)


def add_client(app: FastAPI, therapist: Person, name: str, email: str) -> Person:
    token = invite(therapist, "/clients", {"name": name, "email": email})
    person = accept_link(app, token, "client", email)
    with app.state.sessions() as db:
        person.uuid = _client_uuid(db, email)
    return person


def _client_uuid(db: Any, email: str) -> str:
    from sqlalchemy import select

    from triggerpoint.accounts.models import Account
    from triggerpoint.clients.models import Client

    query = select(Client.uuid).join(Account, Account.id == Client.account_id).where(Account.email == email)
    return str(db.scalar(query))


def seed_records(person: Person) -> dict[str, str]:
    """A drawing, a diary entry, a program and a questionnaire, made by the client in the portal."""
    web = person.browser
    asked = web.post("/api/find", json={"regions": ["temple-right"]}).json()["questions"]
    drawing = web.post(
        "/api/drawings",
        json={"regions": ["temple-right"], "answers": {q["id"]: False for q in asked}, "submission_id": "seed-0001"},
    )
    assert drawing.status_code == 201, drawing.text
    entry = web.post("/api/diary", json={"submission_id": "seed-0002", "pain": 4})
    assert entry.status_code == 201, entry.text
    program = web.post(
        "/api/programs", json={"points": [{"muscle": "upper-trapezius", "point": "tp1", "side": "right"}]}
    )
    assert program.status_code == 201, program.text
    assert web.post("/api/questionnaires/nprs", json={"answers": {"pain": 4}}).status_code == 201
    return {"drawing_id": drawing.json()["uuid"], "entry_id": entry.json()["uuid"]}


def start_visit(therapist: Person, client: Person, drawing_id: str) -> str:
    """The client's therapist starts a visit from the client's drawing, saves and signs its note; its UUID."""
    visits = f"/clients/{client.uuid}/api/visits"
    visit = therapist.browser.post(visits, json={"drawing": drawing_id})
    assert visit.status_code == 201, visit.text
    uuid = str(visit.json()["uuid"])
    saved = therapist.browser.put(f"{visits}/{uuid}/note", json={"version": 0})
    assert saved.status_code == 200, saved.text
    signed = therapist.browser.post(f"{visits}/{uuid}/note/sign", json={"version": saved.json()["version"]})
    assert signed.status_code == 200, signed.text
    return uuid
