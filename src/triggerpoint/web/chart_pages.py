"""A client's chart: what needs attention, then every record by day, newest first.

Staff open it at `/clients/{client_ref}/chart` (their list links there); a client in the portal, and
the person on a personal machine, see their own at `/chart`. Starting a visit is offered only to a
therapist caring for the client (policy: RECORD_VISIT), and only once the app has that page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from triggerpoint.accounts import service as accounts
from triggerpoint.accounts.policy import Action
from triggerpoint.chart import service as charts
from triggerpoint.framework.deps import DB, KB, Me, Now, SignedIn, Templates

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


@router.get("/chart", name="chart")
def chart_page(
    request: Request, kb: KB, db: DB, me: Me, clock: Now, templates: Templates, signed_in: SignedIn
) -> HTMLResponse:
    """The chart: flags, the next-day check-in, and the timeline of drawings, visits, diary, questionnaires,
    programs and check-ins."""
    may_record_visit = signed_in is not None and accounts.may(db, signed_in.principal, Action.RECORD_VISIT, me)
    context = {
        "chart": charts.chart_of(db, kb, me.id, clock, care_team=may_record_visit),
        "name": me.display_name,
        "may_record_visit": may_record_visit,
        "today": clock.today(),
    }
    return templates.TemplateResponse(request, "chart.html", context)
