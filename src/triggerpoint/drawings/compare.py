"""Compare two pain drawings region by region (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RegionChange:
    """One region's level in the earlier and the later drawing (None: not painted)."""

    region: str
    before: int | None
    after: int | None

    @property
    def kind(self) -> str:
        """new, gone, worse, better or same."""
        if self.before is None:
            return "new"
        if self.after is None:
            return "gone"
        if self.after == self.before:
            return "same"
        return "worse" if self.after > self.before else "better"


ORDER = ("new", "worse", "same", "better", "gone")


def compare_drawings(before: Mapping[str, int], after: Mapping[str, int]) -> list[RegionChange]:
    """Every region painted in either drawing, new and worse first, gone last."""
    regions = list(dict.fromkeys([*after, *before]))
    changes = [RegionChange(r, before.get(r), after.get(r)) for r in regions]
    return sorted(changes, key=lambda change: ORDER.index(change.kind))
