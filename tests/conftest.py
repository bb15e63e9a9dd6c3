"""Shared fixtures: the knowledge base, an app built per test, and spec ID lists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from triggerpoint.clock import FixedClock
from triggerpoint.kb import KnowledgeBase, load_kb
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for
from triggerpoint.storage.migrate import upgrade
from triggerpoint.web.app import create_app


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


START = date(2026, 3, 2)


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    """The app on a fresh SQLite database built by the migrations, with the clock stopped."""
    settings = get_settings(data_dir=tmp_path)
    upgrade(engine_for(settings))
    built = create_app(settings)
    built.state.clock = FixedClock(START)
    return built


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client
