"""Clinic mode's own pages: sign-in with a second factor, one-time links, clients, staff, account and audit.

The rules are in `accounts.service` and `audit.service`; these routes read forms, call them and
show the answer. One-time links and recovery codes are shown once and never stored in clear.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, field_validator

from triggerpoint.accounts import service as accounts
from triggerpoint.accounts import totp
from triggerpoint.accounts.policy import Action, Principal, Role, allowed
from triggerpoint.accounts.schemas import (
    ClientInviteForm,
    CodeForm,
    NewPasswordForm,
    ShareForm,
    SignInForm,
    StaffInviteForm,
)
from triggerpoint.accounts.throttle import ThrottleRule
from triggerpoint.audit import repository as audit_repo
from triggerpoint.audit import service as audit
from triggerpoint.chart import service as charts
from triggerpoint.clinics.models import Clinic
from triggerpoint.framework.auth import SESSION_SCOPE_KEY, cookie_name, session_cookie
from triggerpoint.framework.deps import DB, Index, Now, SignedIn, Templates, audit_access, record_access
from triggerpoint.framework.errors import PageError
from triggerpoint.learning import service as learning
from triggerpoint.learning.schemas import LearningMode, LearningModeForm

router = APIRouter(include_in_schema=False)
RULE = ThrottleRule()


def _where(request: Request, clock: Any) -> accounts.Where:
    return accounts.Where(address=request.client.host if request.client else "", now=clock.now())


def _with_session(request: Request, response: Response, started: accounts.Started) -> Response:
    response.set_cookie(**session_cookie(started.token, request.app.state.settings.behind_tls))
    return response


def _local(path: str) -> str:
    """Only a path on this site may follow sign-in (no open redirect)."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"


def _next_step(request: Request, started: accounts.Started, target: str) -> Response:
    after = "" if _local(target) == "/" else "?next=" + quote(_local(target), safe="/")
    where = {"signed-in": _local(target), "code": "/sign-in/code" + after, "enrol": "/sign-in/enrol"}[started.stage]
    return _with_session(request, RedirectResponse(where, status_code=303), started)


def _home(account: Any) -> str:
    """Where a signed-in person starts: a client's own body map, a therapist's clients, an admin's staff list."""
    return {Role.CLIENT: "/", Role.ADMIN: "/staff"}.get(account.role, "/clients")


def _pending(db: Any, signed_in: accounts.Current | None) -> accounts.Current:
    """The signed-in browser between password and code, its rows attached to this request's unit of work."""
    pending = _signed(signed_in)
    db.add_all([pending.account, pending.session])
    return pending


def _signed(signed_in: accounts.Current | None) -> accounts.Current:
    if signed_in is None:
        raise HTTPException(status_code=404)
    return signed_in


@router.get("/sign-in", name="sign_in")
def sign_in_page(
    request: Request, templates: Templates, next: Annotated[str, Query(max_length=500)] = "/"
) -> HTMLResponse:
    return templates.TemplateResponse(request, "sign_in.html", {"next": next, "error": None})


@router.post("/sign-in", name="sign_in_submit")
def sign_in_submit(
    request: Request, form: Annotated[SignInForm, Form()], db: DB, clock: Now, templates: Templates
) -> Response:
    """Check e-mail and password; staff go on to their second factor."""
    try:
        started = accounts.sign_in(db, form.email, form.password, _where(request, clock), RULE)
    except accounts.TooManyAttemptsError as error:
        page = templates.TemplateResponse(request, "sign_in.html", {"next": form.next, "error": str(error)}, 429)
        page.headers["retry-after"] = str(int(error.wait.total_seconds()))
        return page  # nothing to keep: a throttled attempt is not counted
    except accounts.AccountError as error:
        # The failure is recorded (throttling, audit) so this answer commits rather than raising.
        return templates.TemplateResponse(request, "sign_in.html", {"next": form.next, "error": str(error)}, 401)
    return _next_step(request, started, form.next)


@router.get("/sign-in/code", name="sign_in_code")
def code_page(
    request: Request, templates: Templates, signed_in: SignedIn, next: Annotated[str, Query(max_length=500)] = "/"
) -> HTMLResponse:
    _signed(signed_in)
    return templates.TemplateResponse(request, "sign_in_code.html", {"error": None, "next": next})


@router.post("/sign-in/code", name="sign_in_code_submit")
def code_submit(
    request: Request, form: Annotated[CodeForm, Form()], db: DB, clock: Now, templates: Templates, signed_in: SignedIn
) -> Response:
    pending = _pending(db, signed_in)
    try:
        started = accounts.pass_second_factor(db, pending, form.code, _where(request, clock), RULE)
    except accounts.TooManyAttemptsError as error:
        return templates.TemplateResponse(request, "sign_in_code.html", {"error": str(error), "next": form.next}, 429)
    except accounts.AccountError as error:
        return templates.TemplateResponse(request, "sign_in_code.html", {"error": str(error), "next": form.next}, 401)
    wanted = _local(form.next)
    return _next_step(request, started, wanted if wanted != "/" else _home(pending.account))


@router.get("/sign-in/enrol", name="sign_in_enrol")
def enrol_page(request: Request, db: DB, templates: Templates, signed_in: SignedIn) -> HTMLResponse:
    """Show the authenticator set-up (a secret made when the password step started the enrolment)."""
    account = _signed(signed_in).account
    if not account.totp_secret:
        raise HTTPException(status_code=404)
    return templates.TemplateResponse(request, "sign_in_enrol.html", _enrolment(account))


def _enrolment(account: Any, error: str | None = None) -> dict[str, Any]:
    """The enrol page: the QR code and key of the account's pending authenticator secret."""
    secret = account.totp_secret or ""
    return {"qr": totp.qr_svg(totp.provisioning_uri(secret, account.email)), "secret": secret, "error": error}


@router.post("/sign-in/enrol", name="sign_in_enrol_submit")
def enrol_submit(
    request: Request, form: Annotated[CodeForm, Form()], db: DB, clock: Now, templates: Templates, signed_in: SignedIn
) -> Response:
    pending = _pending(db, signed_in)
    try:
        started, codes = accounts.finish_enrolment(db, pending, form.code, _where(request, clock))
    except accounts.AccountError as error:
        context = _enrolment(pending.account, str(error))
        raise PageError(templates.TemplateResponse(request, "sign_in_enrol.html", context, 422)) from None
    page = templates.TemplateResponse(request, "recovery_codes.html", {"codes": codes})
    return _with_session(request, page, started)


@router.post("/sign-out", name="sign_out")
def sign_out(request: Request, db: DB, clock: Now, signed_in: SignedIn) -> Response:
    current = _signed(signed_in)
    db.add(current.session)
    accounts.sign_out(db, current, _where(request, clock))
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(cookie_name(request.app.state.settings.behind_tls), path="/")
    return response


@router.post("/account/sign-out-everywhere", name="sign_out_everywhere")
def sign_out_everywhere(request: Request, db: DB, clock: Now, signed_in: SignedIn) -> Response:
    accounts.sign_out(db, _signed(signed_in), _where(request, clock), everywhere=True)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(cookie_name(request.app.state.settings.behind_tls), path="/")
    return response


@router.get("/account", name="account")
def account_page(request: Request, db: DB, templates: Templates, signed_in: SignedIn) -> HTMLResponse:
    current = _signed(signed_in)
    sessions = accounts.open_sessions(db, current.account)
    context = {"account": current.account, "sessions": sessions, "this": current.session.id}
    return templates.TemplateResponse(request, "account.html", context)


@router.get("/link/{token}", name="link")
def link_page(request: Request, token: str, db: DB, clock: Now, templates: Templates) -> HTMLResponse:
    account = accounts.open_link(db, token, clock.now())
    if account is None:
        raise HTTPException(status_code=404)
    return templates.TemplateResponse(request, "set_password.html", {"account": account, "error": None})


@router.post("/link/{token}", name="link_submit")
def link_submit(
    request: Request, token: str, form: Annotated[NewPasswordForm, Form()], db: DB, clock: Now, templates: Templates
) -> Response:
    """Set a password through an invitation or reset link, then sign in (staff enrol a second factor next)."""
    account = accounts.open_link(db, token, clock.now())
    if account is None:
        raise HTTPException(status_code=404)
    try:
        if form.password != form.again:
            raise accounts.AccountError("The two passwords are not the same.")
        started = accounts.use_link(db, token, form.password, _where(request, clock))
    except accounts.AccountError as error:
        context = {"account": account, "error": str(error)}
        raise PageError(templates.TemplateResponse(request, "set_password.html", context, 422)) from None
    return _next_step(request, started, "/")


def _link_url(request: Request, token: str) -> str:
    return str(request.url_for("link", token=token))


def _audit_shown(request: Request, db: Any, clients: list[Any]) -> None:
    """The list shows each client's last visit, check-in and flags, read from their record: one audit event
    each; a GET's in a transaction of its own (a GET never writes its unit of work), a form's in its own."""
    signed_in = request.scope.get(SESSION_SCOPE_KEY)
    if signed_in is None:
        return
    for client in clients:
        if request.method == "GET":
            audit_access(request, signed_in, client, request.app.state.clock)
        else:
            record_access(db, request, signed_in, client, request.app.state.clock)


def _clients_page(
    request: Request, db: Any, templates: Any, principal: Principal, status: int = 200, search: str = "", **extra: Any
) -> HTMLResponse:
    """The client list: who the therapist may open (matching a search), each one's last visit, next-day check-in
    and flags (flagged first), whom each is shared with, and the invitation form."""
    rows = charts.client_rows(db, request.app.state.kb, principal, search, request.app.state.clock)
    _audit_shown(request, db, [row.client for row in rows])
    context = {
        "rows": rows,
        "search": search,
        "can_invite": allowed(principal, Action.INVITE_CLIENT),
        "colleagues": accounts.colleagues(db, principal),
        "shares": {row.client.id: accounts.shares_of(db, row.client) for row in rows},
        "me_id": principal.account_id,
        "invited": None,
        "error": None,
    } | extra
    page: HTMLResponse = templates.TemplateResponse(request, "client_list.html", context, status)
    return page


@router.get("/clients", name="client_list")
def client_list(
    request: Request,
    db: DB,
    templates: Templates,
    signed_in: SignedIn,
    q: Annotated[str, Query(max_length=120, pattern=r"^[^\x00]*$")] = "",  # PostgreSQL refuses NUL in text
) -> HTMLResponse:
    """The therapist's home: their clients, searchable by name or e-mail, the flagged ones first."""
    principal = _signed(signed_in).principal
    if not allowed(principal, Action.LIST_CLIENTS):
        raise HTTPException(status_code=404)
    return _clients_page(request, db, templates, principal, search=q)


@router.post("/clients", name="client_invite")
def client_invite(
    request: Request,
    form: Annotated[ClientInviteForm, Form()],
    db: DB,
    clock: Now,
    templates: Templates,
    signed_in: SignedIn,
) -> Response:
    principal = _signed(signed_in).principal
    if not allowed(principal, Action.INVITE_CLIENT):
        raise HTTPException(status_code=404)
    try:
        client, token = accounts.invite_client(db, principal, form.email, form.name, _where(request, clock))
    except accounts.AccountError as error:
        raise PageError(_clients_page(request, db, templates, principal, 422, error=str(error))) from None
    invited = {"name": client.display_name, "link": _link_url(request, token)}
    return _clients_page(request, db, templates, principal, invited=invited)


@router.post("/clients/{client_ref}/share", name="client_share")
def client_share(
    request: Request,
    client_ref: str,
    form: Annotated[ShareForm, Form()],
    db: DB,
    clock: Now,
    templates: Templates,
    signed_in: SignedIn,
) -> Response:
    """Share a client with another therapist of the clinic, or stop sharing (their own therapist only)."""
    principal = _signed(signed_in).principal
    try:
        accounts.share_client(db, principal, client_ref, form.account, form.shared == "yes", _where(request, clock))
    except LookupError:
        raise HTTPException(status_code=404) from None
    except accounts.AccountError as error:
        raise PageError(_clients_page(request, db, templates, principal, 422, error=str(error))) from None
    return RedirectResponse("/clients", status_code=303)


def _admin(signed_in: accounts.Current | None, action: Action) -> accounts.Current:
    current = _signed(signed_in)
    if not allowed(current.principal, action):
        raise HTTPException(status_code=404)
    return current


def _staff_page(request: Request, db: Any, templates: Any, current: accounts.Current, **extra: Any) -> HTMLResponse:
    members = accounts.members(db, current.principal)
    context = {"members": members, "me": current.account, "invited": None, "error": None, "reset": None} | extra
    status = 422 if extra.get("error") else 200
    page: HTMLResponse = templates.TemplateResponse(request, "staff.html", context, status)
    return page


@router.get("/staff", name="staff")
def staff(request: Request, db: DB, templates: Templates, signed_in: SignedIn) -> HTMLResponse:
    return _staff_page(request, db, templates, _admin(signed_in, Action.MANAGE_STAFF))


@router.post("/staff", name="staff_invite")
def staff_invite(
    request: Request,
    form: Annotated[StaffInviteForm, Form()],
    db: DB,
    clock: Now,
    templates: Templates,
    signed_in: SignedIn,
) -> Response:
    current = _admin(signed_in, Action.MANAGE_STAFF)
    try:
        account, token = accounts.invite_staff(
            db, current.principal, form.email, form.name, form.role, _where(request, clock)
        )
    except accounts.AccountError as error:
        raise PageError(_staff_page(request, db, templates, current, error=str(error))) from None
    invited = {"name": account.display_name, "link": _link_url(request, token)}
    return _staff_page(request, db, templates, current, invited=invited)


@router.post("/staff/{account_ref}/reset", name="staff_reset")
def staff_reset(
    request: Request, account_ref: str, db: DB, clock: Now, templates: Templates, signed_in: SignedIn
) -> Response:
    current = _admin(signed_in, Action.MANAGE_STAFF)
    try:
        token = accounts.reset_link(db, current.principal, account_ref, _where(request, clock))
    except LookupError:
        raise HTTPException(status_code=404) from None
    return _staff_page(request, db, templates, current, reset={"link": _link_url(request, token)})


@router.post("/staff/{account_ref}/disable", name="staff_disable")
def staff_disable(
    request: Request, account_ref: str, db: DB, clock: Now, templates: Templates, signed_in: SignedIn
) -> Response:
    current = _admin(signed_in, Action.MANAGE_STAFF)
    try:
        accounts.set_disabled(db, current.principal, account_ref, True, _where(request, clock))
    except LookupError:
        raise HTTPException(status_code=404) from None
    except accounts.AccountError as error:
        raise PageError(_staff_page(request, db, templates, current, error=str(error))) from None
    return RedirectResponse("/staff", status_code=303)


def _learning_page(request: Request, db: Any, templates: Any, index: Any, current: accounts.Current) -> HTMLResponse:
    model = learning.model_for(db, current.principal.clinic_id, index)
    context = {
        "mode": model.mode.value,
        "modes": list(LearningMode),
        "since": model.since,
        "points": learning.points_read(model, index),
        "can_change": allowed(current.principal, Action.CHANGE_SETTINGS),
    }
    page: HTMLResponse = templates.TemplateResponse(request, "learning.html", context)
    return page


@router.get("/clinic/learning", name="learning")
def learning_page(request: Request, db: DB, templates: Templates, index: Index, signed_in: SignedIn) -> HTMLResponse:
    """What the clinic's confirmed findings have taught the finder, and (for an admin) the choice and the reset."""
    current = _admin(signed_in, Action.LIST_CLIENTS)  # the clinic's staff: its therapists and admins
    return _learning_page(request, db, templates, index, current)


@router.post("/clinic/learning", name="learning_mode")
def learning_mode(
    request: Request, form: Annotated[LearningModeForm, Form()], db: DB, clock: Now, signed_in: SignedIn
) -> Response:
    current = _admin(signed_in, Action.CHANGE_SETTINGS)
    learning.set_mode(db, current.principal, form.mode, _where(request, clock).address, clock.now())
    return RedirectResponse("/clinic/learning", status_code=303)


@router.post("/clinic/learning/reset", name="learning_reset")
def learning_reset(request: Request, db: DB, clock: Now, signed_in: SignedIn) -> Response:
    current = _admin(signed_in, Action.CHANGE_SETTINGS)
    learning.reset(db, current.principal, _where(request, clock).address, clock.now())
    return RedirectResponse("/clinic/learning", status_code=303)


AuditText = Annotated[str | None, Field(max_length=64, pattern=r"^[A-Za-z0-9:.+\-]*$")]


class AuditFilters(BaseModel):
    """What the audit page and its FHIR download may be narrowed to."""

    actor: AuditText = None
    client: AuditText = None
    action: AuditText = None
    since: date | None = None

    @field_validator("since", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value  # the filter form sends an empty date box as ""


def _audit_events(db: Any, current: accounts.Current, filters: AuditFilters) -> list[Any]:
    clinic = db.get(Clinic, current.account.clinic_id)
    since = datetime.combine(filters.since, time.min, tzinfo=UTC) if filters.since else None
    return audit_repo.events(
        db,
        clinic=clinic.uuid,
        since=since,
        actor=filters.actor or None,
        client=filters.client or None,
        action=filters.action or None,
    )


@router.get("/audit", name="audit")
def audit_page(
    request: Request, db: DB, templates: Templates, signed_in: SignedIn, filters: Annotated[AuditFilters, Query()]
) -> HTMLResponse:
    """The clinic's audit trail, newest first, with filters and whether the hash chain holds."""
    current = _admin(signed_in, Action.READ_AUDIT)
    context = {
        "events": _audit_events(db, current, filters),
        "filters": filters,
        "broken": audit.verify_trail(db),
        "members": {a.uuid: a for a in accounts.members(db, current.principal)},
    }
    return templates.TemplateResponse(request, "audit.html", context)


@router.get("/audit/fhir.json", name="audit_fhir")
def audit_fhir(db: DB, signed_in: SignedIn, filters: Annotated[AuditFilters, Query()]) -> Response:
    """The filtered trail as a FHIR R4 Bundle of AuditEvent resources."""
    current = _admin(signed_in, Action.READ_AUDIT)
    bundle = audit.as_fhir_bundle(_audit_events(db, current, filters))
    headers = {"content-disposition": 'attachment; filename="audit-trail.fhir.json"'}
    return JSONResponse(bundle, media_type="application/fhir+json", headers=headers)
