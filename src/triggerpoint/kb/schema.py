"""Typed, frozen models of the knowledge base. Every data file is validated against these."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

KebabId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, Field(min_length=3)]

# A referral entry: a region base ID, optionally "@opposite" or "@both" for patterns
# that cross the midline. "temple" means temple-{side of the trigger point}.
REFERRAL_PATTERN = re.compile(r"^(?P<base>[a-z0-9]+(-[a-z0-9]+)*)(@(?P<cross>opposite|both))?$")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class View(StrEnum):
    FRONT = "front"
    BACK = "back"


class Evidence(StrEnum):
    """How well the referral map is supported."""

    STRONG = "strong"  # classic chart confirmed by experimental or clinical studies
    MODERATE = "moderate"  # classic chart, consistent across the manual and workbook
    LIMITED = "limited"  # one source, or sources disagree; see evidence_note


class Prevalence(StrEnum):
    """How often this point is found active in clinical samples (drives the finder's prior)."""

    VERY_COMMON = "very-common"
    COMMON = "common"
    OCCASIONAL = "occasional"
    RARE = "rare"


class Technique(StrEnum):
    SUSTAINED_PRESSURE = "sustained-pressure"
    SHORT_STROKES = "short-strokes"


class Region(Frozen):
    """One body-surface region of the contract, in one of its sides (or on the midline)."""

    id: KebabId
    base: KebabId
    name: Text
    side: Side | None
    views: tuple[View, ...] = Field(min_length=1)
    group: KebabId
    michigan: str | None
    wpi: str | None


class RegionFamily(Frozen):
    """A region as written in regions.yaml: a base ID that expands to one or two regions."""

    base: KebabId
    name: Text
    sided: bool
    views: tuple[View, ...] = Field(min_length=1)
    group: KebabId
    michigan: str | None = None
    wpi: str | None = None
    where: Text


class MarkerPosition(Frozen):
    """Where a trigger point's marker sits on the atlas, drawn for the right side.

    ``x`` and ``y`` are fractions of the region's bounding box on that view: ``x`` from
    the body's midline outwards (0 = medial edge, 1 = lateral edge), ``y`` from top (0)
    to bottom (1). The left side is the mirror image.
    """

    view: View
    region: KebabId
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)


class Referral(Frozen):
    essential: tuple[str, ...] = Field(min_length=1)
    spillover: tuple[str, ...] = ()
    local: tuple[str, ...] = Field(min_length=1)

    @field_validator("essential", "spillover", "local")
    @classmethod
    def _well_formed(cls, entries: tuple[str, ...]) -> tuple[str, ...]:
        for entry in entries:
            if not REFERRAL_PATTERN.match(entry):
                raise ValueError(f"{entry!r} is not a region base ID, optionally with @opposite or @both")
        if len(set(entries)) != len(entries):
            raise ValueError("a region is listed twice")
        return entries

    @model_validator(mode="after")
    def _no_region_in_both_tiers(self) -> Referral:
        twice = set(self.essential) & set(self.spillover)
        if twice:
            raise ValueError(f"{sorted(twice)} are both essential and spillover")
        return self


class Dose(Frozen):
    """Self-treatment dose: sustained pressure in seconds, or a number of short strokes."""

    pressure: int = Field(ge=1, le=10, description="target discomfort on a 0-10 scale")
    seconds: int | None = Field(default=None, ge=5, le=120)
    strokes: int | None = Field(default=None, ge=3, le=20)
    times_per_day: int = Field(ge=1, le=6)

    @model_validator(mode="after")
    def _one_measure(self) -> Dose:
        if (self.seconds is None) == (self.strokes is None):
            raise ValueError("give either seconds or strokes")
        return self


class SelfTreatment(Frozen):
    tool: KebabId
    position: Text
    find: Text
    technique: Technique
    dose: Dose
    avoid: Text


class Stretch(Frozen):
    name: Text
    how: Text
    hold_seconds: int = Field(ge=5, le=90)
    repetitions: int = Field(ge=1, le=10)


class TriggerPoint(Frozen):
    id: KebabId
    name: Text
    landmark: Text
    marker: MarkerPosition
    referral: Referral
    evidence: Evidence
    evidence_note: str | None = None
    prevalence: Prevalence
    symptoms: tuple[KebabId, ...] = ()
    activities: tuple[KebabId, ...] = ()
    conditions: tuple[KebabId, ...] = ()
    self_treatment: SelfTreatment
    sources: tuple[KebabId, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _limited_evidence_explained(self) -> TriggerPoint:
        if self.evidence is Evidence.LIMITED and not self.evidence_note:
            raise ValueError("limited evidence needs an evidence_note saying why")
        return self


class Muscle(Frozen):
    id: KebabId
    name: Text
    aliases: tuple[str, ...] = ()
    area: KebabId
    action: Text
    trigger_points: tuple[TriggerPoint, ...] = Field(min_length=1)
    stretch: Stretch
    precautions: tuple[Text, ...] = ()
    sources: tuple[KebabId, ...] = Field(min_length=1)

    @field_validator("trigger_points")
    @classmethod
    def _unique_point_ids(cls, points: tuple[TriggerPoint, ...]) -> tuple[TriggerPoint, ...]:
        ids = [point.id for point in points]
        if len(set(ids)) != len(ids):
            raise ValueError(f"trigger point IDs repeat: {ids}")
        return points

    @property
    def cited(self) -> tuple[str, ...]:
        """Every source the muscle or one of its points cites, each once, the muscle's first."""
        return tuple(dict.fromkeys([*self.sources, *(key for p in self.trigger_points for key in p.sources)]))


_FIRST_AUTHOR = re.compile(r"([\w'-]+) [A-Z]{1,3}\b")  # "Simons DG, Travell JG" -> Simons
_KEY_YEAR = re.compile(r"-((?:19|20)\d\d)(?:-|$)")  # the year in a key, "vernon-2008"
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


class Source(Frozen):
    key: KebabId
    citation: Text
    kind: Literal["manual", "workbook", "study", "review", "guideline", "criteria"]
    rank: int = Field(ge=1, le=3, description="1: Travell and Simons; 2: workbook, studies; 3: other")

    @property
    def short(self) -> str:
        """A short citation in words, "Alonso-Blanco 2011": first author (or body) and year."""
        author = _FIRST_AUTHOR.match(self.citation)
        year = _KEY_YEAR.search(self.key) or _YEAR.search(self.citation)
        name = author.group(1) if author else self.citation.split(". ", 1)[0]
        return f"{name} {year.group(1)}" if year else name


class Term(Frozen):
    """One entry of a controlled vocabulary (symptoms, activities, tools, areas)."""

    id: KebabId
    name: Text
    description: str | None = None


class Vocabularies(Frozen):
    symptoms: tuple[Term, ...]
    activities: tuple[Term, ...]
    tools: tuple[Term, ...]
    areas: tuple[Term, ...]
    pain_qualities: tuple[Term, ...] = Field(min_length=1, description="how a painted area feels (the diary)")


class RedFlag(Frozen):
    id: KebabId
    sign: Text
    why: Text
    sources: tuple[KebabId, ...] = Field(min_length=1)


class ImplicatedMuscle(Frozen):
    muscle: KebabId
    sources: tuple[KebabId, ...] = Field(min_length=1)


class Condition(Frozen):
    id: KebabId
    name: Text
    summary: Text
    muscles: tuple[ImplicatedMuscle, ...] = Field(min_length=3)
    red_flags: tuple[RedFlag, ...] = Field(min_length=2)
    sources: tuple[KebabId, ...] = Field(min_length=1)

    @property
    def cited(self) -> tuple[str, ...]:
        """Every source the condition or one of its muscles cites, each once, the condition's first."""
        return tuple(dict.fromkeys([*self.sources, *(key for m in self.muscles for key in m.sources)]))


class Urgency(StrEnum):
    """How soon a red flag needs a clinician."""

    EMERGENCY = "emergency"  # now: emergency services or an emergency department
    TODAY = "today"  # see a doctor today
    SOON = "soon"  # see a doctor before starting self-treatment


class ScreeningArea(Frozen):
    """A body area of the red-flag screen: the region base IDs it covers."""

    id: KebabId
    name: Text
    regions: tuple[KebabId, ...] = Field(min_length=1)


class ScreeningQuestion(Frozen):
    """A red-flag question, asked when a drawing touches one of its body areas or regions."""

    id: KebabId
    ask: Text
    screens_for: Text  # the serious condition(s) a "yes" may point to, for the docs and clinicians
    areas: tuple[ScreeningArea, ...] = ()
    regions: tuple[KebabId, ...] = ()
    urgency: Urgency
    why: Text
    sources: tuple[KebabId, ...] = Field(min_length=1)

    @cached_property
    def always(self) -> bool:
        """Asked for every drawing."""
        return not self.areas and not self.regions

    @cached_property
    def bases(self) -> frozenset[str]:
        """The region base IDs that raise this question (empty when it is always asked); every drawing reads
        them for every question, so they are worked out once."""
        return frozenset(self.regions).union(*(area.regions for area in self.areas))


class Advice(Frozen):
    """Posture or ergonomic advice, matched to aggravating activities."""

    id: KebabId
    activities: tuple[KebabId, ...] = Field(min_length=1)
    title: Text
    text: Text
    sources: tuple[KebabId, ...] = Field(min_length=1)


class GeneralCare(Frozen):
    """Care every home program carries: hydration, stress care, movement, sleep, heat."""

    id: KebabId
    kind: Literal["hydration", "stress", "movement", "sleep", "heat"]
    title: Text
    text: Text
    sources: tuple[KebabId, ...] = Field(min_length=1)


class SiteGroup(Frozen):
    """A region group offered as an answer to "where?", with a plain label."""

    id: KebabId
    label: Text


class SiteQuestion(Frozen):
    """The follow-up to a precaution about one part of the body: where it is, and why points there are left out."""

    ask: Text
    reason: Text = Field(description="why a point over a named area is left out; {areas} names the areas")
    groups: tuple[SiteGroup, ...] = Field(min_length=1)


class Precaution(Frozen):
    """A precaution for deep pressure and how it changes a home program."""

    id: KebabId
    name: Text = Field(description="a short plain name, e.g. Blood thinners")
    ask: Text
    max_pressure: int | None = Field(default=None, ge=1, le=10)
    skip_regions: tuple[KebabId, ...] = ()
    skip_groups: tuple[KebabId, ...] = ()
    avoid_tools: tuple[KebabId, ...] = ()
    site: SiteQuestion | None = None
    why: Text
    sources: tuple[KebabId, ...] = Field(min_length=1)


class DosingRules(Frozen):
    """Limits every home program keeps to (rules.yaml `dosing`)."""

    max_pressure: int = Field(ge=1, le=10)
    min_seconds: int = Field(ge=1)
    max_seconds: int = Field(ge=1)
    min_strokes: int = Field(ge=1)
    max_strokes: int = Field(ge=1)
    max_times_per_day: int = Field(ge=1)
    max_points_per_day: int = Field(ge=1)
    max_minutes_per_day: float = Field(gt=0)
    seconds_per_stroke: float = Field(gt=0)
    setup_seconds: float = Field(ge=0)  # finding the spot and getting into position, each time
    stretch_times_per_day: int = Field(ge=1)
    sources: tuple[KebabId, ...] = Field(min_length=1)

    def clamp_seconds(self, seconds: int) -> int:
        return min(max(seconds, self.min_seconds), self.max_seconds)

    def clamp_strokes(self, strokes: int) -> int:
        return min(max(strokes, self.min_strokes), self.max_strokes)


class SorenessRule(Frozen):
    """The next-day check-in's threshold and what it says (rules.yaml `soreness`)."""

    expected_days: int = Field(ge=1)
    contact: Text
    warning_signs: Text
    none: Text
    worse: Text
    lasting: Text
    severe: Text
    moderate: Text
    mild: Text
    sources: tuple[KebabId, ...] = Field(min_length=1)


class ReferralAdvice(Frozen):
    """What to do when a red flag is raised, by urgency (rules.yaml `referral_advice`)."""

    emergency: Text
    today: Text
    soon: Text
    sources: tuple[KebabId, ...] = Field(min_length=1)

    def for_urgency(self, urgency: Urgency) -> str:
        text: str = getattr(self, urgency.value)
        return text


class HelpRule(Frozen):
    """When "what helped?" may say a self-care item went with lower pain (rules.yaml `what_helped`)."""

    min_days: int = Field(ge=2)
    meaningful_difference: float = Field(gt=0, le=10)
    sources: tuple[KebabId, ...] = Field(min_length=1)


class ClientFlagRule(Frozen):
    """When the client list and chart flag a client for the therapist (rules.yaml `client_flags`)."""

    flagged_checkin_days: int = Field(ge=1)
    unanswered_after_days: int = Field(ge=1)
    unsigned_note_hours: int = Field(ge=1)
    sources: tuple[KebabId, ...] = Field(min_length=1)


class Rules(Frozen):
    """Every clinical limit and threshold the code applies (rules.yaml)."""

    dosing: DosingRules
    soreness: SorenessRule
    referral_advice: ReferralAdvice
    what_helped: HelpRule
    client_flags: ClientFlagRule
    unrated_level: int = Field(ge=1, le=10)
