"""Cross-reference checks run on every load: each ID a data file names must exist."""

from __future__ import annotations

from collections.abc import Iterator

from triggerpoint.kb.model import KnowledgeBase
from triggerpoint.kb.schema import REFERRAL_PATTERN, Advice, GeneralCare, Muscle, ScreeningArea, TriggerPoint


def _referral_problems(kb: KnowledgeBase, where: str, point: TriggerPoint) -> Iterator[str]:
    referral = point.referral
    for entry in (*referral.essential, *referral.spillover, *referral.local):
        match = REFERRAL_PATTERN.match(entry)
        assert match is not None  # the schema already checked the form
        family = kb.family(match["base"])
        if family is None:
            yield f"{where}: referral names unknown region {match['base']!r}"
        elif match["cross"] and not family.sided:
            yield f"{where}: midline region {entry!r} cannot cross to a side"


def _marker_problems(kb: KnowledgeBase, where: str, point: TriggerPoint) -> Iterator[str]:
    family = kb.family(point.marker.region)
    if family is None:
        yield f"{where}: marker on unknown region {point.marker.region!r}"
    elif point.marker.view not in family.views:
        yield f"{where}: region {family.base!r} is not drawn on the {point.marker.view} view"


def _vocabulary_problems(kb: KnowledgeBase, where: str, point: TriggerPoint) -> Iterator[str]:
    vocab = kb.vocabularies
    known = {
        "symptom": {t.id for t in vocab.symptoms},
        "activity": {t.id for t in vocab.activities},
        "condition": set(kb.condition_ids),
        "tool": {t.id for t in vocab.tools},
    }
    used = {
        "symptom": point.symptoms,
        "activity": point.activities,
        "condition": point.conditions,
        "tool": (point.self_treatment.tool,),
    }
    for kind, values in used.items():
        for value in values:
            if value not in known[kind]:
                yield f"{where}: unknown {kind} {value!r}"


def _muscle_problems(kb: KnowledgeBase, muscle: Muscle, source_keys: set[str]) -> Iterator[str]:
    where = f"muscles/{muscle.id}.yaml"
    if muscle.area not in {t.id for t in kb.vocabularies.areas}:
        yield f"{where}: unknown area {muscle.area!r}"
    for key in muscle.sources:
        if key not in source_keys:
            yield f"{where}: unknown source {key!r}"
    for point in muscle.trigger_points:
        at = f"{where} {point.id}"
        yield from _referral_problems(kb, at, point)
        yield from _marker_problems(kb, at, point)
        yield from _vocabulary_problems(kb, at, point)
        yield from (f"{at}: unknown source {key!r}" for key in point.sources if key not in source_keys)


def _condition_problems(kb: KnowledgeBase, source_keys: set[str]) -> Iterator[str]:
    muscle_ids = {muscle.id for muscle in kb.muscles}
    for condition in kb.conditions:
        where = f"conditions.yaml {condition.id}"
        cited = [*condition.sources, *(k for m in condition.muscles for k in m.sources)]
        cited += [k for flag in condition.red_flags for k in flag.sources]
        yield from (f"{where}: unknown source {key!r}" for key in cited if key not in source_keys)
        yield from (f"{where}: unknown muscle {m.muscle!r}" for m in condition.muscles if m.muscle not in muscle_ids)


def _screening_area_problems(kb: KnowledgeBase) -> Iterator[str]:
    areas: dict[str, ScreeningArea] = {}
    for question in kb.screening:
        for area in question.areas:
            if areas.setdefault(area.id, area) != area:
                yield f"screening.yaml {question.id}: area {area.id!r} differs from its other uses"
    owners: dict[str, list[str]] = {family.base: [] for family in kb.families}
    for area in areas.values():
        yield from (f"screening.yaml area {area.id}: unknown region {r!r}" for r in area.regions if r not in owners)
        for base in area.regions:
            owners.get(base, []).append(area.id)
    if areas:
        for base, named in owners.items():
            if len(named) != 1:
                yield f"screening.yaml: region {base!r} must be in exactly one area, not {named or 'none'}"


def _screening_problems(kb: KnowledgeBase, source_keys: set[str]) -> Iterator[str]:
    yield from _screening_area_problems(kb)
    for question in kb.screening:
        where = f"screening.yaml {question.id}"
        yield from (f"{where}: unknown region {r!r}" for r in question.regions if kb.family(r) is None)
        in_areas = {base for area in question.areas for base in area.regions}
        yield from (f"{where}: region {r!r} is already in its areas" for r in question.regions if r in in_areas)
        yield from (f"{where}: unknown source {k!r}" for k in question.sources if k not in source_keys)
        if question.ask.count("?") != 1 or not question.ask.endswith("?"):
            yield f"{where}: ask must be one question, ending with its only question mark"


def _selfcare_problems(kb: KnowledgeBase, source_keys: set[str]) -> Iterator[str]:
    activities = {t.id for t in kb.vocabularies.activities}
    tools = {t.id for t in kb.vocabularies.tools}
    groups = {family.group for family in kb.families}
    for advice in kb.advice:
        yield from (
            f"selfcare.yaml {advice.id}: unknown activity {a!r}" for a in advice.activities if a not in activities
        )
    items: list[Advice | GeneralCare] = [*kb.advice, *kb.general_care]
    for item in items:
        yield from (f"selfcare.yaml {item.id}: unknown source {k!r}" for k in item.sources if k not in source_keys)
    for p in kb.precautions:
        where = f"precautions.yaml {p.id}"
        if p.max_pressure is not None and p.max_pressure > kb.rules.dosing.max_pressure:
            yield f"{where}: max_pressure is above the dosing limit {kb.rules.dosing.max_pressure}"
        yield from (f"{where}: unknown region {r!r}" for r in p.skip_regions if kb.family(r) is None)
        yield from (f"{where}: unknown region group {g!r}" for g in p.skip_groups if g not in groups)
        yield from (f"{where}: unknown tool {t!r}" for t in p.avoid_tools if t not in tools)
        yield from (f"{where}: unknown source {k!r}" for k in p.sources if k not in source_keys)


def _site_problems(kb: KnowledgeBase) -> Iterator[str]:
    """A precaution that asks where must offer every region group once, and say why with the areas named."""
    asking = [p for p in kb.precautions if p.site is not None]
    if len(asking) > 1:
        yield f"precautions.yaml: only one precaution may ask where, not {[p.id for p in asking]}"
    groups = {family.group for family in kb.families}
    clashes = groups & {region.id for region in kb.regions}
    yield from (f"regions.yaml: {c!r} is both a region group and a region" for c in sorted(clashes))
    for precaution in asking:
        assert precaution.site is not None
        where = f"precautions.yaml {precaution.id} site"
        offered = [group.id for group in precaution.site.groups]
        yield from (f"{where}: unknown region group {g!r}" for g in offered if g not in groups)
        yield from (f"{where}: region group {g!r} is not offered" for g in sorted(groups - set(offered)))
        if len(set(offered)) != len(offered):
            yield f"{where}: a region group is offered twice"
        if "{areas}" not in precaution.site.reason:
            yield f"{where}: the reason must name the areas with {{areas}}"


def _duplicate_problems(kb: KnowledgeBase) -> Iterator[str]:
    for kind, ids in (
        ("region", [r.id for r in kb.regions]),
        ("muscle", [m.id for m in kb.muscles]),
        ("source", [s.key for s in kb.sources]),
        ("condition", kb.condition_ids),
        ("screening question", [q.id for q in kb.screening]),
        ("advice", [a.id for a in kb.advice] + [g.id for g in kb.general_care]),
        ("precaution", [p.id for p in kb.precautions]),
    ):
        seen: set[str] = set()
        for value in ids:
            if value in seen:
                yield f"duplicate {kind} ID {value!r}"
            seen.add(value)


def _rules_problems(kb: KnowledgeBase, source_keys: set[str]) -> Iterator[str]:
    rules = kb.rules
    cited = [*rules.dosing.sources, *rules.soreness.sources, *rules.referral_advice.sources]
    cited += [*rules.what_helped.sources, *rules.client_flags.sources]
    yield from (f"rules.yaml: unknown source {key!r}" for key in cited if key not in source_keys)
    dosing = rules.dosing
    if dosing.min_seconds > dosing.max_seconds or dosing.min_strokes > dosing.max_strokes:
        yield "rules.yaml dosing: a minimum is above its maximum"
    for muscle in kb.muscles:
        for point in muscle.trigger_points:
            if point.self_treatment.dose.pressure > dosing.max_pressure:
                yield f"muscles/{muscle.id}.yaml {point.id}: dose pressure above the dosing limit"


def cross_reference_problems(kb: KnowledgeBase) -> list[str]:
    """Every dangling or inconsistent reference in the knowledge base, as readable lines."""
    source_keys = {source.key for source in kb.sources}
    problems = list(_duplicate_problems(kb))
    for muscle in kb.muscles:
        problems.extend(_muscle_problems(kb, muscle, source_keys))
    problems.extend(_condition_problems(kb, source_keys))
    problems.extend(_screening_problems(kb, source_keys))
    problems.extend(_selfcare_problems(kb, source_keys))
    problems.extend(_site_problems(kb))
    problems.extend(_rules_problems(kb, source_keys))
    return problems
