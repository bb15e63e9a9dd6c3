"""Request dependencies shared by the record pages and the JSON API: database, client, clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from triggerpoint.clients.models import Client
from triggerpoint.clients.service import local_client
from triggerpoint.clock import Clock


def get_db(request: Request) -> Iterator[Session]:
    """A database session per request; the handler commits, anything unfinished rolls back."""
    with request.app.state.sessions() as session:
        yield session


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


DB = Annotated[Session, Depends(get_db)]
Now = Annotated[Clock, Depends(get_clock)]


def get_client(db: DB) -> Client:
    """The person whose records these are (the local client on a personal machine)."""
    client = local_client(db)
    db.commit()
    return client


Me = Annotated[Client, Depends(get_client)]
