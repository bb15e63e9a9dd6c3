"""Score the finder on case vignettes: hit@1, hit@3, mean reciprocal rank, both sources in the top 5."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from triggerpoint.finder.baseline import Ranking, overlap_rankings
from triggerpoint.finder.find import find_many
from triggerpoint.finder.index import FinderIndex, default_index
from triggerpoint.finder.types import Drawing, FinderResult
from triggerpoint.kb.schema import Side

TOP = 50  # candidates each ranker lists; a source ranked lower counts as missed
Ranker = Callable[[Sequence[Drawing], FinderIndex], list[Ranking]]
Ranks = dict[tuple[str, Side], int]


class Source(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    muscle: str
    side: Side


class Vignette(BaseModel):
    """A case with its source: written from a chart or a published report, or generated."""

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
    url: str = Field(default="", description="where the reference was found")
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


def ranks_of(ranking: Ranking) -> Ranks:
    """1-based rank of each (muscle, side) by its best trigger point."""
    ranks: Ranks = {}
    for muscle_side in ranking:
        ranks.setdefault(muscle_side, len(ranks) + 1)
    return ranks


def muscle_ranks(result: FinderResult) -> Ranks:
    """1-based rank of each (muscle, side) in a finder result by its best trigger point."""
    return ranks_of([(candidate.muscle, candidate.side) for candidate in result.candidates])


def model_rankings(drawings: Sequence[Drawing], index: FinderIndex) -> list[Ranking]:
    """The finder's ranking for each drawing."""
    results = find_many(drawings, index, top=TOP)
    return [[(c.muscle, c.side) for c in result.candidates] for result in results]


def baseline_rankings(drawings: Sequence[Drawing], index: FinderIndex) -> list[Ranking]:
    """The overlap-counting baseline's ranking for each drawing, cut where the finder's is."""
    return overlap_rankings(drawings, index, top=TOP)


def _metrics(rows: list[tuple[Vignette, Ranks]]) -> Metrics:
    primary = [ranks.get((case.source.muscle, case.source.side)) for case, ranks in rows]
    pairs = [(case, ranks) for case, ranks in rows if case.second_source is not None]

    def in_top_5(case: Vignette, ranks: Ranks) -> bool:
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


def _rows(cases: Sequence[Vignette], index: FinderIndex, ranker: Ranker) -> list[tuple[Vignette, Ranks]]:
    rankings = ranker([case.drawing() for case in cases], index)
    return [(case, ranks_of(ranking)) for case, ranking in zip(cases, rankings, strict=True)]


def evaluate(
    cases: Iterable[Vignette], index: FinderIndex | None = None, ranker: Ranker = model_rankings
) -> EvaluationReport:
    """Run every vignette through a ranker (the finder by default) and summarise how it ranks the source."""
    index = index or default_index()
    rows = _rows(list(cases), index, ranker)
    by_area: dict[str, list[tuple[Vignette, Ranks]]] = defaultdict(list)
    by_kind: dict[str, list[tuple[Vignette, Ranks]]] = defaultdict(list)
    for row in rows:
        by_area[row[0].area].append(row)
        by_kind[row[0].kind].append(row)
    misses = [
        f"{case.id}: {case.source.muscle} {case.source.side} ranked {rank or f'>{TOP}'}"
        for case, ranks in rows
        if (rank := ranks.get((case.source.muscle, case.source.side))) is None or rank > 3
    ]
    return EvaluationReport(
        overall=_metrics(rows),
        by_area={area: _metrics(group) for area, group in sorted(by_area.items())},
        by_kind={kind: _metrics(group) for kind, group in sorted(by_kind.items())},
        misses=misses,
    )


class SetComparison(BaseModel):
    """The finder and the baseline on one set of cases."""

    name: str
    derived_from_kb: bool = Field(description="built from the knowledge base's own maps: robustness, not truth")
    model: Metrics
    baseline: Metrics


def compare(
    name: str, cases: Sequence[Vignette], index: FinderIndex | None = None, derived: bool = False
) -> SetComparison:
    """Score the finder and the overlap-counting baseline on the same cases with the same metrics."""
    index = index or default_index()
    return SetComparison(
        name=name,
        derived_from_kb=derived,
        model=_metrics(_rows(cases, index, model_rankings)),
        baseline=_metrics(_rows(cases, index, baseline_rankings)),
    )
