"""The web application, built per call from settings (never a module-level app)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError, ProgrammingError

from triggerpoint import __version__
from triggerpoint.api import finder as finder_api
from triggerpoint.api import records as records_api
from triggerpoint.clients.service import local_client
from triggerpoint.clock import Clock
from triggerpoint.kb import load_kb
from triggerpoint.settings import Settings
from triggerpoint.storage.engine import engine_for, session_factory
from triggerpoint.web import bodymap, diary_pages, pages, progress_pages, selfcare_pages


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # The local client is made once, at start, so concurrent first requests cannot each make one.
    try:
        with app.state.sessions() as session:
            local_client(session)
            session.commit()
    except (OperationalError, ProgrammingError) as error:
        raise RuntimeError("the database has no tables yet: run `triggerpoint db upgrade` first") from error
    yield
    app.state.engine.dispose()


def create_app(settings: Settings) -> FastAPI:
    """Build the app: pages, API and static files, with the knowledge base loaded once."""
    app = FastAPI(
        lifespan=_lifespan,
        title="triggerpoint",
        version=__version__,
        description="Trigger point therapy for chronic pain care. Informs; does not diagnose.",
    )
    app.state.settings = settings
    app.state.kb = load_kb()
    app.state.engine = engine_for(settings)
    app.state.sessions = session_factory(app.state.engine)
    app.state.clock = Clock()
    static = resources.files("triggerpoint.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(bodymap.router)
    app.include_router(pages.router)
    app.include_router(selfcare_pages.router)
    app.include_router(diary_pages.router)
    app.include_router(progress_pages.router)
    app.include_router(finder_api.router)
    app.include_router(records_api.router)
    return app


def app_from_environment() -> FastAPI:
    """The app configured from TRIGGERPOINT_* variables (for `uvicorn --factory`)."""
    from triggerpoint.settings import get_settings

    return create_app(get_settings())
