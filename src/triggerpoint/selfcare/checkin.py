"""The next-day soreness check-in rule.

Mild soreness that fades within a day or two is the expected response to trigger point
pressure (Davies 2013; Travell and Simons describe post-treatment soreness lasting a day
or two). Soreness that lasts beyond two days or gets worse, bruising, numbness or new
weakness are not expected: the program pauses and the person is advised to contact a
healthcare provider. Severe soreness pauses too; moderate soreness that is fading goes
on with lighter pressure.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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


CONTACT = "Pause your self-care program and contact your healthcare provider before starting again."
EXPECTED_DAYS = 2


def assess_soreness(report: SorenessReport) -> CheckInOutcome:
    """Decide, from how the person feels after a session, whether to go on or pause."""
    signs = (("bruising", report.bruising), ("numbness", report.numbness), ("new weakness", report.weakness))
    warning = [name for name, present in signs if present]
    if warning:
        return CheckInOutcome(True, f"{', '.join(warning).capitalize()} after self-massage is not expected. {CONTACT}")
    if report.soreness is Soreness.NONE:
        return CheckInOutcome(False, "No soreness: carry on with your program as planned.")
    if report.trend is Trend.WORSE:
        return CheckInOutcome(True, f"Soreness that gets worse is not the expected response. {CONTACT}")
    if report.days_since_session > EXPECTED_DAYS:
        return CheckInOutcome(True, f"Soreness lasting more than {EXPECTED_DAYS} days is not expected. {CONTACT}")
    if report.soreness is Soreness.SEVERE:
        return CheckInOutcome(True, f"Severe soreness means the pressure was too much for now. {CONTACT}")
    if report.soreness is Soreness.MODERATE:
        return CheckInOutcome(
            False, "Moderate soreness that is easing is common at first: use lighter pressure next time."
        )
    return CheckInOutcome(False, "Mild soreness that fades within a day or two is expected. Carry on gently.")
