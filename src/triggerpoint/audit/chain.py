"""The hash chain that makes the audit trail tamper-evident; pure functions, no database.

Each event's hash is SHA-256 (hex) of the previous event's hash followed by the event's
canonical JSON: keys sorted, no whitespace, instants in UTC ISO-8601 with microseconds.
The first event links to GENESIS. Changing any field of a stored event breaks its own hash;
removing or reordering events breaks the next event's `prev_hash`; removing events from the
end is seen only against a head hash kept elsewhere (`verify(..., expected_head=...)`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64
FIELDS = ("at", "clinic", "actor", "actor_role", "client", "action", "resource", "outcome", "address", "detail")


@dataclass(frozen=True)
class Link:
    """A stored event as the chain sees it: its row ID, both hashes, and its FIELDS (None: another clinic's
    event the reader may not see, whose place in the chain is checked but not its content)."""

    id: int
    prev_hash: str
    hash: str
    fields: Mapping[str, object] | None


@dataclass(frozen=True)
class Broken:
    """Where the chain breaks: the row (None for an empty trail) and why."""

    row_id: int | None
    reason: str


def _encode(value: object) -> str:
    if not isinstance(value, datetime):
        raise TypeError(f"cannot put {type(value).__name__} in an audit event")
    if value.tzinfo is None:
        raise ValueError("audit instants must be timezone-aware")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(fields: Mapping[str, object]) -> str:
    """The one JSON text of an event's fields that its hash is taken over."""
    return json.dumps(dict(fields), sort_keys=True, separators=(",", ":"), default=_encode)


def link_hash(prev_hash: str, fields: Mapping[str, object]) -> str:
    """SHA-256 (hex) of the previous hash followed by the event's canonical JSON."""
    return hashlib.sha256((prev_hash + canonical(fields)).encode()).hexdigest()


def _problem(link: Link, prev: Link | None) -> str | None:
    if prev is not None and link.id <= prev.id:
        return "rows are out of ID order"
    if link.prev_hash != (prev.hash if prev else GENESIS):
        return "prev_hash does not match the previous row's hash (a row before it was removed or changed)"
    if link.fields is not None and link.hash != link_hash(link.prev_hash, link.fields):
        return "hash does not match the row's content (the row was changed)"
    return None


def verify(rows: Iterable[Link], expected_head: str | None = None) -> Broken | None:
    """The first break in the chain, walking rows in ID order; None when it is whole.

    `expected_head`: the hash the last row should have (kept outside the database), which
    also catches events removed from the end.
    """
    prev: Link | None = None
    for link in rows:
        problem = _problem(link, prev)
        if problem:
            return Broken(link.id, problem)
        prev = link
    if expected_head is not None and (prev.hash if prev else GENESIS) != expected_head:
        return Broken(prev.id if prev else None, "the trail ends before the expected head (events were removed)")
    return None
