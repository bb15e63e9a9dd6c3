"""A visit's SOAP note over JSON: read or draft it, edit it, sign it, add addenda, print it, export it as FHIR.

Only a therapist caring for the client (policy: RECORD_VISIT) reaches these; anyone else, and everyone on
a personal machine (there is no therapist), gets a 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from sqlalchemy.orm import Session

from triggerpoint.accounts import service as accounts
from triggerpoint.accounts.policy import Action
from triggerpoint.api.common import SHARED_RESPONSES, documented
from triggerpoint.clients.models import Client
from triggerpoint.errors import NotFoundError
from triggerpoint.fhir.visit import visit_bundle
from triggerpoint.framework.deps import DB, KB, Me, Now, SignedIn, Templates, visit_recorder
from triggerpoint.reports.pdf import html_to_pdf
from triggerpoint.visits import note_facts, notes
from triggerpoint.visits.note_schemas import AddendumCreate, AddendumRead, NoteEdit, NoteRead, NoteSign

router = APIRouter(prefix="/api/visits/{visit_id}", tags=["visit notes"], responses=SHARED_RESPONSES)
VisitId = Annotated[str, Path(max_length=64)]


def _therapist(db: Session, signed_in: SignedIn, client: Client) -> int:
    """The signed-in therapist's account ID, if they may record this client's visits; else a 404."""
    therapist = visit_recorder(db, signed_in, client)
    if therapist is None:
        raise NotFoundError("visit_id", "no visit here")  # the documented 404 shape, naming nothing
    return therapist


def _reader(db: Session, signed_in: SignedIn, client: Client, visit_id: str) -> notes.NoteView | None:
    """The note, for someone who may read it (notes.readable); else a 404 naming nothing."""
    view = _view_or_none(db, client.id, visit_id)
    principal = signed_in.principal if signed_in is not None else None
    may_record = principal is not None and accounts.may(db, principal, Action.RECORD_VISIT, client)
    may_read = principal is not None and accounts.may(db, principal, Action.READ_RECORD, client)
    if not notes.readable(view, may_record, may_read):
        raise NotFoundError("visit_id", "no visit here")
    return view


def _read(view: notes.NoteView) -> NoteRead:
    note = view.note
    addenda = [AddendumRead(written_at=a.addendum.written_at, author=a.author.name if a.author else None,
                            text=a.addendum.text) for a in view.addenda]  # fmt: skip
    sections = {name: getattr(note, name) for name in notes.SECTIONS}
    signer = view.signer.name if view.signer else None
    return NoteRead(uuid=note.uuid, visit=view.visit.uuid, version=note.version, signed_at=note.signed_at,
                    signed_by=signer, addenda=addenda, **sections)  # fmt: skip


def _view_or_none(db: Session, client_id: int, visit_id: str) -> notes.NoteView | None:
    try:
        return notes.note_view(db, client_id, visit_id)
    except NotFoundError as error:
        if error.field == "visit":
            raise
        return None


@router.get("/note", response_model=NoteRead, responses=documented(404))
def get_note(visit_id: VisitId, kb: KB, db: DB, me: Me, signed_in: SignedIn) -> NoteRead:
    """The visit's note; before one is saved, the draft its records write (version 0, not stored).
    The client reads it once it is signed."""
    view = _reader(db, signed_in, me, visit_id)
    if view is not None:
        return _read(view)
    preview = notes.preview(db, kb, me.id, visit_id)
    return NoteRead(uuid=None, visit=visit_id, version=0, **vars(preview))


@router.put("/note", response_model=NoteRead, responses=documented(404, 409, 422))
def put_note(visit_id: VisitId, body: NoteEdit, kb: KB, db: DB, me: Me, signed_in: SignedIn, clock: Now) -> NoteRead:
    """Save the note: send the version you read (0 for the draft) and the sections changed. Stale or signed: 409."""
    _therapist(db, signed_in, me)
    changed = {name: text for name in notes.SECTIONS if (text := getattr(body, name)) is not None}
    notes.save_note(db, kb, me.id, visit_id, body.version, changed, clock.now(), redraft=body.redraft)
    return _read(notes.note_view(db, me.id, visit_id))


@router.post("/note/sign", response_model=NoteRead, responses=documented(404, 409, 422))
def sign_note(visit_id: VisitId, body: NoteSign, db: DB, me: Me, signed_in: SignedIn, clock: Now) -> NoteRead:
    """Sign and lock the note at the version you read (409 if it changed since); then it changes only by addendum."""
    therapist = _therapist(db, signed_in, me)
    notes.sign_read_version(db, me.id, visit_id, body.version, therapist, clock.now())
    return _read(notes.note_view(db, me.id, visit_id))


@router.post("/note/addenda", status_code=201, response_model=NoteRead, responses=documented(404, 409, 422))
def add_addendum(visit_id: VisitId, body: AddendumCreate, db: DB, me: Me, signed_in: SignedIn, clock: Now) -> NoteRead:
    """Add a dated correction or addition to the signed note, by you; the note stays as signed."""
    therapist = _therapist(db, signed_in, me)
    note = notes.note_of_visit(db, me.id, visit_id)
    notes.add_addendum(db, me.id, note.uuid, therapist, body.text, clock.now())
    return _read(notes.note_view(db, me.id, visit_id))


@router.get(
    "/note.pdf", response_class=Response, responses={200: {"content": {"application/pdf": {}}}, **documented(404)}
)
def note_pdf(visit_id: VisitId, templates: Templates, kb: KB, db: DB, me: Me, signed_in: SignedIn,
             clock: Now) -> Response:  # fmt: skip
    """The note as a PDF: header, the four sections, the findings table, the signature and the addenda."""
    view = _reader(db, signed_in, me, visit_id) or notes.note_view(db, me.id, visit_id)
    named = {f.id: note_facts.names(kb, f.muscle, f.point) for f in view.findings}
    context = {"view": view, "names": named, "printed": clock.now(), "zone": clock.zone}
    html = templates.get_template("report_visit_note.html").render(context)
    headers = {"Content-Disposition": f'attachment; filename="visit-note-{view.visit.started_at:%Y-%m-%d}.pdf"'}
    return Response(html_to_pdf(html), media_type="application/pdf", headers=headers)


@router.get("/fhir.json", response_model=dict[str, Any], responses=documented(404))
def note_fhir(visit_id: VisitId, kb: KB, db: DB, me: Me, signed_in: SignedIn, clock: Now) -> dict[str, Any]:
    """The visit as a FHIR R4 Bundle: Encounter, Observations, Procedures and the note as a Composition."""
    view = _reader(db, signed_in, me, visit_id) or notes.note_view(db, me.id, visit_id)
    return visit_bundle(kb, view, me.uuid, clock.now())
