"""A PostgreSQL database set up as docs/clinic.md says: an owner the migrations run as, and an app role
that owns nothing and cannot bypass row-level security (these statements are the documented ones)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import create_engine, make_url, text

ROLES = [
    "CREATE ROLE {owner} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE",
    "CREATE ROLE {app} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT",
    "CREATE DATABASE {database} OWNER {owner}",
]
GRANTS = [  # run in the database, as the owner, after `triggerpoint db upgrade`
    "REVOKE ALL ON DATABASE {database} FROM PUBLIC",
    "GRANT CONNECT ON DATABASE {database} TO {app}",
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    "GRANT USAGE ON SCHEMA public TO {app}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
    "REVOKE UPDATE, DELETE ON audit_events FROM {app}",
    "REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {app}",
    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {app}",
]


@dataclass(frozen=True)
class Database:
    """A database with its owner's and its app role's URLs (and the superuser's, for inspection)."""

    name: str
    owner_url: str
    app_url: str
    superuser_url: str


def _url(base: str, database: str, user: str | None = None) -> str:
    url = make_url(base).set(database=database)
    if user is not None:
        url = url.set(username=user, password=None)
    return url.render_as_string(hide_password=False)


def _drop(superuser: str, name: str, roles: tuple[str, str]) -> None:
    admin = create_engine(superuser, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        for role in roles:
            connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    admin.dispose()


@contextmanager
def owner_and_app(superuser: str, name: str) -> Iterator[Database]:
    """A fresh database `name` owned by role tp_test_<name>_owner, with an app role tp_test_<name>_app;
    all three are dropped afterwards. Call `grant(database)` once the migrations have run."""
    owner, app = f"tp_test_{name}_owner", f"tp_test_{name}_app"
    _drop(superuser, name, (app, owner))
    admin = create_engine(superuser, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for statement in ROLES:
            connection.execute(text(statement.format(owner=owner, app=app, database=name)))
    admin.dispose()
    try:
        yield Database(name, _url(superuser, name, owner), _url(superuser, name, app), _url(superuser, name))
    finally:
        _drop(superuser, name, (app, owner))


def grant(database: Database) -> None:
    """Give the app role what docs/clinic.md gives it (as the owner, once the tables exist)."""
    app = make_url(database.app_url).username
    engine = create_engine(database.owner_url)
    with engine.begin() as connection:
        for statement in GRANTS:
            connection.execute(text(statement.format(app=app, database=database.name)))
    engine.dispose()
