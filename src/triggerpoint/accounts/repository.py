"""Queries for clinics, accounts, sessions, one-time links and failed sign-ins.

Account and client queries take the clinic they are scoped to; only sign-in looks an account
up by e-mail alone (the e-mail is unique across clinics) and only session lookup by token.
On PostgreSQL those look-ups first ask a lookup function which clinic the key belongs to and
enter it (storage.tenancy): row-level security shows a session nothing of other clinics.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from triggerpoint.accounts.models import Account, AuthSession, OneTimeLink, SignInFailure
from triggerpoint.clients.models import Client, ClientShare
from triggerpoint.clinics.models import Clinic
from triggerpoint.storage import tenancy

Row = TypeVar("Row")


def add(session: Session, row: Row) -> Row:
    if isinstance(row, Clinic) and row.id is None:
        row.id = tenancy.claim_clinic_id(session)  # None: the database numbers it
    session.add(row)
    session.flush()
    return row


def clinic_by_id(session: Session, clinic_id: int) -> Clinic | None:
    return session.get(Clinic, clinic_id)


def clinic_by_name(session: Session, name: str) -> Clinic | None:
    tenancy.enter_clinic_of(session, "triggerpoint_clinic_named", name)  # only `clinic create` asks
    return session.scalars(select(Clinic).where(Clinic.name == name)).first()


def account_by_email(session: Session, email: str) -> Account | None:
    """The account with this e-mail; on PostgreSQL, one of another clinic than the session's comes back as a
    bare stand-in (e-mail and clinic only), enough to refuse the address and nothing to read."""
    found = tenancy.enter_clinic_of(session, "triggerpoint_account_clinic", email)
    account = session.scalars(select(Account).where(Account.email == email)).first()
    if account is None and found is not None:
        return Account(email=email, clinic_id=found)
    return account


def account_in_clinic(session: Session, clinic_id: int, uuid: str) -> Account | None:
    query = select(Account).where(Account.clinic_id == clinic_id, Account.uuid == uuid)
    return session.scalars(query).first()


def accounts_in_clinic(session: Session, clinic_id: int) -> list[Account]:
    query = select(Account).where(Account.clinic_id == clinic_id).order_by(Account.role, Account.display_name)
    return list(session.scalars(query))


def session_by_digest(session: Session, digest: str) -> tuple[AuthSession, Account] | None:
    tenancy.enter_clinic_of(session, "triggerpoint_session_clinic", digest)
    query = (
        select(AuthSession, Account)
        .join(Account, Account.id == AuthSession.account_id)
        .where(AuthSession.token_digest == digest, AuthSession.ended_at.is_(None))
    )
    row = session.execute(query).first()
    return (row[0], row[1]) if row else None


def end_sessions(session: Session, account_id: int, now: datetime) -> None:
    query = update(AuthSession).where(AuthSession.account_id == account_id, AuthSession.ended_at.is_(None))
    session.execute(query.values(ended_at=now))


def open_sessions(session: Session, account_id: int) -> list[AuthSession]:
    query = select(AuthSession).where(AuthSession.account_id == account_id, AuthSession.ended_at.is_(None))
    return list(session.scalars(query.order_by(AuthSession.last_seen_at.desc())))


def link_by_digest(session: Session, digest: str) -> tuple[OneTimeLink, Account] | None:
    tenancy.enter_clinic_of(session, "triggerpoint_link_clinic", digest)
    query = (
        select(OneTimeLink, Account)
        .join(Account, Account.id == OneTimeLink.account_id)
        .where(OneTimeLink.token_digest == digest, OneTimeLink.used_at.is_(None))
    )
    row = session.execute(query).first()
    return (row[0], row[1]) if row else None


def retire_links(session: Session, account_id: int, now: datetime) -> None:
    query = update(OneTimeLink).where(OneTimeLink.account_id == account_id, OneTimeLink.used_at.is_(None))
    session.execute(query.values(used_at=now))


def failures_since(session: Session, key: str, since: datetime) -> list[datetime]:
    query = select(SignInFailure.at).where(SignInFailure.key == key, SignInFailure.at >= since)
    return list(session.scalars(query.order_by(SignInFailure.at)))


def forget_failures(session: Session, key: str) -> None:
    session.execute(delete(SignInFailure).where(SignInFailure.key == key))


def clients_in_clinic(session: Session, clinic_id: int, containing: str = "") -> list[Client]:
    """The clinic's clients, by name; with `containing`, those whose name or portal e-mail holds it, in any case
    (taken literally: % and _ match only themselves)."""
    query = select(Client).where(Client.clinic_id == clinic_id)
    if containing:
        portal = (Account.id == Client.account_id) & (Account.clinic_id == clinic_id)
        query = query.outerjoin(Account, portal).where(
            Client.display_name.icontains(containing, autoescape=True)
            | Account.email.icontains(containing, autoescape=True)
        )
    return list(session.scalars(query.order_by(Client.display_name, Client.id)))


def client_in_clinic(session: Session, clinic_id: int, uuid: str) -> Client | None:
    query = select(Client).where(Client.clinic_id == clinic_id, Client.uuid == uuid)
    return session.scalars(query).first()


def client_of_account(session: Session, clinic_id: int, account_id: int) -> Client | None:
    query = select(Client).where(Client.clinic_id == clinic_id, Client.account_id == account_id)
    return session.scalars(query).first()


def shared_with(session: Session, client_id: int) -> frozenset[int]:
    query = select(ClientShare.account_id).where(ClientShare.client_id == client_id)
    return frozenset(session.scalars(query))


def add_share(session: Session, share: ClientShare) -> None:
    """Share a client (once: sharing again changes nothing)."""
    query = select(ClientShare.id).where(
        ClientShare.client_id == share.client_id, ClientShare.account_id == share.account_id
    )
    if session.scalar(query) is None:
        session.add(share)
        session.flush()


def remove_share(session: Session, client_id: int, account_id: int) -> None:
    session.execute(delete(ClientShare).where(ClientShare.client_id == client_id, ClientShare.account_id == account_id))
