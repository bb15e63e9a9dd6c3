"""The pooled evidence: per trigger point, counts added up over the clinics that chose to share theirs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, UTCDateTime


class PooledFinding(Base):
    """Counts only: no client, account, clinic or date of any examination (see learning.service.refresh_pool)."""

    __tablename__ = "pooled_findings"
    __table_args__ = (UniqueConstraint("muscle", "point"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    muscle: Mapped[str] = mapped_column(String(64))
    point: Mapped[str] = mapped_column(String(32))
    examined: Mapped[int] = mapped_column(Integer)
    confirmed: Mapped[int] = mapped_column(Integer)
    expected: Mapped[float] = mapped_column(Float)
    clinics: Mapped[int] = mapped_column(Integer)  # how many clinics' evidence is in the counts
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime())
