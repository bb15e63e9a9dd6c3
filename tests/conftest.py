"""Shared fixtures: the knowledge base, an app built per test, and spec ID lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from triggerpoint.kb import KnowledgeBase, load_kb
from triggerpoint.settings import get_settings
from triggerpoint.web.app import create_app


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(get_settings(data_dir=tmp_path))
    with TestClient(app) as test_client:
        yield test_client
