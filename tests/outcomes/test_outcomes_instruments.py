"""The instruments data file: complete, sourced, free of licensed wording, and checked on load."""

from __future__ import annotations

import copy
import re
from importlib import resources
from typing import Any

import pytest
import yaml

from triggerpoint.kb import KnowledgeBase, UnknownIdError
from triggerpoint.outcomes import Instrument, InstrumentError, Item, instrument, instruments, score_response
from triggerpoint.outcomes.instruments import parse_instruments


def _raw() -> Any:
    text = resources.files("triggerpoint.outcomes").joinpath("data/instruments.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _raw_instrument(raw: Any, instrument_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(entry for entry in raw["instruments"] if entry["id"] == instrument_id)
    return found


def test_the_six_instruments_and_their_complaints() -> None:
    assert {i.id: i.complaint for i in instruments()} == {
        "ndi": "neck",
        "odi": "low-back",
        "hit6": "headache",
        "acr2016": "fibromyalgia",
        "psfs": "any",
        "nprs": "any",
    }


def test_instrument_lookup_and_close_matches() -> None:
    assert instrument("odi").short_name == "ODI"
    with pytest.raises(UnknownIdError) as caught:
        instrument("acr-2016")
    assert "acr2016" in caught.value.suggestions
    assert isinstance(caught.value, KeyError)


def test_every_source_is_in_the_knowledge_base(kb: KnowledgeBase) -> None:
    for tool in instruments():
        for key in (*tool.sources, *tool.minimal_change.all_sources):
            assert kb.source(key)


@pytest.mark.parametrize("instrument_id", ["ndi", "odi", "hit6"])
def test_licensed_instruments_ship_no_item_wording(instrument_id: str) -> None:
    tool = instrument(instrument_id)
    assert tool.licence == "licensed"
    assert tool.licence_note and "copyright" in tool.licence_note
    for item in tool.items:
        assert re.fullmatch(r"(Section|Item) \d+", item.label), item.label
        assert {option.label for option in item.options} <= {"Never", "Rarely", "Sometimes", "Very often", "Always"}
        # A topic names what the item is about; a question or a statement would be the licensed wording.
        assert item.topic and len(item.topic.split()) <= 4, item.topic
        assert not re.search(r"[?.!]|\b(I|my|me|you|your)\b", item.topic, flags=re.I), item.topic


# Topics as the sources name their sections and items: Vernon and Mior 1991 (NDI),
# Fairbank and Pynsent 2000 (ODI 2.1a), Kosinski et al. 2003 (HIT-6).
TOPICS = {
    "ndi": [
        "pain intensity",
        "personal care",
        "lifting",
        "reading",
        "headaches",
        "concentration",
        "work",
        "driving",
        "sleeping",
        "recreation",
    ],
    "odi": [
        "pain intensity",
        "personal care",
        "lifting",
        "walking",
        "sitting",
        "standing",
        "sleeping",
        "sex life",
        "social life",
        "travelling",
    ],
    "hit6": [
        "severe pain",
        "limits on daily activities",
        "wanting to lie down",
        "too tired",
        "fed up or irritated",
        "limits on concentration",
    ],
}


@pytest.mark.parametrize("instrument_id", sorted(TOPICS))
def test_every_licensed_item_names_its_topic_in_order(instrument_id: str) -> None:
    tool = instrument(instrument_id)
    assert [item.topic.lower() if item.topic else None for item in tool.items] == TOPICS[instrument_id]
    first = tool.items[0]
    assert first.title == f"{first.label} ({TOPICS[instrument_id][0]})"


def test_a_licensed_item_without_a_topic_is_rejected() -> None:
    raw = _raw()
    del _raw_instrument(raw, "ndi")["items"][7]["topic"]
    with pytest.raises(
        InstrumentError, match=r"ndi: items of a licensed instrument each need a topic: \['section-8'\]"
    ):
        parse_instruments(raw)


def test_acr_groups_say_how_each_answer_counts() -> None:
    tool = instrument("acr2016")
    assert [group.id for group in tool.groups] == ["pain-areas", "symptom-severity", "other-symptoms", "duration"]
    assert "Widespread Pain Index" in tool.groups[0].note
    assert "Not added to the score" in tool.groups[-1].note
    assert all(tool.group(item.group) for item in tool.items if item.group)


def test_groups_must_match_the_items_groups() -> None:
    raw = _raw()
    _raw_instrument(raw, "acr2016")["groups"].pop()
    with pytest.raises(InstrumentError, match="must be the items' groups"):
        parse_instruments(raw)


def test_structure_matches_the_published_instruments() -> None:
    for instrument_id in ("ndi", "odi"):
        tool = instrument(instrument_id)
        assert len(tool.items) == 10
        assert all((item.min, item.max) == (0, 5) for item in tool.items)
        assert (tool.score_min, tool.score_max, tool.unit, tool.better) == (0, 100, "%", "lower")
        assert tool.min_answered == 8
    hit6 = instrument("hit6")
    assert len(hit6.items) == 6
    assert all([o.value for o in item.options] == [6, 8, 10, 11, 13] for item in hit6.items)
    assert (hit6.score_min, hit6.score_max) == (36, 78)
    psfs = instrument("psfs")
    assert [item.kind for item in psfs.items] == ["activity"] * 5
    assert psfs.better == "higher"
    assert psfs.min_answered == 1
    nprs = instrument("nprs")
    assert [(item.min, item.max) for item in nprs.items] == [(0, 10)]


def test_acr_pain_areas_are_the_knowledge_base_wpi_areas(kb: KnowledgeBase) -> None:
    tool = instrument("acr2016")
    areas = {item.id for item in tool.items if item.group == "pain-areas"}
    assert len(areas) == 19
    assert areas == {region.wpi for region in kb.regions if region.wpi}
    assert all(item.kind == "boolean" for item in tool.items if item.group == "pain-areas")


def test_acr_regions_follow_the_2016_criteria() -> None:
    regions = {item.id: item.region for item in instrument("acr2016").items if item.group == "pain-areas"}
    for side in ("left", "right"):
        for area in ("shoulder-girdle", "upper-arm", "lower-arm"):
            assert regions[f"{area}-{side}"] == f"{side}-upper"
        for area in ("hip", "upper-leg", "lower-leg"):
            assert regions[f"{area}-{side}"] == f"{side}-lower"
        assert regions[f"jaw-{side}"] is None
    assert [regions[a] for a in ("neck", "upper-back", "lower-back", "chest", "abdomen")] == [
        "axial",
        "axial",
        "axial",
        None,
        None,
    ]


def test_acr_symptom_items() -> None:
    tool = instrument("acr2016")
    severity = [item for item in tool.items if item.group == "symptom-severity"]
    assert [item.id for item in severity] == ["fatigue", "waking-unrefreshed", "cognitive-symptoms"]
    assert all([o.value for o in item.options] == [0, 1, 2, 3] for item in severity)
    others = [item.id for item in tool.items if item.group == "other-symptoms"]
    assert others == ["headaches", "lower-abdominal-pain", "depression"]
    assert tool.item("duration-3-months").kind == "boolean"
    assert (tool.score_min, tool.score_max) == (0, 31)


def _extreme(item: Item, top: bool) -> int | bool:
    value = item.highest if top else item.lowest
    return bool(value) if item.kind == "boolean" else value


@pytest.mark.parametrize("tool", instruments(), ids=lambda tool: tool.id)
def test_every_instrument_scores_its_lowest_and_highest_answers(tool: Instrument) -> None:
    lowest = score_response(tool.id, {item.id: _extreme(item, top=False) for item in tool.items})
    highest = score_response(tool.id, {item.id: _extreme(item, top=True) for item in tool.items})
    assert lowest.valid and highest.valid
    assert (lowest.value, highest.value) == (tool.score_min, tool.score_max)
    if tool.bands:
        assert (lowest.band, highest.band) == (tool.bands[0].label, tool.bands[-1].label)


def test_minimal_changes() -> None:
    values = {tool.id: (tool.minimal_change.value, tool.minimal_change.unit) for tool in instruments()}
    assert values == {
        "ndi": (15, "percentage points"),
        "odi": (10, "percentage points"),
        "hit6": (6, "points"),
        "acr2016": (4, "points"),
        "psfs": (2, "points"),
        "nprs": (2, "points"),
    }


def test_relative_minimal_changes_and_their_sources() -> None:
    """NPRS (Farrar et al. 2001; Ostelo et al. 2008) and ODI (Ostelo et al. 2008) add 30% of the starting score."""
    relative = {tool.id: tool.minimal_change.relative for tool in instruments() if tool.minimal_change.relative}
    assert {key: (value.percent, value.sources) for key, value in relative.items()} == {
        "odi": (30, ("ostelo-2008",)),
        "nprs": (30, ("farrar-2001", "ostelo-2008")),
    }
    for tool_id, value in relative.items():
        assert "30%" in value.rule and "improve" in value.rule.lower(), tool_id
    assert "30%" in instrument("nprs").minimal_change.note


def test_a_relative_change_needs_known_sources_and_a_lower_is_better_score() -> None:
    raw = _raw()
    _raw_instrument(raw, "nprs")["minimal_change"]["relative"]["sources"] = ["farrar-2011"]
    with pytest.raises(InstrumentError, match="nprs: unknown source 'farrar-2011'"):
        parse_instruments(raw)
    raw = _raw()
    _raw_instrument(raw, "psfs")["minimal_change"]["relative"] = {
        "percent": 30,
        "sources": ["abbott-2014"],
        "rule": "x" * 5,
    }
    with pytest.raises(InstrumentError, match="psfs: a relative change is a fall from the starting score"):
        parse_instruments(raw)
    raw = _raw()
    _raw_instrument(raw, "odi")["minimal_change"]["relative"]["percent"] = 130
    with pytest.raises(InstrumentError, match="percent"):
        parse_instruments(raw)


def test_shipped_data_parses_again() -> None:
    assert parse_instruments(_raw()) == instruments()


def test_unknown_source_is_rejected() -> None:
    raw = _raw()
    _raw_instrument(raw, "nprs")["sources"].append("farrar-2011")
    with pytest.raises(InstrumentError, match=r"nprs: unknown source 'farrar-2011'; did you mean farrar-2001"):
        parse_instruments(raw)


def test_unknown_minimal_change_source_is_rejected() -> None:
    raw = _raw()
    _raw_instrument(raw, "odi")["minimal_change"]["sources"] = ["ostelo-2009"]
    with pytest.raises(InstrumentError, match="odi: unknown source 'ostelo-2009'"):
        parse_instruments(raw)


def test_bands_with_a_gap_are_rejected() -> None:
    raw = _raw()
    _raw_instrument(raw, "odi")["bands"][1]["min"] = 21
    with pytest.raises(InstrumentError, match="must start where 'minimal disability' ends"):
        parse_instruments(raw)


def test_whole_number_bands_must_start_one_above() -> None:
    raw = _raw()
    _raw_instrument(raw, "hit6")["bands"][1]["min"] = 51
    with pytest.raises(InstrumentError, match="must start one above"):
        parse_instruments(raw)


def test_bands_must_cover_the_range() -> None:
    raw = _raw()
    _raw_instrument(raw, "nprs")["bands"][-1]["max"] = 9
    with pytest.raises(InstrumentError, match="from score_min to score_max"):
        parse_instruments(raw)


@pytest.mark.parametrize(
    ("instrument_id", "change", "message"),
    [
        ("hit6", {"min_answered": 5}, "needs every item"),
        ("hit6", {"licence_note": None}, "needs a licence_note"),
        ("ndi", {"min_answered": 11}, "more than the 10 items"),
        ("ndi", {"scoring": "median"}, "scoring"),
        ("psfs", {"extra": 1}, "extra"),
    ],
)
def test_inconsistent_instruments_are_rejected(instrument_id: str, change: dict[str, Any], message: str) -> None:
    raw = _raw()
    _raw_instrument(raw, instrument_id).update(change)
    with pytest.raises(InstrumentError, match=message):
        parse_instruments(raw)


def test_malformed_items_are_rejected() -> None:
    raw = _raw()
    broken = copy.deepcopy(raw)
    _raw_instrument(broken, "hit6")["items"][0] = {"id": "item-1", "label": "Item 1", "kind": "choice"}
    with pytest.raises(InstrumentError, match="a choice item has options"):
        parse_instruments(broken)
    broken = copy.deepcopy(raw)
    _raw_instrument(broken, "nprs")["items"][0]["max"] = 0
    with pytest.raises(InstrumentError, match="min < max"):
        parse_instruments(broken)
    broken = copy.deepcopy(raw)
    _raw_instrument(broken, "ndi")["items"][1]["id"] = "section-1"
    with pytest.raises(InstrumentError, match="item IDs repeat"):
        parse_instruments(broken)
