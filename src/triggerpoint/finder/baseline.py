"""The baseline the finder must beat: count the painted regions each trigger point's map covers.

Every (trigger point, side) is ranked by how many painted regions fall anywhere in its
referral map (`KnowledgeBase.referral_map`: essential, spillover and its own site alike).
Ties go to the point with the smaller map, then to knowledge-base order. A point whose map
covers no painted region is not listed. No tiers, priors, symptoms or sets: a plain lookup.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from triggerpoint.finder.find import painted_regions
from triggerpoint.finder.index import FinderIndex
from triggerpoint.finder.types import Drawing
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Side

Ranking = list[tuple[str, Side]]  # (muscle, side) of each listed trigger point, best first


@dataclass(frozen=True)
class OverlapTable:
    """Each (trigger point, side) once: its muscle, side and the regions its map reaches."""

    candidates: tuple[tuple[str, Side], ...]
    reaches: tuple[frozenset[str], ...]


def overlap_table(kb: KnowledgeBase) -> OverlapTable:
    """Read every point's referral map on each side, in knowledge-base order."""
    rows = [
        ((muscle.id, side), frozenset(kb.referral_map(point, side)))
        for muscle in kb.muscles
        for point in muscle.trigger_points
        for side in Side
    ]
    return OverlapTable(tuple(row[0] for row in rows), tuple(row[1] for row in rows))


def rank_by_overlap(painted: Collection[str], table: OverlapTable, top: int) -> Ranking:
    """The `top` points covering the most painted regions; ties to the smaller map, then table order."""
    drawn = frozenset(painted)
    keyed = [(-len(reach & drawn), len(reach), row) for row, reach in enumerate(table.reaches)]
    ranked = sorted(key for key in keyed if key[0] < 0)
    return [table.candidates[row] for _, _, row in ranked[:top]]


def overlap_rankings(drawings: Sequence[Drawing], index: FinderIndex, top: int = 50) -> list[Ranking]:
    """The baseline's ranking for each drawing (validated as the finder validates it)."""
    table = overlap_table(index.kb)
    return [rank_by_overlap(painted_regions(drawing, index), table, top) for drawing in drawings]
