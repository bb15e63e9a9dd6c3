"""Export every record of a client as JSON or CSV, and import it back (records matched by UUID).

Import adds what is missing and leaves what is already there untouched, so importing the
same file twice changes nothing; a malformed file raises ImportFileError and, since the
request commits only on success, stores nothing.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, select
from sqlalchemy.orm import Session

from triggerpoint.clients.models import Client
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.programs.models import Program
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.sessions.models import CheckIn, SelfCareSession, SessionItem
from triggerpoint.storage.base import Base

FORMAT, VERSION = "triggerpoint-export", 1


@dataclass(frozen=True)
class Table:
    """How one record type is exported: its model and which columns point at other records."""

    name: str
    model: type[Base]
    references: dict[str, tuple[str, type[Base]]]  # column -> (exported field, referenced model)


TABLES = (
    Table("programs", Program, {}),
    Table("sessions", SelfCareSession, {"program_id": ("program", Program)}),
    Table("session_items", SessionItem, {"session_id": ("session", SelfCareSession)}),
    Table("checkins", CheckIn, {"session_id": ("session", SelfCareSession)}),
    Table("diary", DiaryEntry, {"session_id": ("session", SelfCareSession)}),
    Table("questionnaires", QuestionnaireResponse, {}),
)
PRIVATE = {"id", "client_id"}


class ImportFileError(ValueError):
    """A file that is not a triggerpoint export, or whose records do not fit."""


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _row(session: Session, table: Table, record: Any) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in table.model.__table__.columns:
        if column.name in PRIVATE:
            continue
        if column.name in table.references:
            field, model = table.references[column.name]
            target = getattr(record, column.name)
            row[field] = session.get(model, target).uuid if target is not None else None  # type: ignore[union-attr]
        else:
            row[column.name] = _plain(getattr(record, column.name))
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
        model: Any = table.model
        records = session.scalars(select(model).where(model.client_id == client_id).order_by(model.id))
        data[table.name] = [_row(session, table, record) for record in records.all()]
    return data


def _parse(column: Any, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    return value


def _record(session: Session, table: Table, row: dict[str, Any], client_id: int) -> Base:
    values: dict[str, Any] = {"client_id": client_id}
    for column in table.model.__table__.columns:
        if column.name in PRIVATE:
            continue
        if column.name in table.references:
            field, model = table.references[column.name]
            ref = row.get(field)
            query = select(model).where(model.uuid == ref, model.client_id == client_id)  # type: ignore[attr-defined]
            target = session.scalars(query).first() if ref else None
            if ref and target is None:
                raise ImportFileError(f"{table.name}: {field} {ref!r} is not in the file")
            values[column.name] = target.id if target is not None else None  # type: ignore[attr-defined]
        elif column.name in row:
            values[column.name] = _parse(column, row[column.name])
    return table.model(**values)


def import_records(session: Session, client_id: int, data: dict[str, Any]) -> dict[str, int]:
    """Add the records of an export that are not here yet; returns how many of each were added."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError("this is not a triggerpoint export file")
    if data.get("version") != VERSION:
        raise ImportFileError(f"export version {data.get('version')!r} is not supported (expected {VERSION})")
    added: dict[str, int] = {}
    for table in TABLES:
        rows = data.get(table.name, [])
        if not isinstance(rows, list):
            raise ImportFileError(f"{table.name} must be a list")
        added[table.name] = 0
        for number, row in enumerate(rows):
            if not isinstance(row, dict) or "uuid" not in row:
                raise ImportFileError(f"{table.name}[{number}] is not a record")
            model: Any = table.model
            exists = session.scalars(
                select(model).where(model.uuid == row["uuid"], model.client_id == client_id)
            ).first()
            if exists is not None:
                continue
            try:
                session.add(_record(session, table, row, client_id))
                session.flush()
            except (TypeError, ValueError) as error:
                raise ImportFileError(f"{table.name}[{number}]: {error}") from error
            added[table.name] += 1
    return added


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_csv_zip(data: dict[str, Any]) -> bytes:
    """The export as a zip of CSV files, one per record type (nested values as JSON)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        meta = {key: data[key] for key in ("format", "version", "exported_at", "client")}
        archive.writestr("export.json", json.dumps(meta, ensure_ascii=False, indent=1))
        for table in TABLES:
            rows = data[table.name]
            fields = _csv_fields(table)
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=fields)
            writer.writeheader()
            writer.writerows({f: _csv_value(row.get(f)) for f in fields} for row in rows)
            archive.writestr(f"{table.name}.csv", text.getvalue())
    return buffer.getvalue()


def _csv_fields(table: Table) -> list[str]:
    return [
        table.references[c.name][0] if c.name in table.references else c.name
        for c in table.model.__table__.columns
        if c.name not in PRIVATE
    ]


def _from_csv(table: Table, field: str, text: str) -> Any:
    references = {name for name, _ in table.references.values()}
    if field in references:
        return text or None
    column = table.model.__table__.columns[field]
    if text == "" and column.nullable:
        return None
    if isinstance(column.type, JSON):
        return json.loads(text)
    if isinstance(column.type, Boolean):
        return text == "true"
    if isinstance(column.type, Integer):
        return int(text)
    return text


def from_csv_zip(content: bytes) -> dict[str, Any]:
    """Read back a zip written by to_csv_zip into the JSON export's shape."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            data: dict[str, Any] = json.loads(archive.read("export.json"))
            for table in TABLES:
                reader = csv.DictReader(io.StringIO(archive.read(f"{table.name}.csv").decode("utf-8")))
                data[table.name] = [{k: _from_csv(table, k, v) for k, v in row.items()} for row in reader]
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, ValueError) as error:
        raise ImportFileError(f"not a triggerpoint CSV export: {error}") from error
    return data
