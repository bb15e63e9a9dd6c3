"""The `world` fixture: two clinics on SQLite, and on PostgreSQL when TRIGGERPOINT_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from clinic_apps import BACKENDS, POSTGRES, World, clinic_app, world_of
from postgres_roles import owner_and_app


@pytest.fixture(params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    with ExitStack() as stack:
        database = None
        if request.param == "postgres":
            assert POSTGRES is not None
            database = stack.enter_context(owner_and_app(POSTGRES, f"tp_clinic_{os.getpid()}"))
        yield from world_of(clinic_app(tmp_path, database))
