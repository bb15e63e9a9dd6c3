"""Queries for clients."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from triggerpoint.clients.models import Client


def first_client(session: Session) -> Client | None:
    return session.scalars(select(Client).order_by(Client.id).limit(1)).first()


def client_by_uuid(session: Session, uuid: str) -> Client | None:
    return session.scalars(select(Client).where(Client.uuid == uuid)).first()


def add_client(session: Session, client: Client) -> Client:
    session.add(client)
    session.flush()
    return client


def clinic_id_of(session: Session, client_id: int) -> int | None:
    """The clinic a client belongs to (None in personal mode)."""
    return session.scalar(select(Client.clinic_id).where(Client.id == client_id))
