"""The questionnaire response record."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record


class QuestionnaireResponse(Record, Base):
    """One completed questionnaire: the answers as given, and the score computed from them."""

    __tablename__ = "questionnaire_responses"

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(32))
    completed_on: Mapped[date] = mapped_column(Date, index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    score: Mapped[float | None] = mapped_column(Float, default=None)
    band: Mapped[str | None] = mapped_column(String(64), default=None)
    valid: Mapped[bool] = mapped_column(Boolean, default=True)
