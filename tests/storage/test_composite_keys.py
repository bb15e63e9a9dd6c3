"""A child row cannot point at another client's or another clinic's parent (composite foreign keys),
on SQLite and PostgreSQL, whatever the app does: checked with raw SQL. Each refused row is first
accepted pointing at its own parent, so it is the key that refuses it and nothing else."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import count

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
SERIAL = count()


def _insert(db: Session, table: str, **values: object) -> int:
    values = {"uuid": f"{table}-{next(SERIAL)}", "created_at": NOW} | values
    columns, marks = ", ".join(values), ", ".join(f":{k}" for k in values)
    return int(db.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"), values).scalar_one())


def _clinic(db: Session, letter: str) -> dict[str, int]:
    clinic = _insert(db, "clinics", name=f"Clinic {letter}")
    account = {"email": f"t@{letter}.example", "display_name": "T", "role": "therapist", "recovery_digests": "[]"}
    therapist = _insert(db, "accounts", clinic_id=clinic, **account)
    client = _insert(db, "clients", display_name=f"C{letter}", clinic_id=clinic, therapist_id=therapist)
    plan = {"points": "[]", "activities": "[]", "precautions": "[]", "plan": "{}", "active": True}
    program = _insert(db, "programs", client_id=client, starts_on=NOW.date(), **plan)
    session = _insert(db, "selfcare_sessions", client_id=client, program_id=program, day=NOW.date())
    return {"clinic": clinic, "therapist": therapist, "client": client, "program": program, "session": session}


def _two_clinics(db: Session) -> tuple[dict[str, int], dict[str, int]]:
    return _clinic(db, "a"), _clinic(db, "b")


def _only_own(db: Session, table: str, own: dict[str, object], theirs: dict[str, object], **values: object) -> None:
    with db.begin_nested():
        _insert(db, table, **values, **own)
    with pytest.raises(IntegrityError), db.begin_nested():
        _insert(db, table, **values, **theirs)


def test_a_session_names_a_program_of_its_own_client(db: Session) -> None:
    a, b = _two_clinics(db)
    mine, theirs = {"program_id": a["program"]}, {"program_id": b["program"]}
    _only_own(db, "selfcare_sessions", mine, theirs, client_id=a["client"], day=date(2026, 3, 3))


def test_session_items_and_diary_entries_name_a_session_of_their_own_client(db: Session) -> None:
    a, b = _two_clinics(db)
    mine = {"client_id": a["client"], "session_id": a["session"]}
    theirs = {"client_id": a["client"], "session_id": b["session"]}
    item = {"item_key": "x", "status": "done", "logged_at": NOW}
    _only_own(db, "session_items", mine, theirs, **item)
    entry = {"recorded_at": NOW, "pain": 3, "drawing": "{}", "qualities": "{}", "triggers": "[]", "notes": ""}
    entry |= {"trigger_notes": "", "medications": "[]", "took_no_medication": False, "version": 1}
    _only_own(db, "diary_entries", mine | {"submission_id": "s-1"}, theirs | {"submission_id": "s-2"}, **entry)


def test_a_check_in_names_a_session_of_its_own_client(db: Session) -> None:
    a, b = _two_clinics(db)
    mine = {"client_id": a["client"], "session_id": a["session"]}
    theirs = {"client_id": a["client"], "session_id": b["session"]}
    flags = {"bruising": False, "numbness": False, "weakness": False, "paused": False}
    _only_own(db, "checkins", mine, theirs, day=NOW.date(), soreness="none", trend="same", message="", **flags)


def test_a_client_has_a_therapist_of_their_own_clinic(db: Session) -> None:
    a, b = _two_clinics(db)
    mine, theirs = {"therapist_id": a["therapist"]}, {"therapist_id": b["therapist"]}
    _only_own(db, "clients", mine, theirs, display_name="X", clinic_id=a["clinic"])


def test_a_share_and_a_link_stay_inside_one_clinic(db: Session) -> None:
    a, b = _two_clinics(db)
    share = text("INSERT INTO client_shares (clinic_id, client_id, account_id) VALUES (:c, :client, :account)")
    with db.begin_nested():
        db.execute(share, {"c": a["clinic"], "client": a["client"], "account": a["therapist"]})
    with pytest.raises(IntegrityError), db.begin_nested():
        db.execute(share, {"c": a["clinic"], "client": b["client"], "account": a["therapist"]})
    mine, theirs = {"account_id": a["therapist"], "token_digest": "d" * 64}, {"account_id": b["therapist"]}
    link = {"clinic_id": a["clinic"], "purpose": "invite", "expires_at": NOW}
    _only_own(db, "one_time_links", mine, theirs | {"token_digest": "e" * 64}, **link)
