"""The visit rules as data: classification by the 2018 Delphi criteria, session length, precautions."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.kb import KnowledgeBase
from triggerpoint.visits.rules import (
    ORDER,
    Avoided,
    Rules,
    RulesError,
    Signs,
    avoided_at,
    avoided_regions,
    classify,
    criteria_met,
    is_irritable,
    load_rules,
    parse_rules,
    pressure_cap,
    propose_minutes,
    raised_precautions,
    recent_sites,
)

RULES = load_rules()
PRESENT = "present"


def _signs(band: bool, spot: bool, referred: bool, recognised: bool) -> Signs:
    return Signs(
        taut_band=PRESENT if band else "absent",
        spot_tenderness=6 if spot else 2,
        referred=PRESENT if referred else "absent",
        recognised=PRESENT if recognised else "absent",
    )


# Every combination of the three essential criteria x whether the client recognises the pain.
TABLE = [
    # band  spot   referred recognised -> classification
    (False, False, False, False, "not-present"),
    (False, False, False, True, "not-present"),
    (True, False, False, False, "not-present"),
    (True, False, False, True, "not-present"),
    (False, True, False, False, "not-present"),
    (False, True, False, True, "not-present"),
    (False, False, True, False, "not-present"),
    (False, False, True, True, "not-present"),
    (True, True, False, False, "latent"),
    (True, True, False, True, "active"),
    (True, False, True, False, "latent"),
    (True, False, True, True, "active"),
    (False, True, True, False, "latent"),
    (False, True, True, True, "active"),
    (True, True, True, False, "latent"),
    (True, True, True, True, "active"),
]


def test_the_table_covers_every_combination() -> None:
    assert {row[:4] for row in TABLE} == set(itertools.product([False, True], repeat=4))


@pytest.mark.parametrize(("band", "spot", "referred", "recognised", "expected"), TABLE)
def test_classification_table(band: bool, spot: bool, referred: bool, recognised: bool, expected: str) -> None:
    assert classify(RULES, _signs(band, spot, referred, recognised)) == expected


@pytest.mark.parametrize(
    ("tenderness", "jump", "spot"),
    [(None, "not-tested", False), (4, "absent", False), (5, "absent", True), (10, "not-tested", True),
     (0, "present", True), (None, "present", True)],
)  # fmt: skip
def test_a_hypersensitive_spot_is_tenderness_of_5_or_a_jump_sign(tenderness: int | None, jump: str, spot: bool) -> None:
    signs = Signs(spot_tenderness=tenderness, jump_sign=jump)  # type: ignore[arg-type]
    assert ("hypersensitive-spot" in criteria_met(RULES, signs)) is spot


def test_not_tested_is_not_present() -> None:
    assert classify(RULES, Signs(recognised=PRESENT)) == "not-present"


presence = st.sampled_from(["present", "absent", "not-tested"])
signs = st.builds(
    Signs,
    taut_band=presence,
    spot_tenderness=st.none() | st.integers(0, 10),
    jump_sign=presence,
    referred=presence,
    recognised=presence,
)


@given(signs, st.sampled_from(["taut_band", "jump_sign", "referred", "recognised"]))
def test_a_present_sign_never_lowers_the_classification(before: Signs, field: str) -> None:
    after = _replace(before, field)
    assert ORDER[classify(RULES, after)] >= ORDER[classify(RULES, before)]


def _replace(signs: Signs, field: str, value: Any = PRESENT) -> Signs:
    values = {name: getattr(signs, name) for name in Signs.__dataclass_fields__}
    return Signs(**(values | {field: value}))


@given(signs, st.integers(0, 10))
def test_more_tenderness_never_lowers_the_classification(before: Signs, more: int) -> None:
    after = _replace(before, "spot_tenderness", min(10, (before.spot_tenderness or 0) + more))
    assert ORDER[classify(RULES, after)] >= ORDER[classify(RULES, before)]


@given(signs)
def test_active_only_when_recognised_and_a_point_only_with_two_criteria(found: Signs) -> None:
    result = classify(RULES, found)
    assert (result != "not-present") is (len(criteria_met(RULES, found)) >= 2)
    assert (result == "active") is (result != "not-present" and found.recognised == PRESENT)


@pytest.mark.parametrize(
    ("active", "worst", "irritable", "minutes"),
    [(0, 0, False, 30), (1, 3, False, 30), (2, 0, False, 45), (0, 4, False, 45), (4, 0, False, 60),
     (0, 7, False, 60), (5, 9, True, 45), (2, 5, True, 30), (0, 0, True, 30)],
)  # fmt: skip
def test_session_length_rule(active: int, worst: int, irritable: bool, minutes: int) -> None:
    assert propose_minutes(RULES, active, worst, irritable) == minutes


@given(st.integers(0, 40), st.integers(0, 10), st.booleans(), st.integers(0, 5), st.integers(0, 10))
def test_more_points_or_pain_never_shorten_the_session(
    active: int, worst: int, irritable: bool, a: int, w: int
) -> None:
    proposed = propose_minutes(RULES, active, worst, irritable)
    assert proposed in (30, 45, 60)
    assert propose_minutes(RULES, active + a, min(10, worst + w), irritable) >= proposed
    assert propose_minutes(RULES, active, worst, True) <= propose_minutes(RULES, active, worst, False)


def test_irritability() -> None:
    assert is_irritable(RULES, [], jump_sign_seen=True)
    assert is_irritable(RULES, ["widespread-sensitivity"], jump_sign_seen=False)
    assert not is_irritable(RULES, ["anticoagulants"], jump_sign_seen=False)


def test_the_lowest_cap_wins_and_names_its_precaution() -> None:
    cap = pressure_cap(RULES, ["osteoporosis", "anticoagulants", "pregnancy"])
    assert cap is not None and (cap.pressure, cap.precaution) == (3, "anticoagulants")
    assert pressure_cap(RULES, ["osteoporosis"]).pressure == 4  # type: ignore[union-attr]
    assert pressure_cap(RULES, ["pregnancy", "unknown"]) is None
    assert pressure_cap(RULES, []) is None


@given(st.lists(st.sampled_from([p.id for p in RULES.precautions]), max_size=6), st.sampled_from(RULES.precautions))
def test_another_precaution_never_raises_the_cap(precautions: list[str], extra: Any) -> None:
    before, after = pressure_cap(RULES, precautions), pressure_cap(RULES, [*precautions, extra.id])
    if before is not None:
        assert after is not None and after.pressure <= before.pressure


def test_areas_avoided_with_their_precaution() -> None:
    avoided = avoided_regions(RULES, ["pregnancy", "recent-surgery-or-injury"], ["neck"])
    assert Avoided("calf-upper", "pregnancy", RULES.limit("pregnancy").reason) in avoided  # type: ignore[union-attr]
    assert avoided_at(avoided, {"neck-side", "neck-side-right", "neck"}).precaution == "recent-surgery-or-injury"  # type: ignore[union-attr]
    assert avoided_at(avoided, {"shoulder-top"}) is None
    assert avoided_regions(RULES, ["anticoagulants"], ["neck"]) == []  # injury sites only with their precaution


def test_intake_answers_raise_existing_precaution_ids(kb: KnowledgeBase) -> None:
    raised = raised_precautions(RULES, {"bleeding_disorder": True, "anticoagulants": True, "pregnant": True}, [])
    assert raised == ["pregnancy", "anticoagulants"]
    assert raised_precautions(RULES, {"lymphedema": True}, ["Fibromyalgia "]) == ["widespread-sensitivity"]
    assert {p for ids in RULES.intake.flags.values() for p in ids} <= {p.id for p in kb.precautions}


def test_recent_sites_are_within_the_window() -> None:
    from datetime import date

    operations = [("neck", date(2026, 2, 20)), ("arm-hand", date(2025, 6, 1)), ("neck", date(2026, 3, 1))]
    assert recent_sites(RULES, operations, date(2026, 3, 2)) == ["neck"]


def test_techniques_are_the_vocabulary_with_sources() -> None:
    assert RULES.technique_ids == [
        "ischemic-compression", "sustained-compression", "stripping", "pin-and-stretch", "cross-fibre-friction",
    ]  # fmt: skip
    assert all(t.sources or t.unsourced for t in RULES.techniques)
    assert RULES.diagnosis.minimum_criteria == 2
    assert "fernandez-de-las-penas-2018" in RULES.diagnosis.sources


def _data() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("triggerpoint.visits").joinpath("data", "criteria.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d["precautions"].append({"id": "made-up", "reason": "x", "sources": ["batavia-2004"]}),
        lambda d: d["precautions"][0].update(sources=["nobody-1999"]),
        lambda d: d["precautions"][0].update(sources=[]),
        lambda d: d["precautions"][3].update(avoid=["nowhere"]),
        lambda d: d["intake"]["flags"].update(pregnant=["no-such-precaution"]),
        lambda d: d["diagnosis"]["criteria"][1]["signs"][0].pop("at_least"),
        lambda d: d["session_length"].update(documented_choice=False),
        lambda d: d.update(surprise=1),
    ],
)
def test_malformed_rules_are_refused_at_load(kb: KnowledgeBase, spoil: Any) -> None:
    data = _data()
    spoil(data)
    with pytest.raises(RulesError):
        parse_rules(data, kb)


def test_the_shipped_rules_load(kb: KnowledgeBase) -> None:
    assert isinstance(parse_rules(_data(), kb), Rules)
