"""The app, built per call from settings (never a module-level app): pages, API, static files, security."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import ExitStack, asynccontextmanager, contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
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
from triggerpoint.api import notes as notes_api
from triggerpoint.api import programs as programs_api
from triggerpoint.api import questionnaires as questionnaires_api
from triggerpoint.api import sessions as sessions_api
from triggerpoint.api import visits as visits_api
from triggerpoint.clients.service import local_client
from triggerpoint.clock import Clock
from triggerpoint.finder import build_index
from triggerpoint.framework.auth import SESSION_SCOPE_KEY, SignInRequired
from triggerpoint.framework.compression import Compression
from triggerpoint.framework.deps import get_client, require_form_token, watch_writes
from triggerpoint.framework.errors import install_error_handlers
from triggerpoint.framework.links import CLIENT_PREFIX, first_path_for, path_for
from triggerpoint.framework.security import (
    TOKEN_FIELD,
    TOKEN_SCOPE_KEY,
    FormTokens,
    OriginCheck,
    SecurityHeaders,
    masked,
)
from triggerpoint.framework.static import FingerprintedStaticFiles
from triggerpoint.kb import load_kb
from triggerpoint.reports.cache import ReportCache
from triggerpoint.settings import Settings
from triggerpoint.storage.engine import engine_for, session_factory
from triggerpoint.storage.serverlock import server_running
from triggerpoint.web import (
    chart_pages,
    clinic_pages,
    diary_pages,
    drawing_pages,
    intake_pages,
    loop_pages,
    pages,
    progress_pages,
    selfcare_pages,
    visit_pages,
    wording,
)

STATIC = "static"
DESCRIPTION = "Trigger point therapy for chronic pain care. Informs; does not diagnose."
PAGE_ROUTERS = (
    drawing_pages.router,
    pages.router,
    selfcare_pages.router,
    diary_pages.router,
    progress_pages.router,
    visit_pages.router,
    loop_pages.router,
    intake_pages.router,
    chart_pages.router,
)
API_MODULES = (
    finder_api,
    drawings_api,
    programs_api,
    sessions_api,
    diary_api,
    questionnaires_api,
    exchange_api,
    visits_api,
    notes_api,
)


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
        if not app.state.settings.clinic:
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
    """Root-relative links, so pages work behind any host name or proxy (and stay in the record being viewed);
    static files carry their content's fingerprint, so browsers may keep them for a year."""
    request = context["request"]
    url = path_for(request, name, **params)
    if name == STATIC:
        static: FingerprintedStaticFiles = request.app.state.static_files
        return static.versioned_url(url, params["path"])
    return url


@pass_context
def _first_path_for(context: dict[str, Any], names: Sequence[str], /, **params: Any) -> str | None:
    """The first of several routes the app has (a page that may not exist yet, then its fallback), or None."""
    return first_path_for(context["request"], names, **params)


def _signed_in(request: Request) -> Any:
    """The signed-in account (clinic mode) for the page header, or None."""
    return request.scope.get(SESSION_SCOPE_KEY)


@pass_context
def _csrf_field(context: dict[str, Any]) -> Markup:
    """The hidden form-token field every state-changing form carries first (masked afresh: BREACH)."""
    token = masked(context["request"].scope[TOKEN_SCOPE_KEY])
    return Markup(f'<input type="hidden" name="{TOKEN_FIELD}" value="{escape(token)}">')


def build_templates() -> Jinja2Templates:
    """The page templates, with root-relative links and the form-token field."""
    templates = Jinja2Templates(directory=str(resources.files("triggerpoint.web").joinpath("templates")))
    templates.env.globals["url_for"] = _path_for
    templates.env.globals["url_for_first"] = _first_path_for
    templates.env.globals["csrf_field"] = _csrf_field
    templates.env.globals["signed_in"] = _signed_in
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
    app.state.sessions = session_factory(app.state.engine, clinic=settings.clinic)
    watch_writes(app.state.sessions)
    app.state.clock = Clock(settings.zone)
    app.state.templates = build_templates()
    app.state.report_cache = ReportCache.sized()
    app.state.form_signer = URLSafeSerializer(settings.signing_key(), salt="triggerpoint-form-token")
    app.state.static_files = FingerprintedStaticFiles(Path(str(resources.files("triggerpoint.web") / "static")))


def _install_routes(app: FastAPI, settings: Settings) -> None:
    app.mount("/static", app.state.static_files, name=STATIC)
    app.add_api_route("/docs", _docs, include_in_schema=False, response_class=HTMLResponse, name="api_docs")
    # The API first: a request is matched against the routes in order, and the API's all begin with /api,
    # so an API request skips the pages' seventy-odd routes; a page request pays for the API's forty.
    for module in API_MODULES:
        app.include_router(module.router, max_body_size=settings.max_request_bytes)
    tokens = [Depends(require_form_token)]  # every state-changing page form carries its token
    for router in PAGE_ROUTERS:
        app.include_router(router, max_body_size=settings.max_request_bytes, dependencies=tokens)
    app.include_router(diary_pages.upload_router, max_body_size=settings.max_upload_bytes, dependencies=tokens)
    if settings.clinic:
        _install_clinic_routes(app, settings, tokens)


def _install_clinic_routes(app: FastAPI, settings: Settings, tokens: list[Any]) -> None:
    """Sign-in, staff and client lists, the audit trail; and every record page and API again under
    `/clients/{client_ref}` for staff viewing a client (the portal keeps the plain addresses)."""
    app.include_router(clinic_pages.router, max_body_size=settings.max_request_bytes, dependencies=tokens)
    opened = [Depends(get_client)]  # every address under a client's prefix is that client's record: policy decides
    for router in PAGE_ROUTERS:
        app.include_router(
            router, prefix=CLIENT_PREFIX, max_body_size=settings.max_request_bytes, dependencies=[*tokens, *opened]
        )
    app.include_router(
        diary_pages.upload_router,
        prefix=CLIENT_PREFIX,
        max_body_size=settings.max_upload_bytes,
        dependencies=[*tokens, *opened],
    )
    for module in API_MODULES:
        app.include_router(
            module.router,
            prefix=CLIENT_PREFIX,
            max_body_size=settings.max_request_bytes,
            include_in_schema=False,
            dependencies=opened,
        )


def _install_middleware(app: FastAPI) -> None:
    # Added innermost first: a request meets compression, security headers, trusted hosts, the Origin check,
    # form tokens, and in clinic mode the sign-in check.
    if app.state.settings.clinic:
        app.add_middleware(SignInRequired, fastapi_app=app)
    app.add_middleware(FormTokens, signer=app.state.form_signer)
    app.add_middleware(OriginCheck)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=app.state.settings.allowed_hosts)
    app.add_middleware(SecurityHeaders, hsts=app.state.settings.behind_tls)
    app.add_middleware(Compression)


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


def ready_to_serve(app: FastAPI) -> FastAPI:
    """The app, with every object built so far (modules, knowledge base, index: about 240,000) frozen out of the
    garbage collector's full passes, which a large response would otherwise repeat over all of them. A year's FHIR
    export takes a third less time. Once per server process, after start-up; not in tests, which build many apps.
    """
    gc.collect()  # what start-up left as garbage goes first: frozen objects are never freed
    gc.freeze()
    return app


def app_from_environment() -> FastAPI:
    """The app configured from TRIGGERPOINT_* variables (for `uvicorn --factory`), ready to serve."""
    from triggerpoint.settings import get_settings

    return ready_to_serve(create_app(get_settings()))
