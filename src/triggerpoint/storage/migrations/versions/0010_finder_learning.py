"""finder learning: each clinic's choice, and the pooled counts

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 15:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("finder_learning", sa.String(length=12), server_default="clinic", nullable=False))
        batch_op.add_column(sa.Column("learning_since", sa.DateTime(timezone=True), nullable=True))
    # Counts per trigger point only, shared on purpose by the clinics that chose to pool: no row-level security.
    op.create_table(
        "pooled_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("muscle", sa.String(length=64), nullable=False),
        sa.Column("point", sa.String(length=32), nullable=False),
        sa.Column("examined", sa.Integer(), nullable=False),
        sa.Column("confirmed", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=False),
        sa.Column("clinics", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pooled_findings")),
        sa.UniqueConstraint("muscle", "point", name=op.f("uq_pooled_findings_muscle")),
    )


def downgrade() -> None:
    op.drop_table("pooled_findings")
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.drop_column("learning_since")
        batch_op.drop_column("finder_learning")
