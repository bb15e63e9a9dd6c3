"""How long to refuse sign-in attempts after repeated failures: a temporary back-off, never a lock.

A permanent lock-out after N failures would hand an attacker a way to lock any clinician out of
their records just by guessing at their account. So, following OWASP ASVS 4.0.3 V2.2.1 ("soft
lockouts, rate limiting ... ever increasing delays") and the OWASP Authentication Cheat Sheet
(account lockout should expire, and lock-out is itself a denial-of-service risk), failures only
ever buy a delay: it doubles with each failure past the limit, is capped at `max_delay`, and runs
from the last failure, so once the failures stop the account opens again within `max_delay`.
The caller keys the history (per account, and separately per client address), records only
genuine failed checks (not attempts it refused while throttled), and answers 429 with the delay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ThrottleRule:
    """How many failures within a window are allowed, and the back-off after that."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    base_delay: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(minutes=15)

    def __post_init__(self) -> None:
        if self.max_failures < 1 or self.window <= timedelta(0):
            raise ValueError("a throttle needs at least one failure and a positive window")
        if not timedelta(0) < self.base_delay <= self.max_delay:
            raise ValueError("a throttle needs 0 < base_delay <= max_delay")


def _delay(excess: int, rule: ThrottleRule) -> timedelta:
    delay = rule.base_delay
    for _ in range(excess):  # doubling stops at the cap, so a long history cannot overflow
        if delay >= rule.max_delay:
            break
        delay *= 2
    return min(delay, rule.max_delay)


def retry_after(failures: Sequence[datetime], now: datetime, rule: ThrottleRule = ThrottleRule()) -> timedelta | None:
    """How long until the next attempt is allowed, or None if it is allowed now."""
    recent = [moment for moment in failures if now - rule.window < moment <= now]
    if len(recent) < rule.max_failures:
        return None
    wait = max(recent) + _delay(len(recent) - rule.max_failures, rule) - now
    return wait if wait > timedelta(0) else None
