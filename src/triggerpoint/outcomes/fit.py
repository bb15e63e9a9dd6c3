"""Which outcome questionnaires fit a pain drawing: data/fit.yaml over the painted regions.

A region group painted (neck, low back, head) offers its complaint's questionnaires; pain
in at least 4 of the 5 ACR 2016 body regions offers the fibromyalgia criteria; the
questionnaires for any complaint are always offered. It offers, it never diagnoses.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import Field, ValidationError, model_validator

from triggerpoint.kb import KnowledgeBase, UnknownIdError, load_kb
from triggerpoint.kb.schema import Frozen, KebabId, Text
from triggerpoint.kb.yamltext import load_yaml
from triggerpoint.outcomes.instruments import ACR_REGIONS, Complaint, instruments
from triggerpoint.outcomes.scoring import acr_regions


class FitError(ValueError):
    """fit.yaml is malformed or names an unknown region group, complaint or source."""


class Sourced(Frozen):
    why: Text
    sources: tuple[KebabId, ...] = ()
    documented_choice: bool = False

    @model_validator(mode="after")
    def _sourced(self) -> Sourced:
        if not self.sources and not self.documented_choice:
            raise ValueError("a rule needs sources or documented_choice: true")
        return self


class GroupRule(Sourced):
    """A complaint offered when any region of these groups is painted."""

    complaint: Complaint
    groups: tuple[KebabId, ...] = Field(min_length=1)


class WidespreadRule(Sourced):
    """A complaint offered when the pain reaches enough of the ACR 2016 body regions."""

    complaint: Complaint
    acr_regions_at_least: int = Field(ge=1, le=len(ACR_REGIONS))


class AlwaysRule(Sourced):
    """Complaints offered whatever was painted."""

    complaints: tuple[Complaint, ...] = Field(min_length=1)


class FitRules(Frozen):
    """The whole of fit.yaml."""

    by_group: tuple[GroupRule, ...]
    widespread: WidespreadRule
    always: AlwaysRule

    def complaints(self) -> set[str]:
        """Every complaint some rule can offer."""
        named = {rule.complaint for rule in self.by_group} | {self.widespread.complaint}
        return named | set(self.always.complaints)

    def rules(self) -> tuple[Sourced, ...]:
        return (*self.by_group, self.widespread, self.always)


def _check(rules: FitRules, kb: KnowledgeBase) -> None:
    groups = {region.group for region in kb.regions}
    unknown = sorted({g for rule in rules.by_group for g in rule.groups} - groups)
    if unknown:
        raise FitError(f"fit.yaml: unknown region groups {unknown}; known: {sorted(groups)}")
    offered = {tool.complaint for tool in instruments()}
    if rules.complaints() != offered:
        raise FitError(f"fit.yaml: complaints {sorted(rules.complaints())} must be the instruments' {sorted(offered)}")
    for key in (key for rule in rules.rules() for key in rule.sources):
        try:
            kb.source(key)
        except UnknownIdError as error:
            raise FitError(f"fit.yaml: {error}") from None


def parse_fit(raw: Any, kb: KnowledgeBase) -> FitRules:
    """Validate the parsed YAML of a fit file against the knowledge base and the instruments."""
    try:
        rules = FitRules.model_validate(raw)
    except ValidationError as error:
        raise FitError(f"fit.yaml: {error}") from error
    _check(rules, kb)
    return rules


@cache
def fit_rules() -> FitRules:
    """The shipped fit rules, loaded and checked once per process."""
    text = resources.files("triggerpoint.outcomes").joinpath("data/fit.yaml").read_text(encoding="utf-8")
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as error:
        raise FitError(f"fit.yaml: not valid YAML: {error}") from error
    return parse_fit(raw, load_kb())


def fitting_complaints(kb: KnowledgeBase, regions: Mapping[str, int], rules: FitRules | None = None) -> set[str]:
    """The complaints a drawing's painted regions (region ID -> 0-10 level) call for; unknown IDs are ignored."""
    rules = rules or fit_rules()
    painted = [kb.region(r) for r, level in regions.items() if level > 0 and kb.has_region(r)]
    groups = {region.group for region in painted}
    found = {rule.complaint for rule in rules.by_group if groups & set(rule.groups)}
    areas = {region.wpi for region in painted if region.wpi}
    if sum(acr_regions(areas).values()) >= rules.widespread.acr_regions_at_least:
        found.add(rules.widespread.complaint)
    return found | set(rules.always.complaints)


def fitting_instruments(kb: KnowledgeBase, regions: Mapping[str, int], rules: FitRules | None = None) -> list[str]:
    """The IDs of the questionnaires that fit a drawing, in the instruments' own order."""
    complaints = fitting_complaints(kb, regions, rules)
    return [tool.id for tool in instruments() if tool.complaint in complaints]
