"""The version of the records a client's reports are drawn from: a few aggregate queries, scoped to the client.

The version is a fingerprint, not a counter: it changes whenever a row the reports read is added,
removed or changed, by any process (the app, the command line, an import). Each table contributes
its row count and highest ID (additions and removals) and the columns its writes change in place:
a diary entry's version (edits, deletes and restores all raise it), a drawing's screen, an item's
status and time, a program's edits, pause and retirement.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from triggerpoint.diary.models import DiaryEntry
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.programs.models import Program
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.sessions.models import CheckIn, SelfCareSession, SessionItem

DataVersion = tuple[Any, ...]


def _rows(model: Any, *changed: ColumnElement[Any]) -> list[ColumnElement[Any]]:
    return [func.count(model.id), func.max(model.id), *changed]


def _of(model: Any, client_id: int, columns: list[ColumnElement[Any]]) -> Any:
    return select(*columns).where(model.client_id == client_id)


def _queries(client_id: int) -> list[Any]:
    return [
        _of(DiaryEntry, client_id, _rows(DiaryEntry, func.sum(DiaryEntry.version), func.count(DiaryEntry.deleted_at))),
        _of(PainDrawing, client_id, _rows(PainDrawing, func.count(PainDrawing.screened_at))),
        _of(QuestionnaireResponse, client_id, _rows(QuestionnaireResponse)),
        _of(SelfCareSession, client_id, _rows(SelfCareSession)),
        _of(
            SessionItem,
            client_id,
            _rows(
                SessionItem,
                func.max(SessionItem.logged_at),
                func.sum(case((SessionItem.status == "done", 1), else_=0)),
            ),
        ),
        _of(CheckIn, client_id, _rows(CheckIn)),
        _of(
            Program,
            client_id,
            _rows(
                Program,
                func.max(Program.edited_at),
                func.max(Program.paused_at),
                func.count(Program.paused_at),
                func.sum(case((Program.active, 1), else_=0)),
            ),
        ),
    ]


def data_version(session: Session, client_id: int) -> DataVersion:
    """A value that differs whenever the client's diary, drawings, questionnaires, sessions or programs change."""
    rows = [session.execute(query).one() for query in _queries(client_id)]
    return tuple(value for row in rows for value in row)
