"""The second wall on PostgreSQL (spec/clinic-security.md, promises 3 and 7), proven with raw SQL as the app role.

Two clinics built over HTTP by the app connected as a role that owns nothing; then the app
role's own connection, with `app.clinic_id` unset, set to one clinic, or trying its way around.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from clinic_apps import World, clinic_app, world_of
from postgres_roles import GRANTS, Database, owner_and_app
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

POSTGRES = os.environ.get("TRIGGERPOINT_TEST_POSTGRES_URL")
needs_postgres = pytest.mark.skipif(POSTGRES is None, reason="needs TRIGGERPOINT_TEST_POSTGRES_URL")
WITHOUT_RLS = {  # the only tables without row-level security, and why (docs/clinic.md)
    "alembic_version": "the schema revision: no clinic data",
    "sign_in_failures": "throttling keyed by e-mail and address, needed before anyone is known",
    "pooled_findings": "per-point counts the pooling clinics share on purpose: no client, clinic or date",
}
DOCS = Path(__file__).parents[2] / "docs" / "clinic.md"


@pytest.fixture(scope="module")
def walled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, Database]]:
    assert POSTGRES is not None
    with owner_and_app(POSTGRES, f"tp_wall_{os.getpid()}") as database:
        for built in world_of(clinic_app(tmp_path_factory.mktemp("wall"), database)):
            yield built, database


@pytest.fixture(scope="module")
def app_role(walled: tuple[World, Database]) -> Iterator[Engine]:
    engine = create_engine(walled[1].app_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def superuser(walled: tuple[World, Database]) -> Iterator[Engine]:
    engine = create_engine(walled[1].superuser_url)
    yield engine
    engine.dispose()


def _tables(connection: Connection) -> dict[str, tuple[bool, bool]]:
    query = text(
        "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE relkind IN ('r', 'p') AND relnamespace = 'public'::regnamespace"
    )
    return {row[0]: (row[1], row[2]) for row in connection.execute(query)}


def _walled_tables(superuser: Engine) -> list[str]:
    with superuser.connect() as connection:
        return sorted(name for name in _tables(connection) if name not in WITHOUT_RLS)


def _clinic_id(superuser: Engine, email: str) -> int:
    with superuser.connect() as connection:
        return int(connection.scalar(text("SELECT clinic_id FROM accounts WHERE email = :e"), {"e": email}))


@contextmanager
def _as_app(app_role: Engine, clinic: int | None) -> Iterator[Connection]:
    """A transaction of the app role, scoped to a clinic (or to none), rolled back at the end."""
    with app_role.connect() as connection, connection.begin() as transaction:
        if clinic is not None:
            connection.execute(text("SELECT set_config('app.clinic_id', :c, true)"), {"c": str(clinic)})
        yield connection
        if transaction.is_active:
            transaction.rollback()


def _visible(app_role: Engine, tables: list[str], clinic: int | None) -> dict[str, set[int]]:
    with _as_app(app_role, clinic) as connection:
        return {table: set(connection.scalars(text(f'SELECT id FROM "{table}"'))) for table in tables}


@needs_postgres
def test_every_table_has_row_level_security_forced_or_is_on_the_allow_list(superuser: Engine) -> None:
    with superuser.connect() as connection:
        tables = _tables(connection)
    unwalled = sorted(name for name, (enabled, forced) in tables.items() if not (enabled and forced))
    assert unwalled == sorted(WITHOUT_RLS)


@needs_postgres
def test_the_app_role_owns_nothing_and_cannot_bypass(walled: tuple[World, Database], superuser: Engine) -> None:
    role = walled[1].app_url.split("//")[1].split("@")[0]
    with superuser.connect() as connection:
        found = connection.execute(
            text(
                "SELECT rolsuper, rolbypassrls, (SELECT count(*) FROM pg_class WHERE relowner = r.oid) "
                "FROM pg_roles r WHERE rolname = :role"
            ),
            {"role": role},
        ).one()
    assert tuple(found) == (False, False, 0)


@needs_postgres
def test_with_the_clinic_unset_every_walled_table_looks_empty(app_role: Engine, superuser: Engine) -> None:
    tables = _walled_tables(superuser)
    with superuser.connect() as connection:
        stored = {t: connection.scalar(text(f'SELECT count(*) FROM "{t}"')) for t in tables}
    assert all(stored[t] for t in ("clinics", "accounts", "clients", "diary_entries", "audit_events")), stored
    for setting in (None, ""):
        with app_role.begin() as connection:
            if setting is not None:
                connection.execute(text("SELECT set_config('app.clinic_id', '', true)"))
            counts = {t: connection.scalar(text(f'SELECT count(*) FROM "{t}"')) for t in tables}
        assert counts == dict.fromkeys(tables, 0)


@needs_postgres
def test_set_to_one_clinic_nothing_of_the_other_is_visible(
    walled: tuple[World, Database], app_role: Engine, superuser: Engine
) -> None:
    world, tables = walled[0], _walled_tables(superuser)
    a = _visible(app_role, tables, _clinic_id(superuser, world.a.admin.email))
    b = _visible(app_role, tables, _clinic_id(superuser, world.b.admin.email))
    assert all(
        a[t] and b[t] for t in ("clinics", "accounts", "auth_sessions", "clients", "diary_entries", "audit_events")
    )
    assert {t: a[t] & b[t] for t in tables} == {t: set() for t in tables}
    with superuser.connect() as connection:
        stored = {t: set(connection.scalars(text(f'SELECT id FROM "{t}"'))) for t in tables}
        nobodys = set(connection.scalars(text("SELECT id FROM audit_events WHERE clinic = ''")))
    assert {t: a[t] | b[t] for t in tables} == stored | {"audit_events": stored["audit_events"] - nobodys}


def _diary_row_of(superuser: Engine, client_uuid: str) -> dict[str, Any]:
    query = text(
        "SELECT d.* FROM diary_entries d JOIN clients c ON c.id = d.client_id WHERE c.uuid = :u ORDER BY d.id LIMIT 1"
    )
    with superuser.connect() as connection:
        return dict(connection.execute(query, {"u": client_uuid}).mappings().one())


def _insert(connection: Connection, table: str, row: dict[str, Any]) -> None:
    columns = ", ".join(f'"{c}"' for c in row)
    values = ", ".join(f"CAST(:{c} AS {t})" if (t := _json_type(v)) else f":{c}" for c, v in row.items())
    connection.execute(text(f'INSERT INTO "{table}" ({columns}) VALUES ({values})'), _plain(row))


def _json_type(value: Any) -> str | None:
    return "json" if isinstance(value, dict | list) else None


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    import json

    return {c: json.dumps(v) if isinstance(v, dict | list) else v for c, v in row.items()}


@needs_postgres
def test_a_diary_entry_for_the_other_clinics_client_is_refused(
    walled: tuple[World, Database], app_role: Engine, superuser: Engine
) -> None:
    world = walled[0]
    row = _diary_row_of(superuser, world.b.client.uuid)
    row = {k: v for k, v in row.items() if k != "id"} | {"uuid": str(uuid.uuid4()), "submission_id": "wall-0001"}
    for clinic in (_clinic_id(superuser, world.a.admin.email), None):
        with _as_app(app_role, clinic) as connection, pytest.raises(DBAPIError, match="row-level security"):
            _insert(connection, "diary_entries", row)
    with _as_app(app_role, _clinic_id(superuser, world.b.admin.email)) as connection:
        _insert(connection, "diary_entries", row)  # in its own clinic the same row goes in: the refusal was the wall
        connection.rollback()


@needs_postgres
@pytest.mark.parametrize("change", ["UPDATE audit_events SET address = 'x'", "DELETE FROM audit_events"])
def test_the_app_role_may_not_change_or_remove_audit_events(
    walled: tuple[World, Database], app_role: Engine, superuser: Engine, change: str
) -> None:
    clinic = _clinic_id(superuser, walled[0].a.admin.email)
    refused = pytest.raises(DBAPIError, match="permission denied for table audit_events")
    with _as_app(app_role, clinic) as connection, refused:
        connection.execute(text(change))


@needs_postgres
def test_the_app_role_cannot_switch_the_wall_off(app_role: Engine, superuser: Engine) -> None:
    for table in _walled_tables(superuser):
        with pytest.raises(DBAPIError, match="must be owner"), app_role.begin() as connection:
            connection.execute(text(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY'))
        with _as_app(app_role, None) as connection:
            connection.execute(text("SET LOCAL row_security = off"))
            with pytest.raises(DBAPIError, match="row-level security"):
                connection.execute(text(f'SELECT count(*) FROM "{table}"'))


@needs_postgres
def test_the_lookup_functions_answer_only_their_question(walled: tuple[World, Database], app_role: Engine) -> None:
    with app_role.begin() as connection:
        connection.execute(text("SELECT set_config('triggerpoint.lookup', 'on', true)"))  # the owner's flag: no use
        assert connection.scalar(text("SELECT count(*) FROM accounts")) == 0
        clinic = connection.scalar(text("SELECT triggerpoint_account_clinic(:e)"), {"e": walled[0].b.admin.email})
        assert isinstance(clinic, int)
        assert connection.scalar(text("SELECT count(*) FROM accounts")) == 0  # the flag did not outlive the call


def test_the_documented_grants_are_the_ones_the_tests_use() -> None:
    documented = " ".join(DOCS.read_text(encoding="utf-8").split())
    for statement in GRANTS:
        assert statement.format(app="tp_app", database="triggerpoint") in documented
