"""The clinic record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record, UTCDateTime


class Clinic(Record, Base):
    """A clinic (tenant): its staff, its clients and their records belong to it."""

    __tablename__ = "clinics"

    name: Mapped[str] = mapped_column(String(120))
    # How the finder ranks for this clinic's therapists: "textbook", "clinic" (learned from its own confirmed
    # findings) or "pooled" (from those of every clinic that chose to share); see triggerpoint.learning.
    finder_learning: Mapped[str] = mapped_column(String(12), default="clinic", server_default="clinic")
    learning_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)  # a reset forgets before
