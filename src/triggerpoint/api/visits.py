"""Intake and the therapist's visit over JSON: findings and treatment, checked by the visit rules.

The client (or staff, at `/clients/{client_ref}/api/intake`) submits the intake. Only a therapist
caring for the client may start a visit and record findings and treatment (policy: RECORD_VISIT);
anyone else, and everyone on a personal machine (there is no therapist), gets a 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from triggerpoint.api.common import SHARED_RESPONSES, documented
from triggerpoint.framework.deps import DB, KB, Index, Me, Now, SignedIn, recording_therapist
from triggerpoint.programs.schemas import ProgramRead
from triggerpoint.programs.service import read_program
from triggerpoint.visits import checklist, loop
from triggerpoint.visits import service as visits
from triggerpoint.visits.loop_schemas import LoopRead
from triggerpoint.visits.schemas import (
    FindingRead,
    FindingWrite,
    IntakeCreate,
    IntakeRead,
    PointRef,
    TreatmentCreate,
    TreatmentRead,
    VisitCreate,
    VisitFinish,
    VisitProgram,
    VisitRead,
)

router = APIRouter(prefix="/api", tags=["visits"], responses=SHARED_RESPONSES)
VisitId = Annotated[str, Path(max_length=64)]


@router.post("/intake", status_code=201, response_model=IntakeRead, responses=documented(404, 422))
def submit_intake(body: IntakeCreate, kb: KB, db: DB, me: Me, clock: Now) -> IntakeRead:
    """Submit a health history and the drawing it refers to; the answers raise the precautions for treatment."""
    return visits.read_intake(db, visits.submit_intake(db, kb, me.id, body, clock.now()))


@router.post("/visits", status_code=201, response_model=VisitRead, responses=documented(404, 409, 422))
def start_visit(body: VisitCreate, db: DB, me: Me, signed_in: SignedIn, clock: Now, index: Index) -> VisitRead:
    """Start a visit (a therapist), from a drawing whose red-flag screen is clear (409 otherwise) or none."""
    therapist = recording_therapist(db, signed_in, me)
    return visits.read_visit(db, visits.start_visit(db, me.id, therapist, body.drawing, clock.now(), index))


@router.get("/visits/{visit_id}", response_model=VisitRead, responses=documented(404))
def get_visit(visit_id: VisitId, db: DB, me: Me) -> VisitRead:
    """One visit: suggestions, precautions in force, findings, treatment and length."""
    return visits.read_visit(db, visits.get_visit(db, me.id, visit_id))


@router.get("/visits/{visit_id}/loop", response_model=LoopRead, responses=documented(404))
def get_loop(visit_id: VisitId, kb: KB, db: DB, me: Me, signed_in: SignedIn) -> LoopRead:
    """The loop closed (a therapist): the first visit's regions, treated points and scores, then and now."""
    recording_therapist(db, signed_in, me)
    return loop.loop_of(db, kb, me.id, visit_id)


@router.put("/visits/{visit_id}/findings", response_model=FindingRead, responses=documented(404, 422))
def record_finding(visit_id: VisitId, body: FindingWrite, kb: KB, db: DB, me: Me, signed_in: SignedIn) -> FindingRead:
    """Record (or correct) one point's finding; its classification is computed by the diagnostic criteria."""
    recording_therapist(db, signed_in, me)
    return visits.read_finding(visits.record_finding(db, kb, me.id, visit_id, body))


@router.post(
    "/visits/{visit_id}/treatments", status_code=201, response_model=TreatmentRead, responses=documented(404, 409, 422)
)
def record_treatment(
    visit_id: VisitId, body: TreatmentCreate, kb: KB, db: DB, me: Me, signed_in: SignedIn
) -> TreatmentRead:
    """Record treatment of an examined point; pressure over a precaution's cap or an avoided area is a 422."""
    recording_therapist(db, signed_in, me)
    return visits.read_treatment(visits.record_treatment(db, kb, me.id, visit_id, body), body)


@router.post("/visits/{visit_id}/finish", response_model=VisitRead, responses=documented(404, 422))
def finish_visit(visit_id: VisitId, body: VisitFinish, db: DB, me: Me, signed_in: SignedIn) -> VisitRead:
    """Record the length the visit actually took."""
    recording_therapist(db, signed_in, me)
    return visits.read_visit(db, visits.finish_visit(db, me.id, visit_id, body.minutes))


@router.post(
    "/visits/{visit_id}/points", status_code=201, response_model=FindingRead, responses=documented(404, 409, 422)
)
def add_point(visit_id: VisitId, body: PointRef, kb: KB, db: DB, me: Me, signed_in: SignedIn) -> FindingRead:
    """Put a point the finder did not suggest on the visit's checklist (409 if it is a suggestion already)."""
    recording_therapist(db, signed_in, me)
    return visits.read_finding(visits.add_point(db, kb, me.id, visit_id, body))


@router.post(
    "/visits/{visit_id}/program", status_code=201, response_model=ProgramRead, responses=documented(404, 409, 422)
)
def assign_program(
    visit_id: VisitId, body: VisitProgram, kb: KB, db: DB, me: Me, signed_in: SignedIn, clock: Now
) -> ProgramRead:
    """Assign the client a home program from points found active at this visit, with its precautions."""
    recording_therapist(db, signed_in, me)
    return read_program(checklist.assign_program(db, kb, me.id, visit_id, body.points, clock.today()))
