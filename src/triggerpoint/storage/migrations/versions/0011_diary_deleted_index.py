"""diary: an index of deleted entries, so the purge on each write does not read the whole diary

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 18:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DELETED = sa.text("deleted_at IS NOT NULL")


def upgrade() -> None:
    op.create_index(
        "ix_diary_entries_deleted",
        "diary_entries",
        ["client_id", "deleted_at"],
        sqlite_where=DELETED,
        postgresql_where=DELETED,
    )


def downgrade() -> None:
    op.drop_index("ix_diary_entries_deleted", table_name="diary_entries")
