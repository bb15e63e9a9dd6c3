"""Links come from a name table built once per app: the same paths FastAPI's own lookup gives, in both modes."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.routing import NoMatchFound

from triggerpoint.framework.links import url_path_for
from triggerpoint.framework.routes import route_table
from triggerpoint.server import create_app
from triggerpoint.settings import get_settings

SAMPLES = {"IntegerConvertor": "7", "PathConvertor": "vendor/x.js"}


def sample(convertor: object) -> str:
    return SAMPLES.get(type(convertor).__name__, "x1")


@pytest.mark.parametrize("mode", ["personal", "clinic"])
def test_every_named_route_links_as_fastapi_would(tmp_path: Path, mode: str) -> None:
    app = create_app(get_settings(data_dir=tmp_path, secret_key="test-secret", mode=mode))
    checked = 0
    for route in route_table(app):
        params = {name: sample(convertor) for name, convertor in route.param_convertors.items()}
        assert route.name
        assert url_path_for(app, route.name, **params) == str(app.url_path_for(route.name, **params)), route.name
        checked += 1
    assert checked > 90
    with pytest.raises(NoMatchFound):
        url_path_for(app, "no-such-route")
