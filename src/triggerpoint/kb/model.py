"""The loaded knowledge base: indexed look-ups over the validated data."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from triggerpoint.kb.schema import (
    REFERRAL_PATTERN,
    Advice,
    Condition,
    GeneralCare,
    Muscle,
    Precaution,
    Region,
    RegionFamily,
    Rules,
    ScreeningQuestion,
    Side,
    Source,
    Term,
    TriggerPoint,
    Vocabularies,
)


class Tier(StrEnum):
    """How a trigger point reaches a region: its essential or spillover referral, or its own site."""

    ESSENTIAL = "essential"
    SPILLOVER = "spillover"
    LOCAL = "local"


class UnknownIdError(KeyError):
    """An ID that is not in the knowledge base; carries the closest valid IDs."""

    def __init__(self, kind: str, value: str, suggestions: list[str]) -> None:
        self.kind, self.value, self.suggestions = kind, value, suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {kind} {value!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


def _singular(vocabulary: str) -> str:
    """ "activities" -> "activity", "pain_qualities" -> "pain quality", "tools" -> "tool"."""
    name = vocabulary.replace("_", " ")
    return name[:-3] + "y" if name.endswith("ies") else name.removesuffix("s")


def closest(value: str, choices: Iterable[str], count: int = 3) -> list[str]:
    """The valid IDs nearest to a mistyped or partial one: those containing it, then look-alikes."""
    options = list(choices)
    containing = sorted((c for c in options if value and value in c), key=len)
    similar = difflib.get_close_matches(value, options, n=count, cutoff=0.5)
    return list(dict.fromkeys([*containing, *similar]))[:count]


def other_side(side: Side) -> Side:
    return Side.LEFT if side is Side.RIGHT else Side.RIGHT


@dataclass(frozen=True)
class KnowledgeBase:
    families: tuple[RegionFamily, ...]
    regions: tuple[Region, ...]
    sources: tuple[Source, ...]
    vocabularies: Vocabularies
    conditions: tuple[Condition, ...]
    muscles: tuple[Muscle, ...]
    rules: Rules
    screening: tuple[ScreeningQuestion, ...] = ()
    advice: tuple[Advice, ...] = ()
    general_care: tuple[GeneralCare, ...] = ()
    precautions: tuple[Precaution, ...] = ()
    _regions_by_id: dict[str, Region] = field(init=False, repr=False)
    _families_by_base: dict[str, RegionFamily] = field(init=False, repr=False)
    _muscles_by_id: dict[str, Muscle] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_regions_by_id", {region.id: region for region in self.regions})
        object.__setattr__(self, "_families_by_base", {family.base: family for family in self.families})
        object.__setattr__(self, "_muscles_by_id", {muscle.id: muscle for muscle in self.muscles})

    def region(self, region_id: str) -> Region:
        """A region by ID, or an UnknownIdError naming the closest IDs."""
        try:
            return self._regions_by_id[region_id]
        except KeyError:
            raise UnknownIdError("region", region_id, closest(region_id, self._regions_by_id)) from None

    def has_region(self, region_id: str) -> bool:
        return region_id in self._regions_by_id

    def family(self, base: str) -> RegionFamily | None:
        return self._families_by_base.get(base)

    def muscle(self, muscle_id: str) -> Muscle:
        """A muscle by ID or alias, or an UnknownIdError naming the closest IDs."""
        if muscle_id in self._muscles_by_id:
            return self._muscles_by_id[muscle_id]
        for muscle in self.muscles:
            if muscle_id.lower() in (alias.lower() for alias in muscle.aliases):
                return muscle
        raise UnknownIdError("muscle", muscle_id, closest(muscle_id, self._muscles_by_id))

    def condition(self, condition_id: str) -> Condition:
        for condition in self.conditions:
            if condition.id == condition_id:
                return condition
        raise UnknownIdError("condition", condition_id, closest(condition_id, self.condition_ids))

    @property
    def condition_ids(self) -> list[str]:
        return [condition.id for condition in self.conditions]

    def source(self, key: str) -> Source:
        for source in self.sources:
            if source.key == key:
                return source
        raise UnknownIdError("source", key, closest(key, (s.key for s in self.sources)))

    def term(self, vocabulary: str, term_id: str) -> Term:
        terms: tuple[Term, ...] = getattr(self.vocabularies, vocabulary)
        for term in terms:
            if term.id == term_id:
                return term
        raise UnknownIdError(_singular(vocabulary), term_id, closest(term_id, (t.id for t in terms)))

    def resolve(self, entry: str, side: Side) -> list[str]:
        """Region IDs a referral entry ("temple", "vertex", "forehead@both") means for a point on `side`."""
        match = REFERRAL_PATTERN.match(entry)
        if match is None:
            raise ValueError(f"malformed referral entry {entry!r}")
        base, cross = match["base"], match["cross"]
        family = self._families_by_base[base]
        if not family.sided:
            return [base]
        sides = {None: [side], "opposite": [other_side(side)], "both": [Side.LEFT, Side.RIGHT]}[cross]
        return [f"{base}-{s.value}" for s in sides]

    def referral_map(self, point: TriggerPoint, side: Side) -> dict[str, Tier]:
        """Every region a trigger point on `side` reaches, with the strongest tier that reaches it."""
        reached: dict[str, Tier] = {}
        for tier, entries in (
            (Tier.LOCAL, point.referral.local),
            (Tier.SPILLOVER, point.referral.spillover),
            (Tier.ESSENTIAL, point.referral.essential),
        ):
            for entry in entries:
                for region_id in self.resolve(entry, side):
                    reached[region_id] = tier
        return reached

    def point(self, muscle_id: str, point_id: str) -> TriggerPoint:
        muscle = self.muscle(muscle_id)
        for point in muscle.trigger_points:
            if point.id == point_id:
                return point
        raise UnknownIdError(
            "trigger point", f"{muscle_id}/{point_id}", [f"{muscle.id}/{p.id}" for p in muscle.trigger_points]
        )

    def precaution(self, precaution_id: str) -> Precaution:
        for precaution in self.precautions:
            if precaution.id == precaution_id:
                return precaution
        raise UnknownIdError("precaution", precaution_id, closest(precaution_id, (p.id for p in self.precautions)))
