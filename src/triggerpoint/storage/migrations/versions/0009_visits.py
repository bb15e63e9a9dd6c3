"""visits

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 10:08:02.487197
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "intakes",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("precautions", sa.JSON(), nullable=False),
        sa.Column("injury_sites", sa.JSON(), nullable=False),
        sa.Column("drawing_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_intakes_client_id_clients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["drawing_id"], ["pain_drawings.id"], name=op.f("fk_intakes_drawing_id_pain_drawings"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intakes")),
        sa.UniqueConstraint("uuid", name=op.f("uq_intakes_uuid")),
    )
    with op.batch_alter_table("intakes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intakes_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_intakes_submitted_at"), ["submitted_at"], unique=False)

    op.create_table(
        "visits",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("drawing_id", sa.Integer(), nullable=True),
        sa.Column("intake_id", sa.Integer(), nullable=True),
        sa.Column("suggestions", sa.JSON(), nullable=False),
        sa.Column("precautions", sa.JSON(), nullable=False),
        sa.Column("planned_minutes", sa.Integer(), nullable=True),
        sa.Column("actual_minutes", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_visits_client_id_clients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["drawing_id"], ["pain_drawings.id"], name=op.f("fk_visits_drawing_id_pain_drawings"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["intake_id"], ["intakes.id"], name=op.f("fk_visits_intake_id_intakes"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"], ["accounts.id"], name=op.f("fk_visits_therapist_id_accounts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
        sa.UniqueConstraint("client_id", "id", name=op.f("uq_visits_client_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_visits_uuid")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_started_at"), ["started_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_therapist_id"), ["therapist_id"], unique=False)

    op.create_table(
        "findings",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("muscle", sa.String(length=64), nullable=False),
        sa.Column("point", sa.String(length=32), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("suggested_rank", sa.Integer(), nullable=True),
        sa.Column("taut_band", sa.String(length=12), nullable=False),
        sa.Column("spot_tenderness", sa.Integer(), nullable=True),
        sa.Column("ppt_trials", sa.JSON(), nullable=False),
        sa.Column("jump_sign", sa.String(length=12), nullable=False),
        sa.Column("twitch", sa.String(length=12), nullable=False),
        sa.Column("referred", sa.String(length=12), nullable=False),
        sa.Column("referred_regions", sa.JSON(), nullable=False),
        sa.Column("recognised", sa.String(length=12), nullable=False),
        sa.Column("classification", sa.String(length=12), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id", "visit_id"],
            ["visits.client_id", "visits.id"],
            name=op.f("fk_findings_client_id_visits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_findings_client_id_clients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint("client_id", "id", name=op.f("uq_findings_client_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_findings_uuid")),
        sa.UniqueConstraint("visit_id", "muscle", "point", "side", name=op.f("uq_findings_visit_id")),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_findings_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "visit_notes",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("subjective", sa.Text(), nullable=False),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id", "visit_id"],
            ["visits.client_id", "visits.id"],
            name=op.f("fk_visit_notes_client_id_visits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_visit_notes_client_id_clients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["signed_by"], ["accounts.id"], name=op.f("fk_visit_notes_signed_by_accounts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_notes")),
        sa.UniqueConstraint("client_id", "id", name=op.f("uq_visit_notes_client_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_visit_notes_uuid")),
        sa.UniqueConstraint("visit_id", name=op.f("uq_visit_notes_visit_id")),
    )
    with op.batch_alter_table("visit_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_notes_client_id"), ["client_id"], unique=False)

    op.create_table(
        "note_addenda",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["accounts.id"], name=op.f("fk_note_addenda_author_id_accounts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["client_id", "note_id"],
            ["visit_notes.client_id", "visit_notes.id"],
            name=op.f("fk_note_addenda_client_id_visit_notes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_note_addenda_client_id_clients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note_addenda")),
        sa.UniqueConstraint("uuid", name=op.f("uq_note_addenda_uuid")),
    )
    with op.batch_alter_table("note_addenda", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_addenda_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_addenda_note_id"), ["note_id"], unique=False)

    op.create_table(
        "treatments",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("technique", sa.String(length=32), nullable=False),
        sa.Column("pressure", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("released", sa.Boolean(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("ppt_after", sa.Float(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id", "finding_id"],
            ["findings.client_id", "findings.id"],
            name=op.f("fk_treatments_client_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id", "visit_id"],
            ["visits.client_id", "visits.id"],
            name=op.f("fk_treatments_client_id_visits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_treatments_client_id_clients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatments")),
        sa.UniqueConstraint("uuid", name=op.f("uq_treatments_uuid")),
    )
    with op.batch_alter_table("treatments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_treatments_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_treatments_finding_id"), ["finding_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_treatments_visit_id"), ["visit_id"], unique=False)
    _row_level_security()


VISIT_TABLES = ("intakes", "visits", "findings", "treatments", "visit_notes", "note_addenda")


def _row_level_security() -> None:
    """The second wall of migration 0007 on the new tables: a row is seen when its client is."""
    if op.get_bind().dialect.name != "postgresql":
        return
    rule = "triggerpoint_client_visible(client_id)"
    for table in VISIT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_clinic ON {table} USING ({rule}) WITH CHECK ({rule})")


def downgrade() -> None:

    with op.batch_alter_table("treatments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_treatments_visit_id"))
        batch_op.drop_index(batch_op.f("ix_treatments_finding_id"))
        batch_op.drop_index(batch_op.f("ix_treatments_client_id"))

    op.drop_table("treatments")
    with op.batch_alter_table("note_addenda", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_addenda_note_id"))
        batch_op.drop_index(batch_op.f("ix_note_addenda_client_id"))

    op.drop_table("note_addenda")
    with op.batch_alter_table("visit_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_notes_client_id"))

    op.drop_table("visit_notes")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_visit_id"))
        batch_op.drop_index(batch_op.f("ix_findings_client_id"))

    op.drop_table("findings")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_therapist_id"))
        batch_op.drop_index(batch_op.f("ix_visits_started_at"))
        batch_op.drop_index(batch_op.f("ix_visits_client_id"))

    op.drop_table("visits")
    with op.batch_alter_table("intakes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intakes_submitted_at"))
        batch_op.drop_index(batch_op.f("ix_intakes_client_id"))

    op.drop_table("intakes")
