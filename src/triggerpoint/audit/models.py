"""The audit event record: who did what to whose record, when, from where, and how it ended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, UTCDateTime


class AuditEvent(Base):
    """One link of the audit chain; the database refuses to change or remove it (migration 0005).

    Clinic, actor and client are public UUIDs, not foreign keys: the trail outlives what it
    describes. `hash` is SHA-256 of `prev_hash` and the other columns (audit.chain), so a
    changed, removed or reordered row breaks the chain.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_clinic_at", "clinic", "at"),
        # sqlite_autoincrement: a row ID is never reused, even after the last row is gone. No RETURNING on
        # insert (the ID comes from the sequence first): PostgreSQL would show the new row to the SELECT policy,
        # which hides a failed sign-in of no clinic from everyone (migration 0007).
        {"sqlite_autoincrement": True, "implicit_returning": False},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    clinic: Mapped[str] = mapped_column(String(36))
    actor: Mapped[str | None] = mapped_column(String(36))
    actor_role: Mapped[str] = mapped_column(String(16))
    client: Mapped[str | None] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(40))
    resource: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
