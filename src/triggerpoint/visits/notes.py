"""A visit's SOAP note: drafted from the records, edited, signed and locked, corrected only by addenda.

Services flush; the request commits. An edit names the version it was made from (a stale one is
refused, ConflictError 409, as diary edits are). A signed note is never changed again: corrections
are dated addenda by their author, and the note stays as it was signed (spec/clinical-session.md
section 5: "changes dated and initialled, original stays visible").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from triggerpoint.errors import ConflictError, FieldError, NotFoundError
from triggerpoint.kb import KnowledgeBase
from triggerpoint.visits import note_repository as repo
from triggerpoint.visits.models import Addendum, Finding, Treatment, Visit, VisitNote
from triggerpoint.visits.note_facts import gather
from triggerpoint.visits.soap import SoapDraft, draft

SECTIONS = ("subjective", "objective", "assessment", "plan")
SIGNED = "signed notes change only by addendum"
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Person:
    """A staff member as a note names them: a portable ID and a name."""

    uuid: str
    name: str


@dataclass(frozen=True)
class AddendumView:
    """An addendum with its author."""

    addendum: Addendum
    author: Person | None


@dataclass(frozen=True)
class NoteView:
    """A note with what its page, PDF and export show beside it."""

    note: VisitNote
    visit: Visit
    client_name: str
    therapist: Person | None
    signer: Person | None
    addenda: list[AddendumView]
    findings: list[Finding]
    treatments: list[Treatment]


def get_visit(db: Session, client_id: int, visit_uuid: str) -> Visit:
    """One of the client's visits, or NotFoundError."""
    visit = repo.visit_by_uuid(db, client_id, visit_uuid)
    if visit is None:
        raise NotFoundError("visit", f"no visit {visit_uuid!r}")
    return visit


def get_note(db: Session, client_id: int, note_uuid: str) -> VisitNote:
    """One of the client's notes, or NotFoundError."""
    note = repo.note_by_uuid(db, client_id, note_uuid)
    if note is None:
        raise NotFoundError("note", f"no note {note_uuid!r}")
    return note


def note_of_visit(db: Session, client_id: int, visit_uuid: str) -> VisitNote:
    """The note drafted for a visit, or NotFoundError."""
    note = repo.note_of_visit(db, client_id, get_visit(db, client_id, visit_uuid).id)
    if note is None:
        raise NotFoundError("note", "this visit has no note yet")
    return note


def preview(db: Session, kb: KnowledgeBase, client_id: int, visit_uuid: str) -> SoapDraft:
    """The note the visit's records would write now, without storing it."""
    visit = get_visit(db, client_id, visit_uuid)
    return draft(gather(db, kb, client_id, visit))


def draft_note(db: Session, kb: KnowledgeBase, client_id: int, visit_uuid: str, now: datetime) -> VisitNote:
    """Create the visit's unsigned note from its records, or write the draft again over an unsigned one."""
    visit = get_visit(db, client_id, visit_uuid)
    sections = asdict(draft(gather(db, kb, client_id, visit)))
    note = repo.note_of_visit(db, client_id, visit.id)
    if note is None:
        note = VisitNote(client_id=client_id, visit_id=visit.id, created_at=now, version=1, **sections)
        repo.add(db, client_id, note)
        return note
    return _save(db, client_id, note, note.version, sections)


def _stale() -> ConflictError:
    return ConflictError("version", "this note was changed since you opened it; look at it again and redo your change")


def _save(db: Session, client_id: int, note: VisitNote, version: int, values: dict[str, object]) -> VisitNote:
    if note.signed_at is not None:
        raise ConflictError("note", SIGNED)
    if note.version != version or not repo.save_note_if_version(db, client_id, note, version, values):
        raise _stale()
    return note


def _checked(sections: Mapping[str, str]) -> dict[str, object]:
    for name, text in sections.items():
        if name not in SECTIONS:
            raise FieldError(name, f"not a section of the note; one of {', '.join(SECTIONS)}")
        if len(text) > MAX_TEXT:
            raise FieldError(name, f"at most {MAX_TEXT} characters")
    return dict(sections)


def edit_note(db: Session, client_id: int, note_uuid: str, version: int, sections: Mapping[str, str]) -> VisitNote:
    """Change sections of an unsigned note made from `version`; a stale version or a signed note is a 409."""
    note = get_note(db, client_id, note_uuid)
    return _save(db, client_id, note, version, _checked(sections))


def sign_note(db: Session, client_id: int, note_uuid: str, author_id: int, now: datetime) -> VisitNote:
    """Sign and lock a note: from now on it changes only by addendum."""
    note = get_note(db, client_id, note_uuid)
    if note.signed_at is not None:
        raise ConflictError("note", "this note is signed already; " + SIGNED)
    return _save(db, client_id, note, note.version, {"signed_at": now, "signed_by": author_id})


def add_addendum(db: Session, client_id: int, note_uuid: str, author_id: int, text: str, now: datetime) -> Addendum:
    """Add a dated correction or addition to a signed note, by its author; the note itself stays as signed."""
    note = get_note(db, client_id, note_uuid)
    if note.signed_at is None:
        raise ConflictError("note", "an unsigned note is edited; addenda are added once it is signed")
    if not text.strip():
        raise FieldError("text", "write the correction or addition")
    if len(text) > MAX_TEXT:
        raise FieldError("text", f"at most {MAX_TEXT} characters")
    addendum = Addendum(client_id=client_id, note_id=note.id, author_id=author_id, written_at=now, text=text.strip())
    repo.add(db, client_id, addendum)
    return addendum


def _person(db: Session, client_id: int, account_id: int | None) -> Person | None:
    account = repo.staff(db, client_id, account_id)
    return Person(account.uuid, account.display_name) if account else None


def note_view(db: Session, client_id: int, visit_uuid: str) -> NoteView:
    """A visit's note with its addenda in the order written, the names around it, and its findings."""
    note = note_of_visit(db, client_id, visit_uuid)
    visit = get_visit(db, client_id, visit_uuid)
    client = repo.client(db, client_id)
    addenda = [AddendumView(a, _person(db, client_id, a.author_id)) for a in repo.addenda_of(db, client_id, note.id)]
    return NoteView(
        note=note,
        visit=visit,
        client_name=client.display_name if client else "",
        therapist=_person(db, client_id, visit.therapist_id),
        signer=_person(db, client_id, note.signed_by),
        addenda=addenda,
        findings=repo.findings_of(db, client_id, visit.id),
        treatments=repo.treatments_of(db, client_id, visit.id),
    )


def readable(view: NoteView | None, may_record: bool, may_read_record: bool) -> bool:
    """Who may read a visit's note: the therapists who record the client's visits, and anyone who may read
    the client's record (the client themselves) once the note is signed; a draft stays the therapist's."""
    if may_record:
        return True
    return may_read_record and view is not None and view.note.signed_at is not None


def _saved(db: Session, client_id: int, visit_uuid: str) -> VisitNote | None:
    try:
        return note_of_visit(db, client_id, visit_uuid)
    except NotFoundError as error:
        if error.field == "visit":
            raise
        return None


def save_note(
    db: Session,
    kb: KnowledgeBase,
    client_id: int,
    visit_uuid: str,
    version: int,
    sections: Mapping[str, str],
    now: datetime,
    redraft: bool = False,
) -> VisitNote:
    """Save a visit's note from the version the therapist read: 0 stores the draft (409 if one was saved
    since), a stored version is edited (409 if stale or signed); `redraft` writes it again from the records."""
    note = _saved(db, client_id, visit_uuid)
    if version == 0:
        if note is not None:
            raise ConflictError("version", "this visit's note was saved since you opened it; look at it again")
        note = draft_note(db, kb, client_id, visit_uuid, now)
    elif note is None:
        raise ConflictError("version", "this visit has no saved note yet; send version 0 to save the draft")
    elif redraft:
        edit_note(db, client_id, note.uuid, version, {})  # the version and lock checks alone
        note = draft_note(db, kb, client_id, visit_uuid, now)
    if sections:
        note = edit_note(db, client_id, note.uuid, note.version if version == 0 or redraft else version, sections)
    return note


def sign_read_version(
    db: Session, client_id: int, visit_uuid: str, version: int, author_id: int, now: datetime
) -> VisitNote:
    """Sign the note at the version the therapist read (409 if it changed since); signing twice changes nothing."""
    note = note_of_visit(db, client_id, visit_uuid)
    if note.version != version and note.signed_at is None:
        raise ConflictError("version", "this note was changed since you opened it; read it again before signing")
    return sign_note(db, client_id, note.uuid, author_id, now)
