"""The trail as FHIR R4 AuditEvents: valid, with DICOM event types, actions and outcomes."""

from __future__ import annotations

from typing import Any

from audit_factories import CLIENT, THERAPIST, make_entry
from fhir.resources.R4B.auditevent import AuditEvent as FhirAuditEvent
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy.orm import Session

from triggerpoint.audit import repository
from triggerpoint.audit.models import AuditEvent
from triggerpoint.audit.service import ACTIONS, AuditEntry, as_fhir_bundle, record


def exported(db: Session, *entries: AuditEntry) -> list[dict[str, Any]]:
    for entry in entries:
        record(db, entry)
    bundle = as_fhir_bundle(list(repository.all_in_order(db)))
    Bundle.model_validate(bundle)
    return [e["resource"] for e in bundle["entry"]]


def test_a_read_maps_to_a_patient_record_read_by_the_therapist(db: Session) -> None:
    [event] = exported(db, make_entry(0))
    FhirAuditEvent.model_validate(event)
    assert event["type"]["code"] == "110110"
    assert (event["action"], event["outcome"]) == ("R", "0")
    assert event["recorded"] == "2026-12-01T09:00:00.123456+00:00"
    assert event["agent"][0]["who"]["identifier"]["value"] == THERAPIST
    assert event["agent"][0]["role"] == [{"text": "therapist"}]
    assert event["agent"][0]["network"] == {"address": "192.0.2.10", "type": "2"}
    assert event["source"]["observer"] == {"display": "triggerpoint"}
    assert event["entity"][0]["what"]["identifier"]["value"] == CLIENT
    assert event["entity"][0]["name"] == "GET /diary/0"


def test_a_failed_sign_in_of_an_unknown_user_is_a_minor_failure_of_user_authentication(db: Session) -> None:
    failed = make_entry(actor=None, actor_role="", client=None, action="sign-in-failed", outcome="denied")
    [event] = exported(db, failed)
    assert event["type"]["code"] == "110114"
    assert event["subtype"][0]["code"] == "110122"
    assert (event["action"], event["outcome"]) == ("E", "4")
    assert event["agent"][0]["who"] == {"display": "unknown user"}
    assert "role" not in event["agent"][0]
    assert "what" not in event["entity"][0]


def test_a_broken_export_is_a_serious_failure(db: Session) -> None:
    [event] = exported(db, make_entry(action="export", outcome="failure", detail="PDF renderer failed"))
    assert (event["type"]["code"], event["action"], event["outcome"]) == ("110106", "R", "8")
    assert event["outcomeDesc"] == "PDF renderer failed"


def test_every_action_exports_as_a_valid_event(db: Session) -> None:
    events = exported(db, *(make_entry(n, action=a, outcome="denied") for n, a in enumerate(ACTIONS)))
    assert len({e["id"] for e in events}) == len(ACTIONS)


def test_an_empty_trail_is_an_empty_collection() -> None:
    events: list[AuditEvent] = []
    assert as_fhir_bundle(events) == {"resourceType": "Bundle", "type": "collection", "entry": []}
