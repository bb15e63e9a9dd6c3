"""The renderer shades regions, draws markers and writes PNG."""

from __future__ import annotations

import re

from triggerpoint.atlas import point_marker, referral_shades, render_svg, svg_to_png
from triggerpoint.atlas.render import SKIN, shade_colour
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Side, View


def fill_of(svg: str, region: str, view: str) -> str:
    group = svg.split(f'data-view="{view}"', 1)[1]
    match = re.search(rf'data-region="{region}" class="region" fill="(#[0-9a-f]+)"', group)
    assert match, region
    return match.group(1)


def test_essential_is_darker_than_spillover(kb: KnowledgeBase) -> None:
    point = kb.point("upper-trapezius", "tp1")
    svg = render_svg(referral_shades(kb, point, Side.RIGHT))
    essential = fill_of(svg, "temple-right", "front")
    spillover = fill_of(svg, "jaw-right", "front")
    untouched = fill_of(svg, "temple-left", "front")
    assert untouched == SKIN
    assert sum(bytes.fromhex(essential[1:])) < sum(bytes.fromhex(spillover[1:])) < sum(bytes.fromhex(SKIN[1:]))


def test_shade_colour_is_monotonic() -> None:
    darkness = [sum(bytes.fromhex(shade_colour(s / 10)[1:])) for s in range(1, 11)]
    assert darkness == sorted(darkness, reverse=True)


def test_marker_is_drawn_on_its_view_and_side(kb: KnowledgeBase) -> None:
    point = kb.point("upper-trapezius", "tp1")
    marker = point_marker(point, Side.RIGHT, "Upper trapezius", **{"data-muscle": "upper-trapezius"})
    assert marker.at.view is View.BACK
    svg = render_svg(markers=[marker])
    back = svg.split('data-view="back"', 1)[1]
    assert 'data-muscle="upper-trapezius"' in back
    assert marker.at.x > 100  # their right is our right when we see their back


def test_every_view_labels_the_person_sides() -> None:
    svg = render_svg()
    assert svg.count("Their right") == 2
    assert svg.count("Their left") == 2


def test_png_output_is_a_png() -> None:
    png = svg_to_png(render_svg({"temple-right": 1.0}))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 10_000
