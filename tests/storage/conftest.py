"""Storage fixtures: each backend's schema built by the migrations; each test rolled back.

SQLite always; PostgreSQL when TRIGGERPOINT_TEST_POSTGRES_URL names a server (CI sets it),
in a database made for this run and dropped after it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backends import database_url, db, engine  # noqa: F401  (fixtures)


# The backends and the `database_url`, `engine` and `db` fixtures are shared with other folders.
@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    return tmp_path / "triggerpoint.db"
