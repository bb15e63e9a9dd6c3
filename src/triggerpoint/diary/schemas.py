"""What a diary entry looks like coming in (JSON, the diary forms, an imported row) and going out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from triggerpoint.formdata import FormModel, as_list, checkbox, filled
from triggerpoint.kb.ids import ids_of
from triggerpoint.kb.loader import load_kb
from triggerpoint.schematypes import Instant, SentInstant, Uuid, plausible

RecordedAt = SentInstant
Level = Annotated[int, Field(ge=0, le=10)]
ShortText = Annotated[str, Field(max_length=120)]
TermId = Annotated[str, Field(max_length=64)]
MEDICATION_ROWS = 3  # medication rows the diary form shows
OPTIONAL_LEVELS = ("sleep_quality", "stress", "mood")


def _qualities_enum(schema: dict[str, Any]) -> None:
    """OpenAPI: region IDs as the keys, pain quality IDs in each list (the services still check both)."""
    ids_of("region")(schema)
    values = schema.get("additionalProperties")
    if isinstance(values, dict) and isinstance(values.get("items"), dict):
        values["items"]["enum"] = [term.id for term in load_kb().vocabularies.pain_qualities]


Drawing = Annotated[
    dict[TermId, Level],
    Field(max_length=200, description="region ID to intensity 0-10", json_schema_extra=ids_of("region")),
]
Regions = Annotated[
    list[TermId],
    Field(max_length=200, description="painted region IDs with no level given", json_schema_extra=ids_of("region")),
]
Qualities = Annotated[
    dict[TermId, Annotated[list[TermId], Field(max_length=6)]],
    Field(
        max_length=200,
        description="painted region ID to how it feels (aching, burning, throbbing, stabbing, tingling, numb)",
        json_schema_extra=_qualities_enum,
    ),
]
Triggers = Annotated[
    list[TermId],
    Field(max_length=40, description="what set the pain off: activity IDs", json_schema_extra=ids_of("activity")),
]
TriggerNotes = Annotated[str, Field(max_length=500, description="anything else that set it off, in your words")]
Notes = Annotated[str, Field(max_length=4000)]
SessionId = Annotated[str, Field(max_length=64, description="UUID of the self-care session done")]
Mood = Annotated[int, Field(ge=0, le=10, description="0 very low, 10 very good")]


class Medication(BaseModel):
    """A medication taken: its name and, if known, the dose."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    name: str = Field(min_length=1, max_length=120)
    dose: ShortText = ""


class DiaryEntryCreate(BaseModel):
    """A new diary entry; `submission_id` makes a resubmitted form a no-op rather than a duplicate."""

    model_config = ConfigDict(extra="forbid", strict=True)

    submission_id: str = Field(min_length=8, max_length=64)
    recorded_at: RecordedAt | None = Field(default=None, description="defaults to now; never in the future")
    pain: Level
    drawing: Drawing = Field(default_factory=dict)
    regions: Regions = Field(default_factory=list)
    qualities: Qualities = Field(default_factory=dict)
    sleep_quality: Level | None = None
    stress: Level | None = None
    mood: Mood | None = None
    triggers: Triggers = Field(default_factory=list)
    trigger_notes: TriggerNotes = ""
    medications: list[Medication] = Field(default_factory=list, max_length=20)
    took_no_medication: bool = False
    session: SessionId | None = None
    notes: Notes = ""


class DiaryEntryUpdate(BaseModel):
    """A change to a diary entry: fields left out keep their value, null empties one that may be empty.

    `version` is the version the change was made from; if the entry was saved since, the change
    is refused (409) instead of silently undoing the other save. Sending `drawing` or `regions`
    replaces the painted areas.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    version: int = Field(ge=1, le=2_000_000_000, description="the entry's version this change starts from")
    recorded_at: RecordedAt | None = Field(default=None, description="left out: unchanged; never in the future")
    pain: Level | None = None
    drawing: Drawing | None = None
    regions: Regions | None = None
    qualities: Qualities | None = None
    sleep_quality: Level | None = None
    stress: Level | None = None
    mood: Mood | None = None
    triggers: Triggers | None = None
    trigger_notes: TriggerNotes | None = None
    medications: list[Medication] | None = Field(default=None, max_length=20)
    took_no_medication: bool | None = None
    session: SessionId | None = None
    notes: Notes | None = None


class DiaryEntryDelete(BaseModel):
    """Which version of the entry is being deleted (a stale delete is refused like a stale edit)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    version: int = Field(ge=1, le=2_000_000_000)


class DiaryEntryRestore(BaseModel):
    """Bring back a deleted entry (an empty object)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class DiaryEntryDeleteForm(DiaryEntryDelete, FormModel):
    """The delete button's form: the version of the entry the page showed."""


def _medications(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = range(MEDICATION_ROWS)
    return [
        {"name": str(data.get(f"med-name-{i}")).strip(), "dose": str(data.get(f"med-dose-{i}") or "").strip()}
        for i in rows
        if filled(data.get(f"med-name-{i}"))
    ]


def _filled_values(data: Mapping[str, Any], name: str) -> list[str]:
    return list(dict.fromkeys(str(v) for v in as_list(data.get(name)) if filled(v)))


def _entry_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields the new-entry and the edit form share, in the schema's shape."""
    regions = _filled_values(data, "region")
    levels = {r: data.get(f"intensity-{r}") for r in regions}
    qualities = {r: _filled_values(data, f"quality-{r}") for r in regions}
    return {
        "drawing": {r: level for r, level in levels.items() if filled(level)},
        "regions": [r for r in regions if not filled(levels[r])],
        "qualities": {r: q for r, q in qualities.items() if q},
        "triggers": _filled_values(data, "trigger"),
        "trigger_notes": data.get("trigger_notes") or "",
        "medications": _medications(data),
        "took_no_medication": checkbox(data.get("took_no_medication")),
        "notes": data.get("notes") or "",
    }


class DiaryEntryForm(DiaryEntryCreate, FormModel):
    """The diary form: a pain radio, `region` with `intensity-<region>` and `quality-<region>`, medication rows."""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        keys = ("pain", *OPTIONAL_LEVELS, "session")
        optional = {key: data[key] for key in keys if filled(data.get(key))}
        return optional | _entry_fields(data) | {"submission_id": data.get("submission_id")}


class DiaryEntryEditForm(DiaryEntryUpdate, FormModel):
    """The edit form: the diary form's fields (a blank one empties the value), its version, and `when` if changed.

    `when` is the wall-clock time typed in the form; `when_was` is what the form showed, so an
    unchanged time keeps the entry's exact instant. `in_zone` reads it in the person's time zone.
    """

    when: Annotated[datetime, AfterValidator(plausible)] | None = Field(default=None, exclude=True)

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        levels = {key: data.get(key) if filled(data.get(key)) else None for key in OPTIONAL_LEVELS}
        fields = {key: data[key] for key in ("pain", "version") if filled(data.get(key))}
        when = data.get("when")
        if filled(when) and when != data.get("when_was"):
            fields["when"] = when
        return fields | levels | _entry_fields(data)

    def in_zone(self, zone: tzinfo) -> DiaryEntryUpdate:
        """The change with the typed wall-clock time read in the person's time zone."""
        if self.when is None:
            return self
        moment = self.when if self.when.tzinfo is not None else self.when.replace(tzinfo=zone)
        return self.model_copy(update={"recorded_at": moment})


class DiaryEntryRead(BaseModel):
    """A stored diary entry."""

    uuid: str
    version: int
    recorded_at: datetime
    edited_at: datetime | None
    pain: int
    drawing: dict[str, int]
    qualities: dict[str, list[str]]
    sleep_quality: int | None
    stress: int | None
    mood: int | None
    triggers: list[str]
    trigger_notes: str
    medications: list[dict[str, str]]
    took_no_medication: bool
    notes: str


class DiaryEntryImport(DiaryEntryCreate):
    """A diary entry as exported: the fields of a new entry, plus its identity, times and whether it was deleted."""

    model_config = ConfigDict(extra="forbid", strict=False)

    uuid: Uuid
    created_at: Instant
    recorded_at: Instant
    edited_at: Instant | None = None
    deleted_at: Instant | None = None
