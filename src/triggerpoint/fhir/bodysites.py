"""SNOMED CT body structures for our body regions (kb/data/body-sites.yaml), checked when loaded.

A concept ID (SCTID) is a string of digits: an item number, a two-digit partition ("00" for a
concept in the short format) and a Verhoeff check digit, so a mistyped ID fails its check.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from triggerpoint.kb import KnowledgeBase, load_kb
from triggerpoint.kb.schema import Side
from triggerpoint.kb.yamltext import load_yaml

SNOMED = "http://snomed.info/sct"
FILE = "body-sites.yaml"

# The dihedral group D5 and the position permutations of the Verhoeff scheme.
_D5 = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_PERMUTATION = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


class BodySiteError(ValueError):
    """body-sites.yaml is malformed or names something that does not exist."""


def verhoeff_valid(digits: str) -> bool:
    """True when a string of digits ends in its correct Verhoeff check digit."""
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _D5[check][_PERMUTATION[position % 8][int(digit)]]
    return check == 0


def is_concept_id(value: str) -> bool:
    """A SNOMED CT concept ID: 6 to 18 digits, no leading zero, partition 00, valid check digit."""
    return (
        value.isascii()
        and value.isdigit()
        and 6 <= len(value) <= 18
        and value[0] != "0"
        and value[-3:-1] == "00"
        and verhoeff_valid(value)
    )


class Concept(BaseModel):
    """A SNOMED CT concept and a term for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    snomed: str
    term: str = Field(min_length=3)

    @field_validator("snomed")
    @classmethod
    def _concept_id(cls, value: str) -> str:
        if not is_concept_id(value):
            raise ValueError(f"{value!r} is not a SNOMED CT concept ID (digits, partition 00, Verhoeff check digit)")
        return value

    def coding(self) -> dict[str, str]:
        """The concept as a FHIR Coding."""
        return {"system": SNOMED, "code": self.snomed, "display": self.term}


class BodySite(Concept):
    """The body structure of one region base ID; `broader` when it holds more than the region."""

    region: str
    match: Literal["exact", "broader"]


class Laterality(BaseModel):
    """The SNOMED CT laterality qualifier values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    left: Concept
    right: Concept
    bilateral: Concept


class BodySites(BaseModel):
    """The whole mapping: sites by region base ID, the laterality qualifiers and the sources."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: tuple[str, ...] = Field(min_length=1)
    laterality: Laterality
    sites: tuple[BodySite, ...]

    def site(self, base: str) -> BodySite | None:
        """The body structure of a region base ID, if one is mapped."""
        return next((s for s in self.sites if s.region == base), None)

    def side(self, side: Side) -> Concept:
        """The laterality qualifier of a side."""
        return self.laterality.left if side is Side.LEFT else self.laterality.right


def problems(sites: BodySites, kb: KnowledgeBase) -> list[str]:
    """Every region base or source the mapping names that the knowledge base does not know, and duplicates."""
    bases = {family.base for family in kb.families}
    keys = {source.key for source in kb.sources}
    found = [f"{FILE}: unknown region base {s.region!r}" for s in sites.sites if s.region not in bases]
    found += [f"{FILE}: unknown source {k!r}" for k in sites.sources if k not in keys]
    seen: set[str] = set()
    for site in sites.sites:
        if site.region in seen:
            found.append(f"{FILE}: region {site.region!r} is mapped twice")
        seen.add(site.region)
    return found


def parse(text: str, kb: KnowledgeBase) -> BodySites:
    """Read and check a body-sites document against a knowledge base."""
    try:
        sites = BodySites.model_validate(load_yaml(text))
    except (yaml.YAMLError, ValueError) as error:
        raise BodySiteError(f"{FILE}: {error}") from error
    found = problems(sites, kb)
    if found:
        raise BodySiteError("\n".join(found))
    return sites


@cache
def load_body_sites() -> BodySites:
    """The shipped mapping, loaded and checked against the shipped knowledge base once per process."""
    text = resources.files("triggerpoint.kb").joinpath("data", FILE).read_text(encoding="utf-8")
    return parse(text, load_kb())
