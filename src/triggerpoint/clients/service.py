"""The local client: on a personal machine there is one, created on first use."""

from __future__ import annotations

from sqlalchemy.orm import Session

from triggerpoint.clients import repository
from triggerpoint.clients.models import Client


def local_client(session: Session) -> Client:
    """The person using this machine; created the first time it is needed (no account)."""
    return repository.first_client(session) or repository.add_client(session, Client(display_name="Me"))
