"""The body map flow: paint the pain, answer the red-flag questions, see where to press and how.

Every drawing submitted is kept (triggerpoint.drawings). Each step posts to the drawing and
is redirected to its page, so reloading never submits twice and GET never writes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from triggerpoint.atlas import load_atlas, point_marker, render_svg
from triggerpoint.atlas.geometry import Box, around, closeups
from triggerpoint.atlas.render import Marker, intensity_shades, shade_colour
from triggerpoint.drawings import repository as drawings_repo
from triggerpoint.drawings import service as drawings
from triggerpoint.drawings.compare import compare_drawings
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.drawings.schemas import DrawingForm, DrawingRefineForm, DrawingScreenForm
from triggerpoint.errors import FieldError
from triggerpoint.finder import PainArea, pain_areas
from triggerpoint.finder.answers import listed_once
from triggerpoint.finder.types import RankedPoint
from triggerpoint.framework.deps import DB, KB, Index, Me, Now, Templates
from triggerpoint.framework.errors import PageError
from triggerpoint.framework.links import path_for
from triggerpoint.guidance import Status
from triggerpoint.kb import KnowledgeBase, Tier
from triggerpoint.kb.schema import Muscle, TriggerPoint, View
from triggerpoint.screening import ScreeningError

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
SHOWN = 8  # candidates listed, with numbered markers, before "show more"
LEVEL_COLOURS = [shade_colour(0.15 + 0.85 * level / 10) for level in range(11)]


def _see_drawing(request: Request, drawing: PainDrawing) -> RedirectResponse:
    return RedirectResponse(path_for(request, "drawing", drawing_id=drawing.uuid), status_code=303)


def _map_context(kb: KnowledgeBase, levels: dict[str, int], error: str | None) -> dict[str, Any]:
    shades = intensity_shades(levels)
    groups: dict[str, list[tuple[str, str]]] = {}
    for region in kb.regions:
        groups.setdefault(region.group, []).append((region.id, region.name))
    atlas = load_atlas()
    return {
        "closeups": {view.value: {k: _box(b) for k, b in closeups(atlas, view).items()} for view in View},
        "front": render_svg(shades, views=[View.FRONT], interactive=True, title="Body map, front"),
        "back": render_svg(shades, views=[View.BACK], interactive=True, title="Body map, back"),
        "groups": groups,
        "group_names": {f.group: f.group.replace("-", ", ").capitalize() for f in kb.families},
        "levels": levels,
        "painted": [(r, kb.region(r).name, level) for r, level in levels.items()],
        "colours": LEVEL_COLOURS,
        "submission_id": uuid.uuid4().hex,
        "error": error,
    }


def _box(box: Box) -> list[float]:
    """A box as an SVG viewBox: x, y, width, height."""
    return [round(box.left, 1), round(box.top, 1), round(box.right - box.left, 1), round(box.bottom - box.top, 1)]


@router.get("/", name="bodymap")
def bodymap(
    request: Request,
    kb: KB,
    db: DB,
    me: Me,
    templates: Templates,
    start_from: Annotated[str | None, Query(alias="from", max_length=64)] = None,
) -> HTMLResponse:
    """Where does it hurt? Paint the pain on the body map (`?from=<drawing>` starts from an earlier one)."""
    earlier = drawings_repo.by_uuid(db, me.id, start_from) if start_from else None
    levels = dict(earlier.regions) if earlier else {}
    return templates.TemplateResponse(request, "bodymap.html", _map_context(kb, levels, None))


@router.post("/drawings", name="drawing_create")
def drawing_create(
    request: Request,
    form: Annotated[DrawingForm, Form()],
    kb: KB,
    index: Index,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
) -> Response:
    """Keep the drawing and go on to its safety questions."""
    try:
        drawing = drawings.create_drawing(db, kb, index, me.id, form, clock.now())
    except FieldError as problem:
        known = {r: level for r, level in form.intensities.items() if kb.has_region(r) and level > 0}
        context = _map_context(kb, known, f"{problem.message}.".capitalize())
        raise PageError(templates.TemplateResponse(request, "bodymap.html", context, 422)) from None
    return _see_drawing(request, drawing)


@router.get("/drawings", name="drawings")
def drawings_page(request: Request, kb: KB, db: DB, me: Me, clock: Now, templates: Templates) -> HTMLResponse:
    """Past drawings, newest first, to look at again, start from, or compare."""
    past = drawings_repo.recent(db, me.id, limit=200)
    rows = [(d, clock.local(d.recorded_at), [kb.region(r).name for r in d.regions]) for d in past]
    return templates.TemplateResponse(request, "drawings.html", {"rows": rows})


@router.get("/drawings/compare", name="drawings_compare")
def drawings_compare(
    request: Request,
    kb: KB,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
    a: Annotated[str | None, Query(max_length=64)] = None,
    b: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    """Two drawings side by side, and which areas are new, gone, better or worse."""
    if not a or not b:  # reached without choosing: say so in words, not with the parameters' names
        return templates.TemplateResponse(request, "drawings_choose.html", {}, status_code=422)
    first, second = drawings.get_drawing(db, me.id, a), drawings.get_drawing(db, me.id, b)
    if second.recorded_at < first.recorded_at:
        first, second = second, first
    context = {
        "first": (first, clock.local(first.recorded_at), _drawing_svg(first, "Earlier drawing")),
        "second": (second, clock.local(second.recorded_at), _drawing_svg(second, "Later drawing")),
        "changes": compare_drawings(first.regions, second.regions),
        "kb": kb,
    }
    return templates.TemplateResponse(request, "drawings_compare.html", context)


def _drawing_svg(drawing: PainDrawing, title: str) -> str:
    return render_svg(intensity_shades(drawing.regions), title=title)


@router.get("/drawings/{drawing_id}", name="drawing")
def drawing_page(
    request: Request, drawing_id: str, kb: KB, index: Index, db: DB, me: Me, clock: Now, templates: Templates
) -> HTMLResponse:
    """A drawing: its safety questions until answered, then where to get care or where to press."""
    drawing = drawings.get_drawing(db, me.id, drawing_id)
    when = clock.local(drawing.recorded_at)
    if drawing.screen_status == Status.QUESTIONS.value:
        return _check_page(request, templates, kb, drawing, None)
    if drawing.screen_status == Status.REFER.value:
        context = {"drawing": drawing, "flagged": drawings.flagged_questions(kb, drawing), "when": when}
        context["advice"] = drawings.read_drawing(kb, drawing).advice
        return templates.TemplateResponse(request, "seek_care.html", context)
    areas = _areas(kb, pain_areas(kb, index, drawings.finder_drawing(drawing)))
    return templates.TemplateResponse(
        request, "results.html", _results_context(kb, drawing) | {"when": when, "areas": areas}
    )


@dataclass(frozen=True)
class AreaView:
    """A pain area as the results page names it."""

    name: str
    regions: list[str]
    points: list[str]


def _point_name(ranked: RankedPoint) -> str:
    return f"{ranked.trigger_point_name} ({'either side' if ranked.either_side else ranked.side.value})"


def _areas(kb: KnowledgeBase, areas: list[PainArea]) -> list[AreaView]:
    """Each pain area by name, its regions and the three points that explain it best on its own."""
    return [
        AreaView(
            name=area.name[0].lower() + area.name[1:],
            regions=[kb.region(r).name for r in area.regions],
            points=[_point_name(p) for p in area.candidates[:3]],
        )
        for area in areas
    ]


def _check_page(
    request: Request, templates: Any, kb: KnowledgeBase, drawing: PainDrawing, error: str | None
) -> HTMLResponse:
    context = {
        "drawing": drawing,
        "painted": [(r, kb.region(r).name, level) for r, level in drawing.regions.items()],
        "questions": [q for q in kb.screening if q.id in {item["id"] for item in drawing.screen}],
        "answers": {item["id"]: item["answer"] for item in drawing.screen},
        "svg": _drawing_svg(drawing, "Your pain drawing"),
        "error": error,
    }
    response: HTMLResponse = templates.TemplateResponse(request, "check.html", context, 422 if error else 200)
    return response


@router.post("/drawings/{drawing_id}/screen", name="drawing_screen")
def drawing_screen(
    request: Request,
    drawing_id: str,
    form: Annotated[DrawingScreenForm, Form()],
    kb: KB,
    index: Index,
    db: DB,
    me: Me,
    clock: Now,
    templates: Templates,
) -> Response:
    """Record the red-flag answers; then the results, or where to get care."""
    drawing = drawings.get_drawing(db, me.id, drawing_id)
    try:
        decided = drawings.screen_drawing(db, kb, index, drawing, form.answers, clock.now())
    except ScreeningError as problem:
        raise PageError(_check_page(request, templates, kb, drawing, problem.message)) from None
    if decided.status is Status.QUESTIONS:
        message = "Please answer every question: " + " ".join(q.ask for q in decided.unanswered)
        raise PageError(_check_page(request, templates, kb, drawing, message))
    return _see_drawing(request, drawing)


@router.post("/drawings/{drawing_id}/refine", name="drawing_refine")
def drawing_refine(
    request: Request,
    drawing_id: str,
    form: Annotated[DrawingRefineForm, Form()],
    kb: KB,
    index: Index,
    db: DB,
    me: Me,
) -> Response:
    """Add what else is noticed and what makes it worse; the suggestions are ranked again."""
    drawing = drawings.get_drawing(db, me.id, drawing_id)
    drawings.refine_drawing(db, kb, index, drawing, form)
    return _see_drawing(request, drawing)


@dataclass(frozen=True)
class Card:
    """One ranked trigger point with what the page shows about it."""

    ranked: RankedPoint
    muscle: Muscle
    point: TriggerPoint
    referral: dict[str, list[str]]
    rank: int
    covers: dict[str, list[str]]  # tier -> painted regions it explains, in plain names
    also: list[str]  # regions it usually reaches that were not painted


def _label(kb: KnowledgeBase, region_id: str, side: str) -> str:
    """A region's name as a card says it: the family name, and "other side" when it crosses over."""
    region = kb.region(region_id)
    family = kb.family(region.base)
    name = (family.name if family else region.name).lower()
    return f"{name} (other side)" if region.side is not None and region.side.value != side else name


def _card(kb: KnowledgeBase, ranked: RankedPoint, rank: int) -> Card:
    point = kb.point(ranked.muscle, ranked.trigger_point)
    reached = kb.referral_map(point, ranked.side)
    referral = {tier.value: [r for r, t in reached.items() if t is tier] for tier in Tier}
    side = ranked.side.value
    covers = {tier.value: [_label(kb, e.region, side) for e in ranked.explains if e.how is tier] for tier in Tier}
    also = [_label(kb, r, side) for r in ranked.missing_essential]
    return Card(ranked, kb.muscle(ranked.muscle), point, referral, rank, covers, also)


def _marker(card: Card, shown: bool) -> Marker:
    attributes = {"data-muscle": card.muscle.id, "data-side": card.ranked.side.value, "data-rank": str(card.rank)}
    if not shown:
        attributes["class"] = "extra"  # drawn only while its card is selected
    label = f"{card.rank}. {card.muscle.name} ({card.ranked.side.value})"
    return point_marker(card.point, card.ranked.side, label, str(card.rank), **attributes)


def _closeup_view(drawing: PainDrawing, markers: list[Marker]) -> View:
    """The view the close-up shows: the one with most listed points, then the one with most painted."""
    atlas = load_atlas()

    def weight(view: View) -> tuple[int, int]:
        return sum(m.at.view is view for m in markers), sum(r in atlas.paths[view] for r in drawing.regions)

    return max(View, key=weight)


def _figures(drawing: PainDrawing, cards: list[Card], shown: int) -> dict[str, str]:
    """The whole body with every marker, and a close-up framing the painted area and the listed points."""
    markers = [_marker(card, index < shown) for index, card in enumerate(cards)]
    overlay = {r for card in cards for regions in card.referral.values() for r in regions}
    shades = intensity_shades(drawing.regions)
    title = "Your pain and the trigger points that may send it"
    whole = render_svg(shades, markers, title=title, overlay=overlay, prefix="whole")
    view = _closeup_view(drawing, markers[:shown])
    crop = around(load_atlas(), view, drawing.regions, (m.at for m in markers[:shown]), margin=18.0)
    close = render_svg(
        shades, markers, views=[view], crop=crop, title=f"Close-up: {view.value}", overlay=overlay, prefix="close"
    )
    return {"whole": whole, "close": close}


def _results_context(kb: KnowledgeBase, drawing: PainDrawing) -> dict[str, Any]:
    ranked = drawings.suggestions_of(drawing)
    ordered = listed_once([p for p in ranked if p.in_minimal_set] + [p for p in ranked if not p.in_minimal_set])
    cards = [_card(kb, point, number) for number, point in enumerate(ordered, start=1)]  # numbered as listed
    start_here = [c for c in cards if c.ranked.in_minimal_set]
    others = [c for c in cards if not c.ranked.in_minimal_set]
    first = others[: max(SHOWN - len(start_here), 0)]
    cards = start_here + first + others[len(first) :]
    cards = [replace(card, rank=rank) for rank, card in enumerate(cards, start=1)]
    shown = len(start_here) + len(first)
    return {
        "drawing": drawing,
        "start_here": cards[: len(start_here)],
        "others": cards[len(start_here) : shown],
        "more": cards[shown:],
        "figures": _figures(drawing, cards, shown),
        "unexplained": [kb.region(r).name for r in drawing.unexplained],
        "kb": kb,
    }
