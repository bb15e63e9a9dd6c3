"""Links that stay inside the record being viewed: staff see a client at `/clients/{client_ref}/…`.

Routes are looked up by name in a table built once per app: FastAPI's own `url_path_for` tries every
route in turn, and a page with a hundred links would pay for that a hundred times.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.routing import RouteContext
from starlette.routing import NoMatchFound

from triggerpoint.framework.routes import route_table

CLIENT_PARAM = "client_ref"
CLIENT_PREFIX = "/clients/{client_ref}"


def path_for(request: Request, name: str, /, **params: Any) -> str:
    """The root-relative path of a named route, within the same client's record when the request is in one."""
    owner = getattr(request.state, "record_owner", None)  # set only once the record was allowed to open
    client_ref = owner.uuid if owner is not None and CLIENT_PARAM in request.path_params else None
    if client_ref is not None:
        try:
            return url_path_for(request.app, name, **params, **{CLIENT_PARAM: client_ref})
        except NoMatchFound:
            pass  # a page that exists once for everyone (sign-in, the client list)
    return url_path_for(request.app, name, **params)


def url_path_for(app: FastAPI, name: str, /, **params: Any) -> str:
    """What `app.url_path_for` answers (the first route of that name whose parameters fit), from the name table."""
    for route in _routes_by_name(app).get(name, ()):
        try:
            return str(route.url_path_for(name, **params))
        except NoMatchFound:
            continue
    raise NoMatchFound(name, params)


def _routes_by_name(app: FastAPI) -> dict[str, list[RouteContext]]:
    table: dict[str, list[RouteContext]] | None = getattr(app.state, "routes_by_name", None)
    if table is None:  # built on first use, once every route is in place
        table = {}
        for route in route_table(app):
            if route.name:
                table.setdefault(route.name, []).append(route)
        app.state.routes_by_name = table
    return table


def first_path_for(request: Request, names: Sequence[str], /, **params: Any) -> str | None:
    """The path of the first of `names` the app has a route for (a page added later wins over its fallback)."""
    for name in names:
        try:
            return path_for(request, name, **params)
        except NoMatchFound:
            continue
    return None
