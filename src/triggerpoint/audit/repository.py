"""Queries for the audit trail: append the next link, and read events, always of one clinic.

Appending reads the head and inserts the link after it in the caller's transaction, so two
writers must not both read the same head. PostgreSQL: a transaction-scoped advisory lock
serialises appends (under READ COMMITTED, the default, the head is read after the lock is
held, so it sees the last committed link). SQLite: only one transaction writes at a time;
the append makes sure its transaction holds that write lock before reading the head (the
Python driver starts a transaction only at the first write, so a head read before it could
be stale). Either way the chain stays one line under concurrent writers.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import datetime

from sqlalchemy import Connection, Select, select, text
from sqlalchemy.orm import Session

from triggerpoint.audit.chain import FIELDS, GENESIS, link_hash
from triggerpoint.audit.models import AuditEvent

APPEND_LOCK = 0x7470_6175_6469_7400  # pg_advisory_xact_lock key for audit appends ("tpaudit")


def _sqlite_idle(connection: Connection) -> bool:
    """Whether the SQLite driver has no transaction open yet (it opens one only at the first write)."""
    driver = connection.connection.dbapi_connection
    return connection.dialect.name == "sqlite" and not getattr(driver, "in_transaction", True)


def _hold_writer_lock(session: Session) -> None:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK})
    elif _sqlite_idle(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock before reading the head


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def head(session: Session) -> str:
    """The hash of the newest event of any clinic, or GENESIS when the trail is empty.

    PostgreSQL: read by migration 0007's lookup function, since row-level security shows a session
    only its own clinic's events and the chain runs through every clinic's.
    """
    if _postgres(session):
        newest = session.scalar(text("SELECT triggerpoint_audit_head()"))
    else:
        newest = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    return str(newest) if newest is not None else GENESIS


def every_link(session: Session) -> Generator[tuple[int, str, str]]:
    """PostgreSQL: (ID, prev_hash, hash) of every event of every clinic, in order, without their content,
    streamed (close it when stopping early). Only for PostgreSQL, where a session reads one clinic's events."""
    query = text("SELECT link_id, link_prev, link_hash FROM triggerpoint_audit_links()")
    result = session.execute(query.execution_options(yield_per=5000))
    try:
        for row in result:
            yield int(row[0]), str(row[1]), str(row[2])
    finally:
        result.close()


def reads_every_event(session: Session) -> bool:
    """Whether a session reads the content of every clinic's events (not on PostgreSQL: row-level security)."""
    return not _postgres(session)


def append(session: Session, **fields: object) -> AuditEvent:
    """Add the next event after the head, in the caller's transaction; `fields` are exactly chain.FIELDS."""
    if set(fields) != set(FIELDS):
        raise TypeError(f"an audit event has exactly the fields {', '.join(FIELDS)}")
    _hold_writer_lock(session)
    prev_hash = head(session)
    event = AuditEvent(**fields, prev_hash=prev_hash, hash=link_hash(prev_hash, fields))
    session.add(event)
    session.flush()
    return event


def _filtered(clinic: str, **equal: str | None) -> Select[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.clinic == clinic)
    for column, value in equal.items():
        if value is not None:
            query = query.where(getattr(AuditEvent, column) == value)
    return query


def events(
    session: Session,
    *,
    clinic: str,
    since: datetime | None = None,
    until: datetime | None = None,
    actor: str | None = None,
    client: str | None = None,
    action: str | None = None,
    limit: int = 500,
) -> list[AuditEvent]:
    """One clinic's events in [since, until), newest first, narrowed by actor, client and action."""
    query = _filtered(clinic, actor=actor, client=client, action=action)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    return list(session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))


def all_in_order(session: Session) -> Generator[AuditEvent]:
    """Every event of every clinic in chain order, streamed; only verification reads the trail unscoped.

    Close the generator when stopping early (contextlib.closing), so the cursor is released.
    """
    query = select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000)
    result = session.scalars(query)
    try:
        yield from result
    finally:
        result.close()
