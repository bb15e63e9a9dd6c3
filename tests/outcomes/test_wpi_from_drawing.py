"""The Widespread Pain Index worked out from a body-map drawing, through each region's `wpi` area.

ACR 2016 (Wolfe et al. 2016) counts 19 areas; the shoulder girdle is one area on each side,
and the app's own ACR item puts the shoulder blade in it.
"""

from __future__ import annotations

import pytest

from triggerpoint.kb import KnowledgeBase
from triggerpoint.outcomes import instrument, wpi_from_areas


def drawing_wpi(kb: KnowledgeBase, regions: list[str]) -> int:
    """As the pages work it out: each painted region's WPI area, counted once."""
    return wpi_from_areas({area for region in regions if (area := kb.region(region).wpi)})


def test_both_shoulder_blades_are_two_areas(kb: KnowledgeBase) -> None:
    assert drawing_wpi(kb, ["scapula-left", "scapula-right"]) == 2


@pytest.mark.parametrize("base", ["scapula-upper", "scapula", "scapula-lower"])
def test_the_shoulder_blade_is_in_each_sides_shoulder_girdle(kb: KnowledgeBase, base: str) -> None:
    for side in ("left", "right"):
        assert kb.region(f"{base}-{side}").wpi == f"shoulder-girdle-{side}"
    assert drawing_wpi(kb, [f"{base}-left", f"{base}-right"]) == 2


@pytest.mark.parametrize("base", ["scapula-medial", "mid-back"])
def test_between_the_shoulder_blades_is_the_upper_back(kb: KnowledgeBase, base: str) -> None:
    assert kb.region(f"{base}-left").wpi == kb.region(f"{base}-right").wpi == "upper-back"
    assert drawing_wpi(kb, [f"{base}-left", f"{base}-right"]) == 1


def test_a_shoulder_and_its_blade_are_one_area(kb: KnowledgeBase) -> None:
    assert drawing_wpi(kb, ["shoulder-top-left", "scapula-left", "scapula-lower-left"]) == 1
    assert drawing_wpi(kb, ["shoulder-top-left", "scapula-right", "scapula-medial-right"]) == 3


def test_every_region_maps_to_an_acr_area_on_its_own_side(kb: KnowledgeBase) -> None:
    acr = instrument("acr2016")
    areas = {item.id for item in acr.items if item.group == "pain-areas"}
    for region in kb.regions:
        if region.wpi is None:
            continue
        assert region.wpi in areas, region.id
        side = region.wpi.rsplit("-", 1)[-1]
        if side in ("left", "right"):
            assert region.side is not None and region.side.value == side, region.id


def test_a_drawing_of_every_region_reaches_all_19_areas(kb: KnowledgeBase) -> None:
    assert drawing_wpi(kb, [region.id for region in kb.regions]) == 19
