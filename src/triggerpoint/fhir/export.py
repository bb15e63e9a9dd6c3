"""A FHIR R4 Bundle of one client's record, for the doctor's system (mapping: docs/fhir-mapping.md).

Validated twice: structurally by fhir.resources (its R4B models stand in for R4), and by
our own checks of codes, ranges and references, which the models do not make.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from triggerpoint.diary.models import DiaryEntry
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.kb import KnowledgeBase
from triggerpoint.programs.models import Program
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.selfcare import HomeProgram

LOINC = "http://loinc.org"
PAIN_CODE = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
REGION_SYSTEM = "urn:triggerpoint:body-region"
SCORE_SYSTEM = "urn:triggerpoint:questionnaire-score"
QUESTIONNAIRE_PREFIX = "urn:triggerpoint:questionnaire:"
SURVEY = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}]}


class FhirExportError(ValueError):
    """The bundle failed a check; names the entry."""


def _instant(moment: datetime) -> str:
    """FHIR dateTimes with a time need a zone; SQLite hands back naive UTC values."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _patient(client_uuid: str) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": client_uuid,
        "identifier": [{"system": "urn:triggerpoint:client", "value": client_uuid}],
    }


def _pain_base(patient: str, moment: datetime) -> dict[str, Any]:
    code = {"coding": [{"system": LOINC, "code": PAIN_CODE, "display": PAIN_DISPLAY}], "text": "Pain now (0-10)"}
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "code": code,
        "subject": {"reference": f"urn:uuid:{patient}"},
        "effectiveDateTime": _instant(moment),
    }


def _sites(kb: KnowledgeBase, base: dict[str, Any], parent: str, regions: dict[str, int]) -> list[dict[str, Any]]:
    """One pain Observation per painted region, with the region as its body site."""
    return [
        base
        | {
            "id": _derived_uuid(parent, region),
            "valueInteger": level,
            "bodySite": {
                "coding": [{"system": REGION_SYSTEM, "code": region, "display": kb.region(region).name}],
                "text": kb.region(region).name,
            },
            "derivedFrom": [{"reference": f"urn:uuid:{parent}"}],
        }
        for region, level in regions.items()
    ]


def _pain(kb: KnowledgeBase, entry: DiaryEntry, patient: str) -> list[dict[str, Any]]:
    base = _pain_base(patient, entry.recorded_at)
    overall = base | {"id": entry.uuid, "valueInteger": entry.pain}
    return [overall, *_sites(kb, base, entry.uuid, entry.drawing)]


def _screen(drawing: PainDrawing, patient: str) -> dict[str, Any]:
    """The red-flag screen asked with a drawing, as a QuestionnaireResponse."""
    items = [
        {
            "linkId": q["id"],
            "text": q["ask"],
            **({"answer": [{"valueBoolean": q["answer"]}]} if q["answer"] is not None else {}),
        }
        for q in drawing.screen
    ]
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": drawing.uuid,
        "status": "in-progress" if drawing.screened_at is None else "completed",
        "questionnaire": f"{QUESTIONNAIRE_PREFIX}red-flag-screen",
        "subject": {"reference": f"urn:uuid:{patient}"},
        "authored": _instant(drawing.screened_at or drawing.recorded_at),
        "item": items,
    }
    if drawing.screen_status == "refer":
        resource["extension"] = [{"url": f"{QUESTIONNAIRE_PREFIX}outcome", "valueString": "refer to a clinician first"}]
    return resource


def _drawing(kb: KnowledgeBase, drawing: PainDrawing, patient: str) -> list[dict[str, Any]]:
    """A body-map drawing: one pain Observation per region (derived from the screen) and the screen itself."""
    base = _pain_base(patient, drawing.recorded_at)
    return [_screen(drawing, patient), *_sites(kb, base, drawing.uuid, drawing.regions)]


def _derived_uuid(parent: str, name: str) -> str:
    import uuid

    return str(uuid.uuid5(uuid.UUID(parent), name))


def _answer(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    return {"valueString": str(value)}


def _questionnaire(response: QuestionnaireResponse, patient: str) -> list[dict[str, Any]]:
    items = [
        {"linkId": key, "answer": [_answer(value)]} for key, value in response.answers.items() if value is not None
    ]
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": response.uuid,
        "status": "completed",
        "questionnaire": f"{QUESTIONNAIRE_PREFIX}{response.instrument}",
        "subject": {"reference": f"urn:uuid:{patient}"},
        "authored": response.completed_on.isoformat(),
        "item": items,
    }
    if response.score is None:
        return [resource]
    score = {
        "resourceType": "Observation",
        "id": _derived_uuid(response.uuid, "score"),
        "status": "final",
        "category": [SURVEY],
        "code": {
            "coding": [{"system": SCORE_SYSTEM, "code": response.instrument}],
            "text": f"{response.instrument} score",
        },
        "subject": {"reference": f"urn:uuid:{patient}"},
        "effectiveDateTime": response.completed_on.isoformat(),
        "valueQuantity": {"value": response.score},
        "derivedFrom": [{"reference": f"urn:uuid:{response.uuid}"}],
    }
    if response.band:
        score["interpretation"] = [{"text": response.band}]
    return [resource, score]


def _care_plan(program: Program, plan: HomeProgram, patient: str) -> dict[str, Any]:
    activities = [
        {
            "detail": {
                "status": "scheduled" if item.enabled else "stopped",
                "description": f"Self-massage of {item.point_name} ({item.side.value}): {item.tool}, pressure "
                f"{item.pressure}/10, {item.seconds or item.strokes} "
                f"{'s' if item.seconds else 'strokes'}, {item.times_per_day}x a day",
            }
        }
        for item in plan.massage
    ] + [
        {
            "detail": {
                "status": "scheduled",
                "description": f"Stretch: {s.name}, hold {s.hold_seconds} s x {s.repetitions}",
            }
        }
        for s in plan.stretches
    ]
    return {
        "resourceType": "CarePlan",
        "id": program.uuid,
        "status": "on-hold" if program.paused_at else "active",
        "intent": "plan",
        "title": "Trigger point home program",
        "subject": {"reference": f"urn:uuid:{patient}"},
        "period": {"start": program.starts_on.isoformat()},
        "activity": activities,
    }


def build_bundle(
    kb: KnowledgeBase,
    client_uuid: str,
    entries: list[DiaryEntry],
    drawings: list[PainDrawing],
    responses: list[QuestionnaireResponse],
    program: Program | None,
    plan: HomeProgram | None,
    now: datetime,
) -> dict[str, Any]:
    """The Bundle as JSON-ready data, checked by fhir.resources and by our own rules."""
    resources = [_patient(client_uuid)]
    for entry in entries:
        resources += _pain(kb, entry, client_uuid)
    for drawing in drawings:
        resources += _drawing(kb, drawing, client_uuid)
    for response in responses:
        resources += _questionnaire(response, client_uuid)
    if program is not None and plan is not None:
        resources.append(_care_plan(program, plan, client_uuid))
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(now),
        "entry": [_entry(r) for r in resources],
    }
    validate_bundle(bundle)
    return bundle


def _our_checks(bundle: dict[str, Any]) -> None:
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        for reference in _references(resource):
            if reference not in urls:
                raise FhirExportError(f"{entry['fullUrl']}: reference {reference} is not in the bundle")
        coding = resource.get("code", {}).get("coding", [{}])[0]
        is_pain = resource["resourceType"] == "Observation" and coding.get("code") == PAIN_CODE
        if is_pain and (coding.get("system") != LOINC or not 0 <= resource.get("valueInteger", -1) <= 10):
            raise FhirExportError(f"{entry['fullUrl']}: a pain rating must be LOINC {PAIN_CODE} with a value 0-10")


def _references(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Structural validation with fhir.resources (R4B), then our checks of codes, ranges and references."""
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    _our_checks(bundle)
