"""Score outcome questionnaires by their published rules: pure functions, no storage.

Answers are keyed by item ID; ``None`` or an absent key is a blank. A blank is never
counted as zero: each instrument says how many blanks it tolerates (``min_answered``)
and how the score is worked out around them (``missing_rule``). Answers of the wrong
type or out of an item's range raise ``AnswerError`` naming the item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Literal

from pydantic import Field

from triggerpoint.errors import FieldError
from triggerpoint.kb.schema import Frozen
from triggerpoint.outcomes.instruments import ACR_REGIONS, Instrument, Item, instrument

# Floating-point slack when comparing a change with the minimal important change.
_EPSILON = 1e-9

Answers = dict[str, int | bool]
Details = dict[str, float | int | bool]


class Score(Frozen):
    """One scored response: the value, its band, and how complete the answers were."""

    instrument: str
    value: float | None
    unit: str
    band: str | None
    valid: bool
    answered: int
    missing: int
    note: str
    details: Details = Field(default_factory=dict)


class AnswerError(FieldError):
    """An answer that names no item of the instrument, has the wrong type, or is out of range."""


def _checked_value(item: Item, value: int | bool) -> int | bool:
    if item.kind == "boolean":
        if not isinstance(value, bool):
            raise AnswerError(item.id, f"{item.label}: answer yes (true) or no (false), not {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnswerError(item.id, f"{item.label}: a whole number is needed, not {value!r}")
    if item.kind == "choice":
        allowed = [option.value for option in item.options]
        if value not in allowed:
            raise AnswerError(item.id, f"{item.label}: {value} is not one of {', '.join(map(str, allowed))}")
    elif not item.lowest <= value <= item.highest:
        raise AnswerError(item.id, f"{item.label}: {value} is outside {item.lowest} to {item.highest}")
    return value


def _checked(tool: Instrument, answers: Mapping[str, int | bool | None]) -> Answers:
    """The answered items, in the instrument's order, each checked; blanks left out."""
    known = {item.id for item in tool.items}
    for key in answers:
        if key not in known:
            raise AnswerError(str(key), f"not an item of {tool.short_name} (items: {', '.join(sorted(known))})")
    given: Answers = {}
    for item in tool.items:
        value = answers.get(item.id)
        if value is not None:
            given[item.id] = _checked_value(item, value)
    return given


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _blank_labels(tool: Instrument, given: Answers) -> str:
    return ", ".join(item.title for item in tool.items if item.id not in given)


def _round(value: float) -> float:
    return round(value, 1)


def _result(tool: Instrument, given: Answers, value: float, note: str, details: Details | None = None) -> Score:
    reported = _round(value)
    band = tool.band_for(reported)
    return Score(
        instrument=tool.id,
        value=reported,
        unit=tool.unit,
        band=band.label if band else None,
        valid=True,
        answered=len(given),
        missing=len(tool.items) - len(given),
        note=note,
        details=details or {},
    )


def _unscored(tool: Instrument, given: Answers) -> Score:
    missing = len(tool.items) - len(given)
    if tool.min_answered == len(tool.items):
        need = "every item"
    else:
        need = f"at least {tool.min_answered} of the {len(tool.items)} items"
    note = (
        f"No score: {tool.short_name} needs {need} answered, and {_plural(missing, 'item')} "
        f"{'is' if missing == 1 else 'are'} blank ({_blank_labels(tool, given)}). {tool.missing_rule}"
    )
    return Score(
        instrument=tool.id,
        value=None,
        unit=tool.unit,
        band=None,
        valid=False,
        answered=len(given),
        missing=missing,
        note=note,
    )


def _percent_of_answered(tool: Instrument, given: Answers) -> Score:
    answered = [item for item in tool.items if item.id in given]
    total = sum(int(given[item.id]) for item in answered)
    possible = sum(item.highest for item in answered)
    full = sum(item.highest for item in tool.items)
    blank = len(tool.items) - len(answered)
    if blank:
        note = (
            f"{_plural(blank, 'section')} blank ({_blank_labels(tool, given)}): the score is {total} points "
            f"out of the {possible} possible on the {len(answered)} sections answered. Blanks are not counted as zero."
        )
    else:
        note = f"All {len(answered)} sections answered: {total} points out of {possible}."
    details: Details = {
        "raw_sum": total,
        "max_possible": possible,
        f"points_of_{full}": _round(total * full / possible),
    }
    return _result(tool, given, total * 100 / possible, note, details)


def _sum(tool: Instrument, given: Answers) -> Score:
    total = sum(int(value) for value in given.values())
    note = "The single item answered." if len(tool.items) == 1 else f"All {len(tool.items)} items answered."
    return _result(tool, given, total, note)


def _mean(tool: Instrument, given: Answers) -> Score:
    rated = [int(value) for value in given.values()]
    note = f"Average of {_plural(len(rated), 'activity rating')}."
    if len(rated) < 3:
        note += " The scale asks for three to five activities, so this average rests on fewer than usual."
    return _result(tool, given, sum(rated) / len(rated), note, {"activities_rated": len(rated)})


def _group(tool: Instrument, group: str) -> list[Item]:
    return [item for item in tool.items if item.group == group]


def _acr_2016(tool: Instrument, given: Answers) -> Score:
    painful = [item.id for item in _group(tool, "pain-areas") if given[item.id]]
    wpi = len(painful)
    sss = sum(int(given[item.id]) for group in ("symptom-severity", "other-symptoms") for item in _group(tool, group))
    regions = acr_regions(painful)
    generalized = sum(regions.values()) >= 4
    lasting = bool(given["duration-3-months"])
    severe_enough = (wpi >= 7 and sss >= 5) or (4 <= wpi <= 6 and sss >= 9)
    met = severe_enough and generalized and lasting
    note = (
        f"Widespread Pain Index {wpi} of 19, Symptom Severity {sss} of 12, pain in {sum(regions.values())} of 5 "
        f"regions. The answers {'meet' if met else 'do not meet'} the 2016 fibromyalgia criteria. "
        "This is not a diagnosis: only a clinician can diagnose fibromyalgia, and other conditions can cause "
        "the same symptoms."
    )
    details: Details = {
        "wpi": wpi,
        "sss": sss,
        "severity": wpi + sss,
        "regions_with_pain": sum(regions.values()),
        "generalized": generalized,
        "symptoms_3_months": lasting,
        "criteria_met": met,
    }
    return _result(tool, given, wpi + sss, note, details)


_SCORERS: dict[str, Callable[[Instrument, Answers], Score]] = {
    "percent-of-answered": _percent_of_answered,
    "sum": _sum,
    "mean": _mean,
    "acr-2016": _acr_2016,
}


def score_response(instrument_id: str, answers: Mapping[str, int | bool | None]) -> Score:
    """Score one set of answers by the instrument's published rules, handling blanks as its manual says."""
    tool = instrument(instrument_id)
    given = _checked(tool, answers)
    if len(given) < tool.min_answered:
        return _unscored(tool, given)
    return _SCORERS[tool.scoring](tool, given)


def _acr_pain_areas() -> list[Item]:
    return _group(instrument("acr2016"), "pain-areas")


def wpi_from_areas(areas: Iterable[str]) -> int:
    """The Widespread Pain Index: how many distinct ACR 2016 pain areas are named; other IDs are ignored."""
    named = {areas} if isinstance(areas, str) else set(areas)
    return sum(1 for item in _acr_pain_areas() if item.id in named)


def acr_regions(areas: Iterable[str]) -> dict[str, bool]:
    """Which of the five ACR 2016 regions have pain, for the generalized-pain rule.

    The jaw, chest and abdomen count toward the Widespread Pain Index but not toward
    this rule, so they mark no region.
    """
    named = {areas} if isinstance(areas, str) else set(areas)
    painful = {item.region for item in _acr_pain_areas() if item.id in named and item.region}
    return {region: region in painful for region in ACR_REGIONS}


def _improved(tool: Instrument, before: float, gain: float) -> bool:
    """Whether a gain reaches the absolute minimal important change or, where the sources give one, the relative one."""
    change = tool.minimal_change
    if gain >= change.value - _EPSILON:
        return True
    relative = change.relative
    return relative is not None and before > 0 and gain >= before * relative.percent / 100 - _EPSILON


def change_between(
    instrument_id: str, before: float, after: float
) -> Literal["improved", "worse", "no meaningful change"]:
    """Whether a change between two scores reaches the instrument's minimal important change, and which way.

    Improved when the gain reaches the absolute threshold or, for instruments whose
    sources give one (NPRS, ODI: 30% of the starting score), the relative one; worse
    only when the loss reaches the absolute threshold, the sources giving the relative
    one for improvement alone.
    """
    tool = instrument(instrument_id)
    for name, value in (("before", before), ("after", after)):
        if not tool.score_min <= value <= tool.score_max:
            raise AnswerError(
                name, f"{value} is outside the {tool.short_name} range {tool.score_min:g}-{tool.score_max:g}"
            )
    gain = after - before if tool.better == "higher" else before - after
    if _improved(tool, before, gain):
        return "improved"
    if gain <= -tool.minimal_change.value + _EPSILON:
        return "worse"
    return "no meaningful change"
