"""Queries the SOAP note needs; every one is scoped to a client (tests/security/test_scoped_queries.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from triggerpoint.accounts.models import Account
from triggerpoint.clients.models import Client
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.visits.models import Addendum, Finding, Intake, Treatment, Visit, VisitNote


def client(session: Session, client_id: int) -> Client | None:
    """The client the note is about."""
    return session.get(Client, client_id)


def visit_by_uuid(session: Session, client_id: int, uuid: str) -> Visit | None:
    """One of the client's visits."""
    return session.scalars(select(Visit).where(Visit.client_id == client_id, Visit.uuid == uuid)).first()


def previous_visit(session: Session, client_id: int, visit: Visit) -> Visit | None:
    """The client's visit just before this one."""
    query = select(Visit).where(Visit.client_id == client_id, Visit.started_at < visit.started_at)
    return session.scalars(query.order_by(Visit.started_at.desc(), Visit.id.desc()).limit(1)).first()


def findings_of(session: Session, client_id: int, visit_id: int) -> list[Finding]:
    """A visit's findings in the order they were recorded."""
    query = select(Finding).where(Finding.client_id == client_id, Finding.visit_id == visit_id)
    return list(session.scalars(query.order_by(Finding.id)))


def treatments_of(session: Session, client_id: int, visit_id: int) -> list[Treatment]:
    """A visit's treatments in the order they were given."""
    query = select(Treatment).where(Treatment.client_id == client_id, Treatment.visit_id == visit_id)
    return list(session.scalars(query.order_by(Treatment.id)))


def drawing(session: Session, client_id: int, drawing_id: int | None) -> PainDrawing | None:
    """The drawing a visit started from."""
    if drawing_id is None:
        return None
    query = select(PainDrawing).where(PainDrawing.client_id == client_id, PainDrawing.id == drawing_id)
    return session.scalars(query).first()


def intake(session: Session, client_id: int, intake_id: int | None) -> Intake | None:
    """The intake a visit carries its precautions from."""
    if intake_id is None:
        return None
    return session.scalars(select(Intake).where(Intake.client_id == client_id, Intake.id == intake_id)).first()


def staff(session: Session, client_id: int, account_id: int | None) -> Account | None:
    """An account of the client's own clinic (a therapist, a note's signer, an addendum's author)."""
    if account_id is None:
        return None
    query = (
        select(Account)
        .join(Client, Client.clinic_id == Account.clinic_id)
        .where(Client.id == client_id, Account.id == account_id)
    )
    return session.scalars(query).first()


def note_of_visit(session: Session, client_id: int, visit_id: int) -> VisitNote | None:
    """A visit's note, if one was drafted."""
    query = select(VisitNote).where(VisitNote.client_id == client_id, VisitNote.visit_id == visit_id)
    return session.scalars(query).first()


def note_by_uuid(session: Session, client_id: int, uuid: str) -> VisitNote | None:
    """One of the client's notes."""
    query = select(VisitNote).where(VisitNote.client_id == client_id, VisitNote.uuid == uuid)
    return session.scalars(query).first()


def addenda_of(session: Session, client_id: int, note_id: int) -> list[Addendum]:
    """A note's addenda, oldest first."""
    query = select(Addendum).where(Addendum.client_id == client_id, Addendum.note_id == note_id)
    return list(session.scalars(query.order_by(Addendum.written_at, Addendum.id)))


def add(session: Session, client_id: int, row: VisitNote | Addendum) -> None:
    """Store a new note or addendum of this client."""
    if row.client_id != client_id:
        raise ValueError("the row belongs to another client")
    session.add(row)
    session.flush()


def save_note_if_version(
    session: Session, client_id: int, note: VisitNote, version: int, values: dict[str, Any]
) -> bool:
    """Write `values` and the next version only if the stored note is still at `version` and unsigned."""
    query = (
        update(VisitNote)
        .where(
            VisitNote.id == note.id,
            VisitNote.client_id == client_id,
            VisitNote.version == version,
            VisitNote.signed_at.is_(None),
        )
        .values(**values, version=version + 1)
        .execution_options(synchronize_session=False)
    )
    changed: bool = session.execute(query).rowcount == 1  # type: ignore[attr-defined]
    session.expire(note)
    return changed
