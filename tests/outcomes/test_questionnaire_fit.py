"""Which questionnaires fit a drawing (outcomes/data/fit.yaml): the data is checked at load, and each
painted complaint offers its own questionnaires, with the activity scale and the 0-10 rating always."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from triggerpoint.kb import KnowledgeBase
from triggerpoint.outcomes import instruments
from triggerpoint.outcomes.fit import FitError, fit_rules, fitting_instruments, parse_fit

ALWAYS = ["psfs", "nprs"]
WIDESPREAD = {
    "shoulder-top-left": 5,
    "shoulder-top-right": 5,
    "thigh-front-upper-left": 4,
    "thigh-front-upper-right": 3,
}


def shipped() -> dict[str, Any]:
    text = resources.files("triggerpoint.outcomes").joinpath("data/fit.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return raw


def test_every_group_named_exists_and_every_instrument_is_offered_by_some_rule(kb: KnowledgeBase) -> None:
    rules = fit_rules()
    groups = {region.group for region in kb.regions}
    assert {g for rule in rules.by_group for g in rule.groups} <= groups
    offered = {tool.id for tool in instruments() if tool.complaint in rules.complaints()}
    assert offered == {tool.id for tool in instruments()}
    assert all(rule.sources or rule.documented_choice for rule in rules.rules())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["by_group"][0].update(groups=["necks"]), "unknown region groups ['necks']"),
        (lambda raw: raw["by_group"][0].update(complaint="knee"), "complaint"),
        (lambda raw: raw["by_group"].pop(0), "complaints"),  # the NDI would never be offered
        (lambda raw: raw["widespread"].update(sources=["no-such-source"]), "no-such-source"),
        (lambda raw: raw["by_group"][0].update(sources=[], documented_choice=False), "documented_choice"),
        (lambda raw: raw["widespread"].update(acr_regions_at_least=6), "acr_regions_at_least"),
    ],
)
def test_malformed_fit_data_is_refused_at_load(kb: KnowledgeBase, change: Any, message: str) -> None:
    raw = shipped()
    change(raw)
    with pytest.raises(FitError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_fit(raw, kb)


@pytest.mark.parametrize(
    ("painted", "expected"),
    [
        ({"neck-side-right": 5}, ["ndi", *ALWAYS]),
        ({"low-back-lower-left": 6}, ["odi", *ALWAYS]),
        ({"temple-right": 7}, ["hit6", *ALWAYS]),
        ({"temple-right": 7, "neck-side-right": 5}, ["ndi", "hit6", *ALWAYS]),
        (WIDESPREAD, ["acr2016", *ALWAYS]),
        ({}, ALWAYS),
        ({"calf-upper-left": 4}, ALWAYS),
    ],
)
def test_the_questionnaires_that_fit_a_drawing(kb: KnowledgeBase, painted: dict[str, int], expected: list[str]) -> None:
    assert fitting_instruments(kb, painted) == expected


def test_pain_in_three_of_the_five_regions_is_not_widespread(kb: KnowledgeBase) -> None:
    three = {"shoulder-top-left": 5, "shoulder-top-right": 5, "thigh-front-upper-left": 4}
    assert "acr2016" not in fitting_instruments(kb, three)


def test_areas_at_zero_and_unknown_ids_are_not_painted(kb: KnowledgeBase) -> None:
    assert fitting_instruments(kb, {"neck-side-right": 0, "no-such-region": 9}) == ALWAYS
