"""Drawings generated from the knowledge base: reproducible, well formed, and the finder against the baseline.

These sets are built from the finder's own maps, so they test robustness (doubled, missing and
stray regions), not truth. The margins below were chosen from measurement at seed 13 (recorded
in docs/finder-model.md) and are not to be loosened to make a failing run pass.
"""

from __future__ import annotations

import pytest

from triggerpoint.finder import default_index
from triggerpoint.finder.evaluate import SetComparison, Source, Vignette, compare
from triggerpoint.finder.generated import DEFAULT_COUNT, DEFAULT_SEED, generated_sets
from triggerpoint.kb import KnowledgeBase, Tier


@pytest.fixture(scope="module")
def sets() -> dict[str, list[Vignette]]:
    return generated_sets(default_index().kb, DEFAULT_SEED)


@pytest.fixture(scope="module")
def measured(sets: dict[str, list[Vignette]]) -> dict[str, SetComparison]:
    return {name: compare(name, cases, derived=True) for name, cases in sets.items()}


def maps(kb: KnowledgeBase, source: Source | None) -> list[dict[str, Tier]]:
    """The referral map of each trigger point of the source's muscle, on the source's side."""
    assert source is not None
    return [kb.referral_map(point, source.side) for point in kb.muscle(source.muscle).trigger_points]


def stray_and_far(kb: KnowledgeBase, regions: list[str], mapped: dict[str, Tier]) -> bool:
    extra = [region for region in regions if region not in mapped]
    touched = {kb.region(region).group for region in mapped}
    return 1 <= len(extra) <= 2 and all(kb.region(region).group not in touched for region in extra)


def test_the_same_seed_gives_the_same_drawings_and_another_seed_others(
    kb: KnowledgeBase, sets: dict[str, list[Vignette]]
) -> None:
    assert generated_sets(kb, DEFAULT_SEED) == sets
    assert generated_sets(kb, DEFAULT_SEED + 1) != sets
    assert {name: len(cases) for name, cases in sets.items()} == dict.fromkeys(
        ("two-source", "partial", "noisy"), DEFAULT_COUNT
    )


def test_every_generated_case_names_known_regions_and_muscles(
    kb: KnowledgeBase, sets: dict[str, list[Vignette]]
) -> None:
    for name, cases in sets.items():
        assert len({case.id for case in cases}) == len(cases)
        for case in cases:
            assert case.kind == name
            assert case.regions and len(set(case.regions)) == len(case.regions)
            assert all(kb.has_region(region) for region in case.regions)
            assert kb.muscle(case.source.muscle).area == case.area
            assert "generated" in case.reference


def test_two_source_drawings_join_the_maps_of_two_muscles_in_different_areas(
    kb: KnowledgeBase, sets: dict[str, list[Vignette]]
) -> None:
    for case in sets["two-source"]:
        assert case.second_source is not None
        assert kb.muscle(case.second_source.muscle).area != case.area
        joined = [set(a) | set(b) for a in maps(kb, case.source) for b in maps(kb, case.second_source)]
        assert set(case.regions) in joined


def test_partial_drawings_are_half_of_one_essential_zone(kb: KnowledgeBase, sets: dict[str, list[Vignette]]) -> None:
    for case in sets["partial"]:
        zones = [{r for r, tier in m.items() if tier is Tier.ESSENTIAL} for m in maps(kb, case.source)]
        assert any(set(case.regions) <= zone and len(case.regions) == (len(zone) + 1) // 2 for zone in zones)


def test_noisy_drawings_add_one_or_two_regions_from_untouched_body_groups(
    kb: KnowledgeBase, sets: dict[str, list[Vignette]]
) -> None:
    for case in sets["noisy"]:
        fitting = [m for m in maps(kb, case.source) if set(m) <= set(case.regions)]
        assert any(stray_and_far(kb, case.regions, mapped) for mapped in fitting)


def test_the_finder_keeps_both_sources_of_two_source_drawings_in_view_more_often(
    measured: dict[str, SetComparison],
) -> None:
    model, baseline = measured["two-source"].model, measured["two-source"].baseline
    assert model.both_in_top_5 is not None and baseline.both_in_top_5 is not None
    assert model.both_in_top_5 >= baseline.both_in_top_5 + 0.10  # measured 1.000 against 0.805
    assert model.hit_at_3 >= baseline.hit_at_3 + 0.10  # measured 0.925 against 0.750


def test_the_finder_ranks_the_source_of_partial_drawings_higher(measured: dict[str, SetComparison]) -> None:
    model, baseline = measured["partial"].model, measured["partial"].baseline
    assert model.hit_at_3 >= baseline.hit_at_3 + 0.05  # measured 0.840 against 0.760
    assert model.mean_reciprocal_rank >= baseline.mean_reciprocal_rank + 0.04  # measured 0.623 against 0.561


@pytest.mark.xfail(
    strict=True,
    reason=(
        "measured at seed 13: finder hit@3 0.980, MRR 0.895 against baseline 1.000, 0.936. A noisy drawing "
        "holds one point's whole map, which counting with the smaller-map tie-break inverts exactly; the finder "
        "prefers a point reaching the same regions at a higher tier (docs/finder-model.md, Evaluation)"
    ),
)
def test_the_finder_ranks_the_source_of_noisy_drawings_higher(measured: dict[str, SetComparison]) -> None:
    model, baseline = measured["noisy"].model, measured["noisy"].baseline
    assert model.hit_at_3 >= baseline.hit_at_3 + 0.05
