"""HTML pages: the atlas browser (muscle index, muscle pages, condition pages, regions)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from triggerpoint.atlas import point_marker, referral_shades, render_svg
from triggerpoint.framework.deps import KB, Templates
from triggerpoint.kb import KnowledgeBase, Tier, UnknownIdError
from triggerpoint.kb.schema import Muscle, Side

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


def _not_found(request: Request, templates: Jinja2Templates, error: UnknownIdError, route: str) -> HTMLResponse:
    """A 404 page that offers the closest valid IDs as links."""
    context = {"error": error, "route": route, "param": f"{route}_id"}
    return templates.TemplateResponse(request, "not_found.html", context, status_code=404)


def _matches(muscle: Muscle, query: str) -> bool:
    text = " ".join([muscle.id, muscle.name, *muscle.aliases, muscle.area]).lower()
    return all(word in text for word in query.lower().split())


@router.get("/muscles", name="home")
def home(request: Request, kb: KB, templates: Templates, q: Annotated[str, Query(max_length=80)] = "") -> HTMLResponse:
    """The muscle index with search, and the six conditions."""
    areas = {term.id: term.name for term in kb.vocabularies.areas}
    shown = [m for m in kb.muscles if _matches(m, q)] if q else list(kb.muscles)
    grouped = {name: [m for m in shown if m.area == area] for area, name in areas.items()}
    return templates.TemplateResponse(
        request, "index.html", {"kb": kb, "grouped": grouped, "q": q, "count": len(shown)}
    )


def _point_figure(kb: KnowledgeBase, muscle: Muscle, index: int) -> dict[str, Any]:
    point = muscle.trigger_points[index]
    marker = point_marker(point, Side.RIGHT, f"{point.name} (right side)")
    svg = render_svg(referral_shades(kb, point, Side.RIGHT), [marker], title=f"Referral map of {point.name}")
    reached = kb.referral_map(point, Side.RIGHT)
    names = {tier.value: [kb.region(r).name for r, t in reached.items() if t is tier] for tier in Tier}
    return {"point": point, "svg": svg, "names": names}


@router.get("/muscles/{muscle_id}", name="muscle")
def muscle_page(request: Request, kb: KB, templates: Templates, muscle_id: str) -> HTMLResponse:
    """One muscle: each trigger point's referral map on the atlas, landmark, self-care, stretch."""
    try:
        muscle = kb.muscle(muscle_id)
    except UnknownIdError as error:
        return _not_found(request, templates, error, "muscle")
    figures = [_point_figure(kb, muscle, i) for i in range(len(muscle.trigger_points))]
    conditions = [kb.condition(c) for c in dict.fromkeys(c for p in muscle.trigger_points for c in p.conditions)]
    return templates.TemplateResponse(
        request, "muscle.html", {"kb": kb, "muscle": muscle, "figures": figures, "conditions": conditions}
    )


@router.get("/conditions/{condition_id}", name="condition")
def condition_page(request: Request, kb: KB, templates: Templates, condition_id: str) -> HTMLResponse:
    """One condition: summary, the muscles most often involved, and its red flags."""
    try:
        condition = kb.condition(condition_id)
    except UnknownIdError as error:
        return _not_found(request, templates, error, "condition")
    return templates.TemplateResponse(request, "condition.html", {"kb": kb, "condition": condition})


@router.get("/regions", name="regions")
def regions_page(request: Request, kb: KB, templates: Templates) -> HTMLResponse:
    """Every region of the atlas with its Michigan Body Map and WPI areas."""
    return templates.TemplateResponse(request, "regions.html", {"kb": kb, "svg": render_svg(title="Body regions")})
