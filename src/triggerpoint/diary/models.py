"""The diary entry record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record, UTCDateTime


class DiaryEntry(Record, Base):
    """Pain now, where, sleep, stress, medication, self-care done and notes, at one moment."""

    __tablename__ = "diary_entries"
    __table_args__ = (
        UniqueConstraint("client_id", "submission_id"),
        CheckConstraint("pain BETWEEN 0 AND 10", name="pain_range"),
        CheckConstraint("sleep_quality IS NULL OR sleep_quality BETWEEN 0 AND 10", name="sleep_range"),
        CheckConstraint("stress IS NULL OR stress BETWEEN 0 AND 10", name="stress_range"),
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    pain: Mapped[int] = mapped_column(Integer)
    drawing: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sleep_quality: Mapped[int | None] = mapped_column(Integer, default=None)
    stress: Mapped[int | None] = mapped_column(Integer, default=None)
    medications: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    took_no_medication: Mapped[bool] = mapped_column(Boolean, default=False)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("selfcare_sessions.id", ondelete="SET NULL"), default=None
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    submission_id: Mapped[str] = mapped_column(String(64))
