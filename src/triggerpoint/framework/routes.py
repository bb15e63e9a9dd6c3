"""The app's route table, flattened (FastAPI keeps included routers nested)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import RouteContext, iter_route_contexts

IMPLICIT = frozenset({"HEAD"})  # answered for every GET, never listed in the API document


def route_table(app: FastAPI) -> list[RouteContext]:
    """Every route of the app with its full path, methods and endpoint."""
    return list(iter_route_contexts(app.routes))


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods the routes at a path answer (for the Allow header of a 405)."""
    methods: set[str] = set()
    for route in route_table(app):
        regex = getattr(route, "path_regex", None)
        if regex is not None and route.methods and regex.match(path):
            methods |= route.methods
    return sorted(methods - IMPLICIT)
