"""Clinic apps for tests: two clinics, each with an admin, a therapist and a client with records, on SQLite
and on PostgreSQL (the app connected as a role that owns nothing)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from clinic_world import Person, add_client, add_therapist, make_clinic, seed_records, start_visit
from fastapi import FastAPI
from postgres_roles import Database, grant, owner_and_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from helpers import START
from triggerpoint.clock import FixedClock
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for, make_engine
from triggerpoint.storage.migrate import upgrade

POSTGRES = os.environ.get("TRIGGERPOINT_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgres"] if POSTGRES else ["sqlite"]


@dataclass
class Clinic:
    admin: Person
    therapist: Person
    client: Person
    records: dict[str, str]


@dataclass
class World:
    app: FastAPI
    a: Clinic
    b: Clinic


class TestThreadReadsAsSuperuser:
    """Sessions for a PostgreSQL world: the app's own (its server threads) connect as the app role, so row-level
    security holds for every request; the test's look-ups (the main thread) read as the superuser, which sees
    every clinic, as an auditor would."""

    def __init__(self, app_sessions: sessionmaker[Session], superuser: Engine) -> None:
        self.app_sessions, self.superuser = app_sessions, sessionmaker(bind=superuser, expire_on_commit=False)

    def __call__(self) -> Session:
        main = threading.current_thread() is threading.main_thread()
        return self.superuser() if main else self.app_sessions()


def clinic_app(tmp_path: Path, database: Database | None = None, **overrides: object) -> FastAPI:
    settings = get_settings(
        data_dir=tmp_path,
        timezone="UTC",
        secret_key="test-secret",
        mode="clinic",
        database_url=database.app_url if database else None,
        **overrides,
    )
    engine = make_engine(database.owner_url) if database else engine_for(settings)
    upgrade(engine)
    engine.dispose()
    if database is not None:
        grant(database)
    app = create_app(settings)
    app.state.clock = FixedClock(START)
    if database is not None:
        app.state.app_engine, app.state.engine = app.state.engine, make_engine(database.superuser_url)
        app.state.sessions = TestThreadReadsAsSuperuser(app.state.sessions, app.state.engine)
    return app


def build_world(app: FastAPI) -> World:
    clinics = []
    for letter, name in (("a", "Alder Clinic"), ("b", "Birch Clinic")):
        admin = make_clinic(app, name, f"admin@{letter}.example")
        therapist = add_therapist(app, admin, f"Therapist {letter.upper()}", f"therapist@{letter}.example")
        client = add_client(app, therapist, f"Client {letter.upper()}{letter}", f"client@{letter}.example")
        records = seed_records(client)
        records["visit_id"] = start_visit(therapist, client, records["drawing_id"])
        clinics.append(Clinic(admin, therapist, client, records))
    return World(app, *clinics)


def world_on(backend: str, tmp_path: Path, database_name: str) -> Iterator[World]:
    """The two-clinic world on SQLite, or on PostgreSQL (a database of its own, row-level security on)."""
    if backend == "postgres":
        assert POSTGRES is not None
        with owner_and_app(POSTGRES, database_name) as database:
            yield from world_of(clinic_app(tmp_path, database))
    else:
        yield from world_of(clinic_app(tmp_path))


def world_of(app: FastAPI) -> Iterator[World]:
    built = build_world(app)
    try:
        yield built
    finally:
        for person in (
            built.a.admin,
            built.a.therapist,
            built.a.client,
            built.b.admin,
            built.b.therapist,
            built.b.client,
        ):
            person.browser.close()
        app.state.engine.dispose()
        if hasattr(app.state, "app_engine"):
            app.state.app_engine.dispose()
