"""The client record."""

from __future__ import annotations

from sqlalchemy import ForeignKey, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from triggerpoint.storage.base import Base, Record


class Client(Record, Base):
    """A person whose records these are: the local person on a personal machine, a clinic's client otherwise."""

    __tablename__ = "clients"
    __table_args__ = (
        UniqueConstraint("clinic_id", "id"),
        # The therapist and the portal account are of the client's own clinic (the single-column keys
        # below empty them when an account goes).
        ForeignKeyConstraint(
            ["clinic_id", "therapist_id"], ["accounts.clinic_id", "accounts.id"], name="fk_clients_therapist_in_clinic"
        ),
        ForeignKeyConstraint(
            ["clinic_id", "account_id"], ["accounts.clinic_id", "accounts.id"], name="fk_clients_account_in_clinic"
        ),
    )

    display_name: Mapped[str] = mapped_column(String(120), default="Me")
    # Clinic mode only: the clinic, the treating therapist and the client's own portal account.
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), unique=True)


class ClientShare(Base):
    """A client shared with another therapist of the same clinic."""

    __tablename__ = "client_shares"
    __table_args__ = (
        UniqueConstraint("client_id", "account_id"),
        ForeignKeyConstraint(
            ["clinic_id", "client_id"],
            ["clients.clinic_id", "clients.id"],
            ondelete="CASCADE",
            name="fk_client_shares_client_in_clinic",
        ),
        ForeignKeyConstraint(
            ["clinic_id", "account_id"],
            ["accounts.clinic_id", "accounts.id"],
            ondelete="CASCADE",
            name="fk_client_shares_account_in_clinic",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
