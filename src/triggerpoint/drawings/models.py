"""The pain drawing record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record, UTCDateTime


class PainDrawing(Record, Base):
    """Where it hurt at one moment, the red-flag screen answered for it, and what was suggested."""

    __tablename__ = "pain_drawings"
    __table_args__ = (UniqueConstraint("client_id", "submission_id"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    regions: Mapped[dict[str, int]] = mapped_column(JSON)  # region ID -> pain level 1-10
    symptoms: Mapped[list[str]] = mapped_column(JSON, default=list)
    activities: Mapped[list[str]] = mapped_column(JSON, default=list)
    screen_status: Mapped[str] = mapped_column(String(16), default="questions")  # questions, refer, clear
    screened_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    screen: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # questions asked, with answers
    suggestions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # as shown, best first
    unexplained: Mapped[list[str]] = mapped_column(JSON, default=list)
    submission_id: Mapped[str] = mapped_column(String(64))
