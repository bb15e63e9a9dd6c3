"""The note service on each backend: drafted from the records, edited by version, signed and locked, addenda."""

from __future__ import annotations

from datetime import timedelta

import pytest
from note_world import SECOND, World
from sqlalchemy.orm import Session

from triggerpoint.errors import ConflictError, FieldError, NotFoundError
from triggerpoint.kb import KnowledgeBase
from triggerpoint.visits import notes

LATER = SECOND + timedelta(hours=2)


def test_the_draft_is_written_from_the_records(db: Session, kb: KnowledgeBase, world: World) -> None:
    note = notes.draft_note(db, kb, world.client.id, world.second.uuid, LATER)
    assert note.version == 1 and note.signed_at is None
    assert "My right temple aches at work" in note.subjective
    assert "mean 5.0/10, range 4-6 over 3 diary entries" in note.subjective
    assert "NDI 10%" in note.subjective and "improved" in note.subjective
    assert "Upper trapezius, front edge (TP1) (right)" in note.objective
    assert "Temple, right" in note.assessment and "tenderness 8 then, 5 now" in note.assessment
    assert "ischemic compression, pressure 5/10, 90 s, released" in note.plan


def test_a_redraft_refreshes_the_unsigned_note(db: Session, kb: KnowledgeBase, world: World) -> None:
    note = notes.draft_note(db, kb, world.client.id, world.second.uuid, LATER)
    notes.edit_note(db, world.client.id, note.uuid, 1, {"plan": "mine"})
    again = notes.draft_note(db, kb, world.client.id, world.second.uuid, LATER)
    assert again.id == note.id and again.version == 3 and "Treatment given" in again.plan


def test_edit_needs_the_current_version(db: Session, kb: KnowledgeBase, world: World) -> None:
    note = notes.draft_note(db, kb, world.client.id, world.second.uuid, LATER)
    edited = notes.edit_note(db, world.client.id, note.uuid, 1, {"assessment": "Edited."})
    assert edited.version == 2 and edited.assessment == "Edited."
    with pytest.raises(ConflictError) as stale:
        notes.edit_note(db, world.client.id, note.uuid, 1, {"assessment": "Lost update"})
    assert stale.value.field == "version"
    with pytest.raises(FieldError):
        notes.edit_note(db, world.client.id, note.uuid, 2, {"diagnosis": "x"})


def test_signing_locks_the_note(db: Session, kb: KnowledgeBase, world: World) -> None:
    note = notes.draft_note(db, kb, world.client.id, world.second.uuid, LATER)
    signed = notes.sign_note(db, world.client.id, note.uuid, world.therapist.id, LATER)
    assert signed.signed_at == LATER and signed.signed_by == world.therapist.id
    with pytest.raises(ConflictError, match="signed notes change only by addendum"):
        notes.edit_note(db, world.client.id, note.uuid, signed.version, {"plan": "changed"})
    with pytest.raises(ConflictError, match="signed notes change only by addendum"):
        notes.draft_note(db, kb, world.client.id, world.second.uuid, LATER)
    with pytest.raises(ConflictError):
        notes.sign_note(db, world.client.id, note.uuid, world.therapist.id, LATER)


def test_addenda_only_after_signing_dated_and_in_order(db: Session, kb: KnowledgeBase, world: World) -> None:
    note = notes.draft_note(db, kb, world.client.id, world.second.uuid, LATER)
    with pytest.raises(ConflictError):
        notes.add_addendum(db, world.client.id, note.uuid, world.therapist.id, "too early", LATER)
    notes.sign_note(db, world.client.id, note.uuid, world.therapist.id, LATER)
    for hours, text in ((3, "First correction"), (5, "Second correction")):
        notes.add_addendum(db, world.client.id, note.uuid, world.therapist.id, text, LATER + timedelta(hours=hours))
    with pytest.raises(FieldError):
        notes.add_addendum(db, world.client.id, note.uuid, world.therapist.id, "  ", LATER)
    view = notes.note_view(db, world.client.id, world.second.uuid)
    assert [a.addendum.text for a in view.addenda] == ["First correction", "Second correction"]
    assert [a.addendum.written_at for a in view.addenda] == [LATER + timedelta(hours=3), LATER + timedelta(hours=5)]
    assert {a.author.name for a in view.addenda if a.author} == {"Tess Therapist"}
    assert view.signer is not None and view.signer.name == "Tess Therapist"
    assert "Treatment given" in view.note.plan  # the note itself stays as signed


def test_another_clients_visit_is_not_found(db: Session, kb: KnowledgeBase, world: World) -> None:
    with pytest.raises(NotFoundError):
        notes.draft_note(db, kb, world.client.id + 1000, world.second.uuid, LATER)
    with pytest.raises(NotFoundError):
        notes.note_view(db, world.client.id, world.first.uuid)


def test_saving_from_a_stale_read_is_refused_and_nothing_is_lost(db: Session, kb: KnowledgeBase, world: World) -> None:
    client, visit = world.client.id, world.second.uuid
    read = notes.save_note(db, kb, client, visit, 0, {}, LATER).version  # the version the therapist read
    with pytest.raises(ConflictError):
        notes.save_note(db, kb, client, visit, 0, {"plan": "a second draft"}, LATER)  # saved since it was read
    mine = notes.save_note(db, kb, client, visit, read, {"plan": "Mine."}, LATER)
    with pytest.raises(ConflictError):
        notes.save_note(db, kb, client, visit, read, {"plan": "Theirs."}, LATER)  # read before mine
    assert notes.note_of_visit(db, client, visit).plan == "Mine." and mine.version == read + 1
    with pytest.raises(ConflictError):
        notes.sign_read_version(db, client, visit, read, world.therapist.id, LATER)
    signed = notes.sign_read_version(db, client, visit, mine.version, world.therapist.id, LATER)
    assert signed.signed_at is not None
