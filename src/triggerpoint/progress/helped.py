"""What helped: next-day pain after days a self-care item was done, against days of the same weeks it was not.

Each day is compared only with days of its own calendar week (Monday to Sunday), and the weekly
gaps are averaged, each week weighted by n_with * n_without / (n_with + n_without), the weight that
makes the average least noisy when days vary alike (a comparison stratified by week). So pain
that eases over months, or self-care done more often in bad months, is not taken for the effect of
an item. A comparison, not a cause: an item is credited only with enough days on both sides and a
gap that is both meaningful (rules.yaml `what_helped`) and more than twice its standard error.
Items done on exactly the same days cannot be told apart, so they share one finding. Days are
those of the diary; pain the next day is that day's mean diary pain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from math import inf, sqrt
from statistics import fmean

from triggerpoint.kb.schema import HelpRule

ANY_SESSION = "any self-care session"
Outcome = tuple[date, bool, float]  # a day, whether the item was done that day, the next day's pain


@dataclass(frozen=True)
class HelpFinding:
    """One item (or several always done together) with the week-balanced next-day pain after days with and without."""

    items: tuple[str, ...]
    days_done: int
    days_not: int
    pain_after_done: float | None
    pain_after_not: float | None
    verdict: str

    @property
    def item(self) -> str:
        return self.items[0]

    @property
    def difference(self) -> float | None:
        if self.pain_after_done is None or self.pain_after_not is None:
            return None
        return round(self.pain_after_done - self.pain_after_not, 1)


@dataclass(frozen=True)
class Comparison:
    """Days with and without the item in weeks that have both, their balanced means, and the gap's standard error."""

    days_done: int
    days_not: int
    after_done: float | None
    after_not: float | None
    error: float

    @property
    def gap(self) -> float:
        return (self.after_done or 0.0) - (self.after_not or 0.0)


def _weeks(outcomes: list[Outcome]) -> list[tuple[list[float], list[float]]]:
    """The weeks that hold days both with and without the item: (pain after days with, after days without)."""
    weeks: dict[date, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for day, done, pain in outcomes:
        weeks[day - timedelta(days=day.weekday())][0 if done else 1].append(pain)
    return [groups for groups in weeks.values() if groups[0] and groups[1]]


def _squares(values: list[float]) -> float:
    """The sum of squared deviations from the values' mean."""
    centre = fmean(values)
    return sum((v - centre) ** 2 for v in values)


def _spread(weeks: list[tuple[list[float], list[float]]]) -> float:
    """The variance of a day's next-day pain around its week's mean with or without the item (pooled)."""
    squares = sum(_squares(group) for week in weeks for group in week)
    freedom = sum(len(group) for week in weeks for group in week) - 2 * len(weeks)
    return squares / freedom if freedom > 0 else inf


def compare(outcomes: list[Outcome]) -> Comparison:
    """The week-by-week comparison of next-day pain after days with the item and days without it."""
    weeks = _weeks(outcomes)
    if not weeks:
        return Comparison(0, 0, None, None, inf)
    weights = [len(with_) * len(without) / (len(with_) + len(without)) for with_, without in weeks]
    total = sum(weights)
    after_done = sum(w * fmean(with_) for w, (with_, _) in zip(weights, weeks, strict=True)) / total
    after_not = sum(w * fmean(without) for w, (_, without) in zip(weights, weeks, strict=True)) / total
    done, not_done = sum(len(w[0]) for w in weeks), sum(len(w[1]) for w in weeks)
    return Comparison(done, not_done, after_done, after_not, sqrt(_spread(weeks) / total))


def _verdict(comparison: Comparison, rule: HelpRule) -> str:
    done, not_done = comparison.days_done, comparison.days_not
    if done < rule.min_days or not_done < rule.min_days:
        return (
            f"Not enough days yet to compare: {done} with it and {not_done} without it in the same weeks "
            f"({rule.min_days} of each are needed)."
        )
    needed = max(rule.meaningful_difference, 2 * comparison.error)
    if abs(comparison.gap) < needed:
        return (
            f"No difference can be seen yet: a gap of {abs(comparison.gap):.1f} points is within how much "
            f"your days vary (it would need to reach {needed:.1f})."
        )
    direction = "lower" if comparison.gap < 0 else "higher"
    return (
        f"Next-day pain was {abs(comparison.gap):.1f} points {direction} after days with it than after days "
        f"without it in the same weeks. An observation from your own days, not proof: other things change too."
    )


def _outcomes(done_by_day: Mapping[date, set[str]], pain_by_day: Mapping[date, float], item: str) -> list[Outcome]:
    days = sorted(d for d in pain_by_day if d + timedelta(days=1) in pain_by_day)
    return [(d, item in done_by_day.get(d, set()), pain_by_day[d + timedelta(days=1)]) for d in days]


def _finding(items: tuple[str, ...], outcomes: list[Outcome], rule: HelpRule) -> HelpFinding:
    found = compare(outcomes)
    done, not_done = (None if v is None else round(v, 1) for v in (found.after_done, found.after_not))
    return HelpFinding(items, found.days_done, found.days_not, done, not_done, _verdict(found, rule))


def what_helped(
    done_by_day: Mapping[date, set[str]], pain_by_day: Mapping[date, float], items: list[str], rule: HelpRule
) -> list[HelpFinding]:
    """For each item, next-day pain after days it was done versus days of the same weeks it was not."""
    groups: dict[tuple[date | str, ...], list[str]] = {}
    outcomes: dict[tuple[date | str, ...], list[Outcome]] = {}
    for item in items:
        found = _outcomes(done_by_day, pain_by_day, item)
        # An item never done on a compared day is grouped with nothing: "the same days" would be untrue.
        key: tuple[date | str, ...] = tuple(day for day, done, _ in found if done) or (item,)
        groups.setdefault(key, []).append(item)
        outcomes[key] = found
    return [_finding(tuple(members), outcomes[key], rule) for key, members in groups.items()]
