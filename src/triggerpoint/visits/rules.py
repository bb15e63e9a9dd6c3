"""The visit's clinical rules, read from data/criteria.yaml: classify a palpated point, size a session,
cap pressure and keep away from areas under a precaution. Pure functions over validated data.

Classification follows the 2018 international Delphi consensus (Fernández-de-las-Peñas &
Dommerholt, Pain Med 2018, PMID 29025044): a trigger point needs at least two of taut band,
hypersensitive spot and referred pain, and is active when it reproduces a symptom the client
recognises as familiar, latent otherwise. Which recorded signs make each criterion present, the
session-length rule and the precaution limits are stated, with their sources, in the data file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, ValidationError, model_validator

from triggerpoint.kb import KnowledgeBase, load_kb
from triggerpoint.kb.schema import Frozen, KebabId, Text
from triggerpoint.kb.yamltext import load_yaml

if TYPE_CHECKING:
    from triggerpoint.visits.models import Finding

Presence = Literal["present", "absent", "not-tested"]
Classification = Literal["active", "latent", "not-present"]
SignField = Literal["taut_band", "spot_tenderness", "jump_sign", "referred"]
IntakeFlag = Literal[
    "pregnant", "anticoagulants", "bleeding_disorder", "osteoporosis", "dvt_history", "cancer", "lymphedema",
    "recent_surgery",
]  # fmt: skip
ORDER: dict[Classification, int] = {"not-present": 0, "latent": 1, "active": 2}


class RulesError(ValueError):
    """criteria.yaml is malformed or names an unknown source, precaution or region."""


class Sourced(Frozen):
    """A rule with its sources; one with none must say it is unsourced."""

    sources: tuple[KebabId, ...] = ()
    unsourced: bool = False

    @model_validator(mode="after")
    def _says_where_from(self) -> Sourced:
        if not self.sources and not self.unsourced:
            raise ValueError("give sources, or mark the rule `unsourced: true`")
        return self


class Source(Frozen):
    key: KebabId
    citation: Text


class Sign(Frozen):
    """A recorded sign that makes a criterion present: a presence field, or a 0-10 level at or above `at_least`."""

    field: SignField
    at_least: int | None = Field(default=None, ge=1, le=10)
    documented_choice: bool = False
    sources: tuple[KebabId, ...] = ()

    @model_validator(mode="after")
    def _level_only_for_levels(self) -> Sign:
        if (self.field == "spot_tenderness") != (self.at_least is not None):
            raise ValueError("spot_tenderness needs `at_least`; presence fields take none")
        return self


class Criterion(Frozen):
    id: KebabId
    name: Text
    signs: tuple[Sign, ...] = Field(min_length=1)


class Diagnosis(Sourced):
    minimum_criteria: int = Field(ge=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    active_when: Literal["recognised"]


class Technique(Sourced):
    id: KebabId
    name: Text
    note: Text


class TreatmentDefaults(Sourced):
    """Where a point's treatment entry starts: a technique, pressure on the 0-10 tolerance, seconds held."""

    technique: KebabId
    pressure: int = Field(ge=0, le=10)
    seconds: int = Field(ge=5, le=600)


class Step(Frozen):
    minutes: int = Field(ge=30, le=60)
    active_points_at_least: int = Field(ge=1)
    worst_pain_at_least: int = Field(ge=0, le=10)


class SessionLength(Frozen):
    documented_choice: Literal[True]
    default_minutes: int = Field(ge=30, le=60)
    steps: tuple[Step, ...] = Field(min_length=1)
    irritable_step_down: int = Field(ge=0)
    irritable_when_precautions: tuple[KebabId, ...] = ()
    irritable_when_jump_sign: bool
    context_sources: tuple[KebabId, ...] = ()


class PrecautionLimit(Sourced):
    """What a precaution from intake changes in treatment: a pressure cap, areas not pressed, and why."""

    id: KebabId
    max_pressure: int | None = Field(default=None, ge=0, le=10)
    avoid: tuple[KebabId, ...] = ()
    avoid_injury_sites: bool = False
    reason: Text


class IntakeRules(Sourced):
    flags: dict[IntakeFlag, tuple[KebabId, ...]]
    conditions: dict[KebabId, tuple[KebabId, ...]] = Field(default_factory=dict)
    recent_weeks: int = Field(ge=1, le=52)


class Margin(Sourced):
    """The least change of a measure that counts as better or worse; a smaller one reads "the same"."""

    least_change: float = Field(gt=0, le=10)
    unit: str = Field(min_length=1)
    documented_choice: bool = False


class LoopRules(Frozen):
    """The margins the loop closed compares with: pain per region, spot tenderness, pressure pain threshold."""

    pain: Margin
    tenderness: Margin
    ppt: Margin


class Rules(Frozen):
    """Everything in criteria.yaml."""

    sources: tuple[Source, ...]
    diagnosis: Diagnosis
    techniques: tuple[Technique, ...] = Field(min_length=1)
    treatment_defaults: TreatmentDefaults
    session_length: SessionLength
    precautions: tuple[PrecautionLimit, ...]
    intake: IntakeRules
    loop: LoopRules

    @property
    def technique_ids(self) -> list[str]:
        return [t.id for t in self.techniques]

    def limit(self, precaution: str) -> PrecautionLimit | None:
        return next((p for p in self.precautions if p.id == precaution), None)


def _cited(rules: Rules) -> set[str]:
    cited = {*rules.diagnosis.sources, *rules.session_length.context_sources, *rules.intake.sources}
    cited |= {key for c in rules.diagnosis.criteria for s in c.signs for key in s.sources}
    cited |= {key for item in (*rules.techniques, *rules.precautions) for key in item.sources}
    cited |= set(rules.treatment_defaults.sources)
    cited |= {key for margin in (rules.loop.pain, rules.loop.tenderness, rules.loop.ppt) for key in margin.sources}
    return cited


def _check(rules: Rules, kb: KnowledgeBase) -> None:
    unknown_sources = _cited(rules) - {s.key for s in rules.sources}
    precautions = {p.id for p in kb.precautions}
    raised = {p for ids in (*rules.intake.flags.values(), *rules.intake.conditions.values()) for p in ids}
    named = {p.id for p in rules.precautions} | raised | set(rules.session_length.irritable_when_precautions)
    areas = {f.base for f in kb.families} | {f.group for f in kb.families}
    unknown_areas = {a for p in rules.precautions for a in p.avoid} - areas
    problems = {"source": unknown_sources, "precaution": named - precautions, "region": unknown_areas}
    problems["condition"] = set(rules.intake.conditions) - set(kb.condition_ids)
    problems["technique"] = {rules.treatment_defaults.technique} - set(rules.technique_ids)
    for kind, values in problems.items():
        if values:
            raise RulesError(f"criteria.yaml names unknown {kind} IDs: {', '.join(sorted(values))}")


def parse_rules(data: Any, kb: KnowledgeBase) -> Rules:
    """Validate criteria.yaml's content and check every ID it names against the knowledge base."""
    try:
        rules = Rules.model_validate(data)
    except ValidationError as error:
        raise RulesError(f"criteria.yaml: {error}") from None
    _check(rules, kb)
    return rules


@cache
def load_rules() -> Rules:
    """The shipped visit rules, validated once."""
    text = resources.files("triggerpoint.visits").joinpath("data", "criteria.yaml").read_text(encoding="utf-8")
    return parse_rules(load_yaml(text), load_kb())


@dataclass(frozen=True)
class Signs:
    """What palpation recorded at one point (presence: present, absent or not-tested)."""

    taut_band: Presence = "not-tested"
    spot_tenderness: int | None = None
    jump_sign: Presence = "not-tested"
    referred: Presence = "not-tested"
    recognised: Presence = "not-tested"


def _shows(sign: Sign, signs: Signs) -> bool:
    if sign.field == "spot_tenderness":
        return signs.spot_tenderness is not None and signs.spot_tenderness >= (sign.at_least or 0)
    return bool(getattr(signs, sign.field) == "present")


def criteria_met(rules: Rules, signs: Signs) -> list[str]:
    """The essential criteria the recorded signs make present."""
    return [c.id for c in rules.diagnosis.criteria if any(_shows(sign, signs) for sign in c.signs)]


def classify(rules: Rules, signs: Signs) -> Classification:
    """Active, latent or not present, by the Delphi consensus as the data states it."""
    if len(criteria_met(rules, signs)) < rules.diagnosis.minimum_criteria:
        return "not-present"
    return "active" if signs.recognised == "present" else "latent"


def is_irritable(rules: Rules, precautions: Iterable[str], jump_sign_seen: bool) -> bool:
    """Whether the case counts as irritable for the session length (a jump sign, or a sensitivity precaution)."""
    rule = rules.session_length
    return (rule.irritable_when_jump_sign and jump_sign_seen) or bool(
        set(precautions) & set(rule.irritable_when_precautions)
    )


def propose_minutes(rules: Rules, active_points: int, worst_pain: int, irritable: bool) -> int:
    """30, 45 or 60 minutes from the active points, the drawing's worst pain and irritability."""
    rule = rules.session_length
    minutes = next(
        (
            s.minutes
            for s in rule.steps
            if active_points >= s.active_points_at_least or worst_pain >= s.worst_pain_at_least
        ),
        rule.default_minutes,
    )
    if irritable:
        minutes -= rule.irritable_step_down
    return max(rule.default_minutes, minutes)


@dataclass(frozen=True)
class Cap:
    """The most pressure allowed (0-10) and the precaution that sets it."""

    pressure: int
    precaution: str
    reason: str


def pressure_cap(rules: Rules, precautions: Iterable[str]) -> Cap | None:
    """The lowest pressure cap of the precautions (None when none caps pressure)."""
    caps = [
        Cap(limit.max_pressure, limit.id, limit.reason)
        for p in dict.fromkeys(precautions)
        if (limit := rules.limit(p)) is not None and limit.max_pressure is not None
    ]
    return min(caps, key=lambda cap: cap.pressure, default=None)


@dataclass(frozen=True)
class Avoided:
    """An area (region base, region or region group ID) not to be pressed, and the precaution why."""

    area: str
    precaution: str
    reason: str


def avoided_regions(rules: Rules, precautions: Iterable[str], injury_sites: Sequence[str] = ()) -> list[Avoided]:
    """Every area the precautions keep treatment away from, the injury sites among them."""
    found: list[Avoided] = []
    for precaution in dict.fromkeys(precautions):
        limit = rules.limit(precaution)
        if limit is None:
            continue
        areas = [*limit.avoid, *(injury_sites if limit.avoid_injury_sites else ())]
        found += [Avoided(area, limit.id, limit.reason) for area in dict.fromkeys(areas)]
    return found


def avoided_at(avoided: Iterable[Avoided], areas: Iterable[str]) -> Avoided | None:
    """The first avoided area among a point's areas (its region, region base and group), if any."""
    where = set(areas)
    return next((a for a in avoided if a.area in where), None)


def raised_precautions(rules: Rules, answers: Mapping[str, bool], conditions: Iterable[str]) -> list[str]:
    """The precaution IDs an intake's yes answers and listed conditions raise, each once."""
    flagged = [p for flag, ids in rules.intake.flags.items() if answers.get(flag) for p in ids]
    listed = [p for c in conditions for p in rules.intake.conditions.get(c.strip().lower(), ())]
    return list(dict.fromkeys([*flagged, *listed]))


def recent_sites(rules: Rules, operations: Iterable[tuple[str, date]], today: date) -> list[str]:
    """The sites of operations within the recent window (rules.intake.recent_weeks), each once."""
    since = today - timedelta(weeks=rules.intake.recent_weeks)
    return list(dict.fromkeys(site for site, on in operations if since <= on <= today))


def was_examined(finding: Finding) -> bool:
    """A point counts as examined once its tenderness or taut band was recorded (learning counts only these)."""
    return finding.spot_tenderness is not None or finding.taut_band != "not-tested"
