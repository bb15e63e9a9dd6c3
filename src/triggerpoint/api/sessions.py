"""The guided session and the next-day check-in over JSON."""

from __future__ import annotations

from fastapi import APIRouter

from triggerpoint.api.common import SHARED_RESPONSES, documented
from triggerpoint.framework.deps import DB, KB, Me, Now
from triggerpoint.sessions import service as sessions
from triggerpoint.sessions.schemas import CheckInCreate, CheckInRead, ItemMark, MarkRead

router = APIRouter(prefix="/api", tags=["sessions"], responses=SHARED_RESPONSES)


@router.post("/sessions/today/items", response_model=MarkRead, responses=documented(404, 409, 422))
def mark_item(body: ItemMark, db: DB, me: Me, clock: Now) -> MarkRead:
    """Log one item of today's session as done or skipped; saved at once."""
    return sessions.mark_item(db, me.id, body, clock.today(), clock.now())


@router.post("/checkins", status_code=201, response_model=CheckInRead, responses=documented(409, 422))
def check_in(body: CheckInCreate, kb: KB, db: DB, me: Me, clock: Now) -> CheckInRead:
    """Answer the next-day check-in; the soreness rule may pause the program."""
    checkin = sessions.record_checkin(db, kb, me.id, body, clock.today(), clock.now())
    return CheckInRead(paused=checkin.paused, message=checkin.message)
