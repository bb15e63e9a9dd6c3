"""The knowledge base honours the interface contracts in shared/spec (snapshot kept in tests/spec)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spec_ids import spec_dirs, spec_muscle_ids, spec_region_ids
from triggerpoint.kb import KnowledgeBase


@pytest.mark.parametrize("spec", spec_dirs(), ids=lambda p: p.parent.name)
def test_every_spec_region_is_in_the_knowledge_base(kb: KnowledgeBase, spec: Path) -> None:
    missing = spec_region_ids(spec) - {region.id for region in kb.regions}
    assert not missing


@pytest.mark.parametrize("spec", spec_dirs(), ids=lambda p: p.parent.name)
def test_every_spec_muscle_is_in_the_knowledge_base(kb: KnowledgeBase, spec: Path) -> None:
    missing = spec_muscle_ids(spec) - {muscle.id for muscle in kb.muscles}
    assert not missing


def test_snapshot_keeps_every_id_of_the_shared_contract() -> None:
    # The snapshot may grow but never lose an ID that the shared contract has.
    snapshot, *shared = spec_dirs()
    for directory in shared:
        assert spec_region_ids(directory) <= spec_region_ids(snapshot)
        assert spec_muscle_ids(directory) <= spec_muscle_ids(snapshot)


def test_contract_sizes_never_shrink() -> None:
    snapshot = spec_dirs()[0]
    assert len(spec_region_ids(snapshot)) >= 177
    assert len(spec_muscle_ids(snapshot)) >= 100


def test_sided_regions_come_in_pairs(kb: KnowledgeBase) -> None:
    ids = {region.id for region in kb.regions}
    for region in kb.regions:
        if region.side is not None:
            assert {f"{region.base}-left", f"{region.base}-right"} <= ids


def test_regions_carry_michigan_and_wpi_areas(kb: KnowledgeBase) -> None:
    assert all(region.michigan for region in kb.regions)
    wpi = {region.wpi for region in kb.regions if region.wpi}
    # The 19 areas of the ACR 2016 Widespread Pain Index.
    sided = {"jaw", "shoulder-girdle", "upper-arm", "lower-arm", "hip", "upper-leg", "lower-leg"}
    expected = {f"{a}-{s}" for a in sided for s in ("left", "right")}
    expected |= {"neck", "upper-back", "lower-back", "chest", "abdomen"}
    assert wpi == expected
    assert kb.region("shoulder-top-left").wpi == "shoulder-girdle-left"
