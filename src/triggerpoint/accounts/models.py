"""Clinic accounts, their server-side sessions, one-time links and failed sign-ins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record, UTCDateTime, utc_now


class Account(Record, Base):
    """A person who signs in to a clinic: an admin, a therapist or a client (portal)."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("clinic_id", "id"),)  # so a row can name an account *and* its clinic

    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)  # None until the invite is used
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger, default=None)
    mfa_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    recovery_digests: Mapped[list[Any]] = mapped_column(JSON, default=list)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class AuthSession(Record, Base):
    """A signed-in browser, kept in the database so any app server can serve any request."""

    __tablename__ = "auth_sessions"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the cookie value
    mfa_passed: Mapped[bool] = mapped_column(Boolean, default=False)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    address: Mapped[str] = mapped_column(String(64), default="")


class OneTimeLink(Record, Base):
    """An invitation or password reset an admin or therapist hands over (there is no mail server)."""

    __tablename__ = "one_time_links"
    __table_args__ = (
        ForeignKeyConstraint(
            ["clinic_id", "account_id"],
            ["accounts.clinic_id", "accounts.id"],
            name="fk_one_time_links_account_in_clinic",
        ),
    )

    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(16))  # "invite" or "reset"
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class SignInFailure(Base):
    """A failed sign-in, keyed by account e-mail and by address, for throttling across app servers."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
