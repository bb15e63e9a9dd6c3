"""The pain drawings API: keep a drawing, answer its red-flag screen, refine it, read it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from triggerpoint.api.common import SHARED_RESPONSES, documented
from triggerpoint.drawings import repository as drawings_repo
from triggerpoint.drawings import service as drawings
from triggerpoint.drawings.schemas import DrawingCreate, DrawingRead, DrawingRefine, DrawingScreen
from triggerpoint.framework.deps import DB, KB, Index, Me, Now

router = APIRouter(prefix="/api/drawings", tags=["drawings"], responses=SHARED_RESPONSES)
DrawingId = Annotated[str, Path(max_length=64)]


@router.post("", status_code=201, response_model=DrawingRead, responses=documented(409, 422))
def create_drawing(
    body: DrawingCreate, kb: KB, index: Index, db: DB, me: Me, clock: Now, response: Response
) -> DrawingRead:
    """Keep a pain drawing; with answers, screen it at once. Suggestions come only once the screen is clear."""
    drawing = drawings.create_drawing(db, kb, index, me.id, body, clock.now())
    response.headers["Location"] = f"/api/drawings/{drawing.uuid}"
    return drawings.read_drawing(kb, drawing)


@router.get("", response_model=list[DrawingRead])
def list_drawings(kb: KB, db: DB, me: Me) -> list[DrawingRead]:
    """The most recent drawings, newest first."""
    return [drawings.read_drawing(kb, d) for d in drawings_repo.recent(db, me.id, limit=200)]


@router.get("/{drawing_id}", response_model=DrawingRead, responses=documented(404))
def get_drawing(drawing_id: DrawingId, kb: KB, db: DB, me: Me) -> DrawingRead:
    """One drawing, with its screen and the suggestions shown."""
    return drawings.read_drawing(kb, drawings.get_drawing(db, me.id, drawing_id))


@router.post("/{drawing_id}/screen", response_model=DrawingRead, responses=documented(404, 409, 422))
def screen_drawing(
    drawing_id: DrawingId, body: DrawingScreen, kb: KB, index: Index, db: DB, me: Me, clock: Now
) -> DrawingRead:
    """Answer the drawing's red-flag questions (some or all); a yes refers, all no gives the suggestions."""
    drawing = drawings.get_drawing(db, me.id, drawing_id)
    drawings.screen_drawing(db, kb, index, drawing, body.answers, clock.now())
    return drawings.read_drawing(kb, drawing)


@router.post("/{drawing_id}/refine", response_model=DrawingRead, responses=documented(404, 409, 422))
def refine_drawing(drawing_id: DrawingId, body: DrawingRefine, kb: KB, index: Index, db: DB, me: Me) -> DrawingRead:
    """Add symptoms and aggravating activities to a cleared drawing; its suggestions are ranked again."""
    drawing = drawings.get_drawing(db, me.id, drawing_id)
    drawings.refine_drawing(db, kb, index, drawing, body)
    return drawings.read_drawing(kb, drawing)
