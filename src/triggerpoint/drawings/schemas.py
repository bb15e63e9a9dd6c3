"""What a pain drawing looks like coming in (JSON body or body-map form) and going out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from triggerpoint.finder.types import RankedPoint
from triggerpoint.formdata import FormModel, as_list, filled, with_prefix
from triggerpoint.kb.ids import ids_of
from triggerpoint.schematypes import Ids, ImportedRow, Instant, LongText, SentInstant

Level = Annotated[int, Field(ge=0, le=10)]
RegionIds = Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=200)]
TermIds = Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=60)]
Answers = Annotated[dict[Annotated[str, Field(max_length=64)], bool], Field(max_length=60)]
ScreenStatus = Literal["questions", "refer", "clear"]


class DrawingCreate(BaseModel):
    """A new pain drawing: painted regions, optional levels and context, and red-flag answers if known."""

    model_config = ConfigDict(extra="forbid", strict=True)

    regions: RegionIds = Field(
        default_factory=list,
        description="painted region IDs without a level of their own",
        json_schema_extra=ids_of("region"),
    )
    intensities: dict[Annotated[str, Field(max_length=64)], Level] = Field(
        default_factory=dict,
        max_length=200,
        description="region ID to pain level 0-10 (0: not painful)",
        json_schema_extra=ids_of("region"),
    )
    symptoms: TermIds = Field(default_factory=list, description="symptom IDs", json_schema_extra=ids_of("symptom"))
    activities: TermIds = Field(
        default_factory=list, description="aggravating activity IDs", json_schema_extra=ids_of("activity")
    )
    answers: Answers = Field(
        default_factory=dict,
        description="red-flag question ID to yes (true) or no (false)",
        json_schema_extra=ids_of("question"),
    )
    recorded_at: SentInstant | None = Field(default=None, description="when it was drawn; now if left out")
    submission_id: str | None = Field(
        default=None, min_length=8, max_length=64, description="repeat it to get the same drawing back, not a copy"
    )


class DrawingForm(DrawingCreate, FormModel):
    """The body map's form: `region` fields, `intensity-<region>` levels (blank: no level), a submission ID."""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        regions = list(dict.fromkeys(str(r) for r in as_list(data.get("region")) if filled(r)))
        levels = {r: data.get(f"intensity-{r}") for r in regions}
        return {
            "regions": [r for r in regions if not filled(levels[r])],
            "intensities": {r: level for r, level in levels.items() if filled(level)},
            "symptoms": as_list(data.get("symptom")),
            "activities": as_list(data.get("activity")),
            "submission_id": data.get("submission_id") or None,
        }


class DrawingScreen(BaseModel):
    """Answers to the red-flag questions a drawing raised."""

    model_config = ConfigDict(extra="forbid", strict=True)

    answers: Answers = Field(
        description="question ID to yes (true) or no (false)", json_schema_extra=ids_of("question")
    )


class DrawingScreenForm(DrawingScreen, FormModel):
    """The safety questions form: one `flag-<question>` field per question, yes or no."""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        return {"answers": {key: value for key, value in with_prefix(data, "flag-").items() if filled(value)}}


class DrawingRefine(BaseModel):
    """More context for a drawing: symptoms noticed and what makes the pain worse."""

    model_config = ConfigDict(extra="forbid", strict=True)

    symptoms: TermIds = Field(default_factory=list, json_schema_extra=ids_of("symptom"))
    activities: TermIds = Field(default_factory=list, json_schema_extra=ids_of("activity"))


class DrawingRefineForm(DrawingRefine, FormModel):
    """The refine form: repeated `symptom` and `activity` check boxes."""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        return {"symptoms": as_list(data.get("symptom")), "activities": as_list(data.get("activity"))}


class QuestionRead(BaseModel):
    """A red-flag question as asked."""

    id: str
    ask: str
    why: str
    urgency: Literal["emergency", "today", "soon"]


class AnswerRead(BaseModel):
    """A red-flag question asked for a drawing, and the answer given (null: not yet answered)."""

    id: str
    ask: str
    answer: bool | None


class DrawingRead(BaseModel):
    """A stored pain drawing: the drawing, its screen, and the suggestions shown (only once the screen is clear)."""

    uuid: str
    recorded_at: datetime
    regions: dict[str, int]
    symptoms: list[str]
    activities: list[str]
    screen_status: ScreenStatus
    screened_at: datetime | None
    screen: list[AnswerRead]
    questions: list[QuestionRead] = Field(description="questions still to answer before any suggestion")
    flagged: list[QuestionRead] = Field(description="questions answered yes")
    advice: str | None = Field(description="what to do now when a red flag was raised")
    suggestions: list[RankedPoint]
    unexplained: list[str]


class ScreenAnswer(BaseModel):
    """One red-flag question as stored with a drawing."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(max_length=64)
    ask: LongText
    urgency: Literal["emergency", "today", "soon"]
    answer: bool | None


class DrawingImport(ImportedRow):
    """A drawing as exported."""

    recorded_at: Instant
    regions: dict[Annotated[str, Field(max_length=64)], Annotated[int, Field(ge=1, le=10)]] = Field(
        min_length=1, max_length=200
    )
    symptoms: Ids = Field(default_factory=list)
    activities: Ids = Field(default_factory=list)
    screen_status: ScreenStatus
    screened_at: Instant | None = None
    screen: list[ScreenAnswer] = Field(default_factory=list, max_length=60)
    suggestions: list[RankedPoint] = Field(default_factory=list, max_length=100)
    unexplained: Ids = Field(default_factory=list)
    submission_id: str = Field(min_length=8, max_length=64)
