"""Recording audit events, checking the trail, exporting it as FHIR AuditEvents. Services flush; the request commits.

Outcomes: `success`; `denied`, the request was refused (a wrong password, no permission),
FHIR 4 "minor failure"; `failure`, it broke on our side, FHIR 8 "serious failure". Event
types are DICOM audit codes (DICOM PS3.15 A.5, as FHIR R4 AuditEvent.type uses them).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from triggerpoint.audit import chain, repository
from triggerpoint.audit.chain import Broken, Link
from triggerpoint.audit.models import AuditEvent

DCM = "http://dicom.nema.org/resources/ontology/DCM"
TYPES = {
    "110106": "Export",
    "110110": "Patient Record",
    "110113": "Security Alert",
    "110114": "User Authentication",
    "110122": "Login",
    "110123": "Logout",
    "110136": "Security Roles Changed",
    "110137": "User Security Attributes Changed",
}
# action: (type, subtype or None, FHIR action: C create, R read, U update, D delete, E execute)
ACTIONS: dict[str, tuple[str, str | None, str]] = {
    "read": ("110110", None, "R"),
    "create": ("110110", None, "C"),
    "update": ("110110", None, "U"),
    "delete": ("110110", None, "D"),
    "export": ("110106", None, "R"),  # DICOM: an export reads the record out
    "download": ("110106", None, "R"),
    "sign-in": ("110114", "110122", "E"),
    "sign-in-failed": ("110114", "110122", "E"),
    "sign-out": ("110114", "110123", "E"),
    "mfa-enrol": ("110113", "110137", "E"),
    "mfa-reset": ("110113", "110137", "E"),
    "permission-change": ("110113", "110136", "E"),
    "denied": ("110113", None, "E"),
}
OUTCOMES = {"success": "0", "denied": "4", "failure": "8"}
REFUSALS = {"sign-in-failed", "denied"}  # actions that cannot have succeeded
LIMITS = {"resource": 200, "address": 64}  # longer values (a long query string) are cut, not refused


@dataclass(frozen=True)
class AuditEntry:
    """One thing that happened: who (account UUID, None if unknown, and role), in which clinic, to whose record."""

    at: datetime
    clinic: str
    actor: str | None
    actor_role: str
    client: str | None
    action: str
    resource: str
    outcome: str
    address: str
    detail: str = ""  # short and never health data


def _fields(entry: AuditEntry) -> dict[str, object]:
    if entry.action not in ACTIONS or entry.outcome not in OUTCOMES:
        raise ValueError(f"unknown audit action {entry.action!r} or outcome {entry.outcome!r}")
    if entry.action in REFUSALS and entry.outcome == "success":
        raise ValueError(f"a {entry.action} event cannot have succeeded")
    fields = asdict(entry)
    return fields | {name: str(fields[name])[:limit] for name, limit in LIMITS.items()}


def record(session: Session, entry: AuditEntry) -> None:
    """Append the event to the trail, in the caller's transaction (it commits or rolls back with the act it records)."""
    repository.append(session, **_fields(entry))


def _link(event: AuditEvent) -> Link:
    return Link(event.id, event.prev_hash, event.hash, {name: getattr(event, name) for name in chain.FIELDS})


def verify_trail(session: Session, expected_head: str | None = None) -> Broken | None:
    """The first break in the whole trail (every clinic's events form one chain); None when it is whole.

    On PostgreSQL a clinic's session reads only its own events: the others' hashes still link the chain.
    """
    with closing(repository.all_in_order(session)) as events:
        readable = (_link(event) for event in events)
        if repository.reads_every_event(session):
            return chain.verify(readable, expected_head)
        with closing(repository.every_link(session)) as skeleton:
            return chain.verify(_merged(skeleton, readable), expected_head)


def _merged(skeleton: Iterable[tuple[int, str, str]], readable: Iterator[Link]) -> Iterator[Link]:
    """Every link in order: the readable ones with their content, the others with their hashes only."""
    pending = next(readable, None)
    for row_id, prev_hash, hash_ in skeleton:
        while pending is not None and pending.id < row_id:
            pending = next(readable, None)
        if pending is not None and pending.id == row_id:
            yield pending
        else:
            yield Link(row_id, prev_hash, hash_, None)


def _coding(code: str) -> dict[str, str]:
    return {"system": DCM, "code": code, "display": TYPES[code]}


def _agent(event: AuditEvent) -> dict[str, Any]:
    who = {"identifier": {"system": "urn:triggerpoint:account", "value": event.actor}} if event.actor else None
    agent: dict[str, Any] = {"who": who or {"display": "unknown user"}, "requestor": True}
    if event.actor_role:
        agent["role"] = [{"text": event.actor_role}]
    if event.address:
        agent["network"] = {"address": event.address, "type": "2"}  # 2: an IP address
    return agent


def _entity(event: AuditEvent) -> dict[str, Any]:
    entity: dict[str, Any] = {"name": event.resource}
    if event.client:
        entity["what"] = {"identifier": {"system": "urn:triggerpoint:client", "value": event.client}}
    return entity


def _resource(event: AuditEvent) -> dict[str, Any]:
    kind, subtype, action = ACTIONS[event.action]
    resource: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "id": str(uuid.UUID(event.hash[:32])),
        "type": _coding(kind),
        "action": action,
        "recorded": event.at.astimezone(UTC).isoformat(),
        "outcome": OUTCOMES[event.outcome],
        "agent": [_agent(event)],
        "source": {"site": event.clinic, "observer": {"display": "triggerpoint"}},
        "entity": [_entity(event)],
    }
    if subtype:
        resource["subtype"] = [_coding(subtype)]
    if event.detail:
        resource["outcomeDesc"] = event.detail
    return resource


def as_fhir_bundle(events: list[AuditEvent]) -> dict[str, Any]:
    """The events as a FHIR R4 Bundle (type collection) of AuditEvent resources, validated by fhir.resources (R4B)."""
    from fhir.resources.R4B.bundle import Bundle

    resources = [_resource(event) for event in events]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }
    Bundle.model_validate(bundle)
    return bundle
