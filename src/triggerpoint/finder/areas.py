"""A drawing split into separate pain areas, each with the trigger points that explain it best.

People in chronic pain often draw more than one problem (a headache and a low back). Two painted
regions belong to the same area when they touch on the body (the atlas's outlines share an edge)
or when one trigger point's referral map (essential, spillover or own zone) holds both, since then
one point may explain them together; an area is a connected group under those links. Each area is ranked by the same
model on its own regions (and the drawing's symptoms, activities and condition), so a second,
separate problem does not push the first one's sources down the list. The whole drawing's
smallest explaining set stays as it is: it spans all the areas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache

from triggerpoint.atlas.geometry import load_atlas
from triggerpoint.finder.find import find_sources, painted_regions
from triggerpoint.finder.index import FinderIndex
from triggerpoint.finder.types import Drawing, FinderResult, PainArea
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.model import Tier
from triggerpoint.kb.schema import Side

# A point's zones that join two regions into one area. With the essential and own zones alone, a single point's
# distant spillover split 51 of the 124 public vignettes; with the whole map, 19 (mostly its two-source and
# noisy cases), and the source's top-3 rate within its area rose from 0.949 to 0.971 (0.964 unsplit).
TOGETHER = (Tier.ESSENTIAL, Tier.LOCAL, Tier.SPILLOVER)
AREA_TOP = 5  # points listed per area: the page shows three, the API and `find` up to five


@cache
def _touching() -> dict[str, frozenset[str]]:
    return load_atlas().touching()


_PARTNERS: dict[int, tuple[KnowledgeBase, dict[str, frozenset[str]]]] = {}  # by knowledge base (not hashable)


def _partners(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """Each region's partners: the regions it touches, and those one point's referral map (on either side) holds
    together with it. Worked out once per knowledge base, so a pair of painted regions is one look-up."""
    known = _PARTNERS.get(id(kb))
    if known is not None and known[0] is kb:
        return known[1]
    partners: dict[str, set[str]] = {region: set(near) for region, near in _touching().items()}
    for muscle in kb.muscles:
        for point in muscle.trigger_points:
            for side in (Side.LEFT, Side.RIGHT):
                zone = {r for r, tier in kb.referral_map(point, side).items() if tier in TOGETHER}
                for region in zone:
                    partners.setdefault(region, set()).update(zone)
    frozen = {region: frozenset(near) for region, near in partners.items()}
    _PARTNERS[id(kb)] = (kb, frozen)
    return frozen


def split_areas(kb: KnowledgeBase, painted: Iterable[str]) -> list[list[str]]:
    """The painted regions in separate areas, each in the order given, areas in the order of their first region."""
    regions = list(dict.fromkeys(painted))
    parent = {region: region for region in regions}

    def root(region: str) -> str:
        while parent[region] != region:
            parent[region] = parent[parent[region]]
            region = parent[region]
        return region

    partners = _partners(kb)
    for index, first in enumerate(regions):
        near = partners.get(first, frozenset())
        for second in regions[index + 1 :]:
            if second in near:
                parent[root(first)] = root(second)
    areas: dict[str, list[str]] = {}
    for region in regions:
        areas.setdefault(root(region), []).append(region)
    return list(areas.values())


def _name(kb: KnowledgeBase, regions: list[str], levels: Mapping[str, int]) -> str:
    """The area by its most painful region ("Temple, right and around" when there are more)."""
    worst = max(regions, key=lambda r: (levels.get(r, 0), -regions.index(r)))
    name = kb.region(worst).name
    return name if len(regions) == 1 else f"{name} and around"


def pain_areas(kb: KnowledgeBase, index: FinderIndex, drawing: Drawing, top: int = AREA_TOP) -> list[PainArea]:
    """The drawing's separate pain areas, each ranked on its own; none when the drawing is one area."""
    levels = painted_regions(drawing, index)
    areas = split_areas(kb, levels)
    if len(areas) < 2:
        return []
    found = []
    for regions in areas:
        inside = set(regions)
        part = drawing.model_copy(
            update={
                "regions": [r for r in drawing.regions if r in inside],
                "intensities": {r: v for r, v in drawing.intensities.items() if r in inside},
            }
        )
        found.append(PainArea(_name(kb, regions, levels), regions, find_sources(part, index, top=top).candidates))
    return found


def with_areas(kb: KnowledgeBase, index: FinderIndex, drawing: Drawing, result: FinderResult) -> FinderResult:
    """The whole drawing's result, with its separate pain areas each ranked on its own."""
    return replace(result, areas=pain_areas(kb, index, drawing))
