"""The loop closed, on its own page: the first visit against this one (the partial _visit_loop.html shows it).

Only a therapist who may record the client's visits sees it; anyone else, and everyone on a
personal machine, gets a 404, as from the visit API.
"""

from __future__ import annotations

from typing import Annotated, NamedTuple

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from triggerpoint.atlas import load_atlas, point_marker, render_svg
from triggerpoint.atlas.render import Marker, intensity_shades
from triggerpoint.framework.deps import DB, KB, Me, Now, SignedIn, Templates, recording_therapist
from triggerpoint.kb import KnowledgeBase, UnknownIdError
from triggerpoint.kb.schema import Side, View
from triggerpoint.visits import loop
from triggerpoint.visits.loop_schemas import LoopRead, PointLoop

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
# Two views of the whole body fill a phone's width at under 0.8 CSS px per atlas unit: badges drawn
# 1.8 times their usual size keep their numbers at 11 px or more.
BADGE_SCALE = 1.8
VisitId = Annotated[str, Path(max_length=64)]


class LoopMaps(NamedTuple):
    """The two body maps of the loop: the first drawing and the one now, the treated points numbered on both."""

    then_svg: str
    now_svg: str


def _marker(kb: KnowledgeBase, point: PointLoop) -> Marker | None:
    """The point's numbered marker (none for a point or side the knowledge base cannot place)."""
    if point.side not in (Side.LEFT.value, Side.RIGHT.value):
        return None
    try:
        found = kb.point(point.muscle, point.point)
    except UnknownIdError:
        return None
    label = f"{point.number}. {point.muscle_name}, {point.point_name} ({point.side})"
    return point_marker(found, Side(point.side), label, str(point.number), **{"data-point": str(point.number)})


def _views(regions: set[str], markers: list[Marker]) -> list[View]:
    """The views with something to see (both when there is nothing), so each map is drawn as large as it can be."""
    atlas = load_atlas()
    shown = {view for region in regions for view in atlas.views_of(region)} | {m.at.view for m in markers}
    return [view for view in View if view in shown] or list(View)


def loop_levels(found: LoopRead) -> tuple[dict[str, int], dict[str, int]]:
    """The pain levels of the first drawing and of the drawing now (new regions included), by region."""
    then = {row.region: row.pain_then for row in found.regions}
    now = {row.region: row.pain_now for row in found.regions if row.pain_now}
    return then, now | {row.region: row.pain_now for row in found.new_regions}


def loop_maps(kb: KnowledgeBase, found: LoopRead) -> LoopMaps:
    """Both body maps of a loop, drawn with the atlas renderer on the same views."""
    then, now = loop_levels(found)
    markers = [m for m in (_marker(kb, p) for p in found.points) if m is not None]
    views = _views(set(then) | set(now), markers)
    return LoopMaps(
        render_svg(intensity_shades(then), markers, views, title="Pain at the first visit", marker_scale=BADGE_SCALE),
        render_svg(intensity_shades(now), markers, views, title="Pain now", marker_scale=BADGE_SCALE),
    )


@router.get("/visits/{visit_id}/loop", name="visit_loop")
def visit_loop(
    request: Request, visit_id: VisitId, kb: KB, db: DB, me: Me, signed_in: SignedIn, clock: Now, templates: Templates
) -> HTMLResponse:
    """The loop closed: did what was treated at the first visit get better where it hurt? (a therapist)"""
    recording_therapist(db, signed_in, me)
    found = loop.loop_of(db, kb, me.id, visit_id)
    maps = loop_maps(kb, found)
    context = {"loop_read": found, "then_svg": maps.then_svg, "now_svg": maps.now_svg, "local": clock.local}
    return templates.TemplateResponse(request, "visit_loop.html", context)
