"""Intake, visit, finding, treatment, note and addendum records.

Every row belongs to a client (and so to a clinic); composite foreign keys keep a child on
its own client's parent, as the other record domains do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, ForeignKeyConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record, UTCDateTime


def _of_client(table: str, column: str, ondelete: str = "CASCADE") -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["client_id", column], [f"{table}.client_id", f"{table}.id"], ondelete=ondelete)


class Intake(Record, Base):
    """The client's health history before treatment, and the deep-pressure precautions it raises."""

    __tablename__ = "intakes"

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    history: Mapped[dict[str, Any]] = mapped_column(JSON)  # conditions, medications, operations, pregnancy, ...
    precautions: Mapped[list[str]] = mapped_column(JSON, default=list)  # precaution IDs the history raises
    injury_sites: Mapped[list[str]] = mapped_column(JSON, default=list)  # regions or groups of operations/injuries
    drawing_id: Mapped[int | None] = mapped_column(ForeignKey("pain_drawings.id", ondelete="SET NULL"), default=None)


class Visit(Record, Base):
    """One treatment session: the drawing it started from, the suggestions shown, the length planned and taken."""

    __tablename__ = "visits"
    __table_args__ = (UniqueConstraint("client_id", "id"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    drawing_id: Mapped[int | None] = mapped_column(ForeignKey("pain_drawings.id", ondelete="SET NULL"), default=None)
    intake_id: Mapped[int | None] = mapped_column(ForeignKey("intakes.id", ondelete="SET NULL"), default=None)
    suggestions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # as shown, best first
    precautions: Mapped[list[str]] = mapped_column(JSON, default=list)  # carried from intake
    planned_minutes: Mapped[int | None] = mapped_column(Integer, default=None)
    actual_minutes: Mapped[int | None] = mapped_column(Integer, default=None)


class Finding(Record, Base):
    """What palpation found at one trigger point (present / absent / not tested, per criterion)."""

    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint("visit_id", "muscle", "point", "side"),
        UniqueConstraint("client_id", "id"),
        _of_client("visits", "visit_id"),
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    visit_id: Mapped[int] = mapped_column(index=True)
    muscle: Mapped[str] = mapped_column(String(64))
    point: Mapped[str] = mapped_column(String(32))
    side: Mapped[str] = mapped_column(String(8))
    suggested_rank: Mapped[int | None] = mapped_column(Integer, default=None)  # None: added by the therapist
    taut_band: Mapped[str] = mapped_column(String(12), default="not-tested")  # present, absent, not-tested
    spot_tenderness: Mapped[int | None] = mapped_column(Integer, default=None)  # 0-10
    ppt_trials: Mapped[list[float]] = mapped_column(JSON, default=list)  # kg/cm2, usually three
    jump_sign: Mapped[str] = mapped_column(String(12), default="not-tested")
    twitch: Mapped[str] = mapped_column(String(12), default="not-tested")  # local twitch response
    referred: Mapped[str] = mapped_column(String(12), default="not-tested")
    referred_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    recognised: Mapped[str] = mapped_column(String(12), default="not-tested")  # the client's familiar pain
    classification: Mapped[str] = mapped_column(String(12), default="not-present")  # active, latent, not-present


class Treatment(Record, Base):
    """What was done at one finding: technique, pressure on the client's 0-10 tolerance, time, release."""

    __tablename__ = "treatments"
    __table_args__ = (_of_client("visits", "visit_id"), _of_client("findings", "finding_id"))

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    visit_id: Mapped[int] = mapped_column(index=True)
    finding_id: Mapped[int] = mapped_column(index=True)
    technique: Mapped[str] = mapped_column(String(32))
    pressure: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[int] = mapped_column(Integer)
    released: Mapped[bool] = mapped_column(Boolean, default=False)
    response: Mapped[str] = mapped_column(Text, default="")
    ppt_after: Mapped[float | None] = mapped_column(Float, default=None)


class VisitNote(Record, Base):
    """The SOAP note of a visit: drafted from what was recorded, edited, then signed and locked."""

    __tablename__ = "visit_notes"
    __table_args__ = (
        UniqueConstraint("visit_id"),
        UniqueConstraint("client_id", "id"),
        _of_client("visits", "visit_id"),
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    visit_id: Mapped[int] = mapped_column()
    subjective: Mapped[str] = mapped_column(Text, default="")
    objective: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    signed_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Addendum(Record, Base):
    """A dated correction or addition to a signed note, by its author; the note itself stays as signed."""

    __tablename__ = "note_addenda"
    __table_args__ = (_of_client("visit_notes", "note_id"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    note_id: Mapped[int] = mapped_column(index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime())
    text: Mapped[str] = mapped_column(Text)
