"""The visit's FHIR bundle: it validates, its findings carry body sites, and signing makes the note final."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from note_world import SECOND, World
from sqlalchemy.orm import Session

from triggerpoint.fhir.bodysites import SNOMED
from triggerpoint.fhir.visit import EXAM, visit_bundle
from triggerpoint.kb import KnowledgeBase
from triggerpoint.visits import notes
from triggerpoint.visits.models import Finding

LATER = SECOND + timedelta(hours=2)


def _of(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _bundle(db: Session, kb: KnowledgeBase, world: World) -> dict[str, Any]:
    view = notes.note_view(db, world.client.id, world.second.uuid)
    return visit_bundle(kb, view, world.client.uuid, LATER)


def test_the_bundle_validates_with_encounter_observations_procedures(
    db: Session, kb: KnowledgeBase, world: World
) -> None:
    notes.draft_note(db, kb, world.client.id, world.second.uuid, LATER)
    bundle = _bundle(db, kb, world)
    (encounter,) = _of(bundle, "Encounter")
    assert encounter["participant"][0]["individual"]["reference"] == f"urn:uuid:{world.therapist.uuid}"
    (observation,) = _of(bundle, "Observation")
    assert observation["code"]["text"] == EXAM
    units = {c["code"]["coding"][0]["code"]: c.get("valueQuantity", {}).get("code") for c in observation["component"]}
    assert units["ppt"] == "kg/cm2" and units["tenderness"] == "{score}" and "taut_band" in units
    (procedure,) = _of(bundle, "Procedure")
    assert procedure["code"]["text"] == "ischemic compression" and procedure["bodySite"]
    (composition,) = _of(bundle, "Composition")
    assert composition["status"] == "preliminary" and "attester" not in composition
    assert [s["code"]["coding"][0]["code"] for s in composition["section"]] == [
        "61150-9",
        "61149-1",
        "51848-0",
        "18776-5",
    ]


def test_observations_carry_snomed_body_sites_or_the_muscle_name(db: Session, kb: KnowledgeBase, world: World) -> None:
    db.add(Finding(client_id=world.client.id, visit_id=world.second.id, muscle="not-a-muscle", point="x", side="left"))
    db.flush()
    notes.draft_note(db, kb, world.client.id, world.second.uuid, LATER)
    sites = [o["bodySite"] for o in _of(_bundle(db, kb, world), "Observation")]
    assert sites[0]["coding"][0]["system"] == SNOMED and "extension" in sites[0]  # with its side
    assert sites[1] == {"text": "not-a-muscle (left)"}


def test_a_signed_note_is_a_final_attested_composition(db: Session, kb: KnowledgeBase, world: World) -> None:
    note = notes.draft_note(db, kb, world.client.id, world.second.uuid, LATER)
    notes.sign_note(db, world.client.id, note.uuid, world.therapist.id, LATER)
    notes.add_addendum(db, world.client.id, note.uuid, world.therapist.id, "PPT re-measured: 3.3", LATER)
    (composition,) = _of(_bundle(db, kb, world), "Composition")
    assert composition["status"] == "final"
    assert composition["attester"][0]["party"]["reference"] == f"urn:uuid:{world.therapist.uuid}"
    assert "PPT re-measured: 3.3" in composition["section"][-1]["text"]["div"]
