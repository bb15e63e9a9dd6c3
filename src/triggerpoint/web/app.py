"""The web application, built per call from settings (never a module-level app)."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from triggerpoint import __version__
from triggerpoint.api import finder as finder_api
from triggerpoint.kb import load_kb
from triggerpoint.settings import Settings
from triggerpoint.web import bodymap, pages


def create_app(settings: Settings) -> FastAPI:
    """Build the app: pages, API and static files, with the knowledge base loaded once."""
    app = FastAPI(
        title="triggerpoint",
        version=__version__,
        description="Trigger point therapy for chronic pain care. Informs; does not diagnose.",
    )
    app.state.settings = settings
    app.state.kb = load_kb()
    static = resources.files("triggerpoint.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(bodymap.router)
    app.include_router(pages.router)
    app.include_router(finder_api.router)
    return app
