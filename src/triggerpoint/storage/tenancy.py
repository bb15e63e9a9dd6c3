"""PostgreSQL's second wall: every transaction tells the database whose rows it may see (migration 0007).

A session carries its clinic in `session.info`; when a transaction begins, the clinic is set
with `set_config('app.clinic_id', …, true)` (transaction-local, so a pooled connection never
carries it over). Personal mode's sessions carry PERSONAL, which sees the rows of no clinic.
Before a request's clinic is known (sign-in, a one-time link, the session cookie), one of the
lookup functions of migration 0007 names the clinic, and the session enters it. SQLite has
no row-level security: everything here does nothing there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, text
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

CLINIC = "triggerpoint.clinic_id"  # key in session.info
PERSONAL = "personal"
LOOKUPS = frozenset(
    {
        "triggerpoint_account_clinic",
        "triggerpoint_session_clinic",
        "triggerpoint_link_clinic",
        "triggerpoint_clinic_named",
    }
)
_SET = text("SELECT set_config('app.clinic_id', :value, true)")


def install(sessions: sessionmaker[Session]) -> None:
    """Make every transaction of these sessions set the clinic it is scoped to first."""
    event.listen(sessions, "after_begin", _on_begin)


def _on_begin(session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    value = session.info.get(CLINIC)
    if value is not None and connection.dialect.name == "postgresql":
        connection.execute(_SET, {"value": str(value)})


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def current(session: Session) -> Any:
    """The clinic row ID (or PERSONAL) the session is scoped to; None when not yet known."""
    return session.info.get(CLINIC)


def enter_clinic(session: Session, clinic_id: int) -> None:
    """Scope the session to a clinic: the open transaction, if any, and every later one."""
    session.info[CLINIC] = clinic_id
    if session.in_transaction() and _postgres(session):
        session.execute(_SET, {"value": str(clinic_id)})


def clinic_of(session: Session, lookup: str, key: str) -> int | None:
    """PostgreSQL: the clinic a sign-in key belongs to, from a lookup function; None elsewhere or when unknown."""
    if lookup not in LOOKUPS:
        raise ValueError(f"no lookup function {lookup!r}")
    if not _postgres(session):
        return None
    found = session.scalar(text(f"SELECT {lookup}(:key)"), {"key": key})
    return int(found) if found is not None else None


def enter_clinic_of(session: Session, lookup: str, key: str) -> int | None:
    """The clinic a key belongs to (PostgreSQL), entered when the session is in none yet."""
    found = clinic_of(session, lookup, key)
    if found is not None and current(session) is None:
        enter_clinic(session, found)
    return found


def claim_clinic_id(session: Session) -> int | None:
    """PostgreSQL: the row ID for a new clinic, taken from its sequence and entered (so the INSERT passes the
    policy); None elsewhere (the database numbers the row)."""
    if not _postgres(session):
        return None
    claimed = int(session.scalar(text("SELECT nextval(pg_get_serial_sequence('clinics', 'id'))")) or 0)
    enter_clinic(session, claimed)
    return claimed
