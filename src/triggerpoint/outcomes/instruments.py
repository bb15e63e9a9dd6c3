"""Outcome questionnaires as data: items, score range, bands and minimal important change.

The instruments live in ``data/instruments.yaml``; this module validates them against
typed, frozen models and checks every source key against the knowledge base.
Questionnaires whose wording is under copyright (NDI, ODI, HIT-6) carry no item wording:
their items are numbered, each with the topic it asks about in our own words, and the
person enters the scores from their own licensed copy.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Literal

import yaml
from pydantic import Field, TypeAdapter, ValidationError, model_validator

from triggerpoint.kb import UnknownIdError, load_kb
from triggerpoint.kb.model import closest
from triggerpoint.kb.schema import Frozen, KebabId, Text
from triggerpoint.kb.yamltext import load_yaml

Complaint = Literal["neck", "low-back", "headache", "fibromyalgia", "any"]
AcrRegion = Literal["left-upper", "right-upper", "left-lower", "right-lower", "axial"]
ACR_REGIONS: tuple[AcrRegion, ...] = ("left-upper", "right-upper", "left-lower", "right-lower", "axial")

# How the answers become one score (scoring.py has one function per method):
#   percent-of-answered: points scored / points possible on the answered items x 100
#   sum: total of the item values (every item must be answered)
#   mean: average of the answered items
#   acr-2016: severity (WPI + SSS) with the 2016 fibromyalgia criteria in the details
Scoring = Literal["percent-of-answered", "sum", "mean", "acr-2016"]


class InstrumentError(ValueError):
    """The instruments data file is malformed or cites an unknown source."""


class Option(Frozen):
    """One answer of a choice item: the value scored and its label."""

    value: int
    label: str = Field(min_length=1)


class Item(Frozen):
    """One question or rating of an instrument, identified by a kebab-case ID."""

    id: KebabId
    label: str = Field(min_length=1)
    topic: str | None = Field(
        default=None,
        min_length=3,
        description="what the section or item asks about, in our own words (never the licensed wording)",
    )
    kind: Literal["choice", "scale", "boolean", "activity"]
    options: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    group: KebabId | None = None
    region: AcrRegion | None = Field(
        default=None,
        description="ACR 2016 body region this pain area counts toward for generalized pain; "
        "None for the jaw, chest and abdomen, which that rule leaves out",
    )

    @model_validator(mode="after")
    def _answer_shape(self) -> Item:
        if self.kind == "choice":
            if not self.options or self.min is not None or self.max is not None:
                raise ValueError(f"{self.id}: a choice item has options and no min or max")
            values = [option.value for option in self.options]
            if len(set(values)) != len(values):
                raise ValueError(f"{self.id}: option values repeat: {values}")
        elif self.kind in ("scale", "activity"):
            if self.options or self.min is None or self.max is None or self.min >= self.max:
                raise ValueError(f"{self.id}: a {self.kind} item has min < max and no options")
        elif self.options or self.min is not None or self.max is not None:
            raise ValueError(f"{self.id}: a boolean item has no options, min or max")
        return self

    @property
    def title(self) -> str:
        """The label with its topic, as notes name the item ("Section 8 (driving)")."""
        return f"{self.label} ({self.topic.lower()})" if self.topic else self.label

    @property
    def lowest(self) -> int:
        """The smallest value this item scores (0 for a boolean)."""
        if self.kind == "choice":
            return min(option.value for option in self.options)
        return self.min if self.min is not None else 0

    @property
    def highest(self) -> int:
        """The largest value this item scores (1 for a boolean)."""
        if self.kind == "choice":
            return max(option.value for option in self.options)
        return self.max if self.max is not None else 1


class Band(Frozen):
    """A named range of the reported score, inclusive at both ends.

    Neighbouring bands of a score that can be fractional share their edge; a score on
    the edge belongs to the lower band (``Instrument.band_for``).
    """

    min: float
    max: float
    label: Text

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.min > self.max:
            raise ValueError(f"band {self.label!r}: min {self.min} is above max {self.max}")
        return self


class RelativeChange(Frozen):
    """An improvement that also matters when the score falls by this share of the starting score."""

    percent: float = Field(gt=0, lt=100)
    sources: tuple[KebabId, ...] = Field(min_length=1)
    rule: Text


class MinimalChange(Frozen):
    """The smallest change in the score that people notice as mattering, with its sources.

    ``value`` is the absolute change in the score's units. Where the sources also give a
    relative threshold (``relative``), an improvement counts when either is reached.
    """

    value: float = Field(gt=0)
    unit: str = Field(min_length=1)
    sources: tuple[KebabId, ...] = Field(min_length=1)
    note: Text
    relative: RelativeChange | None = None

    @property
    def all_sources(self) -> tuple[str, ...]:
        """The sources of the absolute and the relative threshold."""
        return tuple(dict.fromkeys((*self.sources, *(self.relative.sources if self.relative else ()))))


class Group(Frozen):
    """A heading over some of an instrument's items, saying how its answers count."""

    id: KebabId
    title: Text
    note: Text


class Instrument(Frozen):
    """One outcome questionnaire: its items, how it is scored and how to read the score."""

    id: KebabId
    name: Text
    short_name: str = Field(min_length=2)
    complaint: Complaint
    licence: Literal["public", "licensed"]
    licence_note: str | None = None
    instructions: Text
    items: tuple[Item, ...] = Field(min_length=1)
    scoring: Scoring
    min_answered: int = Field(ge=1, description="fewest answered items that still give a score")
    unit: str = Field(min_length=1)
    score_min: float
    score_max: float
    whole_numbers: bool = Field(description="the reported score is always a whole number")
    better: Literal["lower", "higher"]
    bands: tuple[Band, ...] = ()
    bands_note: str | None = None
    groups: tuple[Group, ...] = ()
    minimal_change: MinimalChange
    missing_rule: Text
    sources: tuple[KebabId, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.id}: item IDs repeat: {ids}")
        if self.licence == "licensed" and not self.licence_note:
            raise ValueError(f"{self.id}: a licensed instrument needs a licence_note")
        if self.score_min >= self.score_max:
            raise ValueError(f"{self.id}: score_min must be below score_max")
        if self.min_answered > len(self.items):
            raise ValueError(f"{self.id}: min_answered is more than the {len(self.items)} items")
        if self.scoring in ("sum", "acr-2016") and self.min_answered != len(self.items):
            raise ValueError(f"{self.id}: a {self.scoring} score needs every item (a blank is never zero)")
        self._check_topics()
        self._check_groups()
        self._check_bands()
        if self.minimal_change.relative and self.better != "lower":
            raise ValueError(f"{self.id}: a relative change is a fall from the starting score, so lower must be better")
        return self

    def _check_topics(self) -> None:
        # The licensed wording stays out, so the topic is what tells the sections apart.
        if self.licence == "licensed":
            untitled = [item.id for item in self.items if not item.topic]
            if untitled:
                raise ValueError(f"{self.id}: items of a licensed instrument each need a topic: {untitled}")

    def _check_groups(self) -> None:
        known = [group.id for group in self.groups]
        if len(set(known)) != len(known):
            raise ValueError(f"{self.id}: group IDs repeat: {known}")
        used = {item.group for item in self.items if item.group}
        if used and used != set(known):
            raise ValueError(f"{self.id}: groups {sorted(known)} must be the items' groups {sorted(used)}")

    def _check_bands(self) -> None:
        if not self.bands:
            return
        if self.bands[0].min != self.score_min or self.bands[-1].max != self.score_max:
            raise ValueError(f"{self.id}: bands must run from score_min to score_max")
        step = 1 if self.whole_numbers else 0
        for lower, upper in zip(self.bands, self.bands[1:], strict=False):
            if upper.min != lower.max + step:
                edge = "start one above" if step else "start where"
                raise ValueError(f"{self.id}: band {upper.label!r} must {edge} {lower.label!r} ends")

    def item(self, item_id: str) -> Item:
        """An item by ID, or an UnknownIdError naming the closest IDs."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise UnknownIdError(f"{self.short_name} item", item_id, closest(item_id, (i.id for i in self.items)))

    def group(self, group_id: str) -> Group | None:
        """A group of items by ID, or None for an instrument without groups."""
        return next((group for group in self.groups if group.id == group_id), None)

    def band_for(self, value: float) -> Band | None:
        """The band a reported score falls in; on a shared edge, the lower band."""
        return next((band for band in self.bands if band.min <= value <= band.max), None)


def _data_file() -> Traversable:
    return resources.files("triggerpoint.outcomes").joinpath("data/instruments.yaml")


def parse_instruments(raw: Any) -> tuple[Instrument, ...]:
    """Validate the parsed YAML of an instruments file and check every ID and source key."""
    try:
        parsed = TypeAdapter(tuple[Instrument, ...]).validate_python(raw["instruments"])
    except (ValidationError, KeyError, TypeError) as error:
        raise InstrumentError(f"instruments.yaml: {error}") from error
    ids = [instrument.id for instrument in parsed]
    if len(set(ids)) != len(ids):
        raise InstrumentError(f"instruments.yaml: instrument IDs repeat: {ids}")
    kb = load_kb()
    for instrument in parsed:
        for key in (*instrument.sources, *instrument.minimal_change.all_sources):
            try:
                kb.source(key)
            except UnknownIdError as error:
                raise InstrumentError(f"instruments.yaml {instrument.id}: {error}") from None
    return parsed


@cache
def instruments() -> tuple[Instrument, ...]:
    """Every instrument shipped in the package, loaded and checked once per process."""
    try:
        raw = load_yaml(_data_file().read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise InstrumentError(f"instruments.yaml: not valid YAML: {error}") from error
    return parse_instruments(raw)


def instrument(instrument_id: str) -> Instrument:
    """An instrument by ID, or an UnknownIdError (a KeyError) naming the closest IDs."""
    for candidate in instruments():
        if candidate.id == instrument_id:
            return candidate
    raise UnknownIdError("instrument", instrument_id, closest(instrument_id, (i.id for i in instruments())))
