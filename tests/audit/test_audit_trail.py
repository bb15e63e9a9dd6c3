"""The stored trail: appended in a chain, refused any change by the database, read one clinic at a time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from audit_factories import CLIENT, CLINIC_A, CLINIC_B, START, THERAPIST, make_entry
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from triggerpoint.audit import repository
from triggerpoint.audit.chain import GENESIS
from triggerpoint.audit.models import AuditEvent
from triggerpoint.audit.service import record, verify_trail

TRIGGERS = {
    "sqlite": ["DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"],
    "postgresql": ["DROP TRIGGER audit_events_append_only ON audit_events"],
}


def three(db: Session) -> list[AuditEvent]:
    for n in range(3):
        record(db, make_entry(n))
    return list(repository.all_in_order(db))


def without_triggers(db: Session) -> None:
    """Drop the append-only triggers inside the test's transaction (an owner tampering; rolled back after)."""
    for statement in TRIGGERS[db.get_bind().dialect.name]:
        db.execute(text(statement))


def test_appended_events_form_a_chain_that_verifies(db: Session) -> None:
    events = three(db)
    assert [e.prev_hash for e in events] == [GENESIS, events[0].hash, events[1].hash]
    assert repository.head(db) == events[-1].hash
    assert verify_trail(db) is None
    assert verify_trail(db, expected_head=events[-1].hash) is None


def test_an_empty_trail_has_the_genesis_head(db: Session) -> None:
    assert repository.head(db) == GENESIS
    assert verify_trail(db) is None


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_events SET detail = 'changed'", "DELETE FROM audit_events", "TRUNCATE audit_events"],
)
def test_the_database_refuses_to_change_or_remove_events(db: Session, statement: str) -> None:
    if statement.startswith("TRUNCATE") and db.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    three(db)
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
        db.execute(text(statement))
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == 3


@pytest.mark.parametrize(("column", "value"), [("detail", "nothing to see"), ("actor", None)])
def test_a_changed_event_is_found(db: Session, column: str, value: str | None) -> None:
    events = three(db)
    without_triggers(db)
    db.execute(text(f"UPDATE audit_events SET {column} = :value WHERE id = :id"), {"value": value, "id": events[1].id})
    db.expire_all()
    broken = verify_trail(db)
    assert broken is not None
    assert broken.row_id == events[1].id
    assert "content" in broken.reason


def test_a_removed_middle_event_is_found(db: Session) -> None:
    events = three(db)
    without_triggers(db)
    db.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": events[1].id})
    broken = verify_trail(db)
    assert broken is not None
    assert broken.row_id == events[2].id
    assert "prev_hash" in broken.reason


def test_a_cut_tail_is_found_against_the_head_kept_elsewhere(db: Session) -> None:
    events = three(db)
    kept_head = repository.head(db)
    without_triggers(db)
    db.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": events[2].id})
    assert verify_trail(db) is None
    broken = verify_trail(db, expected_head=kept_head)
    assert broken is not None
    assert broken.row_id == events[1].id


def test_events_are_one_clinics_only_and_filtered(db: Session) -> None:
    other_client = "3d3d3d3d-0000-4000-8000-000000000003"
    record(db, make_entry(0))
    record(db, make_entry(1, action="update"))
    record(db, make_entry(2, client=other_client, actor=None, actor_role="", action="denied", outcome="denied"))
    record(db, make_entry(3, clinic=CLINIC_B))
    assert [e.at for e in repository.events(db, clinic=CLINIC_A)] == [START + timedelta(minutes=n) for n in (2, 1, 0)]
    assert [e.clinic for e in repository.events(db, clinic=CLINIC_B)] == [CLINIC_B]
    assert len(repository.events(db, clinic=CLINIC_A, client=CLIENT)) == 2
    assert len(repository.events(db, clinic=CLINIC_A, actor=THERAPIST)) == 2
    assert [e.action for e in repository.events(db, clinic=CLINIC_A, action="update")] == ["update"]
    window = repository.events(db, clinic=CLINIC_A, since=START + timedelta(minutes=1), until=START + timedelta(2))
    assert [e.action for e in window] == ["denied", "update"]
    assert len(repository.events(db, clinic=CLINIC_A, limit=1)) == 1
    assert repository.events(db, clinic="no-such-clinic") == []


def test_instants_come_back_as_stored(db: Session) -> None:
    record(db, make_entry(0))
    db.expire_all()
    assert repository.events(db, clinic=CLINIC_A)[0].at == START


def test_an_unknown_action_or_outcome_is_refused(db: Session) -> None:
    with pytest.raises(ValueError, match="unknown audit action"):
        record(db, make_entry(action="peek"))
    with pytest.raises(ValueError, match="unknown audit action"):
        record(db, make_entry(outcome="maybe"))
    with pytest.raises(ValueError, match="cannot have succeeded"):
        record(db, make_entry(action="sign-in-failed"))


def test_a_long_resource_is_cut_to_fit(db: Session) -> None:
    record(db, make_entry(resource="GET /diary?" + "q" * 300))
    db.expire_all()
    assert len(repository.events(db, clinic=CLINIC_A)[0].resource) == 200
    assert verify_trail(db) is None


def test_append_takes_exactly_the_chain_fields(db: Session) -> None:
    with pytest.raises(TypeError, match="exactly the fields"):
        repository.append(db, clinic=CLINIC_A)
