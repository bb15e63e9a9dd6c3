"""Drawings generated from the knowledge base's own referral maps, to test robustness (not truth).

Three sets, each reproducible from a seed:

- two-source: the union of the maps of two points whose muscles lie in different body areas;
  both are expected in the top 5.
- partial: a random half (rounded up) of one point's essential zone.
- noisy: one point's map plus one or two regions from body groups the map does not touch.

The drawings are built from the same maps the finder scores with, so a good figure here says
the finder copes with doubled, missing and stray regions, not that its maps are right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from triggerpoint.finder.evaluate import Source, Vignette
from triggerpoint.kb import KnowledgeBase, Tier
from triggerpoint.kb.schema import Side

GENERATED_KINDS = ("two-source", "partial", "noisy")
DEFAULT_SEED = 13
DEFAULT_COUNT = 200


@dataclass(frozen=True)
class _Point:
    muscle: str
    area: str
    side: Side
    reaches: dict[str, Tier]

    @property
    def source(self) -> Source:
        return Source(muscle=self.muscle, side=self.side)

    @property
    def essential(self) -> list[str]:
        return [region for region, tier in self.reaches.items() if tier is Tier.ESSENTIAL]


def _points(kb: KnowledgeBase) -> list[_Point]:
    return [
        _Point(muscle.id, muscle.area, side, kb.referral_map(point, side))
        for muscle in kb.muscles
        for point in muscle.trigger_points
        for side in Side
    ]


def _case(kind: str, number: int, seed: int, point: _Point, regions: list[str], note: str) -> Vignette:
    return Vignette(
        id=f"gen-{kind}-{number:03d}",
        area=point.area,
        kind=kind,
        regions=regions,
        source=point.source,
        reference=f"generated from the knowledge base's referral maps (seed {seed})",
        note=note,
    )


def _two_source(points: list[_Point], rng: np.random.Generator, number: int, seed: int) -> Vignette:
    first = points[int(rng.integers(len(points)))]
    others = [p for p in points if p.area != first.area]
    second = others[int(rng.integers(len(others)))]
    regions = list(dict.fromkeys([*first.reaches, *second.reaches]))
    case = _case("two-source", number, seed, first, regions, f"maps of {first.muscle} and {second.muscle}")
    return case.model_copy(update={"second_source": second.source})


def _partial(points: list[_Point], rng: np.random.Generator, number: int, seed: int) -> Vignette:
    point = points[int(rng.integers(len(points)))]
    essential = point.essential
    kept = rng.choice(len(essential), size=(len(essential) + 1) // 2, replace=False)
    regions = [essential[i] for i in sorted(kept.tolist())]
    return _case("partial", number, seed, point, regions, f"half the essential zone of {point.muscle}")


def _far_regions(kb: KnowledgeBase, point: _Point) -> list[str]:
    """Regions in body groups that none of the point's regions belongs to."""
    groups = {kb.region(region).group for region in point.reaches}
    return [region.id for region in kb.regions if region.group not in groups]


def _noisy(kb: KnowledgeBase, points: list[_Point], rng: np.random.Generator, number: int, seed: int) -> Vignette:
    point = points[int(rng.integers(len(points)))]
    far = _far_regions(kb, point)
    stray = rng.choice(len(far), size=int(rng.integers(1, 3)), replace=False)
    extra = [far[i] for i in sorted(stray.tolist())]
    note = f"map of {point.muscle} plus {', '.join(extra)}"
    return _case("noisy", number, seed, point, [*point.reaches, *extra], note)


def generated_sets(
    kb: KnowledgeBase, seed: int = DEFAULT_SEED, count: int = DEFAULT_COUNT
) -> dict[str, list[Vignette]]:
    """The two-source, partial and noisy sets, `count` drawings each, the same for the same seed."""
    points = _points(kb)
    rng = np.random.default_rng(seed)
    return {
        "two-source": [_two_source(points, rng, n, seed) for n in range(1, count + 1)],
        "partial": [_partial(points, rng, n, seed) for n in range(1, count + 1)],
        "noisy": [_noisy(kb, points, rng, n, seed) for n in range(1, count + 1)],
    }
