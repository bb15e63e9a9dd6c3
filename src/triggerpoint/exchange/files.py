"""Export files: the JSON document and the zip of CSV sheets, read back within size limits.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) are written with a leading apostrophe, as OWASP advises; a cell that
itself starts with an apostrophe gets one more, so reading removes exactly one and the
round trip is exact.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from triggerpoint.errors import FieldError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
META = "export.json"


class ImportFileError(FieldError):
    """A file that is not a triggerpoint export, or a row in it that does not fit; names where."""


@dataclass(frozen=True)
class Limits:
    """How large an import may be once unpacked."""

    max_unpacked_bytes: int
    max_members: int = 20


def neutralise(text: str) -> str:
    """A cell no spreadsheet will run as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def restore_cell(text: str) -> str:
    """Undo neutralise() on a cell read back."""
    return text[1:] if text.startswith("'") else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return neutralise(value) if isinstance(value, str) else str(value)


def csv_sheet(fields: list[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as CSV text with a header, nested values as JSON, formula cells neutralised."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=fields)
    writer.writeheader()
    writer.writerows({f: _cell(row.get(f)) for f in fields} for row in rows)
    return text.getvalue()


def zip_of(files: Mapping[str, str]) -> bytes:
    """Text files in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    if info.file_size > budget:
        raise ImportFileError(info.filename, "unpacks larger than the import limit")
    with archive.open(info) as member:
        content = member.read(budget + 1)  # the header's size can lie; never read past the budget
    if len(content) > budget:
        raise ImportFileError(info.filename, "unpacks larger than the import limit")
    return content


def unzip(content: bytes, names: Iterable[str], limits: Limits) -> dict[str, str]:
    """The named text files of a zip, refusing archives that unpack beyond the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > limits.max_members:
                raise ImportFileError("file", f"more than {limits.max_members} files in the zip")
            budget, found = limits.max_unpacked_bytes, {}
            for info in (m for m in members if m.filename in set(names)):
                data = _read_member(archive, info, budget)
                budget -= len(data)
                found[info.filename] = data.decode("utf-8")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, UnicodeDecodeError, EOFError, OSError) as error:
        raise ImportFileError("file", f"not a readable zip of CSV files: {error}") from None
    return found


def csv_rows(name: str, text: str) -> list[dict[str, str]]:
    """A CSV sheet's rows as text cells (formula protection undone)."""
    try:
        reader = csv.DictReader(io.StringIO(text))
        return [{k: restore_cell(v or "") for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as error:
        raise ImportFileError(name, f"not a readable CSV sheet: {error}") from None


def parse_json(content: bytes) -> Any:
    """A JSON document, or ImportFileError."""
    try:
        return json.loads(content)
    except (ValueError, RecursionError) as error:  # also too-long numbers and broken text
        raise ImportFileError("file", f"not a JSON or CSV export: {error}") from None
