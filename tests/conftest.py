"""Shared fixtures: the knowledge base, an app built per test, and helpers for forms with their token.

Hypothesis is derandomised (a fixed seed) for every run, so a test never fails by chance;
HYPOTHESIS_PROFILE=explore searches with fresh random seeds and more examples.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings

from helpers import BASE_URL, START
from triggerpoint.clock import FixedClock
from triggerpoint.kb import KnowledgeBase, load_kb
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for
from triggerpoint.storage.migrate import upgrade

# No deadline: a shared, loaded machine must not fail a test by its timing (speed is measured in benchmarks/).
hypothesis_settings.register_profile("default", derandomize=True, print_blob=True, deadline=None)
hypothesis_settings.register_profile("explore", derandomize=False, max_examples=1000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    """The app on a fresh SQLite database built by the migrations, with the clock stopped."""
    settings = get_settings(data_dir=tmp_path, timezone="UTC", secret_key="test-secret")
    upgrade(engine_for(settings))
    built = create_app(settings)
    built.state.clock = FixedClock(START)
    return built


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE_URL) as test_client:
        yield test_client
