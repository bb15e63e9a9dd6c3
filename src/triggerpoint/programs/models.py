"""The home program record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record, UTCDateTime


class Program(Record, Base):
    """A home program: what it was built from, the plan (as edited), and whether it is paused."""

    __tablename__ = "programs"
    __table_args__ = (UniqueConstraint("client_id", "id"),)  # so a session can name its program *and* client

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    points: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    activities: Mapped[list[str]] = mapped_column(JSON, default=list)
    precautions: Mapped[list[str]] = mapped_column(JSON, default=list)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    pause_reason: Mapped[str | None] = mapped_column(Text, default=None)
