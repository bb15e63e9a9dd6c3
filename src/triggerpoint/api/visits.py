"""Intake and the therapist's visit over JSON: findings and treatment, checked by the visit rules.

The client (or staff, at `/clients/{client_ref}/api/intake`) submits the intake. Only a therapist
caring for the client may start a visit and record findings and treatment (policy: RECORD_VISIT);
anyone else, and everyone on a personal machine (there is no therapist), gets a 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from sqlalchemy.orm import Session

from triggerpoint.accounts import service as accounts
from triggerpoint.accounts.policy import Action
from triggerpoint.api.common import SHARED_RESPONSES, documented
from triggerpoint.clients.models import Client
from triggerpoint.errors import NotFoundError
from triggerpoint.framework.deps import DB, KB, Me, Now, SignedIn
from triggerpoint.visits import service as visits
from triggerpoint.visits.schemas import (
    FindingRead,
    FindingWrite,
    IntakeCreate,
    IntakeRead,
    TreatmentCreate,
    TreatmentRead,
    VisitCreate,
    VisitFinish,
    VisitRead,
)

router = APIRouter(prefix="/api", tags=["visits"], responses=SHARED_RESPONSES)
VisitId = Annotated[str, Path(max_length=64)]


def _therapist(db: Session, signed_in: SignedIn, client: Client) -> int:
    """The signed-in therapist's account ID, if they may record this client's visits; else a 404."""
    if signed_in is None or not accounts.may(db, signed_in.principal, Action.RECORD_VISIT, client):
        raise NotFoundError("visit", "not found")  # the same answer as a visit that is not there
    return signed_in.account.id


@router.post("/intake", status_code=201, response_model=IntakeRead, responses=documented(404, 422))
def submit_intake(body: IntakeCreate, kb: KB, db: DB, me: Me, clock: Now) -> IntakeRead:
    """Submit a health history and the drawing it refers to; the answers raise the precautions for treatment."""
    return visits.read_intake(db, visits.submit_intake(db, kb, me.id, body, clock.now()))


@router.post("/visits", status_code=201, response_model=VisitRead, responses=documented(404, 409, 422))
def start_visit(body: VisitCreate, db: DB, me: Me, signed_in: SignedIn, clock: Now) -> VisitRead:
    """Start a visit (a therapist), from a drawing whose red-flag screen is clear (409 otherwise) or none."""
    therapist = _therapist(db, signed_in, me)
    return visits.read_visit(db, visits.start_visit(db, me.id, therapist, body.drawing, clock.now()))


@router.get("/visits/{visit_id}", response_model=VisitRead, responses=documented(404))
def get_visit(visit_id: VisitId, db: DB, me: Me) -> VisitRead:
    """One visit: suggestions, precautions in force, findings, treatment and length."""
    return visits.read_visit(db, visits.get_visit(db, me.id, visit_id))


@router.put("/visits/{visit_id}/findings", response_model=FindingRead, responses=documented(404, 422))
def record_finding(visit_id: VisitId, body: FindingWrite, kb: KB, db: DB, me: Me, signed_in: SignedIn) -> FindingRead:
    """Record (or correct) one point's finding; its classification is computed by the diagnostic criteria."""
    _therapist(db, signed_in, me)
    return visits.read_finding(visits.record_finding(db, kb, me.id, visit_id, body))


@router.post(
    "/visits/{visit_id}/treatments", status_code=201, response_model=TreatmentRead, responses=documented(404, 409, 422)
)
def record_treatment(
    visit_id: VisitId, body: TreatmentCreate, kb: KB, db: DB, me: Me, signed_in: SignedIn
) -> TreatmentRead:
    """Record treatment of an examined point; pressure over a precaution's cap or an avoided area is a 422."""
    _therapist(db, signed_in, me)
    return visits.read_treatment(visits.record_treatment(db, kb, me.id, visit_id, body), body)


@router.post("/visits/{visit_id}/finish", response_model=VisitRead, responses=documented(404, 422))
def finish_visit(visit_id: VisitId, body: VisitFinish, db: DB, me: Me, signed_in: SignedIn) -> VisitRead:
    """Record the length the visit actually took."""
    _therapist(db, signed_in, me)
    return visits.read_visit(db, visits.finish_visit(db, me.id, visit_id, body.minutes))
