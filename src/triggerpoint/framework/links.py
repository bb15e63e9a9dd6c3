"""Links that stay inside the record being viewed: staff see a client at `/clients/{client_ref}/…`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from starlette.routing import NoMatchFound

CLIENT_PARAM = "client_ref"
CLIENT_PREFIX = "/clients/{client_ref}"


def path_for(request: Request, name: str, /, **params: Any) -> str:
    """The root-relative path of a named route, within the same client's record when the request is in one."""
    owner = getattr(request.state, "record_owner", None)  # set only once the record was allowed to open
    client_ref = owner.uuid if owner is not None and CLIENT_PARAM in request.path_params else None
    if client_ref is not None:
        try:
            return str(request.app.url_path_for(name, **params, **{CLIENT_PARAM: client_ref}))
        except NoMatchFound:
            pass  # a page that exists once for everyone (sign-in, the client list)
    return str(request.app.url_path_for(name, **params))


def first_path_for(request: Request, names: Sequence[str], /, **params: Any) -> str | None:
    """The path of the first of `names` the app has a route for (a page added later wins over its fallback)."""
    for name in names:
        try:
            return path_for(request, name, **params)
        except NoMatchFound:
            continue
    return None
