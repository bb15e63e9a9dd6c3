"""composite keys within a client and a clinic

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 09:32:43.574407
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The keys a composite foreign key points at come first (PostgreSQL needs them before the keys).
    for table, columns in (
        ("accounts", ["clinic_id", "id"]),
        ("clients", ["clinic_id", "id"]),
        ("programs", ["client_id", "id"]),
        ("selfcare_sessions", ["client_id", "id"]),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_{columns[0]}"), columns)

    with op.batch_alter_table("selfcare_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_selfcare_sessions_program_id_programs"), type_="foreignkey")
        batch_op.create_foreign_key(
            batch_op.f("fk_selfcare_sessions_client_id_programs"),
            "programs",
            ["client_id", "program_id"],
            ["client_id", "id"],
            ondelete="CASCADE",
        )
    for table in ("checkins", "session_items"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_session_id_selfcare_sessions"), type_="foreignkey")
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_client_id_selfcare_sessions"),
                "selfcare_sessions",
                ["client_id", "session_id"],
                ["client_id", "id"],
                ondelete="CASCADE",
            )
    with op.batch_alter_table("diary_entries", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_diary_entries_session_of_client", "selfcare_sessions", ["client_id", "session_id"], ["client_id", "id"]
        )

    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_clients_account_in_clinic", "accounts", ["clinic_id", "account_id"], ["clinic_id", "id"]
        )
        batch_op.create_foreign_key(
            "fk_clients_therapist_in_clinic", "accounts", ["clinic_id", "therapist_id"], ["clinic_id", "id"]
        )
    with op.batch_alter_table("one_time_links", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_one_time_links_account_in_clinic", "accounts", ["clinic_id", "account_id"], ["clinic_id", "id"]
        )

    # A share names its clinic, taken from its client for any share made before this revision.
    with op.batch_alter_table("client_shares", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clinic_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE client_shares SET clinic_id = "
        "(SELECT clinic_id FROM clients WHERE clients.id = client_shares.client_id)"
    )
    with op.batch_alter_table("client_shares", schema=None) as batch_op:
        batch_op.alter_column("clinic_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_client_shares_clinic_id"), ["clinic_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_client_shares_clinic_id_clinics"), "clinics", ["clinic_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_foreign_key(
            "fk_client_shares_client_in_clinic",
            "clients",
            ["clinic_id", "client_id"],
            ["clinic_id", "id"],
            ondelete="CASCADE",
        )
        batch_op.create_foreign_key(
            "fk_client_shares_account_in_clinic",
            "accounts",
            ["clinic_id", "account_id"],
            ["clinic_id", "id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("client_shares", schema=None) as batch_op:
        batch_op.drop_constraint("fk_client_shares_account_in_clinic", type_="foreignkey")
        batch_op.drop_constraint("fk_client_shares_client_in_clinic", type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_client_shares_clinic_id_clinics"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_client_shares_clinic_id"))
        batch_op.drop_column("clinic_id")
    with op.batch_alter_table("one_time_links", schema=None) as batch_op:
        batch_op.drop_constraint("fk_one_time_links_account_in_clinic", type_="foreignkey")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_constraint("fk_clients_therapist_in_clinic", type_="foreignkey")
        batch_op.drop_constraint("fk_clients_account_in_clinic", type_="foreignkey")
    with op.batch_alter_table("diary_entries", schema=None) as batch_op:
        batch_op.drop_constraint("fk_diary_entries_session_of_client", type_="foreignkey")
    for table in ("checkins", "session_items"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_client_id_selfcare_sessions"), type_="foreignkey")
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_session_id_selfcare_sessions"),
                "selfcare_sessions",
                ["session_id"],
                ["id"],
                ondelete="CASCADE",
            )
    with op.batch_alter_table("selfcare_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_selfcare_sessions_client_id_programs"), type_="foreignkey")
        batch_op.create_foreign_key(
            batch_op.f("fk_selfcare_sessions_program_id_programs"),
            "programs",
            ["program_id"],
            ["id"],
            ondelete="CASCADE",
        )
    for table, column in (
        ("selfcare_sessions", "client_id"),
        ("programs", "client_id"),
        ("clients", "clinic_id"),
        ("accounts", "clinic_id"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_{column}"), type_="unique")
