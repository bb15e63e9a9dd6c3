"""Draw the body atlas as SVG: the one place every body picture in the product comes from."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from typing import NamedTuple

from triggerpoint.atlas.geometry import Atlas, Box, Point, load_atlas
from triggerpoint.kb import KnowledgeBase, Tier, load_kb
from triggerpoint.kb.schema import Side, TriggerPoint, View

SKIN = "#f6e7dc"
OUTLINE = "#8c6f5f"
BORDER = "#d9c0b0"
LOW, HIGH = (252, 205, 190), (150, 22, 22)  # shade 0+ and shade 1 (RGB)
TIER_SHADE = {Tier.ESSENTIAL: 1.0, Tier.SPILLOVER: 0.45, Tier.LOCAL: 0.2}
GAP, HEADER, FOOTER = 24.0, 26.0, 20.0
# Front and back side by side are shown at about half a single view's size, so their labels are
# drawn larger to stay readable (about 11 CSS px at 360 px wide).
TWO_VIEW_TEXT = 1.5
ZOOM = (110, 130)  # width and height of a close-up around a marker


@dataclass(frozen=True)
class Marker:
    """A trigger point drawn on the atlas."""

    at: Point
    label: str
    attributes: Mapping[str, str] = field(default_factory=dict)
    badge: str | None = None  # a short label drawn inside the marker, e.g. its rank
    badge_at: Point | None = None  # where the badge sits when moved off the point (a leader line joins them)
    scale: float = 1.0  # drawn smaller in a close-up, so it keeps its size on screen


BADGE_RADIUS = 6.2
BADGE_GAP = 3.0  # centre distance beyond two radii: clear space between the badges' white rims
DOT_RADIUS = 2.0  # the dot left on a point whose badge moved away
RINGS = tuple(15.0 + 12.0 * i for i in range(8))  # how far a badge may be moved from its point, nearest first


def _far(x: float, y: float, others: list[tuple[float, float]], least: float) -> bool:
    return all((x - px) ** 2 + (y - py) ** 2 >= least**2 for px, py in others)


class Room(NamedTuple):
    """What a badge on one view must not cover: the badges placed so far and the other points."""

    badges: list[tuple[float, float]]
    points: list[tuple[float, float]]


def _free(x: float, y: float, room: Room, k: float) -> bool:
    badge_room, dot_room = (2 * BADGE_RADIUS + BADGE_GAP) * k, (BADGE_RADIUS + DOT_RADIUS) * k
    return _far(x, y, room.badges, badge_room) and _far(x, y, room.points, dot_room)


def _spot(marker: Marker, room: Room, width: float) -> Point:
    """The badge position nearest the point that covers no badge placed before it and no other point."""
    x, y, k = marker.at.x, marker.at.y, marker.scale
    room = Room(room.badges, [p for p in room.points if p != (x, y)])
    if _free(x, y, room, k):
        return marker.at
    outwards = 1.0 if x >= width / 2 else -1.0
    for radius in RINGS:
        for step in range(12):
            angle = math.radians(step * 30)
            cx, cy = x + outwards * radius * k * math.cos(angle), y - radius * k * math.sin(angle)
            if BADGE_RADIUS * k <= cx <= width - BADGE_RADIUS * k and _free(cx, cy, room, k):
                return Point(marker.at.view, round(cx, 1), round(cy, 1))
    return marker.at


def _takes_room(marker: Marker) -> bool:
    return bool(marker.badge) and "extra" not in marker.attributes.get("class", "")


def spread_badges(markers: Sequence[Marker], width: float, scale: float = 1.0) -> list[Marker]:
    """Markers whose numbered badges never cover each other or another point: crowded ones move out on a leader line.

    Only markers drawn from the start take room; ones shown later (class "extra") keep their place.
    """
    markers = [replace(m, scale=scale) for m in markers]
    room = {view: Room([], []) for view in View}
    for marker in filter(_takes_room, markers):
        room[marker.at.view].points.append((marker.at.x, marker.at.y))
    spread = []
    for marker in markers:
        if not _takes_room(marker):
            spread.append(marker)
            continue
        at = _spot(marker, room[marker.at.view], width)
        room[marker.at.view].badges.append((at.x, at.y))
        spread.append(replace(marker, badge_at=at if at != marker.at else None))
    return spread


def _fit_badges(crop: Box, markers: Sequence[Marker]) -> Box:
    """The crop grown to hold the moved badges of the points inside it."""
    inside = [m for m in markers if m.badge_at and _takes_room(m) and crop.left <= m.at.x <= crop.right]
    inside = [m for m in inside if crop.top <= m.at.y <= crop.bottom]
    edges = [(m.badge_at.x, m.badge_at.y, (BADGE_RADIUS + 2) * m.scale) for m in inside if m.badge_at]
    return Box(
        min([crop.left, *(x - r for x, _, r in edges)]),
        min([crop.top, *(y - r for _, y, r in edges)]),
        max([crop.right, *(x + r for x, _, r in edges)]),
        max([crop.bottom, *(y + r for _, y, r in edges)]),
    )


def shade_colour(shade: float) -> str:
    """Fill colour for a shade in (0, 1]: light for spillover or mild pain, dark for essential or severe."""
    shade = min(max(shade, 0.0), 1.0)
    rgb = (round(lo + (hi - lo) * shade) for lo, hi in zip(LOW, HIGH, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def intensity_shades(intensities: Mapping[str, float]) -> dict[str, float]:
    """Shades for painted regions from 0-10 intensities (an unrated region counts as 5)."""
    return {region: 0.15 + 0.85 * (value / 10) for region, value in intensities.items()}


def referral_shades(kb: KnowledgeBase, point: TriggerPoint, side: Side) -> dict[str, float]:
    """Shades for one trigger point's referral map: essential darker than spillover."""
    return {region: TIER_SHADE[tier] for region, tier in kb.referral_map(point, side).items()}


def point_marker(point: TriggerPoint, side: Side, label: str, badge: str | None = None, **attributes: str) -> Marker:
    """The marker of a trigger point on `side`, placed on the atlas."""
    return Marker(at=load_atlas().place(point.marker, side), label=label, attributes=attributes, badge=badge)


def _region_svg(region_id: str, path: str, shade: float | None, name: str, interactive: bool) -> str:
    fill = shade_colour(shade) if shade else SKIN
    start = f'<path d="{path}" data-region="{region_id}" class="region" fill="{fill}"'
    if interactive:  # the page's script adds roles, focus and names on hover
        return f'{start} aria-label="{escape(name)}"/>'
    return f"{start}><title>{escape(name)}</title></path>"


def _badge_svg(marker: Marker, badge: str) -> str:
    x, y, k = marker.at.x, marker.at.y, marker.scale
    leader = ""
    if marker.badge_at is not None:
        bx, by = marker.badge_at.x, marker.badge_at.y
        leader = (
            f'<line x1="{x}" y1="{y}" x2="{bx}" y2="{by}" stroke="#111" stroke-width="{k:.2f}"/>'
            f'<circle cx="{x}" cy="{y}" r="{2 * k:.2f}" fill="#111" stroke="#fff" stroke-width="{0.8 * k:.2f}"/>'
        )
        x, y = bx, by
    return (
        f'{leader}<circle class="badge" cx="{x}" cy="{y}" r="{BADGE_RADIUS * k:.2f}" fill="#111" stroke="#fff"'
        f' stroke-width="{1.4 * k:.2f}"/><text x="{x}" y="{y + 2.9 * k:.2f}" text-anchor="middle"'
        f' font-size="{8 * k:.2f}" font-weight="bold" fill="#fff">{escape(badge)}</text>'
    )


def _marker_svg(marker: Marker) -> str:
    classes = " ".join(["marker", marker.attributes.get("class", "")]).strip()
    attrs = f' class="{escape(classes)}"' + "".join(
        f' {key}="{escape(value)}"' for key, value in marker.attributes.items() if key != "class"
    )
    if marker.badge:
        return f"<g{attrs}>{_badge_svg(marker, marker.badge)}<title>{escape(marker.label)}</title></g>"

    return (
        f'<g{attrs}><circle cx="{marker.at.x}" cy="{marker.at.y}" r="4.2" fill="#111"'
        f' stroke="#fff" stroke-width="1.4"/><circle cx="{marker.at.x}" cy="{marker.at.y}" r="1.3"'
        f' fill="#fff"/><title>{escape(marker.label)}</title></g>'
    )


def _side_labels(atlas: Atlas, view: View, text: float) -> str:
    right_x, left_x = (atlas.width - 8, 8.0) if view is View.BACK else (8.0, atlas.width - 8)
    y = atlas.height + 14 * text
    return "".join(
        f'<text x="{x}" y="{y:g}" text-anchor="{"end" if x > atlas.midline else "start"}" class="side-label"'
        f' font-size="{11 * text:g}" fill="#444">{label}</text>'
        for x, label in ((right_x, "Their right"), (left_x, "Their left"))
    )


def _overlay_svg(atlas: Atlas, view: View, overlay: Collection[str]) -> str:
    """Copies of the regions a referral map may reach, drawn over the shading: the page fills them with a pattern."""
    paths = "".join(
        f'<path d="{path}" data-ref="{rid}" fill="none"/>'
        for rid, path in atlas.regions_on(view).items()
        if rid in overlay
    )
    return f'<g class="overlay" pointer-events="none">{paths}</g>' if paths else ""


def _patterns(prefix: str) -> str:
    """Stripes (where a point usually sends pain), dots (where it sometimes does), rings (over the point)."""
    ink = "#17365d"
    return (
        f'<defs><pattern id="{prefix}-usual" width="4" height="4" patternUnits="userSpaceOnUse"'
        f' patternTransform="rotate(45)"><rect width="1.7" height="4" fill="{ink}"/></pattern>'
        f'<pattern id="{prefix}-sometimes" width="4" height="4" patternUnits="userSpaceOnUse">'
        f'<circle cx="2" cy="2" r="0.9" fill="{ink}"/></pattern>'
        f'<pattern id="{prefix}-site" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<circle cx="2.5" cy="2.5" r="1.4" fill="none" stroke="{ink}" stroke-width="0.6"/></pattern></defs>'
    )


def _view_svg(
    atlas: Atlas,
    view: View,
    shades: Mapping[str, float],
    markers: Sequence[Marker],
    interactive: bool,
    overlay: Collection[str] = (),
    text: float = 1.0,
) -> str:
    kb = load_kb()
    regions = "".join(
        _region_svg(rid, path, shades.get(rid), kb.region(rid).name, interactive)
        for rid, path in atlas.regions_on(view).items()
    )
    on_view = "".join(_marker_svg(m) for m in markers if m.at.view is view)
    heading = (
        f'<text x="{atlas.midline}" y="{-10 * text:g}" text-anchor="middle" font-size="{13 * text:g}"'
        f' font-weight="bold" fill="#333">{view.value.capitalize()}</text>'
    )
    return (
        f'<g class="view" data-view="{view.value}">{heading}'
        f'<path d="{atlas.outlines[view]}" fill="{SKIN}" stroke="{OUTLINE}" stroke-width="1.6"/>'
        f'<g stroke="{BORDER}" stroke-width="0.6">{regions}</g>{_overlay_svg(atlas, view, overlay)}'
        f"{_side_labels(atlas, view, text)}{on_view}</g>"
    )


def _marker_scale(atlas: Atlas, crop: Box | None) -> float:
    """In a close-up, markers shrink with the zoom so they keep about their size on screen."""
    if crop is None:
        return 1.0
    return max(0.3, min(1.0, 1.6 * (crop.right - crop.left) / atlas.width))


def render_svg(
    shades: Mapping[str, float] | None = None,
    markers: Sequence[Marker] = (),
    views: Sequence[View] = (View.FRONT, View.BACK),
    *,
    interactive: bool = False,
    title: str = "Body map",
    zoom: Point | None = None,
    crop: Box | None = None,
    overlay: Collection[str] = (),
    prefix: str = "atlas",
    marker_scale: float | None = None,
) -> str:
    """The atlas as one SVG document, regions shaded (0-1) and trigger point markers drawn.

    With `zoom` or `crop` (and a single view), the picture shows only the body around that point
    or inside that box. `overlay` lists the regions a page may mark with a referral pattern
    (ids of the patterns start with `prefix`). `marker_scale` draws the markers larger or smaller
    than the picture's own scale would (a picture shown small keeps its numbers readable).
    """
    atlas = load_atlas()
    shades = shades or {}
    width = len(views) * atlas.width + (len(views) - 1) * GAP
    text = TWO_VIEW_TEXT if len(views) > 1 else 1.0
    box = f"0 {-HEADER * text:g} {width} {atlas.height + (HEADER + FOOTER) * text:g}"
    if zoom is not None:
        box = f"{zoom.x - ZOOM[0] / 2:.1f} {zoom.y - ZOOM[1] / 2:.1f} {ZOOM[0]} {ZOOM[1]}"
    markers = spread_badges(markers, atlas.width, marker_scale or _marker_scale(atlas, crop))
    if crop is not None:
        crop = _fit_badges(crop, markers)
        box = f"{crop.left:.1f} {crop.top:.1f} {crop.right - crop.left:.1f} {crop.bottom - crop.top:.1f}"
    groups = "".join(
        f'<g transform="translate({i * (atlas.width + GAP)},0)">'
        f"{_view_svg(atlas, view, shades, markers, interactive, overlay, text)}</g>"
        for i, view in enumerate(views)
    )
    fills = "".join(
        f' data-fill-{tier}="url(#{prefix}-{name})"'
        for tier, name in (("essential", "usual"), ("spillover", "sometimes"), ("local", "site"))
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="atlas" role="{"group" if interactive else "img"}"'
        f' aria-label="{escape(title)}" viewBox="{box}"{fills if overlay else ""}'
        f' font-family="DejaVu Sans, Arial, sans-serif"><title>{escape(title)}</title>'
        f"{_patterns(prefix) if overlay else ''}{groups}</svg>"
    )


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """Rasterise an atlas SVG (for files and reports)."""
    import cairosvg

    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale, background_color="white")
    return png
