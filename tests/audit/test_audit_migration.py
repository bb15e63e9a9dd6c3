"""Migration 0005 creates the append-only audit table, and its downgrade removes it with its triggers."""

from __future__ import annotations

import pytest
from alembic import command
from audit_factories import make_entry
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from triggerpoint.audit.service import record
from triggerpoint.storage.migrate import alembic_config, upgrade


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_down_and_up_again_keeps_the_table_append_only(fresh_engine: Engine) -> None:
    downgrade(fresh_engine, "0004")
    assert "audit_events" not in inspect(fresh_engine).get_table_names()
    if fresh_engine.dialect.name == "postgresql":
        with fresh_engine.connect() as connection:
            query = text("SELECT count(*) FROM pg_proc WHERE proname = 'audit_events_append_only'")
            assert connection.scalar(query) == 0
    upgrade(fresh_engine)
    with Session(fresh_engine) as session, session.begin():
        record(session, make_entry())
    with fresh_engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text("DELETE FROM audit_events"))
