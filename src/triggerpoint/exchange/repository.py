"""The queries export and import need beyond the domains' own: records by UUID, for one client or any."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session


def for_client(session: Session, model: Any, client_id: int) -> list[Any]:
    """Every record of a type that belongs to a client, oldest first."""
    return list(session.scalars(select(model).where(model.client_id == client_id).order_by(model.id)))


def owned_by(session: Session, model: Any, uuid: str) -> int | None:
    """The client a record with this UUID belongs to, if it exists at all."""
    found: int | None = session.scalars(select(model.client_id).where(model.uuid == uuid)).first()
    return found


def uuid_of(session: Session, model: Any, client_id: int, row_id: int | None) -> str | None:
    """The UUID of a client's record by row ID (to write references as UUIDs)."""
    if row_id is None:
        return None
    found: str | None = session.scalars(
        select(model.uuid).where(model.client_id == client_id, model.id == row_id)
    ).first()
    return found
