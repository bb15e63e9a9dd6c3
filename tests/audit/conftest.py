"""Audit fixtures: each backend's schema built by the migrations (tests/storage/conftest.py's pattern).

`db` is rolled back after each test. `fresh_engine` is a database of its own, for tests that
commit (concurrent writers) or migrate down and up again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from helpers import postgres_database
from triggerpoint.storage.engine import make_engine
from triggerpoint.storage.migrate import upgrade

POSTGRES = os.environ.get("TRIGGERPOINT_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgres"] if POSTGRES else ["sqlite"]


def _postgres_database() -> Iterator[str]:
    assert POSTGRES is not None
    yield from postgres_database(POSTGRES)


def _database_url(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'records.db'}"
    else:
        yield from _postgres_database()


def _migrated(url: str) -> Iterator[Engine]:
    built = make_engine(url)
    upgrade(built)
    yield built
    built.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    for url in _database_url(backend, tmp_path_factory.mktemp("sqlite")):
        yield from _migrated(url)


@pytest.fixture
def fresh_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    for url in _database_url(backend, tmp_path):
        yield from _migrated(url)


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test (services never commit)."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield session
    session.close()
    transaction.rollback()
    connection.close()
