"""Fixtures for tests of stored records on each backend: SQLite always, PostgreSQL when
TRIGGERPOINT_TEST_POSTGRES_URL names a server (CI sets it), in a database made for the run.
A conftest imports them; `db` is a session rolled back after each test (services never commit)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from helpers import postgres_database
from triggerpoint.storage.engine import make_engine
from triggerpoint.storage.migrate import upgrade

POSTGRES = os.environ.get("TRIGGERPOINT_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgres"] if POSTGRES else ["sqlite"]


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'records.db'}"
    else:
        assert POSTGRES is not None
        yield from postgres_database(POSTGRES)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    upgrade(built)
    yield built
    built.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield session
    session.close()
    transaction.rollback()
    connection.close()
