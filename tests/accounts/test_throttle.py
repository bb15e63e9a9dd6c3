"""The sign-in back-off: when it starts, how it grows, and that it always ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.accounts.throttle import ThrottleRule, retry_after

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RULE = ThrottleRule()  # 5 failures in 15 minutes, then 1, 2, 4, 8, 15, 15... minutes
SECOND, MINUTE = timedelta(seconds=1), timedelta(minutes=1)


def ago(*seconds: float) -> list[datetime]:
    return [NOW - timedelta(seconds=s) for s in seconds]


@pytest.mark.parametrize(
    ("failures", "expected"),
    [
        ([], None),
        (ago(0, 1, 2, 3), None),  # below the limit
        (ago(0, 1, 2, 3, 4), MINUTE),  # the fifth failure, just now
        (ago(30, 31, 32, 33, 34), 30 * SECOND),  # half of the first minute left
        (ago(60, 61, 62, 63, 64), None),  # the minute has passed
        (ago(0, 1, 2, 3, 4, 5), 2 * MINUTE),
        (ago(0, 1, 2, 3, 4, 5, 6), 4 * MINUTE),
        (ago(0, 1, 2, 3, 4, 5, 6, 7), 8 * MINUTE),
        (ago(0, 1, 2, 3, 4, 5, 6, 7, 8), 15 * MINUTE),  # 16 minutes, capped
        (ago(*range(15 * 60, 10_000)), None),  # thousands of failures, all older than the window
        (ago(*range(0, 100 * 5, 5)), 15 * MINUTE),  # 100 failures in the window: still capped, no overflow
        (ago(0, 1, 2, 3, 15 * 60), None),  # the oldest has left the window
        (ago(0, 1, 2, 3, 15 * 60 - 1), MINUTE),  # ...but a second later it had not
        (ago(600, 601, 602, 603, 604, 605, 606, 607, 608), 5 * MINUTE),  # capped 15 minutes, 10 gone
        (ago(-60, -120, 0, 1, 2, 3), None),  # failures "in the future" (clock skew) do not count
    ],
)
def test_retry_after(failures: list[datetime], expected: timedelta | None) -> None:
    assert retry_after(failures, NOW, RULE) == expected


def test_order_of_the_history_does_not_matter() -> None:
    assert retry_after(list(reversed(ago(0, 1, 2, 3, 4, 5))), NOW) == 2 * MINUTE


@pytest.mark.parametrize(
    "rule",
    [
        {"max_failures": 0},
        {"window": timedelta(0)},
        {"base_delay": timedelta(0)},
        {"base_delay": timedelta(minutes=20), "max_delay": timedelta(minutes=15)},
    ],
)
def test_nonsense_rules_are_refused(rule: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="throttle"):
        ThrottleRule(**rule)  # type: ignore[arg-type]


rules = st.builds(
    lambda failures, window, base, extra: ThrottleRule(failures, window, base, base + extra),
    st.integers(min_value=1, max_value=10),
    st.timedeltas(min_value=SECOND, max_value=timedelta(days=2)),
    st.timedeltas(min_value=SECOND, max_value=timedelta(hours=1)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=1)),
)
histories = st.lists(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=1)), min_size=1, max_size=60)


@given(rule=rules, offsets=histories, later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)))
def test_no_permanent_lock_out(rule: ThrottleRule, offsets: list[timedelta], later: timedelta) -> None:
    """Once the failures stop, sign-in opens again within max_delay of the last one."""
    failures = [NOW - offset for offset in offsets]
    last = max(failures)
    assert retry_after(failures, last + rule.max_delay + later, rule) is None


@given(rule=rules, offsets=histories, since=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=1)))
def test_the_wait_never_exceeds_max_delay(rule: ThrottleRule, offsets: list[timedelta], since: timedelta) -> None:
    wait = retry_after([NOW - offset for offset in offsets], NOW + since, rule)
    assert wait is None or timedelta(0) < wait <= rule.max_delay
