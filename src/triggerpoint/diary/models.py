"""The diary entry record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record, UTCDateTime


class DiaryEntry(Record, Base):
    """Pain now, where and how it feels, mood, triggers, sleep, stress, medication, self-care and notes, at one moment.

    `version` counts saves (repository.save_if_version): an edit names the version it started from,
    so a stale edit is refused rather than silently undoing another. A deleted entry keeps its row
    with `deleted_at` set until the undo window has passed.
    """

    __tablename__ = "diary_entries"
    __table_args__ = (
        UniqueConstraint("client_id", "submission_id"),
        # Each write purges the entries deleted before the undo window: this finds them without reading the diary.
        Index(
            "ix_diary_entries_deleted",
            "client_id",
            "deleted_at",
            sqlite_where=text("deleted_at IS NOT NULL"),
            postgresql_where=text("deleted_at IS NOT NULL"),
        ),
        CheckConstraint("pain BETWEEN 0 AND 10", name="pain_range"),
        CheckConstraint("sleep_quality IS NULL OR sleep_quality BETWEEN 0 AND 10", name="sleep_range"),
        CheckConstraint("stress IS NULL OR stress BETWEEN 0 AND 10", name="stress_range"),
        CheckConstraint("mood IS NULL OR mood BETWEEN 0 AND 10", name="mood_range"),
        # With the single-column key below (which empties session_id when a session goes): the same client's.
        ForeignKeyConstraint(
            ["client_id", "session_id"],
            ["selfcare_sessions.client_id", "selfcare_sessions.id"],
            name="fk_diary_entries_session_of_client",
        ),
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    pain: Mapped[int] = mapped_column(Integer)
    drawing: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    qualities: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    sleep_quality: Mapped[int | None] = mapped_column(Integer, default=None)
    stress: Mapped[int | None] = mapped_column(Integer, default=None)
    mood: Mapped[int | None] = mapped_column(Integer, default=None)
    triggers: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    trigger_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    medications: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    took_no_medication: Mapped[bool] = mapped_column(Boolean, default=False)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("selfcare_sessions.id", ondelete="SET NULL"), default=None
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    submission_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
