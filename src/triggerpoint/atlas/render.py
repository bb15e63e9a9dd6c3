"""Draw the body atlas as SVG: the one place every body picture in the product comes from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from triggerpoint.atlas.geometry import Atlas, Point, load_atlas
from triggerpoint.kb import KnowledgeBase, Tier, load_kb
from triggerpoint.kb.schema import Side, TriggerPoint, View

SKIN = "#f6e7dc"
OUTLINE = "#8c6f5f"
BORDER = "#d9c0b0"
LOW, HIGH = (252, 205, 190), (150, 22, 22)  # shade 0+ and shade 1 (RGB)
TIER_SHADE = {Tier.ESSENTIAL: 1.0, Tier.SPILLOVER: 0.45, Tier.LOCAL: 0.2}
GAP, HEADER, FOOTER = 24.0, 26.0, 20.0
ZOOM = (110, 130)  # width and height of a close-up around a marker


@dataclass(frozen=True)
class Marker:
    """A trigger point drawn on the atlas."""

    at: Point
    label: str
    attributes: Mapping[str, str] = field(default_factory=dict)
    badge: str | None = None  # a short label drawn inside the marker, e.g. its rank


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


def _marker_svg(marker: Marker) -> str:
    attrs = "".join(f' {key}="{escape(value)}"' for key, value in marker.attributes.items())
    x, y = marker.at.x, marker.at.y
    if marker.badge:
        return (
            f'<g class="marker"{attrs}><circle cx="{x}" cy="{y}" r="6.2" fill="#111" stroke="#fff" stroke-width="1.4"/>'
            f'<text x="{x}" y="{y + 2.9}" text-anchor="middle" font-size="8" font-weight="bold" fill="#fff">'
            f"{escape(marker.badge)}</text><title>{escape(marker.label)}</title></g>"
        )
    return (
        f'<g class="marker"{attrs}><circle cx="{marker.at.x}" cy="{marker.at.y}" r="4.2" fill="#111"'
        f' stroke="#fff" stroke-width="1.4"/><circle cx="{marker.at.x}" cy="{marker.at.y}" r="1.3"'
        f' fill="#fff"/><title>{escape(marker.label)}</title></g>'
    )


def _side_labels(atlas: Atlas, view: View) -> str:
    right_x, left_x = (atlas.width - 8, 8.0) if view is View.BACK else (8.0, atlas.width - 8)
    y = atlas.height + 14
    return "".join(
        f'<text x="{x}" y="{y}" text-anchor="{"end" if x > atlas.midline else "start"}" class="side-label"'
        f' font-size="11" fill="#444">{text}</text>'
        for x, text in ((right_x, "Their right"), (left_x, "Their left"))
    )


def _view_svg(
    atlas: Atlas, view: View, shades: Mapping[str, float], markers: Sequence[Marker], interactive: bool
) -> str:
    kb = load_kb()
    regions = "".join(
        _region_svg(rid, path, shades.get(rid), kb.region(rid).name, interactive)
        for rid, path in atlas.regions_on(view).items()
    )
    on_view = "".join(_marker_svg(m) for m in markers if m.at.view is view)
    heading = (
        f'<text x="{atlas.midline}" y="-10" text-anchor="middle" font-size="13" font-weight="bold"'
        f' fill="#333">{view.value.capitalize()}</text>'
    )
    return (
        f'<g class="view" data-view="{view.value}">{heading}'
        f'<path d="{atlas.outlines[view]}" fill="{SKIN}" stroke="{OUTLINE}" stroke-width="1.6"/>'
        f'<g stroke="{BORDER}" stroke-width="0.6">{regions}</g>{_side_labels(atlas, view)}{on_view}</g>'
    )


def render_svg(
    shades: Mapping[str, float] | None = None,
    markers: Sequence[Marker] = (),
    views: Sequence[View] = (View.FRONT, View.BACK),
    *,
    interactive: bool = False,
    title: str = "Body map",
    zoom: Point | None = None,
) -> str:
    """The atlas as one SVG document, regions shaded (0-1) and trigger point markers drawn.

    With `zoom` (and a single view), the picture is cropped to the body around that point.
    """
    atlas = load_atlas()
    shades = shades or {}
    width = len(views) * atlas.width + (len(views) - 1) * GAP
    box = f"0 {-HEADER} {width} {atlas.height + HEADER + FOOTER}"
    if zoom is not None:
        box = f"{zoom.x - ZOOM[0] / 2:.1f} {zoom.y - ZOOM[1] / 2:.1f} {ZOOM[0]} {ZOOM[1]}"
    groups = "".join(
        f'<g transform="translate({i * (atlas.width + GAP)},0)">'
        f"{_view_svg(atlas, view, shades, markers, interactive)}</g>"
        for i, view in enumerate(views)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="atlas" role="{"group" if interactive else "img"}"'
        f' aria-label="{escape(title)}" viewBox="{box}"'
        f' font-family="DejaVu Sans, Arial, sans-serif"><title>{escape(title)}</title>{groups}</svg>'
    )


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """Rasterise an atlas SVG (for files and reports)."""
    import cairosvg

    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale, background_color="white")
    return png
