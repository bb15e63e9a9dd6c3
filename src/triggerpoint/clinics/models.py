"""The clinic record."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record


class Clinic(Record, Base):
    """A clinic (tenant): its staff, its clients and their records belong to it."""

    __tablename__ = "clinics"

    name: Mapped[str] = mapped_column(String(120))
