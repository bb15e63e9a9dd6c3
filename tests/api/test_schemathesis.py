"""schemathesis over the OpenAPI document: every operation, all checks, positive and negative data.

No 5xx, no undocumented status code or content type, no response that breaks its schema, no
request that breaks the schema accepted. Derandomised with the rest of the suite (tests/conftest.py).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from triggerpoint.clock import FixedClock
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings
from triggerpoint.storage.engine import engine_for
from triggerpoint.storage.migrate import upgrade

EXAMPLES = 25
DATA = tempfile.TemporaryDirectory(prefix="triggerpoint-schemathesis-")
# Every check runs. positive_data_acceptance also accepts 422 because the API applies rules a JSON
# Schema cannot state, and answers them 422 naming the field: a drawing with nothing painted, a time
# in the future, an edit past a point's pressure cap, an item that is not in today's session, an
# export file that is not one. Any other refusal of schema-valid data (400, 413, 415...) still fails.
CONFIG = f"""
[generation]
mode = "all"
max-examples = {EXAMPLES}

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
"""


def _app() -> FastAPI:
    configured = get_settings(
        data_dir=Path(DATA.name), timezone="UTC", secret_key="test-secret", allowed_hosts="localhost,testserver"
    )
    upgrade(engine_for(configured))
    built = create_app(configured)
    built.state.clock = FixedClock(date(2026, 3, 2))
    return built


APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=SchemathesisConfig.from_str(CONFIG))


@pytest.fixture(scope="module", autouse=True)
def started() -> Iterator[None]:
    """Run the app's start-up (it makes the local client) around the module, then drop its data."""
    with TestClient(APP, base_url="http://localhost"):
        yield
    APP.state.engine.dispose()
    DATA.cleanup()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(case: schemathesis.Case) -> None:
    case.call_and_validate()
