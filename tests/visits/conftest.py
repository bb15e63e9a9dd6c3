"""Visit fixtures: each backend's schema built by the migrations (tests/storage/conftest.py's pattern).

`db` is rolled back after each test; `world` is a clinic with a therapist and a client, and a visit
with findings and treatments, built directly through the models.
"""

from __future__ import annotations

import pytest
from note_world import World, build_world
from sqlalchemy.orm import Session

from backends import database_url, db, engine  # noqa: F401  (fixtures)


# The backends and the `database_url`, `engine` and `db` fixtures are shared with other folders.
@pytest.fixture
def world(db: Session) -> World:  # noqa: F811  (db is the imported fixture)
    return build_world(db)
