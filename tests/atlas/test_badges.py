"""Numbered markers never cover each other: crowded badges move out on a leader line."""

from __future__ import annotations

import re
from itertools import combinations

from triggerpoint.atlas import point_marker, render_svg
from triggerpoint.atlas.render import BADGE_GAP, BADGE_RADIUS, spread_badges
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Side


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
