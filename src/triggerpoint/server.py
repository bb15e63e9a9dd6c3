"""The app, built per call from settings (never a module-level app): pages, API, static files, security."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from itsdangerous import URLSafeSerializer
from jinja2 import pass_context
from markupsafe import Markup, escape
from sqlalchemy.exc import OperationalError, ProgrammingError
from starlette.middleware.trustedhost import TrustedHostMiddleware

from triggerpoint import __version__
from triggerpoint.api import diary as diary_api
from triggerpoint.api import drawings as drawings_api
from triggerpoint.api import exchange as exchange_api
from triggerpoint.api import finder as finder_api
from triggerpoint.api import programs as programs_api
from triggerpoint.api import questionnaires as questionnaires_api
from triggerpoint.api import sessions as sessions_api
from triggerpoint.clients.service import local_client
from triggerpoint.clock import Clock
from triggerpoint.finder import build_index
from triggerpoint.framework.deps import require_form_token
from triggerpoint.framework.errors import install_error_handlers
from triggerpoint.framework.security import TOKEN_FIELD, TOKEN_SCOPE_KEY, FormTokens, OriginCheck, SecurityHeaders
from triggerpoint.kb import load_kb
from triggerpoint.settings import Settings
from triggerpoint.storage.engine import engine_for, session_factory
from triggerpoint.storage.serverlock import server_running
from triggerpoint.web import diary_pages, drawing_pages, pages, progress_pages, selfcare_pages, wording

DESCRIPTION = "Trigger point therapy for chronic pain care. Informs; does not diagnose."


@contextmanager
def _database_in_use(settings: Settings) -> Iterator[None]:
    """Tell `triggerpoint restore` that a server is using the SQLite database."""
    if settings.database_url is None:
        with server_running(settings.sqlite_path):
            yield
    else:
        yield


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    with ExitStack() as stack:
        stack.enter_context(_database_in_use(app.state.settings))
        _make_local_client(app)
        yield
    app.state.engine.dispose()


def _make_local_client(app: FastAPI) -> None:
    # Made once, at start, so concurrent first requests cannot each make one and GETs never write.
    try:
        with app.state.sessions() as session:
            local_client(session)
            session.commit()
    except (OperationalError, ProgrammingError) as error:
        raise RuntimeError("the database has no tables yet: run `triggerpoint db upgrade` first") from error


@pass_context
def _path_for(context: dict[str, Any], name: str, /, **params: Any) -> str:
    """Root-relative links, so pages work behind any host name or proxy."""
    return str(context["request"].app.url_path_for(name, **params))


@pass_context
def _csrf_field(context: dict[str, Any]) -> Markup:
    """The hidden form-token field every state-changing form carries first."""
    token = context["request"].scope[TOKEN_SCOPE_KEY]
    return Markup(f'<input type="hidden" name="{TOKEN_FIELD}" value="{escape(token)}">')


def build_templates() -> Jinja2Templates:
    """The page templates, with root-relative links and the form-token field."""
    templates = Jinja2Templates(directory=str(resources.files("triggerpoint.web").joinpath("templates")))
    templates.env.globals["url_for"] = _path_for
    templates.env.globals["csrf_field"] = _csrf_field
    templates.env.filters.update(
        plural=wording.plural, human_list=wording.human_list, times_a_day=wording.times_a_day, match=wording.match_words
    )
    return templates


def _docs(request: Request) -> HTMLResponse:
    """The API's interactive documentation (Swagger UI from local files)."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "api_docs.html", {"version": __version__})


def _install_state(app: FastAPI, settings: Settings) -> None:
    app.state.settings = settings
    app.state.kb = load_kb()
    app.state.index = build_index(app.state.kb)
    app.state.engine = engine_for(settings)
    app.state.sessions = session_factory(app.state.engine)
    app.state.clock = Clock(settings.zone)
    app.state.templates = build_templates()
    app.state.form_signer = URLSafeSerializer(settings.signing_key(), salt="triggerpoint-form-token")


def _install_routes(app: FastAPI, settings: Settings) -> None:
    static = resources.files("triggerpoint.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_api_route("/docs", _docs, include_in_schema=False, response_class=HTMLResponse, name="api_docs")
    tokens = [Depends(require_form_token)]  # every state-changing page form carries its token
    for router in (
        drawing_pages.router,
        pages.router,
        selfcare_pages.router,
        diary_pages.router,
        progress_pages.router,
    ):
        app.include_router(router, max_body_size=settings.max_request_bytes, dependencies=tokens)
    app.include_router(diary_pages.upload_router, max_body_size=settings.max_upload_bytes, dependencies=tokens)
    api = (finder_api, drawings_api, programs_api, sessions_api, diary_api, questionnaires_api, exchange_api)
    for module in api:
        app.include_router(module.router, max_body_size=settings.max_request_bytes)


def _install_middleware(app: FastAPI) -> None:
    # Added innermost first: a request meets security headers, trusted hosts, the Origin check, form tokens.
    app.add_middleware(FormTokens, signer=app.state.form_signer)
    app.add_middleware(OriginCheck)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=app.state.settings.allowed_hosts)
    app.add_middleware(SecurityHeaders)


def create_app(settings: Settings) -> FastAPI:
    """Build the app: pages, API and static files, with the knowledge base and finder index loaded once."""
    app = FastAPI(
        lifespan=_lifespan,
        title="triggerpoint",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        max_body_size=settings.max_upload_bytes,
        form_limits={"max_files": 1, "max_fields": 1000, "max_part_size": settings.max_request_bytes},
    )
    _install_state(app, settings)
    _install_routes(app, settings)
    _install_middleware(app)
    install_error_handlers(app)
    return app


def app_from_environment() -> FastAPI:
    """The app configured from TRIGGERPOINT_* variables (for `uvicorn --factory`)."""
    from triggerpoint.settings import get_settings

    return create_app(get_settings())
