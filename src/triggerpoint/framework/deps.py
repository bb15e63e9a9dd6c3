"""Request dependencies: one unit of work per request, the person, the clock, the knowledge base.

The unit of work commits when the handler returns and rolls back when it raises, so a
refused request stores nothing. Services flush; only this dependency commits. A GET that
tries to write is a bug: it raises instead of committing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from triggerpoint.clients import repository as clients_repo
from triggerpoint.clients.models import Client
from triggerpoint.clock import Clock
from triggerpoint.finder import FinderIndex
from triggerpoint.framework.security import TOKEN_COOKIE, TOKEN_FIELD, form_token_matches
from triggerpoint.kb import KnowledgeBase

READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})


class WriteOnReadError(RuntimeError):
    """A GET (or HEAD) request tried to change stored data."""


def _watch_writes(session: Session) -> list[str]:
    writes: list[str] = []

    def on_flush(flushed: Session, _context: Any, _instances: Any) -> None:
        if flushed.new or flushed.dirty or flushed.deleted:
            writes.append("flush")

    def on_execute(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            writes.append("statement")

    event.listen(session, "before_flush", on_flush)
    event.listen(session, "do_orm_execute", on_execute)
    return writes


def get_db(request: Request) -> Iterator[Session]:
    """The request's unit of work: committed on success, rolled back on any error; reads never write."""
    with request.app.state.sessions() as session:
        writes = _watch_writes(session)
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        if request.method in READ_ONLY:
            session.rollback()
            if writes or session.new or session.dirty or session.deleted:
                raise WriteOnReadError(f"{request.method} {request.url.path} tried to write")
        else:
            session.commit()


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def get_kb(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase = request.app.state.kb
    return kb


def get_index(request: Request) -> FinderIndex:
    index: FinderIndex = request.app.state.index
    return index


def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


DB = Annotated[Session, Depends(get_db, scope="function")]
Now = Annotated[Clock, Depends(get_clock)]
KB = Annotated[KnowledgeBase, Depends(get_kb)]
Index = Annotated[FinderIndex, Depends(get_index)]
Templates = Annotated[Jinja2Templates, Depends(get_templates)]


def get_client(db: DB) -> Client:
    """The person whose records these are (on a personal machine, the local client made at start-up)."""
    client = clients_repo.first_client(db)
    if client is None:
        raise RuntimeError("no local client: the app makes one at start-up")
    return client


Me = Annotated[Client, Depends(get_client)]


TOKEN_REFUSED = "This form has expired or came from another site. Go back, reload the page and try again."


async def require_form_token(request: Request) -> None:
    """Refuse (403) a state-changing page request whose form does not carry its browser's form token."""
    if request.method in READ_ONLY:
        return
    form = await request.form()  # parsed once: the route's form model reads the same
    if not form_token_matches(request.app.state.form_signer, request.cookies.get(TOKEN_COOKIE), form.get(TOKEN_FIELD)):
        raise HTTPException(status_code=403, detail=TOKEN_REFUSED)
