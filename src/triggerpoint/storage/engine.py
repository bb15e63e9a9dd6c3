"""Engines and sessions: SQLite by default (WAL, full sync, foreign keys), PostgreSQL by URL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from triggerpoint.settings import Settings
from triggerpoint.storage import tenancy


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA synchronous=FULL")  # a confirmed write survives a crash
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for a database URL, with SQLite set up for safe concurrent use."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def engine_for(settings: Settings) -> Engine:
    """The configured database; the SQLite data folder is created when needed."""
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(settings.url)


def migration_engine_for(settings: Settings) -> Engine:
    """The configured database as the owner of its tables (migration_database_url), to migrate it."""
    if settings.migration_database_url is None:
        return engine_for(settings)
    return make_engine(settings.migration_url)


def upgrade_to_head(settings: Settings) -> None:
    """Bring the configured database up to the newest migration, as the owner of its tables."""
    from triggerpoint.storage.migrate import upgrade  # Alembic: loaded only where a migration runs

    owner = migration_engine_for(settings)
    try:
        upgrade(owner)
    finally:
        owner.dispose()


def upgrade_in_child_process(settings: Settings) -> None:
    """upgrade_to_head in a short-lived process, so that a long-running server never holds Alembic and the
    migration scripts (about 15 MB) in its memory. A failed migration raises here, as it would in-process.

    Forked where the system can: a spawned child leaves a resource-tracker process running beside the server.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context(method)) as pool:
        pool.submit(upgrade_to_head, settings).result()


def session_factory(engine: Engine, clinic: bool = False) -> sessionmaker[Session]:
    """Sessions that scope each transaction to their clinic on PostgreSQL (storage.tenancy); personal
    mode's sessions see the rows of no clinic, clinic mode's see nothing until a clinic is entered."""
    sessions = sessionmaker(
        bind=engine, expire_on_commit=False, info={} if clinic else {tenancy.CLINIC: tenancy.PERSONAL}
    )
    tenancy.install(sessions)
    return sessions
