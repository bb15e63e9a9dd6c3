"""Export and import over JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from triggerpoint.api.common import SHARED_RESPONSES, documented
from triggerpoint.exchange.service import Context, export_records, import_records, to_csv_zip
from triggerpoint.framework.deps import DB, KB, Me, Now

router = APIRouter(prefix="/api", tags=["data"], responses=SHARED_RESPONSES)


class Imported(BaseModel):
    """How many records of each kind were added (records already here are not counted)."""

    added: dict[str, int]


@router.get("/export")
def export(db: DB, me: Me, clock: Now) -> dict[str, Any]:
    """Every record, as JSON (the same file as the Data page's download)."""
    return export_records(db, me.id, clock.now())


@router.get("/export.zip", response_class=Response, responses={200: {"content": {"application/zip": {}}}})
def export_zip(db: DB, me: Me, clock: Now) -> Response:
    """Every record, as CSV files in a zip."""
    return Response(to_csv_zip(export_records(db, me.id, clock.now())), media_type="application/zip")


@router.post("/import", response_model=Imported, responses=documented(422))
def import_export(request: Request, body: dict[str, Any], kb: KB, db: DB, me: Me, clock: Now) -> Imported:
    """Import a JSON export, all or nothing; records already here are kept as they are."""
    into_clinic = request.app.state.settings.clinic
    return Imported(added=import_records(Context(db, kb, me.id, clock.now(), into_clinic=into_clinic), body))
