"""Session, session item and check-in records."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record, UTCDateTime, utc_now


class SelfCareSession(Record, Base):
    """One day's guided session of a program."""

    __tablename__ = "selfcare_sessions"
    __table_args__ = (
        UniqueConstraint("program_id", "day"),
        UniqueConstraint("client_id", "id"),
        # Composite: a session belongs to a program of the same client (so of the same clinic).
        ForeignKeyConstraint(["client_id", "program_id"], ["programs.client_id", "programs.id"], ondelete="CASCADE"),
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[int] = mapped_column(index=True)
    day: Mapped[date] = mapped_column(Date)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class SessionItem(Record, Base):
    """One item of a session marked done or skipped, saved the moment it is marked."""

    __tablename__ = "session_items"
    __table_args__ = (
        UniqueConstraint("session_id", "item_key"),
        ForeignKeyConstraint(
            ["client_id", "session_id"], ["selfcare_sessions.client_id", "selfcare_sessions.id"], ondelete="CASCADE"
        ),
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(index=True)
    item_key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class CheckIn(Record, Base):
    """How the person felt the day after a session, and what the rule concluded."""

    __tablename__ = "checkins"
    __table_args__ = (
        ForeignKeyConstraint(
            ["client_id", "session_id"], ["selfcare_sessions.client_id", "selfcare_sessions.id"], ondelete="CASCADE"
        ),
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(unique=True)
    day: Mapped[date] = mapped_column(Date)
    soreness: Mapped[str] = mapped_column(String(16))
    trend: Mapped[str] = mapped_column(String(16))
    bruising: Mapped[bool] = mapped_column(Boolean, default=False)
    numbness: Mapped[bool] = mapped_column(Boolean, default=False)
    weakness: Mapped[bool] = mapped_column(Boolean, default=False)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    message: Mapped[str] = mapped_column(Text)
