"""The client record."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record


class Client(Record, Base):
    """A person whose records these are. Clinics and accounts attach to clients later."""

    __tablename__ = "clients"

    display_name: Mapped[str] = mapped_column(String(120), default="Me")
