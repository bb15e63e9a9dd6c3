"""What a home program request looks like (JSON or form) and how a program is shown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from triggerpoint.formdata import FormModel, as_list, checkbox, filled, with_prefix
from triggerpoint.kb.ids import ids_of
from triggerpoint.kb.loader import load_kb
from triggerpoint.schematypes import Day, Ids, ImportedRow, Instant, LongText, ShortId
from triggerpoint.selfcare import HomeProgram, ItemEdit, PointChoice
from triggerpoint.selfcare.program import site_ids

DOSE_FIELDS = ("pressure", "seconds", "strokes", "times_per_day")


def _site_enum(schema: dict[str, Any]) -> None:
    """The API document lists every region group and region an injury site may name."""
    schema["items"] = {**schema.get("items", {}), "enum": site_ids(load_kb())}


class ProgramCreate(BaseModel):
    """A new home program: the trigger points chosen, what aggravates the pain, the precautions answered yes."""

    model_config = ConfigDict(extra="forbid", strict=True)

    points: list[PointChoice] = Field(min_length=1, max_length=40)
    activities: Ids = Field(default_factory=list, json_schema_extra=ids_of("activity"))
    precautions: Ids = Field(
        default_factory=list, description="precaution IDs answered yes", json_schema_extra=ids_of("precaution")
    )
    injury_sites: list[ShortId] = Field(
        default_factory=list,
        max_length=40,
        description=(
            "where a recent operation or injury was (region group or region IDs), only with the "
            "recent-surgery-or-injury precaution; points lying there are left out"
        ),
        json_schema_extra=_site_enum,
    )


def point_from_key(value: object) -> dict[str, str]:
    muscle, _, rest = str(value).partition("/")
    point, _, side = rest.partition("/")
    return {"muscle": muscle, "point": point, "side": side}


class ProgramForm(ProgramCreate, FormModel):
    """The program forms: repeated `point` fields (MUSCLE/POINT/SIDE), `activity`, `precaution` and `injury_site`."""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        return {
            "points": [point_from_key(p) for p in as_list(data.get("point"))],
            "activities": as_list(data.get("activity")),
            "precautions": as_list(data.get("precaution")),
            "injury_sites": as_list(data.get("injury_site")),
        }


class DoseEdit(ItemEdit):
    """One item's change as the JSON API takes it (strict types)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class ProgramEdit(BaseModel):
    """Changes to doses and to which points are in."""

    model_config = ConfigDict(extra="forbid", strict=True)

    edits: list[DoseEdit] = Field(min_length=1, max_length=40)


def _edit(data: Mapping[str, Any], index: str, key: object) -> dict[str, Any]:
    doses = {field: data[f"{field}-{index}"] for field in DOSE_FIELDS if filled(data.get(f"{field}-{index}"))}
    return {"key": key, "enabled": checkbox(data.get(f"enabled-{index}"))} | doses


class ProgramEditForm(FormModel):
    """The dose table: per row `key-<i>`, an `enabled-<i>` check box and dose fields `<field>-<i>`."""

    edits: list[ItemEdit] = Field(min_length=1, max_length=40)

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        keys = with_prefix(data, "key-")
        return {"edits": [_edit(data, index, key) for index, key in keys.items()]}


class ProgramRead(BaseModel):
    """A stored home program and its plan."""

    uuid: str
    starts_on: Day
    paused: bool
    pause_reason: str | None
    plan: HomeProgram


class ProgramImport(ImportedRow):
    """A program as exported."""

    starts_on: Day
    points: list[PointChoice] = Field(min_length=1, max_length=40)
    activities: Ids = Field(default_factory=list)
    precautions: Ids = Field(default_factory=list)
    plan: HomeProgram
    active: bool
    edited_at: Instant | None = None
    paused_at: Instant | None = None
    pause_reason: LongText | None = None
