"""A FHIR R4 Bundle of one client's record, for the doctor's system (mapping: docs/fhir-mapping.md).

Validated twice: structurally by fhir.resources (its R4B models stand in for R4), and by
our own checks of codes, ranges and references, which the models do not make.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from triggerpoint.clock import Clock
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.fhir.bodysites import SNOMED, BodySites, is_concept_id, load_body_sites
from triggerpoint.kb import KnowledgeBase
from triggerpoint.programs.models import Program
from triggerpoint.progress.series import DiaryPoint, medication_days
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.reports.data import MedicationUse, diary_points, flagged, medication_uses, warning_signs
from triggerpoint.selfcare import HomeProgram
from triggerpoint.sessions.models import CheckIn

LOINC = "http://loinc.org"
PAIN_CODE = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
REGION_SYSTEM = "urn:triggerpoint:body-region"
SCORE_SYSTEM = "urn:triggerpoint:questionnaire-score"
CHECKIN_SYSTEM = "urn:triggerpoint:checkin"
QUESTIONNAIRE_PREFIX = "urn:triggerpoint:questionnaire:"
SURVEY = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}]}
# A published R4 extension for the side of Observation.bodySite, bound to the SNOMED CT
# laterality qualifiers (mCODE STU4); core R4 has none (docs/fhir-mapping.md).
LATERALITY_EXTENSION = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"
SELF_REPORTED = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/medication-statement-category",
            "code": "patientspecified",
            "display": "Patient Specified",
        }
    ]
}
ANY_PAIN_MEDICATION = "Pain medication (any)"


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


def body_site(kb: KnowledgeBase, sites: BodySites, region_id: str) -> dict[str, Any]:
    """A region as a bodySite: its SNOMED CT body structure first (where mapped), our region code, its side."""
    region = kb.region(region_id)
    site = sites.site(region.base)
    ours = {"system": REGION_SYSTEM, "code": region_id, "display": region.name}
    concept: dict[str, Any] = {"coding": [*([site.coding()] if site else []), ours], "text": region.name}
    if region.side is not None:
        side = {"coding": [sites.side(region.side).coding()], "text": region.side.value}
        concept["extension"] = [{"url": LATERALITY_EXTENSION, "valueCodeableConcept": side}]
    return concept


class SiteConcepts:
    """Each region's bodySite, built once per export: a year of records repeats a few regions thousands of times.

    The same dict then stands in every resource of that region, so nothing may change it after it is made.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb, self._sites = kb, load_body_sites()
        self._made: dict[str, dict[str, Any]] = {}

    def __call__(self, region_id: str) -> dict[str, Any]:
        if (made := self._made.get(region_id)) is None:
            made = self._made[region_id] = body_site(self._kb, self._sites, region_id)
        return made


def _sites(site_of: SiteConcepts, base: dict[str, Any], parent: str, regions: dict[str, int]) -> list[dict[str, Any]]:
    """One pain Observation per painted region, with the region as its body site."""
    return [
        base
        | {
            "id": _derived_uuid(parent, region),
            "valueInteger": level,
            "bodySite": site_of(region),
            "derivedFrom": [{"reference": f"urn:uuid:{parent}"}],
        }
        for region, level in regions.items()
    ]


def _pain(site_of: SiteConcepts, entry: DiaryEntry, patient: str) -> list[dict[str, Any]]:
    base = _pain_base(patient, entry.recorded_at)
    overall = base | {"id": entry.uuid, "valueInteger": entry.pain}
    return [overall, *_sites(site_of, base, entry.uuid, entry.drawing)]


def _by_month(points: list[DiaryPoint]) -> dict[str, list[DiaryPoint]]:
    months: dict[str, list[DiaryPoint]] = defaultdict(list)
    for point in points:
        months[f"{point.day:%Y-%m}"].append(point)
    return dict(months)


def _statement(patient: str, key: str, status: str, medication: str) -> dict[str, Any]:
    return {
        "resourceType": "MedicationStatement",
        "id": _derived_uuid(patient, key),
        "status": status,
        "category": SELF_REPORTED,
        "medicationCodeableConcept": {"text": medication},
        "subject": {"reference": f"urn:uuid:{patient}"},
        "informationSource": {"reference": f"urn:uuid:{patient}"},
    }


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _taken(patient: str, month: str, use: MedicationUse, recorded: int) -> dict[str, Any]:
    """One medication's use in one month: the dose as written, on how many of the recorded days."""
    key = f"medication|{use.name.casefold()}|{use.dose.casefold()}|{month}"
    days = _count(len(use.days), "day", "days")
    often = f"on {days} of {recorded} with medication recorded in {use.first:%B %Y}"
    listed = f"In the diary: {use.label}, in {_count(use.entries, 'entry', 'entries')} on {days}."
    return _statement(patient, key, "completed", use.name) | {
        "effectivePeriod": {"start": use.first.isoformat(), "end": use.last.isoformat()},
        "dosage": [{"text": f"{use.dose or 'dose not recorded'}, {often}"}],
        "note": [{"text": listed}],
    }


def _not_taken(patient: str, month: str, free: list[date], recorded: int) -> dict[str, Any]:
    """A month in which every day with medication recorded was free of pain medication."""
    days = _count(recorded, "day", "days")
    return _statement(patient, f"no-medication|{month}", "not-taken", ANY_PAIN_MEDICATION) | {
        "effectivePeriod": {"start": free[0].isoformat(), "end": free[-1].isoformat()},
        "note": [{"text": f"No pain medication taken in {free[0]:%B %Y}: {days} recorded, all free of it."}],
    }


def _medications(points: list[DiaryPoint], patient: str) -> list[dict[str, Any]]:
    """MedicationStatements per medication and calendar month; a not-taken one for a month with none at all."""
    statements = []
    for month, group in sorted(_by_month(points).items()):
        said = [(day, free) for day, free in medication_days(group) if free is not None]
        uses = medication_uses(group)
        statements += [_taken(patient, month, use, len(said)) for use in uses]
        if said and not uses:
            statements.append(_not_taken(patient, month, [day for day, _ in said], len(said)))
    return statements


def _checkin_component(code: str, text: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"code": {"coding": [{"system": CHECKIN_SYSTEM, "code": code}], "text": text}} | value


def _checkin(checkin: CheckIn, patient: str) -> dict[str, Any]:
    """A check-in that reported a warning sign or paused the program, with what was answered and said."""
    signs = warning_signs(checkin)
    summary = ", ".join(signs) or f"{checkin.soreness} soreness"
    return {
        "resourceType": "Observation",
        "id": checkin.uuid,
        "status": "final",
        "category": [SURVEY],
        "code": {
            "coding": [{"system": CHECKIN_SYSTEM, "code": "next-day-check-in"}],
            "text": "Next-day check-in after self-massage",
        },
        "subject": {"reference": f"urn:uuid:{patient}"},
        "effectiveDateTime": checkin.day.isoformat(),
        "valueString": summary + ("; program paused" if checkin.paused else ""),
        "component": [
            _checkin_component("soreness", "Soreness where pressed", {"valueString": checkin.soreness}),
            _checkin_component("trend", "Soreness since the day before", {"valueString": checkin.trend}),
            _checkin_component("bruising", "Bruising", {"valueBoolean": checkin.bruising}),
            _checkin_component("numbness", "Numbness", {"valueBoolean": checkin.numbness}),
            _checkin_component("weakness", "New weakness", {"valueBoolean": checkin.weakness}),
            _checkin_component("paused", "Program paused", {"valueBoolean": checkin.paused}),
        ],
        "note": [{"text": checkin.message}],
    }


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


def _drawing(site_of: SiteConcepts, drawing: PainDrawing, patient: str) -> list[dict[str, Any]]:
    """A body-map drawing: one pain Observation per region (derived from the screen) and the screen itself."""
    base = _pain_base(patient, drawing.recorded_at)
    return [_screen(drawing, patient), *_sites(site_of, base, drawing.uuid, drawing.regions)]


def _derived_uuid(parent: str, name: str) -> str:
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


@dataclass(frozen=True)
class ExportedBundle:
    """A checked Bundle, to be written out as JSON piece by piece."""

    bundle: dict[str, Any]

    def json_chunks(self, entries_per_chunk: int = 250) -> Iterator[str]:
        """The Bundle as compact JSON: the envelope, then its entries a few hundred at a time."""
        entries = self.bundle["entry"]
        head = {key: value for key, value in self.bundle.items() if key != "entry"}
        yield _compact(head)[:-1] + ',"entry":['
        for first in range(0, len(entries), entries_per_chunk):
            chunk = ",".join(_compact(entry) for entry in entries[first : first + entries_per_chunk])
            yield ("," if first else "") + chunk
        yield "]}"


def build_export(
    kb: KnowledgeBase,
    client_uuid: str,
    entries: list[DiaryEntry],
    drawings: list[PainDrawing],
    responses: list[QuestionnaireResponse],
    program: Program | None,
    plan: HomeProgram | None,
    now: datetime,
    checkins: Sequence[CheckIn] = (),
    zone: tzinfo = UTC,
) -> ExportedBundle:
    """The Bundle, checked by fhir.resources (one resource of each shape) and by our own rules (every resource).

    `checkins`: only those with a warning sign or a pause are sent. `zone`: the person's time
    zone, which decides the calendar day and month of each medication taken.
    """
    resources, site_of = [_patient(client_uuid)], SiteConcepts(kb)
    for entry in entries:
        resources += _pain(site_of, entry, client_uuid)
    resources += _medications(diary_points(list(entries), Clock(zone)), client_uuid)
    resources += [_checkin(c, client_uuid) for c in flagged(checkins)]
    for drawing in drawings:
        resources += _drawing(site_of, drawing, client_uuid)
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
    check_export(bundle)
    return ExportedBundle(bundle)


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


Shaped = dict[int, tuple[Hashable, list[str]]]  # id of a dict or list seen: its shape and its references


def _shape(value: Any, references: list[str], seen: Shaped) -> Hashable:
    """A resource with its values left out (empty strings apart: FHIR refuses them); its references are collected.

    A dict or list that stands in many resources (SiteConcepts) is walked once, through `seen`.
    """
    kind = type(value)
    if kind is dict or kind is list:
        if (known := seen.get(id(value))) is None:
            found: list[str] = []
            known = seen[id(value)] = (_nested(value, found, seen), found)
        references.extend(known[1])
        return known[0]
    if kind is str:
        return "text" if value else ""
    return kind.__name__


def _nested(value: dict[str, Any] | list[Any], references: list[str], seen: Shaped) -> Hashable:
    if isinstance(value, list):
        return tuple([_shape(item, references, seen) for item in value])
    if isinstance(reference := value.get("reference"), str):
        references.append(reference)
    return tuple([(key, _shape(item, references, seen)) for key, item in value.items()])


def check_export(bundle: dict[str, Any]) -> None:
    """fhir.resources on one entry of each shape, then our checks on every entry.

    Entries of one shape come from the same code with the same fields, nested alike, in lists of
    the same lengths: what fhir.resources finds in one (a field, a type, a cardinality) it finds in
    all. Their values differ, and our checks read those in every entry; an empty string, the one
    value FHIR refuses that the person's own text could bring, makes a shape of its own.
    """
    from fhir.resources.R4B.bundle import Bundle

    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    shapes: dict[Hashable, dict[str, Any]] = {}
    seen: Shaped = {}
    for entry in bundle["entry"]:
        references: list[str] = []
        shapes.setdefault(_shape(entry, references, seen), entry)
        if dangling := [r for r in references if r not in urls]:
            raise FhirExportError(f"{entry['fullUrl']}: reference {dangling[0]} is not in the bundle")
        _check_values(entry)
    Bundle.model_validate(bundle | {"entry": list(shapes.values())})


def _pain_problem(resource: dict[str, Any]) -> str | None:
    coding = resource.get("code", {}).get("coding", [{}])[0]
    is_pain = resource["resourceType"] == "Observation" and coding.get("code") == PAIN_CODE
    if is_pain and (coding.get("system") != LOINC or not 0 <= resource.get("valueInteger", -1) <= 10):
        return f"a pain rating must be LOINC {PAIN_CODE} with a value 0-10"
    return None


def _body_site_problem(resource: dict[str, Any]) -> str | None:
    site = resource.get("bodySite")
    if site is None:
        return None
    codings = site.get("coding", [])
    if not any(c.get("system") == REGION_SYSTEM and c.get("code") for c in codings):
        return "a body site must carry our region code"
    snomed = [c for c in codings if c.get("system") == SNOMED]
    if snomed and (codings[0] is not snomed[0] or not all(is_concept_id(str(c.get("code"))) for c in snomed)):
        return "a SNOMED CT body site must come first, with a valid concept ID"
    return None


def _medication_problem(resource: dict[str, Any]) -> str | None:
    if resource["resourceType"] != "MedicationStatement":
        return None
    if not resource.get("medicationCodeableConcept", {}).get("text") or "subject" not in resource:
        return "a medication statement needs the medication as written and a subject"
    period = resource.get("effectivePeriod", {})
    if resource["status"] not in {"completed", "not-taken"} or not period.get("start", "") <= period.get("end", ""):
        return "a medication statement must be completed or not-taken, over a period that ends after it starts"
    if resource["status"] == "completed" and not resource.get("dosage", [{}])[0].get("text"):
        return "a medication taken needs its dosage text"
    return None


def _checkin_problem(resource: dict[str, Any]) -> str | None:
    coding = resource.get("code", {}).get("coding", [{}])[0]
    if coding.get("system") != CHECKIN_SYSTEM:
        return None
    codes = {c["code"]["coding"][0]["code"] for c in resource.get("component", [])}
    if not {"bruising", "numbness", "weakness", "paused"} <= codes or not resource.get("note"):
        return "a check-in must say each warning sign, whether the program paused, and the message"
    return None


def _check_values(entry: dict[str, Any]) -> None:
    resource = entry["resource"]
    for check in (_pain_problem, _body_site_problem, _medication_problem, _checkin_problem):
        problem = check(resource)
        if problem:
            raise FhirExportError(f"{entry['fullUrl']}: {problem}")


def _our_checks(bundle: dict[str, Any]) -> None:
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    for entry in bundle["entry"]:
        for reference in references(entry["resource"]):
            if reference not in urls:
                raise FhirExportError(f"{entry['fullUrl']}: reference {reference} is not in the bundle")
        _check_values(entry)


def references(value: Any) -> list[str]:
    """Every `reference` string anywhere in a resource (to check each resolves inside its bundle)."""
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in references(v)]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    return []


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Structural validation of every resource with fhir.resources (R4B), then our checks of codes, ranges and
    references: the full check, for tests and for bundles from elsewhere (an export checks as build_export says)."""
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    _our_checks(bundle)
