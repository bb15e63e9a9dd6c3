"""Tenants never meet (spec/clinic-security.md, promises 1, 2 and 7), over every route of the app.

Two clinics, each with an admin, a therapist and a client with records. Everyone of clinic A
tries every route with clinic B's identifiers: the answer is 404 (never 403 with details),
no body holds anything of B, and B's rows are unchanged. Every read of a record is audited,
and a tampered audit row is found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from clinic_apps import Clinic, World
from clinic_world import Person
from fastapi import FastAPI
from sqlalchemy import event, inspect, select, text

from helpers import csrf_token
from triggerpoint.accounts.models import Account
from triggerpoint.audit.models import AuditEvent
from triggerpoint.audit.service import verify_trail
from triggerpoint.clients.models import Client
from triggerpoint.framework.routes import route_table

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
RECORD_PARAMS = frozenset({"client_ref", "drawing_id", "entry_id", "visit_id", "account_ref", "token"})
ENDS_THE_SESSION = frozenset({"sign_out", "sign_out_everywhere"})  # tried last, on their own
FIXED = {"instrument_id": "nprs", "muscle_id": "upper-trapezius", "condition_id": "fibromyalgia"}
# Reads of a client's record that only their therapist has (the client's own portal answers 404).
THERAPIST_ONLY = frozenset(
    {"/visits/{visit_id}", "/visits/{visit_id}/note", "/visits/{visit_id}/loop", "/api/visits/{visit_id}/loop"}
)


@dataclass(frozen=True)
class Call:
    method: str
    template: str
    path: str
    module: str = ""

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _account_uuid(app: FastAPI, email: str) -> str:
    with app.state.sessions() as db:
        return str(db.scalar(select(Account.uuid).where(Account.email == email)))


def ids_of(app: FastAPI, clinic: Clinic) -> dict[str, str]:
    return FIXED | {
        "client_ref": clinic.client.uuid,
        "account_ref": _account_uuid(app, clinic.therapist.email),
        "token": "no-such-link-0000000000000000000000000000",
        **clinic.records,
    }


def calls(app: FastAPI, ids: dict[str, str]) -> list[Call]:
    """Every route of the app but static files, with its path parameters filled from `ids`."""
    found = []
    for context in route_table(app):
        if not context.methods or not context.path or context.path.startswith("/static"):
            continue
        if context.name in ENDS_THE_SESSION:
            continue
        path = context.path
        for parameter in context.param_convertors:
            assert parameter in ids, f"add a value for the path parameter {parameter!r} of {context.path}"
            path = path.replace("{" + parameter + "}", ids[parameter])
        module = getattr(context.endpoint, "__module__", "")
        found += [Call(method, context.path, path, module) for method in sorted(context.methods - {"HEAD"})]
    return found


def _send(person: Person, call: Call) -> Any:
    if call.method not in UNSAFE:
        return person.browser.request(call.method, call.path, headers={"accept": "text/html"})
    if "/api/" in call.path:
        return person.browser.request(call.method, call.path, json={})
    return person.browser.request(call.method, call.path, data={"csrftoken": csrf_token(person.browser)})


def _refused_body(call: Call, status: int) -> bool:
    """An empty body sent to the client's own address is refused (422) before any lookup: it learns nothing of B."""
    return call.method in UNSAFE and status == 422 and "{client_ref}" not in call.template


def _touches_b(call: Call) -> bool:
    return any("{" + p + "}" in call.template for p in RECORD_PARAMS)


def identifiers_of(app: FastAPI, clinic: Clinic) -> list[str]:
    return [clinic.client.uuid, *clinic.records.values(), _account_uuid(app, clinic.therapist.email)]


def names_of(clinic: Clinic) -> list[str]:
    return ["Client Bb", clinic.therapist.email, clinic.client.email, clinic.admin.email]


def rows_of(app: FastAPI, clinic: Clinic) -> dict[str, list[tuple[Any, ...]]]:
    """Every row belonging to a clinic's client, and the clinic's accounts (login bookkeeping aside)."""
    engine = app.state.engine
    with app.state.sessions() as db:
        client_id = db.scalar(select(Client.id).where(Client.uuid == clinic.client.uuid))
        clinic_id = db.scalar(select(Client.clinic_id).where(Client.uuid == clinic.client.uuid))
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            columns = {c["name"] for c in inspect(engine).get_columns(table)}
            if "client_id" in columns:
                query = f'SELECT * FROM "{table}" WHERE client_id = {client_id} ORDER BY 1'
            elif table in ("clients", "clinics"):
                query = f'SELECT * FROM "{table}" WHERE id = {client_id if table == "clients" else clinic_id}'
            elif table == "accounts":
                kept = "id, email, role, password_hash, totp_secret, disabled_at"
                query = f"SELECT {kept} FROM accounts WHERE clinic_id = {clinic_id} ORDER BY 1"
            else:
                continue
            found[table] = [tuple(row) for row in connection.execute(text(query))]
    return found


RECORD_TABLES = (
    "diary_entries",
    "pain_drawings",
    "programs",
    "selfcare_sessions",
    "session_items",
    "checkins",
    "questionnaire_responses",
    "intakes",
    "visits",
    "findings",
    "treatments",
)


@contextmanager
def unscoped_statements(app: FastAPI) -> Iterator[list[str]]:
    """The SQL the app runs on a client's records without naming the client in its WHERE clause."""
    engine = getattr(app.state, "app_engine", app.state.engine)
    found: list[str] = []

    def check(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        words = " ".join(statement.split()).upper()
        if not words.lstrip().startswith(("SELECT", "UPDATE", "DELETE")):
            return
        if any(f"FROM {t.upper()}" in words or f"UPDATE {t.upper()}" in words for t in RECORD_TABLES):
            where = words.partition(" WHERE ")[2]
            if "CLIENT_ID" not in where:
                found.append(" ".join(statement.split()).partition(" WHERE ")[2][:160] or statement[-160:])

    event.listen(engine, "before_cursor_execute", check)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", check)


def test_nobody_of_clinic_a_reads_or_changes_anything_of_clinic_b(world: World) -> None:
    with unscoped_statements(world.app) as unscoped:
        _try_everything_of_b(world)
    assert unscoped == [], "\n".join(unscoped)


def _try_everything_of_b(world: World) -> None:
    app, b = world.app, world.b
    before = rows_of(app, b)
    identifiers, names = identifiers_of(app, b), names_of(b)
    leaks, wrong = [], []
    for person in (world.a.admin, world.a.therapist, world.a.client):
        for call in calls(app, ids_of(app, b)):
            answer = _send(person, call)
            if _touches_b(call) and answer.status_code != 404 and not _refused_body(call, answer.status_code):
                wrong.append(f"{person.role}: {call} -> {answer.status_code}")
            assert answer.status_code != 403 or "csrf" in answer.text.lower(), f"{person.role}: {call} 403"
            # An ID the request itself holds may be echoed ("no diary entry '…'"), and the audit trail
            # names the addresses clinic A's people tried: those IDs are what they typed, not B's data.
            typed = [i for i in identifiers if i in call.path or call.template.startswith("/audit")]
            shown = [s for s in identifiers + names if s not in typed]
            leaks += [f"{person.role}: {call} shows {s}" for s in shown if s in answer.text]
    assert wrong == []
    assert leaks == [], "\n".join(leaks)
    assert rows_of(app, b) == before


def test_a_therapist_cannot_reach_another_clinics_records_through_their_own_clients_address(world: World) -> None:
    app, therapist = world.app, world.a.therapist
    ids = ids_of(app, world.b) | {"client_ref": world.a.client.uuid}
    before = rows_of(app, world.b)
    wrong = []
    for call in calls(app, ids):
        if not re.search(r"\{(drawing_id|entry_id|visit_id)\}", call.template):
            continue
        answer = _send(therapist, call)
        if answer.status_code != 404 and not (call.method in UNSAFE and answer.status_code == 422):
            wrong.append(f"{call} -> {answer.status_code}")
    assert wrong == []
    assert rows_of(app, world.b) == before


def _record_reads(app: FastAPI, clinic: Clinic, prefix: bool) -> list[Call]:
    """Every GET of a client's record (the clinic's own pages aside), with the query a page needs."""
    ids = ids_of(app, clinic)
    drawing = clinic.records["drawing_id"]
    query = {"/drawings/compare": f"?a={drawing}&b={drawing}"}
    return [
        Call(c.method, c.template, c.path + query.get(c.template.removeprefix("/clients/{client_ref}"), ""))
        for c in calls(app, ids)
        if c.method == "GET" and ("{client_ref}" in c.template) == prefix and not c.module.endswith("clinic_pages")
    ]


def test_every_page_works_for_the_therapist_and_every_read_is_audited(world: World) -> None:
    app, therapist = world.app, world.a.therapist
    failed, unaudited = [], []
    for call in _record_reads(app, world.a, prefix=True):
        answer = therapist.browser.get(call.path, headers={"accept": "text/html"})
        if answer.status_code != 200:
            failed.append(f"{call} -> {answer.status_code}")
        with app.state.sessions() as db:
            resource = f"GET {call.path.partition('?')[0]}"
            event = db.scalars(select(AuditEvent).where(AuditEvent.resource == resource)).first()
        if event is None or event.client != world.a.client.uuid or event.action not in ("read", "export"):
            unaudited.append(str(call))
    assert failed == [], "\n".join(failed)
    assert unaudited == []


def test_the_portal_shows_the_clients_own_record(world: World) -> None:
    client = world.a.client
    failed = []
    for call in _record_reads(world.app, world.a, prefix=False):
        answer = client.browser.get(call.path, headers={"accept": "text/html"})
        if answer.status_code != (404 if call.template in THERAPIST_ONLY else 200):
            failed.append(f"{call} -> {answer.status_code}")
    assert failed == [], "\n".join(failed)
    assert {c.template for c in _record_reads(world.app, world.a, prefix=False)} >= THERAPIST_ONLY


def test_a_tampered_audit_row_is_found(world: World) -> None:
    app = world.app
    with app.state.sessions() as db:
        assert verify_trail(db) is None
    engine = app.state.engine
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_update")
            for (name,) in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'"
            ).fetchall():
                connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
        else:
            connection.exec_driver_sql("ALTER TABLE audit_events DISABLE TRIGGER USER")
        connection.exec_driver_sql("UPDATE audit_events SET address = 'elsewhere' WHERE id = 3")
    with app.state.sessions() as db:
        broken = verify_trail(db)
    assert broken is not None and broken.row_id == 3
