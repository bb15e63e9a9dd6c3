"""Score the finder on case vignettes: hit@1, hit@3, mean reciprocal rank, both sources in the top 5."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from triggerpoint.finder.find import find_sources
from triggerpoint.finder.index import FinderIndex, default_index
from triggerpoint.finder.types import Drawing, FinderResult
from triggerpoint.kb.schema import Side


class Source(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    muscle: str
    side: Side


class Vignette(BaseModel):
    """A case written from the classic referral charts, with its textbook source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    area: str
    kind: str = Field(pattern="^(full|partial|noisy|two-source)$")
    regions: list[str]
    intensities: dict[str, int] = Field(default_factory=dict)
    symptoms: list[str] = Field(default_factory=list)
    activities: list[str] = Field(default_factory=list)
    condition: str | None = None
    source: Source
    second_source: Source | None = None
    also_check: list[str] = Field(default_factory=list)
    reference: str
    note: str = ""

    def drawing(self) -> Drawing:
        return Drawing(
            regions=self.regions,
            intensities=self.intensities,
            symptoms=self.symptoms,
            activities=self.activities,
            condition=self.condition,
        )


class Metrics(BaseModel):
    cases: int
    hit_at_1: float
    hit_at_3: float
    mean_reciprocal_rank: float
    two_source_cases: int
    both_in_top_5: float | None


class EvaluationReport(BaseModel):
    overall: Metrics
    by_area: dict[str, Metrics]
    by_kind: dict[str, Metrics]
    misses: list[str] = Field(description="cases whose primary source is not in the top 3, with its rank")


def muscle_ranks(result: FinderResult) -> dict[tuple[str, Side], int]:
    """1-based rank of each (muscle, side) by its best trigger point."""
    ranks: dict[tuple[str, Side], int] = {}
    for candidate in result.candidates:
        ranks.setdefault((candidate.muscle, candidate.side), len(ranks) + 1)
    return ranks


def _metrics(rows: list[tuple[Vignette, dict[tuple[str, Side], int]]]) -> Metrics:
    primary = [ranks.get((case.source.muscle, case.source.side)) for case, ranks in rows]
    pairs = [(case, ranks) for case, ranks in rows if case.second_source is not None]

    def in_top_5(case: Vignette, ranks: dict[tuple[str, Side], int]) -> bool:
        sources = [case.source, case.second_source]
        return all(s is not None and ranks.get((s.muscle, s.side), 99) <= 5 for s in sources)

    count = len(rows)
    return Metrics(
        cases=count,
        hit_at_1=round(sum(r == 1 for r in primary) / count, 3),
        hit_at_3=round(sum(r is not None and r <= 3 for r in primary) / count, 3),
        mean_reciprocal_rank=round(sum(1 / r for r in primary if r) / count, 3),
        two_source_cases=len(pairs),
        both_in_top_5=round(sum(in_top_5(c, r) for c, r in pairs) / len(pairs), 3) if pairs else None,
    )


def evaluate(cases: Iterable[Vignette], index: FinderIndex | None = None) -> EvaluationReport:
    """Run every vignette through the finder and summarise how well it ranks the textbook source."""
    index = index or default_index()
    rows = [(case, muscle_ranks(find_sources(case.drawing(), index, top=50))) for case in cases]
    by_area: dict[str, list[tuple[Vignette, dict[tuple[str, Side], int]]]] = defaultdict(list)
    by_kind: dict[str, list[tuple[Vignette, dict[tuple[str, Side], int]]]] = defaultdict(list)
    for row in rows:
        by_area[row[0].area].append(row)
        by_kind[row[0].kind].append(row)
    misses = [
        f"{case.id}: {case.source.muscle} {case.source.side} ranked {rank or '>50'}"
        for case, ranks in rows
        if (rank := ranks.get((case.source.muscle, case.source.side))) is None or rank > 3
    ]
    return EvaluationReport(
        overall=_metrics(rows),
        by_area={area: _metrics(group) for area, group in sorted(by_area.items())},
        by_kind={kind: _metrics(group) for kind, group in sorted(by_kind.items())},
        misses=misses,
    )
