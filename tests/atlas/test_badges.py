"""Numbered markers never cover each other: crowded badges move out on a leader line."""

from __future__ import annotations

import math
import re
from itertools import combinations, product

import pytest

from triggerpoint.atlas import point_marker, render_svg
from triggerpoint.atlas.geometry import Box
from triggerpoint.atlas.render import BADGE_GAP, BADGE_RADIUS, DOT_RADIUS, spread_badges
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Side, View


def badges(svg: str) -> list[tuple[float, float, float]]:
    return [
        (float(x), float(y), float(r))
        for x, y, r in re.findall(r'class="badge" cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"', svg)
    ]


def crowded(kb: KnowledgeBase) -> list[object]:
    points = [
        ("upper-trapezius", "tp1"),
        ("upper-trapezius", "tp2"),
        ("levator-scapulae", "tp1"),
        ("splenius-capitis", "tp1"),
        ("suboccipitals", "tp1"),
        ("semispinalis-capitis", "upper"),
        ("sternocleidomastoid", "sternal-division"),
    ]
    numbered = enumerate(points, start=1)
    return [point_marker(kb.point(m, p), Side.RIGHT, f"{rank}. {m}", str(rank)) for rank, (m, p) in numbered]


def test_no_two_badges_overlap_even_for_points_close_together(kb: KnowledgeBase) -> None:
    drawn = badges(render_svg(markers=crowded(kb)))  # type: ignore[arg-type]
    assert len(drawn) == 7
    for (x1, y1, r1), (x2, y2, r2) in combinations(drawn, 2):
        assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= r1 + r2 + BADGE_GAP * 0.99


def test_a_moved_badge_is_joined_to_its_point_by_a_leader_line(kb: KnowledgeBase) -> None:
    spread = spread_badges(crowded(kb), 200.0)  # type: ignore[arg-type]
    moved = [m for m in spread if m.badge_at is not None]
    assert moved, "these points are close enough that some badges must move"
    svg = render_svg(markers=spread)
    for marker in moved:
        assert f'<line x1="{marker.at.x}" y1="{marker.at.y}"' in svg
        assert ((marker.badge_at.x - marker.at.x) ** 2 + (marker.badge_at.y - marker.at.y) ** 2) ** 0.5 > BADGE_RADIUS  # type: ignore[union-attr]


def tension_headache(kb: KnowledgeBase) -> list[object]:
    """The points listed first for temples, forehead, top and back of the head and upper neck painted."""
    points = [
        ("suboccipitals", "tp1", Side.LEFT),
        ("suboccipitals", "tp1", Side.RIGHT),
        ("splenius-capitis", "tp1", Side.LEFT),
        ("splenius-capitis", "tp1", Side.RIGHT),
        ("semispinalis-capitis", "upper", Side.LEFT),
        ("semispinalis-capitis", "upper", Side.RIGHT),
        ("semispinalis-capitis", "middle", Side.LEFT),
        ("semispinalis-capitis", "middle", Side.RIGHT),
    ]
    numbered = enumerate(points, start=1)
    return [point_marker(kb.point(m, p), side, f"{rank}. {m}", str(rank)) for rank, (m, p, side) in numbered]


@pytest.mark.parametrize("scale", [1.0, 0.55])
def test_tension_headache_badges_cover_neither_each_other_nor_another_point(kb: KnowledgeBase, scale: float) -> None:
    spread = spread_badges(tension_headache(kb), 200.0, scale)  # type: ignore[arg-type]
    at = [m.badge_at or m.at for m in spread]
    for a, b in combinations(at, 2):
        assert math.dist((a.x, a.y), (b.x, b.y)) >= (2 * BADGE_RADIUS + BADGE_GAP) * scale * 0.99
    for (i, badge), (j, marker) in product(enumerate(at), enumerate(spread)):
        if i != j:  # a badge leaves every other point's dot in sight
            least = (BADGE_RADIUS + DOT_RADIUS) * scale * 0.99
            assert math.dist((badge.x, badge.y), (marker.at.x, marker.at.y)) >= least


def test_a_close_up_grows_to_hold_the_moved_badges_of_its_points(kb: KnowledgeBase) -> None:
    markers = tension_headache(kb)
    crop = Box(85.0, 50.0, 115.0, 80.0)
    svg = render_svg(markers=markers, views=[View.BACK], crop=crop)  # type: ignore[arg-type]
    left, top, width, height = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split())  # type: ignore[union-attr]
    for x, y, r in badges(svg):
        assert left <= x - r and x + r <= left + width and top <= y - r and y + r <= top + height
