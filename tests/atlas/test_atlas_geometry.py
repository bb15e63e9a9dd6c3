"""The atlas draws every region, mirrors left and right exactly, and tiles the body."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from shapely import make_valid
from shapely.geometry import Polygon
from shapely.ops import unary_union

from spec_ids import spec_dirs, spec_region_ids
from triggerpoint.atlas import load_atlas
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Side, View

ATLAS = load_atlas()


def polygons(path: str) -> list[Polygon]:
    shapes = []
    for ring in re.findall(r"M([^Z]+)Z", path):
        points = [tuple(map(float, pair.split())) for pair in ring.split("L")]
        shapes.append(make_valid(Polygon(points)))
    return shapes


def rings(path: str) -> set[frozenset[tuple[float, float]]]:
    """Each closed ring of a path as a set of its points."""
    return {
        frozenset(tuple(map(float, pair.split())) for pair in ring.split("L"))  # type: ignore[misc]
        for ring in re.findall(r"M([^Z]+)Z", path)
    }


def shape(path: str) -> Polygon:
    # Rings inside rings are holes; the atlas writes exterior rings first.
    rings = polygons(path)
    return unary_union([r for r in rings if not any(o.contains(r) for o in rings if o is not r)]).difference(
        unary_union([r for r in rings if any(o.contains(r) for o in rings if o is not r)])
    )


@pytest.mark.parametrize("spec", spec_dirs(), ids=lambda p: p.parent.name)
def test_every_spec_region_is_drawn(spec: Path) -> None:
    drawn = set(ATLAS.regions_on(View.FRONT)) | set(ATLAS.regions_on(View.BACK))
    assert not spec_region_ids(spec) - drawn


def test_regions_are_drawn_on_the_views_the_data_declares(kb: KnowledgeBase) -> None:
    for region in kb.regions:
        assert set(ATLAS.views_of(region.id)) == set(region.views), region.id


def test_no_shape_without_a_region(kb: KnowledgeBase) -> None:
    for view in View:
        for region_id in ATLAS.regions_on(view):
            assert kb.has_region(region_id)


@pytest.mark.parametrize("view", list(View))
def test_left_is_the_mirror_image_of_right(kb: KnowledgeBase, view: View) -> None:
    for region in kb.regions:
        if region.side is not Side.RIGHT or view not in region.views:
            continue
        right = rings(ATLAS.regions_on(view)[region.id])
        left = rings(ATLAS.regions_on(view)[f"{region.base}-left"])
        mirrored = {frozenset((round(ATLAS.width - x, 1), y) for x, y in ring) for ring in right}
        assert mirrored == left, region.id


@pytest.mark.parametrize("view", list(View))
def test_regions_tile_the_body_without_gaps_or_overlaps(view: View) -> None:
    shapes = [shape(path) for path in ATLAS.regions_on(view).values()]
    union = unary_union(shapes)
    body = shape(ATLAS.outlines[view])
    overlap = sum(s.area for s in shapes) - union.area
    assert overlap < 0.002 * body.area
    assert body.symmetric_difference(union).area < 0.002 * body.area


def test_the_person_right_is_on_the_viewer_left_in_front() -> None:
    front = ATLAS.box(View.FRONT, "temple-right")
    back = ATLAS.box(View.BACK, "shoulder-top-right")
    assert front.centre_x < ATLAS.midline
    assert back.centre_x > ATLAS.midline


def test_markers_land_inside_their_region(kb: KnowledgeBase) -> None:
    for muscle in kb.muscles:
        for point in muscle.trigger_points:
            for side in Side:
                at = ATLAS.place(point.marker, side)
                base = point.marker.region
                region_id = base if kb.has_region(base) else f"{base}-{side}"
                box = ATLAS.box(at.view, region_id)
                assert box.left - 0.1 <= at.x <= box.right + 0.1, (muscle.id, point.id)
                assert box.top - 0.1 <= at.y <= box.bottom + 0.1
                assert (at.x < ATLAS.midline) == ((side is Side.RIGHT) == (at.view is View.FRONT)) or (
                    region_id == base
                )
