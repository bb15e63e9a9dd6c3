"""The next-day soreness rule."""

from __future__ import annotations

import pytest

from triggerpoint.kb import load_kb
from triggerpoint.selfcare import Soreness, SorenessReport, Trend, assess_soreness

RULE = load_kb().rules.soreness


@pytest.mark.parametrize(
    ("report", "pause"),
    [
        (SorenessReport(Soreness.NONE, Trend.FADING, 1), False),
        (SorenessReport(Soreness.MILD, Trend.FADING, 1), False),
        (SorenessReport(Soreness.MILD, Trend.SAME, 2), False),
        (SorenessReport(Soreness.MODERATE, Trend.FADING, 1), False),
        (SorenessReport(Soreness.MILD, Trend.WORSE, 1), True),
        (SorenessReport(Soreness.MILD, Trend.FADING, 3), True),
        (SorenessReport(Soreness.SEVERE, Trend.FADING, 1), True),
        (SorenessReport(Soreness.NONE, Trend.FADING, 1, bruising=True), True),
        (SorenessReport(Soreness.MILD, Trend.FADING, 1, numbness=True), True),
        (SorenessReport(Soreness.NONE, Trend.FADING, 1, weakness=True), True),
    ],
)
def test_the_rule(report: SorenessReport, pause: bool) -> None:
    outcome = assess_soreness(report, RULE)
    assert outcome.pause is pause
    if pause:
        assert "contact your healthcare provider" in outcome.message
    else:
        assert "healthcare provider" not in outcome.message


def test_mild_fading_soreness_is_called_expected() -> None:
    assert "expected" in assess_soreness(SorenessReport(Soreness.MILD, Trend.FADING, 1), RULE).message
