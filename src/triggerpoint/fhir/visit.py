"""A FHIR R4 Bundle (collection) of one visit: Encounter, Observation per finding, Procedure per treatment,
and the SOAP note as a Composition. Validated by fhir.resources (R4B models) and our own reference checks.

LOINC codes, checked against HL7's published value sets: 11506-3 "Progress note" (C-CDA on FHIR,
ProgressNoteDocumentTypeCode) for the note; the C-CDA section codes 61150-9 Subjective, 61149-1
Objective, 51848-0 Assessment and 18776-5 Plan of care note (FHIR doc-section-codes value set).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from triggerpoint.fhir.bodysites import load_body_sites
from triggerpoint.fhir.export import LOINC, FhirExportError, body_site, references
from triggerpoint.kb import KnowledgeBase
from triggerpoint.visits.models import Finding, Treatment
from triggerpoint.visits.note_facts import CRITERION_COLUMNS, names, point_region
from triggerpoint.visits.notes import NoteView

UCUM = "http://unitsofmeasure.org"
XHTML = '"http://www.w3.org/1999/xhtml"'
FINDING_SYSTEM = "urn:triggerpoint:trigger-point-finding"
TECHNIQUE_SYSTEM = "urn:triggerpoint:technique"
EXAM = "Myofascial trigger point examination"
NOTE_TYPE = {"coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}], "text": "SOAP note"}
SECTIONS = (
    ("subjective", "Subjective", "61150-9"),
    ("objective", "Objective", "61149-1"),
    ("assessment", "Assessment", "51848-0"),
    ("plan", "Plan", "18776-5"),
)


def _instant(moment: datetime) -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _ref(resource_id: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource_id}"}


def _derived(parent: str, name: str) -> str:
    return str(uuid.uuid5(uuid.UUID(parent), name))


def _site(kb: KnowledgeBase, muscle_id: str, point_id: str, side: str) -> dict[str, Any]:
    """The SNOMED CT body site of the region the point lies in, or the muscle's name as text."""
    region = point_region(kb, muscle_id, point_id, side)
    if region is not None:
        return body_site(kb, load_body_sites(), region)
    return {"text": f"{names(kb, muscle_id, point_id)[0]} ({side})"}


def _component(code: str, text: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"code": {"coding": [{"system": FINDING_SYSTEM, "code": code}], "text": text}} | value


def _measures(finding: Finding) -> list[dict[str, Any]]:
    found = []
    if finding.spot_tenderness is not None:
        score = {"value": finding.spot_tenderness, "unit": "score", "system": UCUM, "code": "{score}"}
        found.append(_component("tenderness", "Spot tenderness (0-10)", {"valueQuantity": score}))
    if finding.ppt_trials:
        mean = round(sum(finding.ppt_trials) / len(finding.ppt_trials), 2)
        ppt = {"value": mean, "unit": "kg/cm2", "system": UCUM, "code": "kg/cm2"}
        found.append(_component("ppt", "Pressure pain threshold, mean of trials", {"valueQuantity": ppt}))
    return found


def _observation(kb: KnowledgeBase, finding: Finding, context: dict[str, Any]) -> dict[str, Any]:
    muscle, point = names(kb, finding.muscle, finding.point)
    criteria = [
        _component(column, label, {"valueString": getattr(finding, column)})
        for column, label in CRITERION_COLUMNS.items()
    ]
    return context | {
        "resourceType": "Observation",
        "id": finding.uuid,
        "status": "final",
        "code": {"coding": [{"system": FINDING_SYSTEM, "code": "examination"}], "text": EXAM},
        "bodySite": _site(kb, finding.muscle, finding.point, finding.side),
        "valueCodeableConcept": {"text": f"{point} ({finding.side}): {finding.classification}"},
        "note": [{"text": f"{muscle}, {point}, {finding.side}"}],
        "component": criteria + _measures(finding),
    }


def _procedure(kb: KnowledgeBase, treatment: Treatment, finding: Finding, context: dict[str, Any]) -> dict[str, Any]:
    technique = treatment.technique.replace("-", " ")
    return {
        "resourceType": "Procedure",
        "id": treatment.uuid,
        "status": "completed",
        "code": {"coding": [{"system": TECHNIQUE_SYSTEM, "code": treatment.technique}], "text": technique},
        "subject": context["subject"],
        "encounter": context["encounter"],
        "bodySite": [_site(kb, finding.muscle, finding.point, finding.side)],
        "reasonReference": [_ref(finding.uuid)],
        "note": [
            {
                "text": f"Pressure {treatment.pressure}/10, {treatment.seconds} s, "
                f"{'released' if treatment.released else 'no release felt'}. {treatment.response}".strip()
            }
        ],
    }


def _people(view: NoteView, client_uuid: str) -> list[dict[str, Any]]:
    """The Patient, and a Practitioner for the therapist, the signer and each addendum's author (each once)."""
    patient = {"resourceType": "Patient", "id": client_uuid, "name": [{"text": view.client_name}]}
    staff = [view.therapist, view.signer, *(a.author for a in view.addenda)]
    unique = {person.uuid: person.name for person in staff if person is not None}
    return [patient] + [
        {"resourceType": "Practitioner", "id": key, "name": [{"text": name}]} for key, name in unique.items()
    ]


def _encounter(view: NoteView, client_uuid: str) -> dict[str, Any]:
    visit = view.visit
    period = {"start": _instant(visit.started_at)}
    if visit.actual_minutes:
        period["end"] = _instant(visit.started_at + timedelta(minutes=visit.actual_minutes))
    encounter: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": visit.uuid,
        "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB", "display": "ambulatory"},
        "subject": _ref(client_uuid),
        "period": period,
    }
    if view.therapist is not None:
        encounter["participant"] = [{"individual": _ref(view.therapist.uuid)}]
    return encounter


def _composition(view: NoteView, client_uuid: str, now: datetime) -> dict[str, Any]:
    note, writer = view.note, view.signer or view.therapist
    addenda = "".join(
        f"<p>Addendum {a.addendum.written_at:%Y-%m-%d %H:%M} by {_escape(a.author.name if a.author else 'unknown')}: "
        f"{_escape(a.addendum.text)}</p>"
        for a in view.addenda
    )
    sections = [
        {
            "title": title,
            "code": {"coding": [{"system": LOINC, "code": code}], "text": title},
            "text": {"status": "additional", "div": _div(getattr(note, name))},
        }
        for name, title, code in SECTIONS
    ]
    if addenda:
        sections.append(
            {"title": "Addenda", "text": {"status": "additional", "div": f"<div xmlns={XHTML}>{addenda}</div>"}}
        )
    composition: dict[str, Any] = {
        "resourceType": "Composition",
        "id": note.uuid,
        "status": "final" if note.signed_at else "preliminary",
        "type": NOTE_TYPE,
        "subject": _ref(client_uuid),
        "encounter": _ref(view.visit.uuid),
        "date": _instant(note.signed_at or now),
        "author": [_ref(writer.uuid)] if writer else [{"display": "triggerpoint"}],
        "title": f"Visit note {view.visit.started_at:%Y-%m-%d}",
        "section": sections,
    }
    if note.signed_at and view.signer:
        composition["attester"] = [{"mode": "legal", "time": _instant(note.signed_at), "party": _ref(view.signer.uuid)}]
    return composition


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _div(text: str) -> str:
    lines = "<br/>".join(_escape(line) for line in text.splitlines()) or "(empty)"
    return f"<div xmlns={XHTML}><p>{lines}</p></div>"


def visit_bundle(kb: KnowledgeBase, view: NoteView, client_uuid: str, now: datetime) -> dict[str, Any]:
    """The visit as a validated Bundle: who, when, what was found where, what was done, and the note."""
    context = {"subject": _ref(client_uuid), "encounter": _ref(view.visit.uuid)}
    by_id = {f.id: f for f in view.findings}
    resources = [
        *_people(view, client_uuid),
        _encounter(view, client_uuid),
        *(_observation(kb, f, context | {"effectiveDateTime": _instant(view.visit.started_at)}) for f in view.findings),
        *(_procedure(kb, t, by_id[t.finding_id], context) for t in view.treatments),
        _composition(view, client_uuid, now),
    ]
    bundle = {
        "resourceType": "Bundle",
        "id": _derived(view.visit.uuid, "bundle"),
        "type": "collection",
        "timestamp": _instant(now),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }
    validate_visit_bundle(bundle)
    return bundle


def validate_visit_bundle(bundle: dict[str, Any]) -> None:
    """Structural validation with fhir.resources (R4B); every reference must resolve inside the bundle."""
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    for entry in bundle["entry"]:
        for reference in references(entry["resource"]):
            if reference not in urls:
                raise FhirExportError(f"{entry['fullUrl']}: reference {reference} is not in the bundle")
