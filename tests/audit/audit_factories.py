"""Audit entries for tests: two clinics, a fixed start, and a factory."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from triggerpoint.audit.service import AuditEntry

CLINIC_A = "0a0a0a0a-0000-4000-8000-00000000000a"
CLINIC_B = "0b0b0b0b-0000-4000-8000-00000000000b"
THERAPIST = "1a1a1a1a-0000-4000-8000-000000000001"
CLIENT = "2c2c2c2c-0000-4000-8000-000000000002"
START = datetime(2026, 12, 1, 9, 0, 0, 123456, tzinfo=UTC)


def make_entry(n: int = 0, **changes: Any) -> AuditEntry:
    """An audit entry: a therapist of clinic A reading a client's diary, `n` minutes after START."""
    entry = AuditEntry(
        at=START + timedelta(minutes=n),
        clinic=CLINIC_A,
        actor=THERAPIST,
        actor_role="therapist",
        client=CLIENT,
        action="read",
        resource=f"GET /diary/{n}",
        outcome="success",
        address="192.0.2.10",
    )
    return replace(entry, **changes)
