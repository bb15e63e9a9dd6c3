"""The next-day soreness check-in rule; its threshold, wording and sources are in kb/data/rules.yaml.

Mild soreness that fades within a day or two is the expected response to trigger point
pressure (Davies 2013; Travell and Simons describe post-treatment soreness lasting a day
or two). Soreness that lasts beyond the expected days or gets worse, bruising, numbness or
new weakness are not expected: the program pauses and the person is advised to contact a
healthcare provider. Severe soreness pauses too; moderate soreness that is fading goes
on with lighter pressure.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from triggerpoint.kb.schema import SorenessRule


class Soreness(StrEnum):
    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class Trend(StrEnum):
    FADING = "fading"
    SAME = "same"
    WORSE = "worse"


@dataclass(frozen=True)
class SorenessReport:
    soreness: Soreness
    trend: Trend
    days_since_session: int
    bruising: bool = False
    numbness: bool = False
    weakness: bool = False


@dataclass(frozen=True)
class CheckInOutcome:
    pause: bool
    message: str


def _pause(rule: SorenessRule, reason: str) -> CheckInOutcome:
    return CheckInOutcome(True, f"{reason} {rule.contact}")


def assess_soreness(report: SorenessReport, rule: SorenessRule) -> CheckInOutcome:
    """Decide, from how the person feels after a session, whether to go on or pause (rules.yaml `soreness`)."""
    signs = (("bruising", report.bruising), ("numbness", report.numbness), ("new weakness", report.weakness))
    warning = [name for name, present in signs if present]
    if warning:
        return _pause(rule, rule.warning_signs.format(signs=", ".join(warning).capitalize()))
    if report.soreness is Soreness.NONE:
        return CheckInOutcome(False, rule.none)
    if report.trend is Trend.WORSE:
        return _pause(rule, rule.worse)
    if report.days_since_session > rule.expected_days:
        return _pause(rule, rule.lasting.format(days=rule.expected_days))
    if report.soreness is Soreness.SEVERE:
        return _pause(rule, rule.severe)
    if report.soreness is Soreness.MODERATE:
        return CheckInOutcome(False, rule.moderate)
    return CheckInOutcome(False, rule.mild)
