"""Request dependencies: one unit of work per request, the person, the clock, the knowledge base.

The unit of work commits when the handler returns and rolls back when it raises, so a
refused request stores nothing. Services flush; only this dependency commits. A GET that
tries to write is a bug: it raises instead of committing.

Dependencies that only read the app's state are `async def`: FastAPI runs a plain `def` one in
a worker thread, and each such hop costs a request about half a millisecond. Those that touch
the database stay plain functions, off the event loop.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, Any

import anyio
from fastapi import Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from triggerpoint.accounts import service as accounts
from triggerpoint.accounts.policy import Action
from triggerpoint.audit.service import AuditEntry
from triggerpoint.audit.service import record as record_event
from triggerpoint.clients import repository as clients_repo
from triggerpoint.clients.models import Client
from triggerpoint.clinics.models import Clinic
from triggerpoint.clock import Clock
from triggerpoint.errors import NotFoundError
from triggerpoint.finder import FinderIndex
from triggerpoint.framework.auth import SESSION_SCOPE_KEY
from triggerpoint.framework.security import TOKEN_COOKIE, TOKEN_FIELD, form_token_matches
from triggerpoint.kb import KnowledgeBase
from triggerpoint.storage import tenancy

READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})
EXPORTS = re.compile(r"(export|\.pdf|\.json|\.csv|\.ics|\.zip|handout)")


class WriteOnReadError(RuntimeError):
    """A GET (or HEAD) request tried to change stored data."""


WRITES = "triggerpoint.writes"  # key in session.info: the writes a request's unit of work saw


def watch_writes(sessions: sessionmaker[Session]) -> None:
    """Note in each unit of work's session.info every write it flushes or executes (listeners set once, here,
    rather than on every request's session)."""
    event.listen(sessions, "before_flush", _on_flush)
    event.listen(sessions, "do_orm_execute", _on_execute)


def _on_flush(session: Session, _context: Any, _instances: Any) -> None:
    writes: list[str] | None = session.info.get(WRITES)
    if writes is not None and (session.new or session.dirty or session.deleted):
        writes.append("flush")


def _on_execute(state: ORMExecuteState) -> None:
    writes: list[str] | None = state.session.info.get(WRITES)
    if writes is not None and (state.is_insert or state.is_update or state.is_delete):
        writes.append("statement")


async def get_db(request: Request) -> AsyncIterator[Session]:
    """The request's unit of work: committed on success, rolled back on any error; reads never write.

    Signed in (clinic mode), every transaction is scoped to the account's clinic (storage.tenancy).
    Opening it touches no database (the first query connects, in the handler's thread), so only
    its end, the commit or rollback and the close, runs in a worker thread: one hop, not two.
    """
    session: Session = request.app.state.sessions()
    signed_in: accounts.Current | None = request.scope.get(SESSION_SCOPE_KEY)
    if signed_in is not None:
        tenancy.enter_clinic(session, signed_in.account.clinic_id)
    writes: list[str] = []
    session.info[WRITES] = writes
    try:
        yield session
    except BaseException:
        await _in_worker(_discard, session)
        raise
    await _in_worker(_finish, session, request.method, request.url.path, writes)


async def _in_worker(end: Callable[..., None], *args: Any) -> None:
    # As FastAPI ends a plain `def` dependency: shielded from cancellation, so the session is always
    # closed, and on a limiter of its own, so it never waits for a worker that waits for a connection.
    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(end, *args, limiter=anyio.CapacityLimiter(1))


def _discard(session: Session) -> None:
    with session:
        session.rollback()


def _finish(session: Session, method: str, path: str, writes: list[str]) -> None:
    """Commit a change; roll back a read, and refuse it if it tried to write."""
    with session:
        if method not in READ_ONLY:
            session.commit()
            return
        session.rollback()
        if writes or session.new or session.dirty or session.deleted:
            raise WriteOnReadError(f"{method} {path} tried to write")


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def get_kb(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase = request.app.state.kb
    return kb


async def get_index(request: Request) -> FinderIndex:
    index: FinderIndex = request.app.state.index
    return index


async def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


DB = Annotated[Session, Depends(get_db, scope="function")]
Now = Annotated[Clock, Depends(get_clock)]
KB = Annotated[KnowledgeBase, Depends(get_kb)]
Index = Annotated[FinderIndex, Depends(get_index)]
Templates = Annotated[Jinja2Templates, Depends(get_templates)]


async def get_signed_in(request: Request) -> accounts.Current | None:
    """The signed-in account in clinic mode (the front door put it in the scope); None on a personal machine."""
    found: accounts.Current | None = request.scope.get(SESSION_SCOPE_KEY)
    return found


SignedIn = Annotated[accounts.Current | None, Depends(get_signed_in)]


def get_client(request: Request, db: DB, signed_in: SignedIn, clock: Now) -> Client:
    """The person whose records these are: the local client on a personal machine; in a clinic, the client the
    signed-in account may open (their own in the portal, or `/clients/{client_ref}/…` for staff), else 404.

    Every such access is audited, in its own transaction so a read leaves its trace too.
    """
    if not request.app.state.settings.clinic:
        client = clients_repo.first_client(db)
        if client is None:
            raise RuntimeError("no local client: the app makes one at start-up")
        return client
    if signed_in is None:
        raise HTTPException(status_code=404)
    action = Action.READ_RECORD if request.method in READ_ONLY else Action.CHANGE_RECORD
    found = accounts.client_for(db, signed_in.principal, request.path_params.get("client_ref"), action)
    audit_access(request, signed_in, found, clock)
    if found is None:
        raise HTTPException(status_code=404)
    request.state.record_owner = RecordOwner(found.uuid, found.display_name)
    return found


@dataclass(frozen=True)
class RecordOwner:
    """Whose record a page shows (a plain copy: error pages render after the unit of work has closed)."""

    uuid: str
    display_name: str


def audit_access(request: Request, signed_in: accounts.Current, client: Client | None, clock: Clock) -> None:
    """One audit event for a request that touches (or was refused) a client's record, in a transaction of its own."""
    account = signed_in.account
    with request.app.state.sessions() as trail:
        tenancy.enter_clinic(trail, account.clinic_id)
        record_access(trail, request, signed_in, client, clock)
        trail.commit()


def record_access(db: Session, request: Request, signed_in: accounts.Current, client: Client | None,
                  clock: Clock) -> None:  # fmt: skip
    """Add the audit event of an access to a client's record to a unit of work (it commits with it)."""
    account = signed_in.account
    clinic = db.get(Clinic, account.clinic_id)
    record_event(
        db,
        AuditEntry(
            at=clock.now(),
            clinic=clinic.uuid if clinic else "",
            actor=account.uuid,
            actor_role=account.role,
            client=client.uuid if client else None,
            action=access_action(request.method, request.url.path) if client else "denied",
            resource=f"{request.method} {request.url.path}"[:200],
            outcome="success" if client else "denied",
            address=request.client.host if request.client else "",
        ),
    )


def access_action(method: str, path: str) -> str:
    """The audit action for a request on a record: export for downloads, read for other GETs, else change."""
    if method in READ_ONLY:
        return "export" if EXPORTS.search(path) else "read"
    return "delete" if method == "DELETE" or path.endswith("/delete") else "update"


Me = Annotated[Client, Depends(get_client)]


def recording_therapist(db: Session, signed_in: accounts.Current | None, client: Client) -> int:
    """The signed-in therapist's account ID, if they may record this client's visits; else a 404 naming nothing
    (the same answer as a visit that is not there; on a personal machine there is no therapist)."""
    if signed_in is None or not accounts.may(db, signed_in.principal, Action.RECORD_VISIT, client):
        raise NotFoundError("visit_id", "no visit here")
    return signed_in.account.id


TOKEN_REFUSED = "This form has expired or came from another site. Go back, reload the page and try again."


async def require_form_token(request: Request) -> None:
    """Refuse (403) a state-changing page request whose form does not carry its browser's form token."""
    if request.method in READ_ONLY:
        return
    form = await request.form()  # parsed once: the route's form model reads the same
    if not form_token_matches(request.app.state.form_signer, request.cookies.get(TOKEN_COOKIE), form.get(TOKEN_FIELD)):
        raise HTTPException(status_code=403, detail=TOKEN_REFUSED)
