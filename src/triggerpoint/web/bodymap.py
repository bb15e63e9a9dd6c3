"""The body map flow: paint the pain, answer the red-flag questions, see where to press and how."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from triggerpoint.atlas import point_marker, render_svg
from triggerpoint.atlas.render import intensity_shades, shade_colour
from triggerpoint.finder import Drawing, FinderResult, default_index, find_sources
from triggerpoint.finder.types import RankedPoint
from triggerpoint.kb import KnowledgeBase, Tier
from triggerpoint.kb.schema import Muscle, TriggerPoint, View
from triggerpoint.screening import ScreeningError, questions_for, screen
from triggerpoint.web.drawing_form import DrawingForm, FormInputError, hidden_fields, read_drawing_form, region_names
from triggerpoint.web.pages import KB, templates

router = APIRouter(default_response_class=HTMLResponse)
SHOWN = 8  # candidates listed on the results page
LEVEL_COLOURS = [shade_colour(0.15 + 0.85 * level / 10) for level in range(11)]


def _map_context(kb: KnowledgeBase, drawing: DrawingForm, error: str | None) -> dict[str, Any]:
    shades = intensity_shades(drawing.intensities)
    groups: dict[str, list[tuple[str, str]]] = {}
    for region in kb.regions:
        groups.setdefault(region.group, []).append((region.id, region.name))
    return {
        "front": render_svg(shades, views=[View.FRONT], interactive=True, title="Body map, front"),
        "back": render_svg(shades, views=[View.BACK], interactive=True, title="Body map, back"),
        "groups": groups,
        "group_names": {f.group: f.group.replace("-", ", ").capitalize() for f in kb.families},
        "drawing": drawing,
        "painted": region_names(kb, drawing.intensities),
        "colours": LEVEL_COLOURS,
        "error": error,
    }


@router.get("/", name="bodymap")
def bodymap(request: Request, kb: KB) -> HTMLResponse:
    """Where does it hurt? Paint the pain on the body map."""
    context = _map_context(kb, DrawingForm(intensities={}), None)
    return templates.TemplateResponse(request, "bodymap.html", context)


async def _drawing_or_map(request: Request, kb: KnowledgeBase, painted: bool = True) -> DrawingForm | HTMLResponse:
    """The drawing the form carries, or the body map again saying what was wrong with it."""
    try:
        drawing = read_drawing_form(kb, await request.form())
    except FormInputError as problem:
        return _map_again(request, kb, DrawingForm(intensities={}), str(problem))
    if painted and not drawing.intensities:
        return _map_again(request, kb, drawing, "Paint at least one region where it hurts, then continue.")
    return drawing


@router.post("/edit", name="edit")
async def edit(request: Request, kb: KB) -> HTMLResponse:
    """Back to the body map with the drawing kept."""
    drawing = await _drawing_or_map(request, kb, painted=False)
    if isinstance(drawing, HTMLResponse):
        return drawing
    return templates.TemplateResponse(request, "bodymap.html", _map_context(kb, drawing, None))


def _map_again(request: Request, kb: KnowledgeBase, drawing: DrawingForm, error: str) -> HTMLResponse:
    context = _map_context(kb, drawing, error)
    return templates.TemplateResponse(request, "bodymap.html", context, status_code=422)


@router.post("/check", name="check")
async def check(request: Request, kb: KB) -> HTMLResponse:
    """The red-flag questions for the painted regions, asked before any suggestion."""
    drawing = await _drawing_or_map(request, kb)
    if isinstance(drawing, HTMLResponse):
        return drawing
    return _check_page(request, kb, drawing, None)


def _check_page(request: Request, kb: KnowledgeBase, drawing: DrawingForm, error: str | None) -> HTMLResponse:
    context = {
        "drawing": drawing,
        "painted": region_names(kb, drawing.intensities),
        "questions": questions_for(kb, drawing.regions),
        "hidden": hidden_fields(drawing, with_answers=False),
        "svg": render_svg(intensity_shades(drawing.intensities), title="Your pain drawing"),
        "error": error,
    }
    return templates.TemplateResponse(request, "check.html", context, status_code=422 if error else 200)


@dataclass(frozen=True)
class Card:
    """One ranked trigger point with what the page shows about it."""

    ranked: RankedPoint
    muscle: Muscle
    point: TriggerPoint
    referral: dict[str, list[str]]
    rank: int


def _cards(kb: KnowledgeBase, result: FinderResult) -> list[Card]:
    cards = []
    for rank, ranked in enumerate(result.candidates[:SHOWN], start=1):
        point = kb.point(ranked.muscle, ranked.trigger_point)
        reached = kb.referral_map(point, ranked.side)
        referral = {tier.value: [r for r, t in reached.items() if t is tier] for tier in Tier}
        cards.append(Card(ranked, kb.muscle(ranked.muscle), point, referral, rank))
    return cards


def _results_svg(kb: KnowledgeBase, drawing: DrawingForm, cards: list[Card]) -> str:
    markers = [
        point_marker(
            card.point,
            card.ranked.side,
            f"{card.rank}. {card.muscle.name} ({card.ranked.side.value})",
            str(card.rank),
            **{"data-muscle": card.muscle.id, "data-side": card.ranked.side.value, "data-rank": str(card.rank)},
        )
        for card in cards
    ]
    return render_svg(intensity_shades(drawing.intensities), markers, title="Your pain and the likely trigger points")


def _results(request: Request, kb: KnowledgeBase, drawing: DrawingForm) -> HTMLResponse:
    finder_drawing = Drawing(intensities=drawing.intensities, symptoms=drawing.symptoms, activities=drawing.activities)
    result = find_sources(finder_drawing, default_index(), top=SHOWN)
    cards = _cards(kb, result)
    in_set = [c for c in cards if c.ranked.in_minimal_set]
    context = {
        "drawing": drawing,
        "result": result,
        "start_here": in_set,
        "others": [c for c in cards if not c.ranked.in_minimal_set],
        "svg": _results_svg(kb, drawing, cards),
        "hidden": hidden_fields(drawing),
        "unexplained": [kb.region(r).name for r in result.unexplained],
        "kb": kb,
    }
    return templates.TemplateResponse(request, "results.html", context)


@router.post("/results", name="results")
async def results(request: Request, kb: KB) -> HTMLResponse:
    """Seek-care advice if any red flag was raised; otherwise the ranked trigger points and self-care."""
    drawing = await _drawing_or_map(request, kb)
    if isinstance(drawing, HTMLResponse):
        return drawing
    try:
        outcome = screen(kb, drawing.regions, drawing.answers)
    except ScreeningError as problem:
        return _check_page(request, kb, drawing, f"Please answer every question. {problem.message}")
    if outcome.refer:
        context = {"outcome": outcome, "hidden": hidden_fields(drawing, with_answers=False)}
        return templates.TemplateResponse(request, "seek_care.html", context)
    return _results(request, kb, drawing)
