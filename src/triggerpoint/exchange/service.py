"""Export every record of a client as JSON or CSV, and import it back, all or nothing.

Import validates each row with its domain's import schema and adds it through that
domain's service, so an imported row is refused for the same reasons as a form. Rows
already here (same UUID) are left untouched, so importing a file twice changes nothing.
The first problem stops the import and names the file, the row and the field; since the
request commits only on success, nothing of a refused file is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from triggerpoint.clients.models import Client
from triggerpoint.diary import service as diary
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.diary.schemas import DiaryEntryImport
from triggerpoint.drawings import service as drawings
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.drawings.schemas import DrawingImport
from triggerpoint.errors import FieldError
from triggerpoint.exchange import repository
from triggerpoint.exchange.files import META, ImportFileError, Limits, csv_rows, csv_sheet, parse_json, unzip, zip_of
from triggerpoint.kb import KnowledgeBase
from triggerpoint.programs import service as programs
from triggerpoint.programs.models import Program
from triggerpoint.programs.schemas import ProgramImport
from triggerpoint.questionnaires import service as questionnaires
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.questionnaires.schemas import QuestionnaireImport
from triggerpoint.sessions import service as sessions
from triggerpoint.sessions.models import CheckIn, SelfCareSession, SessionItem
from triggerpoint.sessions.schemas import CheckInImport, SessionImport, SessionItemImport

FORMAT, VERSION = "triggerpoint-export", 2
READABLE_VERSIONS = (1, 2)


CONSENT_NEEDED = (
    "records from a personal copy join a clinic record only with the person's agreement: "
    'tick the box (or send "consent": true)'
)


@dataclass(frozen=True)
class Context:
    """What an import row needs besides its own values."""

    session: Session
    kb: KnowledgeBase
    client_id: int
    now: datetime
    into_clinic: bool = False  # a clinic record: the person must agree to the import (`"consent": true`)


@dataclass(frozen=True)
class Table:
    """One record type: its model, its row schema, which columns point at other records, how to add a row."""

    name: str
    model: Any
    row: type[BaseModel]
    references: Mapping[str, tuple[str, Any]]  # column -> (exported field, referenced model)
    add: Callable[[Context, Any], object]
    not_stored: frozenset[str] = frozenset()  # input-only fields of the row schema


TABLES = (
    Table(
        "programs", Program, ProgramImport, {}, lambda c, r: programs.import_program(c.session, c.kb, c.client_id, r)
    ),
    Table(
        "sessions",
        SelfCareSession,
        SessionImport,
        {"program_id": ("program", Program)},
        lambda c, r: sessions.import_session(c.session, c.client_id, r),
    ),
    Table(
        "session_items",
        SessionItem,
        SessionItemImport,
        {"session_id": ("session", SelfCareSession)},
        lambda c, r: sessions.import_item(c.session, c.client_id, r),
    ),
    Table(
        "checkins",
        CheckIn,
        CheckInImport,
        {"session_id": ("session", SelfCareSession)},
        lambda c, r: sessions.import_checkin(c.session, c.client_id, r),
    ),
    Table(
        "diary",
        DiaryEntry,
        DiaryEntryImport,
        {"session_id": ("session", SelfCareSession)},
        lambda c, r: diary.import_entry(c.session, c.kb, c.client_id, r, c.now),
        frozenset({"regions"}),  # unrated regions are resolved to levels on the way in
    ),
    Table(
        "questionnaires",
        QuestionnaireResponse,
        QuestionnaireImport,
        {},
        lambda c, r: questionnaires.import_response(c.session, c.client_id, r),
    ),
    Table(
        "drawings",
        PainDrawing,
        DrawingImport,
        {},
        lambda c, r: drawings.import_drawing(c.session, c.kb, c.client_id, r, c.now),
    ),
)


def fields_of(table: Table) -> list[str]:
    """The exported columns of a record type, in order."""
    return [name for name in table.row.model_fields if name not in table.not_stored]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _row(session: Session, table: Table, client_id: int, record: Any) -> dict[str, Any]:
    columns = {field: column for column, (field, _) in table.references.items()}
    row: dict[str, Any] = {}
    for field in fields_of(table):
        if field in columns:
            model = table.references[columns[field]][1]
            row[field] = repository.uuid_of(session, model, client_id, getattr(record, columns[field]))
        else:
            row[field] = _plain(getattr(record, field))
    return row


def export_records(session: Session, client_id: int, now: datetime) -> dict[str, Any]:
    """Everything stored for a client, as JSON-ready data."""
    client = session.get(Client, client_id)
    assert client is not None
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "client": {"uuid": client.uuid, "display_name": client.display_name, "created_at": _plain(client.created_at)},
    }
    for table in TABLES:
        records = repository.for_client(session, table.model, client_id)
        data[table.name] = [_row(session, table, client_id, record) for record in records]
    return data


def to_csv_zip(data: Mapping[str, Any]) -> bytes:
    """The export as a zip of CSV files, one per record type (nested values as JSON)."""
    meta = {key: data[key] for key in ("format", "version", "exported_at", "client")}
    files = {META: _json(meta)} | {f"{t.name}.csv": csv_sheet(fields_of(t), data[t.name]) for t in TABLES}
    return zip_of(files)


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=1)


def _structured(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin in (dict, list):
        return True
    if origin is Union or str(origin) == "<class 'types.UnionType'>":
        return any(_structured(arg) for arg in get_args(annotation) if arg is not type(None))
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _from_cells(table: Table, cells: Mapping[str, str], where: str) -> dict[str, Any]:
    import json

    row: dict[str, Any] = {}
    for name, text in cells.items():
        field = table.row.model_fields.get(name)
        if text == "":
            continue
        if field is not None and _structured(field.annotation):
            try:
                row[name] = json.loads(text)
            except json.JSONDecodeError as error:
                raise ImportFileError(f"{where}, {name}", f"not readable: {error}") from None
        else:
            row[name] = text
    return row


def read_export(content: bytes, limits: Limits) -> tuple[dict[str, Any], Callable[[str, int], str]]:
    """A JSON export or a zip of CSV sheets as the export's data, with how to name a row in messages."""
    if content[:2] != b"PK":
        data = parse_json(content)
        return data, lambda table, index: f"{table}[{index}]"
    files = unzip(content, [META, *(f"{t.name}.csv" for t in TABLES)], limits)
    if META not in files:
        raise ImportFileError("file", f"not a triggerpoint CSV export: {META} is missing")
    data = parse_json(files[META].encode())
    if not isinstance(data, dict):
        raise ImportFileError(META, "is not a triggerpoint export")
    for table in TABLES:
        sheet = f"{table.name}.csv"
        if sheet in files:
            rows = csv_rows(sheet, files[sheet])
            data[table.name] = [_from_cells(table, r, f"{sheet} row {i + 2}") for i, r in enumerate(rows)]
    return data, lambda table, index: f"{table}.csv row {index + 2}"


def _check_header(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError("file", "this is not a triggerpoint export file")
    if data.get("version") not in READABLE_VERSIONS:
        raise ImportFileError("version", f"export version {data.get('version')!r} is not supported")


def _validated(table: Table, raw: Any, where: str) -> Any:
    try:
        return table.row.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise ImportFileError(f"{where}, {field}" if field else where, first["msg"]) from None


def _import_row(context: Context, table: Table, raw: Any, where: str) -> bool:
    row = _validated(table, raw, where)
    owner = repository.owned_by(context.session, table.model, row.uuid)
    if owner == context.client_id:
        return False
    if owner is not None:
        raise ImportFileError(f"{where}, uuid", "a record with this ID belongs to someone else")
    try:
        table.add(context, row)
    except FieldError as error:
        raise ImportFileError(f"{where}, {error.field}", error.message) from None
    except IntegrityError:
        raise ImportFileError(where, "conflicts with a record already here") from None
    return True


def import_records(
    context: Context, data: Any, where: Callable[[str, int], str] = lambda t, i: f"{t}[{i}]"
) -> dict[str, int]:
    """Add the records of an export that are not here yet; returns how many of each were added."""
    _check_header(data)
    if context.into_clinic and data.get("consent") is not True:
        raise ImportFileError("consent", CONSENT_NEEDED)
    added: dict[str, int] = {}
    for table in TABLES:
        rows = data.get(table.name, [])
        if not isinstance(rows, list):
            raise ImportFileError(table.name, "must be a list of records")
        added[table.name] = sum(_import_row(context, table, raw, where(table.name, i)) for i, raw in enumerate(rows))
    return added
