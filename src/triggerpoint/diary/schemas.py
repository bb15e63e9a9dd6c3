"""What a diary entry looks like coming in (JSON, the diary form, an imported row) and going out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from triggerpoint.formdata import FormModel, as_list, checkbox, filled
from triggerpoint.kb.ids import ids_of
from triggerpoint.schematypes import Instant, SentInstant, Uuid

Level = Annotated[int, Field(ge=0, le=10)]
ShortText = Annotated[str, Field(max_length=120)]
MEDICATION_ROWS = 3  # medication rows the diary form shows


class Medication(BaseModel):
    """A medication taken: its name and, if known, the dose."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    name: str = Field(min_length=1, max_length=120)
    dose: ShortText = ""


class DiaryEntryCreate(BaseModel):
    """A new diary entry; `submission_id` makes a resubmitted form a no-op rather than a duplicate."""

    model_config = ConfigDict(extra="forbid", strict=True)

    submission_id: str = Field(min_length=8, max_length=64)
    recorded_at: SentInstant | None = Field(default=None, description="defaults to now; never in the future")
    pain: Level
    drawing: dict[Annotated[str, Field(max_length=64)], Level] = Field(
        default_factory=dict,
        max_length=200,
        description="region ID to intensity 0-10",
        json_schema_extra=ids_of("region"),
    )
    regions: list[Annotated[str, Field(max_length=64)]] = Field(
        default_factory=list,
        max_length=200,
        description="painted region IDs without a level of their own",
        json_schema_extra=ids_of("region"),
    )
    sleep_quality: Level | None = None
    stress: Level | None = None
    medications: list[Medication] = Field(default_factory=list, max_length=20)
    took_no_medication: bool = False
    session: str | None = Field(default=None, max_length=64, description="UUID of the self-care session done")
    notes: str = Field(default="", max_length=4000)


def _medications(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = range(MEDICATION_ROWS)
    return [
        {"name": str(data.get(f"med-name-{i}")).strip(), "dose": str(data.get(f"med-dose-{i}") or "").strip()}
        for i in rows
        if filled(data.get(f"med-name-{i}"))
    ]


class DiaryEntryForm(DiaryEntryCreate, FormModel):
    """The diary form: a pain radio, `region` + `intensity-<region>`, medication rows, check boxes."""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        regions = list(dict.fromkeys(str(r) for r in as_list(data.get("region")) if filled(r)))
        levels = {r: data.get(f"intensity-{r}") for r in regions}
        optional = {key: data[key] for key in ("pain", "sleep_quality", "stress", "session") if filled(data.get(key))}
        return optional | {
            "submission_id": data.get("submission_id"),
            "drawing": {r: level for r, level in levels.items() if filled(level)},
            "regions": [r for r in regions if not filled(levels[r])],
            "medications": _medications(data),
            "took_no_medication": checkbox(data.get("took_no_medication")),
            "notes": data.get("notes") or "",
        }


class DiaryEntryRead(BaseModel):
    """A stored diary entry."""

    uuid: str
    recorded_at: datetime
    pain: int
    drawing: dict[str, int]
    sleep_quality: int | None
    stress: int | None
    medications: list[dict[str, str]]
    took_no_medication: bool
    notes: str


class DiaryEntryImport(DiaryEntryCreate):
    """A diary entry as exported: the fields of a new entry, plus its identity and time."""

    model_config = ConfigDict(extra="forbid", strict=False)

    uuid: Uuid
    created_at: Instant
    recorded_at: Instant
