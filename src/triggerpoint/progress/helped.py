"""What helped: next-day pain after days a self-care item was done, against days it was not.

A comparison, not a cause: the item is credited only with enough days on both sides
(rules.yaml `what_helped`), and the words say how sure one can be. Days are those of the diary; pain the
next day is that day's mean diary pain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean, stdev

from triggerpoint.kb.schema import HelpRule


@dataclass(frozen=True)
class HelpFinding:
    item: str
    days_done: int
    days_not: int
    pain_after_done: float | None
    pain_after_not: float | None
    verdict: str

    @property
    def difference(self) -> float | None:
        if self.pain_after_done is None or self.pain_after_not is None:
            return None
        return self.pain_after_done - self.pain_after_not


def _standard_error(a: list[float], b: list[float]) -> float:
    spread = [stdev(group) ** 2 / len(group) if len(group) > 1 else 0.0 for group in (a, b)]
    return float(sum(spread) ** 0.5)


def _verdict(item: str, done: list[float], not_done: list[float], rule: HelpRule) -> str:
    if len(done) < rule.min_days or len(not_done) < rule.min_days:
        return (
            f"Not enough days yet to compare ({len(done)} with {item}, {len(not_done)} without; "
            f"{rule.min_days} of each are needed)."
        )
    difference = mean(done) - mean(not_done)
    noise = 2 * _standard_error(done, not_done)
    if abs(difference) < max(rule.meaningful_difference, noise):
        return "No clear difference in next-day pain so far; the days vary more than the gap between them."
    direction = "lower" if difference < 0 else "higher"
    return (
        f"Next-day pain was {abs(difference):.1f} points {direction} after days with it. This is an "
        f"observation from your own days, not proof: other things change from day to day too."
    )


def what_helped(
    done_by_day: Mapping[date, set[str]], pain_by_day: Mapping[date, float], items: list[str], rule: HelpRule
) -> list[HelpFinding]:
    """For each item, next-day pain after days it was done versus days it was not (diary days only)."""
    findings = []
    days = [d for d in pain_by_day if d + timedelta(days=1) in pain_by_day]
    for item in items:
        after_done = [pain_by_day[d + timedelta(days=1)] for d in days if item in done_by_day.get(d, set())]
        after_not = [pain_by_day[d + timedelta(days=1)] for d in days if item not in done_by_day.get(d, set())]
        findings.append(
            HelpFinding(
                item=item,
                days_done=len(after_done),
                days_not=len(after_not),
                pain_after_done=round(mean(after_done), 1) if after_done else None,
                pain_after_not=round(mean(after_not), 1) if after_not else None,
                verdict=_verdict(item, after_done, after_not, rule),
            )
        )
    return findings
