"""Clinic accounts: making a clinic, invitations, sign-in with a second factor, sessions and who may open which record.

Every rule about accounts lives here; pages and the CLI call these functions. The caller's
unit of work commits. Each sign-in attempt, MFA change and permission change is audited.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.orm import Session

from triggerpoint.accounts import passwords, totp
from triggerpoint.accounts import repository as repo
from triggerpoint.accounts.models import Account, AuthSession, OneTimeLink, SignInFailure
from triggerpoint.accounts.policy import Action, ClientAccess, Principal, Role, allowed
from triggerpoint.accounts.throttle import ThrottleRule, retry_after
from triggerpoint.audit.service import AuditEntry, record
from triggerpoint.clients.models import Client, ClientShare
from triggerpoint.clinics.models import Clinic

LINK_LIFETIME = timedelta(days=7)
STAFF = frozenset({Role.ADMIN, Role.THERAPIST})
REFUSED = "That e-mail and password do not match an account, or the account is not active."
Stage = Literal["signed-in", "code", "enrol"]


class AccountError(ValueError):
    """A request the account rules refuse; the message is safe to show."""


class TooManyAttemptsError(AccountError):
    """Sign-in is throttled for this account or address; try again after `wait`."""

    def __init__(self, wait: timedelta) -> None:
        minutes = max(1, round(wait.total_seconds() / 60))
        super().__init__(f"Too many attempts. Try again in {minutes} minute{'s' if minutes > 1 else ''}.")
        self.wait = wait


@dataclass(frozen=True)
class Where:
    """Who is asking, from where and when: what every audited step needs."""

    address: str
    now: datetime


@dataclass(frozen=True)
class Started:
    """A new browser session: the cookie value (shown once) and what the person must do next."""

    token: str
    stage: Stage


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def principal_of(account: Account, client: Client | None = None) -> Principal:
    return Principal(account.id, account.clinic_id, account.role, client.id if client else None)


def _audit(
    db: Session, where: Where, clinic: Clinic | None, account: Account | None, action: str, **extra: str
) -> None:
    record(
        db,
        AuditEntry(
            at=where.now,
            clinic=clinic.uuid if clinic else "",
            actor=account.uuid if account else None,
            actor_role=account.role if account else "",
            client=extra.get("client"),
            action=action,
            resource=extra.get("resource", "account"),
            outcome=extra.get("outcome", "success"),
            address=where.address,
            detail=extra.get("detail", ""),
        ),
    )


def _staff_change(db: Session, where: Where, clinic: Clinic, admin: Principal, account: Account, detail: str) -> None:
    """Audit an admin's change to an account (an invitation, disabling, enabling)."""
    _audit(
        db, where, clinic, _account(db, admin), "permission-change", resource=f"account/{account.uuid}", detail=detail
    )


def _new_link(db: Session, account: Account, purpose: str, now: datetime) -> str:
    repo.retire_links(db, account.id, now)
    token = secrets.token_urlsafe(32)
    repo.add(
        db,
        OneTimeLink(
            clinic_id=account.clinic_id,
            account_id=account.id,
            token_digest=digest(token),
            purpose=purpose,
            expires_at=now + LINK_LIFETIME,
        ),
    )
    return token


def _normal_email(email: str) -> str:
    cleaned = email.strip().lower()
    if "@" not in cleaned or len(cleaned) > 254 or cleaned.startswith("@") or cleaned.endswith("@"):
        raise AccountError("Enter an e-mail address, like name@example.org.")
    return cleaned


def _new_account(db: Session, clinic: Clinic, email: str, name: str, role: Role) -> Account:
    address = _normal_email(email)
    if repo.account_by_email(db, address) is not None:
        raise AccountError("An account with that e-mail address exists already.")
    return repo.add(db, Account(clinic_id=clinic.id, email=address, display_name=name.strip() or address, role=role))


def create_clinic(db: Session, name: str, admin_email: str, where: Where) -> tuple[Clinic, Account, str]:
    """A clinic and its first admin, with a one-time link for the admin to set a password and a second factor."""
    if not name.strip():
        raise AccountError("Give the clinic a name.")
    if repo.clinic_by_name(db, name.strip()) is not None:
        raise AccountError(f"A clinic called {name.strip()!r} exists already.")
    clinic = repo.add(db, Clinic(name=name.strip()))
    admin = _new_account(db, clinic, admin_email, "", Role.ADMIN)
    _audit(db, where, clinic, None, "permission-change", resource=f"account/{admin.uuid}", detail="clinic created")
    return clinic, admin, _new_link(db, admin, "invite", where.now)


def set_password(db: Session, account: Account, password: str) -> None:
    problem = passwords.password_problem(password, email=account.email)
    if problem:
        raise AccountError(problem)
    account.password_hash = passwords.hash_password(password)


def invite_staff(db: Session, admin: Principal, email: str, name: str, role: str, where: Where) -> tuple[Account, str]:
    """A new therapist or admin of the admin's clinic, and the one-time link to hand them."""
    clinic = _clinic(db, admin, Action.MANAGE_STAFF)
    if role not in STAFF:
        raise AccountError("Staff are therapists or admins.")
    account = _new_account(db, clinic, email, name, Role(role))
    _staff_change(db, where, clinic, admin, account, f"invited as {role}")
    return account, _new_link(db, account, "invite", where.now)


def invite_client(db: Session, therapist: Principal, email: str, name: str, where: Where) -> tuple[Client, str]:
    """A new client of the therapist, with a portal account and the one-time link to hand them."""
    clinic = _clinic(db, therapist, Action.INVITE_CLIENT)
    if not name.strip():
        raise AccountError("Give the client's name.")
    account = _new_account(db, clinic, email, name, Role.CLIENT)
    client = repo.add(
        db,
        Client(
            display_name=name.strip(), clinic_id=clinic.id, therapist_id=therapist.account_id, account_id=account.id
        ),
    )
    _audit(
        db,
        where,
        clinic,
        _account(db, therapist),
        "create",
        client=client.uuid,
        resource=f"client/{client.uuid}",
        detail="client invited",
    )
    return client, _new_link(db, account, "invite", where.now)


def _member(db: Session, admin: Principal, account_uuid: str) -> tuple[Clinic, Account]:
    """An account of the admin's clinic that the admin may manage (LookupError, a 404, otherwise)."""
    clinic = _clinic(db, admin, Action.MANAGE_STAFF)
    account = repo.account_in_clinic(db, clinic.id, account_uuid)
    if account is None:
        raise LookupError(account_uuid)
    return clinic, account


def reset_link(db: Session, admin: Principal, account_uuid: str, where: Where) -> str:
    """A one-time link that lets a staff member or client set a new password and enrol a new second factor."""
    clinic, account = _member(db, admin, account_uuid)
    account.password_hash = None
    account.totp_secret = account.mfa_enrolled_at = account.totp_last_step = None
    account.recovery_digests = []
    repo.end_sessions(db, account.id, where.now)
    _audit(db, where, clinic, _account(db, admin), "mfa-reset", resource=f"account/{account.uuid}", detail="reset link")
    return _new_link(db, account, "reset", where.now)


def set_disabled(db: Session, admin: Principal, account_uuid: str, disabled: bool, where: Where) -> Account:
    """Disable (ending every session at once) or enable an account of the admin's clinic."""
    clinic, account = _member(db, admin, account_uuid)
    if account.id == admin.account_id:
        raise AccountError("You cannot disable your own account.")
    account.disabled_at = where.now if disabled else None
    if disabled:
        repo.end_sessions(db, account.id, where.now)
    _staff_change(db, where, clinic, admin, account, "disabled" if disabled else "enabled")
    return account


def open_link(db: Session, token: str, now: datetime) -> Account | None:
    """The account a one-time link is for, while it is unused and unexpired."""
    found = repo.link_by_digest(db, digest(token))
    if found is None or found[0].expires_at <= now or found[1].disabled_at is not None:
        return None
    return found[1]


def use_link(db: Session, token: str, password: str, where: Where) -> Started:
    """Set a password through a one-time link and sign in (staff go on to enrol a second factor)."""
    account = open_link(db, token, where.now)
    if account is None:
        raise LookupError("link")
    set_password(db, account, password)
    repo.retire_links(db, account.id, where.now)
    _audit(
        db,
        where,
        repo.clinic_by_id(db, account.clinic_id),
        account,
        "permission-change",
        resource=f"account/{account.uuid}",
        detail="password set",
    )
    return _start(db, account, where)


def _stage(account: Account) -> Stage:
    if account.role not in STAFF:
        return "signed-in"
    return "code" if account.mfa_enrolled_at is not None else "enrol"


def _start(db: Session, account: Account, where: Where) -> Started:
    token = secrets.token_urlsafe(32)
    stage = _stage(account)
    if stage == "enrol" and not account.totp_secret:
        begin_enrolment(account)
    repo.add(
        db,
        AuthSession(
            account_id=account.id,
            token_digest=digest(token),
            mfa_passed=stage == "signed-in",
            created_at=where.now,
            last_seen_at=where.now,
            address=where.address[:64],
        ),
    )
    return Started(token, stage)


def _throttle(db: Session, keys: list[str], rule: ThrottleRule, now: datetime) -> None:
    for key in keys:
        wait = retry_after(repo.failures_since(db, key, now - rule.window), now, rule)
        if wait is not None:
            raise TooManyAttemptsError(wait)


def sign_in(db: Session, email: str, password: str, where: Where, rule: ThrottleRule) -> Started:
    """Check a password: one refusal for an unknown e-mail and a wrong one; throttled per account and address."""
    address = email.strip().lower()
    keys = [f"account:{address}", f"address:{where.address}"]
    _throttle(db, keys, rule, where.now)
    account = repo.account_by_email(db, address)
    if account is None or account.password_hash is None:
        passwords.burn_time(password)
        return _refuse(db, keys, where, account)
    if not passwords.verify_password(account.password_hash, password) or account.disabled_at is not None:
        return _refuse(db, keys, where, account)
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    repo.forget_failures(db, keys[0])
    _audit(db, where, repo.clinic_by_id(db, account.clinic_id), account, "sign-in", detail="password")
    return _start(db, account, where)


def _refuse(db: Session, keys: list[str], where: Where, account: Account | None) -> Started:
    for key in keys:
        repo.add(db, SignInFailure(key=key, at=where.now))
    clinic = repo.clinic_by_id(db, account.clinic_id) if account else None
    _audit(db, where, clinic, account, "sign-in-failed", outcome="denied")
    raise AccountError(REFUSED)


@dataclass(frozen=True)
class Current:
    """The signed-in account behind a session cookie, and its session."""

    account: Account
    session: AuthSession

    @property
    def principal(self) -> Principal:
        return principal_of(self.account)


def current(
    db: Session, token: str | None, now: datetime, idle: dict[str, timedelta], lifetime: timedelta
) -> Current | None:
    """The live session for a cookie value, or None (unknown, ended, idle too long, too old, or account disabled)."""
    if not token:
        return None
    found = repo.session_by_digest(db, digest(token))
    if found is None:
        return None
    session, account = found
    expired = now - session.last_seen_at > idle.get(account.role, min(idle.values())) or (
        now - session.created_at > lifetime
    )
    if expired or account.disabled_at is not None:
        return None
    return Current(account, session)


def touch(session: AuthSession, now: datetime) -> bool:
    """Note activity (at most once a minute, so reading pages rarely writes); True when it changed."""
    if now - session.last_seen_at < timedelta(minutes=1):
        return False
    session.last_seen_at = now
    return True


def _rotate(db: Session, done: Current, where: Where) -> Started:
    done.session.ended_at = where.now
    token = secrets.token_urlsafe(32)
    repo.add(
        db,
        AuthSession(
            account_id=done.account.id,
            token_digest=digest(token),
            mfa_passed=True,
            created_at=where.now,
            last_seen_at=where.now,
            address=where.address[:64],
        ),
    )
    return Started(token, "signed-in")


def pass_second_factor(db: Session, pending: Current, code: str, where: Where, rule: ThrottleRule) -> Started:
    """Accept a TOTP code (or a one-time recovery code) and start a fresh, fully signed-in session."""
    account = pending.account
    keys = [f"code:{account.uuid}"]
    _throttle(db, keys, rule, where.now)
    clinic = repo.clinic_by_id(db, account.clinic_id)
    step = totp.verify_code(account.totp_secret or "", code, now=where.now, last_step=account.totp_last_step)
    if step is not None:
        account.totp_last_step = step
    else:
        used = totp.match_recovery_code(code, list(account.recovery_digests))
        if used is None:
            repo.add(db, SignInFailure(key=keys[0], at=where.now))
            _audit(db, where, clinic, account, "sign-in-failed", outcome="denied", detail="second factor")
            raise AccountError("That code did not work. Use the newest code from your app, or a recovery code.")
        account.recovery_digests = [d for d in account.recovery_digests if d != used]
    repo.forget_failures(db, keys[0])
    _audit(db, where, clinic, account, "sign-in", detail="second factor")
    return _rotate(db, pending, where)


def begin_enrolment(account: Account) -> str:
    """A new TOTP secret for the enrolment page (kept on the account until confirmed)."""
    account.totp_secret = totp.new_secret()
    account.mfa_enrolled_at = None
    return account.totp_secret


def finish_enrolment(db: Session, pending: Current, code: str, where: Where) -> tuple[Started, list[str]]:
    """Confirm the authenticator with a code; the recovery codes are returned once and stored only as digests."""
    account = pending.account
    step = totp.verify_code(account.totp_secret or "", code, now=where.now, last_step=None)
    if step is None:
        raise AccountError("That code did not match. Check the time on your phone and enter the newest code.")
    codes = totp.new_recovery_codes()
    account.totp_last_step = step
    account.recovery_digests = [totp.recovery_code_digest(c) for c in codes]
    account.mfa_enrolled_at = where.now
    _audit(db, where, repo.clinic_by_id(db, account.clinic_id), account, "mfa-enrol")
    return _rotate(db, pending, where), codes


def sign_out(db: Session, signed_in: Current, where: Where, everywhere: bool = False) -> None:
    if everywhere:
        repo.end_sessions(db, signed_in.account.id, where.now)
    else:
        signed_in.session.ended_at = where.now
    _audit(
        db,
        where,
        repo.clinic_by_id(db, signed_in.account.clinic_id),
        signed_in.account,
        "sign-out",
        detail="everywhere" if everywhere else "",
    )


def _account(db: Session, principal: Principal) -> Account | None:
    return db.get(Account, principal.account_id)


def _clinic(db: Session, principal: Principal, action: Action) -> Clinic:
    clinic = repo.clinic_by_id(db, principal.clinic_id)
    if clinic is None or not allowed(principal, action):
        raise PermissionError(action)
    return clinic


def access_of(db: Session, client: Client) -> ClientAccess:
    return ClientAccess(client.id, client.clinic_id or 0, client.therapist_id, repo.shared_with(db, client.id))


def clients_for(db: Session, principal: Principal, search: str = "") -> list[Client]:
    """The clients a principal may open (a therapist's own and shared ones), optionally only those whose name or
    e-mail contains `search`."""
    if not allowed(principal, Action.LIST_CLIENTS):
        return []
    every = repo.clients_in_clinic(db, principal.clinic_id, search.strip())
    return [c for c in every if allowed(principal, Action.READ_RECORD, access_of(db, c))]


def client_for(db: Session, principal: Principal, client_uuid: str | None, action: Action) -> Client | None:
    """The client record a request is about, if the principal may do `action` on it (None otherwise: a 404)."""
    if client_uuid is None:
        client = repo.client_of_account(db, principal.clinic_id, principal.account_id)
    else:
        client = repo.client_in_clinic(db, principal.clinic_id, client_uuid)
    if client is None:
        return None
    if client_uuid is not None and principal.role == Role.CLIENT:
        return None  # the portal reaches a client's own record at its plain addresses only
    return client if may(db, principal, action, client) else None


def may(db: Session, principal: Principal, action: Action, client: Client) -> bool:
    """Whether the principal may do `action` on this client's record (the client's own account counts as own)."""
    acting = Principal(
        principal.account_id,
        principal.clinic_id,
        principal.role,
        client.id if client.account_id == principal.account_id else None,
    )
    return allowed(acting, action, access_of(db, client))


def open_sessions(db: Session, account: Account) -> list[AuthSession]:
    """The account's signed-in browsers, most recently active first."""
    return repo.open_sessions(db, account.id)


def members(db: Session, principal: Principal) -> list[Account]:
    """Every account of the principal's clinic (for admins managing staff and reading the audit)."""
    if not allowed(principal, Action.MANAGE_STAFF) and not allowed(principal, Action.READ_AUDIT):
        return []
    return repo.accounts_in_clinic(db, principal.clinic_id)


def colleagues(db: Session, principal: Principal) -> list[Account]:
    """The other active therapists of the clinic, whom a client may be shared with."""
    every = repo.accounts_in_clinic(db, principal.clinic_id)
    return [a for a in every if a.role == Role.THERAPIST and a.id != principal.account_id and a.disabled_at is None]


def share_client(
    db: Session, principal: Principal, client_uuid: str, account_uuid: str, shared: bool, where: Where
) -> Client:
    """Share a client with another therapist of the clinic (or stop sharing); only their treating therapist
    (or an admin) may. An unknown client or therapist is a LookupError (a 404)."""
    client = repo.client_in_clinic(db, principal.clinic_id, client_uuid)
    colleague = repo.account_in_clinic(db, principal.clinic_id, account_uuid)
    if client is None or colleague is None or colleague.role != Role.THERAPIST:
        raise LookupError(client_uuid)
    if not allowed(principal, Action.SHARE_CLIENT, access_of(db, client)):
        raise LookupError(client_uuid)
    if colleague.id == client.therapist_id:
        raise AccountError("That therapist is this client's own therapist already.")
    if shared:
        repo.add_share(db, ClientShare(clinic_id=principal.clinic_id, client_id=client.id, account_id=colleague.id))
    else:
        repo.remove_share(db, client.id, colleague.id)
    detail = f"{'shared with' if shared else 'no longer shared with'} {colleague.uuid}"
    _audit(
        db,
        where,
        repo.clinic_by_id(db, principal.clinic_id),
        _account(db, principal),
        "permission-change",
        client=client.uuid,
        resource=f"client/{client.uuid}",
        detail=detail,
    )
    return client


def shares_of(db: Session, client: Client) -> frozenset[int]:
    """The account IDs a client is shared with."""
    return repo.shared_with(db, client.id)
