"""What intake, visit, finding and treatment requests look like coming in, and how a visit is shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from triggerpoint.formdata import FormModel, as_list, checkbox, filled
from triggerpoint.kb.ids import ids_of
from triggerpoint.kb.loader import load_kb
from triggerpoint.programs.schemas import point_from_key
from triggerpoint.schematypes import EARLIEST, ShortId, Uuid
from triggerpoint.selfcare.program import site_ids
from triggerpoint.visits.rules import Classification, Presence, load_rules


def _text_date(value: Any) -> Any:
    """JSON has no date type: a date comes as YYYY-MM-DD text (a number is not taken as one)."""
    if not isinstance(value, str | date):
        raise ValueError("must be a date as text, e.g. 2026-03-02")
    return value


Level = Annotated[int, Field(ge=0, le=10, description="0-10")]
Kg = Annotated[float, Field(ge=0, le=20, description="pressure pain threshold, kg/cm²")]
ShortText = Annotated[str, Field(max_length=120)]
SideName = Literal["left", "right"]
Muscle = Annotated[str, Field(max_length=64, json_schema_extra=ids_of("muscle"))]
Point = Annotated[str, Field(max_length=64, json_schema_extra=ids_of("point"))]
OnDay = Annotated[date, BeforeValidator(_text_date), Field(strict=False, ge=EARLIEST, description="YYYY-MM-DD")]


def _site_enum(schema: dict[str, Any]) -> None:
    schema["enum"] = site_ids(load_kb())


def _technique_enum(schema: dict[str, Any]) -> None:
    schema["enum"] = load_rules().technique_ids


def _known_technique(value: str) -> str:
    known = load_rules().technique_ids
    if value not in known:
        raise ValueError(f"unknown technique; one of {', '.join(known)}")
    return value


Technique = Annotated[str, Field(max_length=64, json_schema_extra=_technique_enum), AfterValidator(_known_technique)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Operation(Strict):
    """An operation or injury: where (a region group or region ID) and when."""

    site: Annotated[ShortId, Field(json_schema_extra=_site_enum)]
    on: OnDay


class IntakeCreate(Strict):
    """The client's health history; the answers yes raise the deep-pressure precautions carried into treatment."""

    complaint: str = Field(default="", max_length=500, description="what brings the client, in their own words")
    drawing: Uuid | None = Field(default=None, description="UUID of the client's own pain drawing it refers to")
    conditions: list[ShortText] = Field(default_factory=list, max_length=40, description="e.g. fibromyalgia")
    medications: list[ShortText] = Field(default_factory=list, max_length=40)
    operations: list[Operation] = Field(default_factory=list, max_length=20)
    pregnant: bool = False
    anticoagulants: bool = Field(default=False, description="takes a blood thinner")
    osteoporosis: bool = False
    bleeding_disorder: bool = False
    dvt_history: bool = Field(default=False, description="has had a blood clot in a leg or lung")
    cancer: bool = False
    lymphedema: bool = False
    recent_surgery: bool = Field(default=False, description="an operation or injury in the last 6 weeks")


class IntakeRead(BaseModel):
    """A stored intake, the drawing it refers to, and the precautions and injury sites it raised."""

    uuid: str
    submitted_at: datetime
    complaint: str
    drawing: str | None = Field(description="UUID of the pain drawing it refers to")
    history: IntakeCreate
    precautions: list[str]
    injury_sites: list[str]


class VisitCreate(Strict):
    """A new visit, from one of the client's drawings (its red-flag screen must be clear) or from none."""

    drawing: Uuid | None = Field(default=None, description="UUID of the drawing the visit starts from")


class PointRef(Strict):
    """One trigger point on one side."""

    muscle: Muscle
    point: Point
    side: SideName


class FindingWrite(PointRef):
    """What palpation found at one point; the classification is computed, never sent."""

    taut_band: Presence = "not-tested"
    spot_tenderness: Level | None = None
    ppt_trials: list[Kg] = Field(default_factory=list, max_length=5, description="algometer trials, usually 3")
    jump_sign: Presence = "not-tested"
    twitch: Presence = Field(default="not-tested", description="local twitch response")
    referred: Presence = "not-tested"
    referred_regions: list[ShortId] = Field(
        default_factory=list, max_length=40, description="where it referred", json_schema_extra=ids_of("region")
    )
    recognised: Presence = Field(default="not-tested", description="the client recognises it as their usual pain")


class FindingRead(BaseModel):
    """A point's finding, the criteria it meets and its classification."""

    uuid: str
    muscle: str
    point: str
    side: str
    suggested_rank: int | None
    taut_band: str
    spot_tenderness: int | None
    ppt_trials: list[float]
    ppt_mean: float | None
    jump_sign: str
    twitch: str
    referred: str
    referred_regions: list[str]
    recognised: str
    criteria: list[str]
    classification: Classification


class TreatmentCreate(PointRef):
    """What was done at a point already examined."""

    technique: Technique
    pressure: Level = Field(description="on the client's 0-10 tolerance")
    seconds: int = Field(ge=5, le=600)
    released: bool = False
    response: str = Field(default="", max_length=500)
    ppt_after: Kg | None = None


class TreatmentRead(BaseModel):
    uuid: str
    muscle: str
    point: str
    side: str
    technique: str
    pressure: int
    seconds: int
    released: bool
    response: str
    ppt_after: float | None


class VisitFinish(Strict):
    """The length the visit actually took."""

    minutes: int = Field(ge=5, le=240)


class CapRead(BaseModel):
    pressure: int
    precaution: str
    reason: str


class AvoidedRead(BaseModel):
    area: str
    precaution: str
    reason: str


class SuggestionRead(BaseModel):
    rank: int
    muscle: str
    point: str
    side: str
    score: float
    in_minimal_set: bool
    learning: str | None = Field(
        default=None, description="what this clinic's confirmed findings say about the point, when they moved it"
    )


class VisitRead(BaseModel):
    """A visit: what was suggested, the precautions in force, what was found and done, its length."""

    uuid: str
    started_at: datetime
    drawing: str | None
    suggestions: list[SuggestionRead]
    precautions: list[str]
    pressure_cap: CapRead | None
    avoided: list[AvoidedRead]
    proposed_minutes: int
    actual_minutes: int | None
    findings: list[FindingRead]
    treatments: list[TreatmentRead]


class FindingForm(FindingWrite, FormModel):
    """One point's finding as the visit page's form sends it (read from text)."""


class TreatmentForm(TreatmentCreate, FormModel):
    """One point's treatment as the visit page's form sends it (read from text)."""


FINDING_FORM_FIELDS = ("taut_band", "jump_sign", "twitch", "referred", "recognised")
TREATMENT_FORM_FIELDS = ("technique", "pressure", "seconds", "response")


class ExaminationForm(FormModel):
    """The visit page's form for one point: what palpation found and, when `treat` is ticked, what was done."""

    finding: FindingForm
    treatment: TreatmentForm | None = None

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        where = {name: data.get(name) for name in ("muscle", "point", "side")}
        finding = {name: data[name] for name in FINDING_FORM_FIELDS if filled(data.get(name))}
        if filled(data.get("spot_tenderness")):
            finding["spot_tenderness"] = data["spot_tenderness"]
        finding["ppt_trials"] = [data[f"ppt{n}"] for n in (1, 2, 3) if filled(data.get(f"ppt{n}"))]
        finding["referred_regions"] = as_list(data.get("referred_region"))
        if not checkbox(data.get("treat")):
            return {"finding": where | finding}
        treatment = {name: data.get(name) for name in TREATMENT_FORM_FIELDS if data.get(name) is not None}
        treatment["released"] = checkbox(data.get("released"))
        if filled(data.get("ppt_after")):
            treatment["ppt_after"] = data["ppt_after"]
        return {"finding": where | finding, "treatment": where | treatment}


class VisitStartForm(VisitCreate, FormModel):
    """The chart's "start a visit" button, with the drawing it starts from (blank: none)."""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        return {"drawing": data["drawing"] if filled(data.get("drawing")) else None}


class VisitFinishForm(VisitFinish, FormModel):
    """The minutes the visit took, from the visit page."""


class AddedPointForm(PointRef, FormModel):
    """A point the finder did not suggest: `point` as MUSCLE/POINT, and a side."""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        muscle, _, point = str(data.get("point", "")).partition("/")
        return {"muscle": muscle, "point": point, "side": data.get("side")}


class VisitProgram(Strict):
    """The points found active at the visit to build the home program from."""

    points: list[PointRef] = Field(min_length=1, max_length=40)


class VisitProgramForm(VisitProgram, FormModel):
    """The active points ticked for the home program, as repeated `point` fields (MUSCLE/POINT/SIDE)."""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        return {"points": [point_from_key(p) for p in as_list(data.get("point"))]}


COMMON_CONDITIONS = ("fibromyalgia", "migraine", "diabetes", "rheumatoid arthritis", "hypertension")
OPERATION_ROWS = 3
HEALTH_QUESTIONS = (
    "pregnant", "anticoagulants", "osteoporosis", "bleeding_disorder", "dvt_history", "cancer", "lymphedema",
    "recent_surgery",
)  # fmt: skip


def _lines(value: object) -> list[Any]:
    """A text box's lines, trimmed, blank ones left out (anything but text is passed on to be refused)."""
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return as_list(value)


def operation_rows(data: Mapping[str, Any]) -> list[int]:
    """The operation rows of the form with a site or a date filled in, in order."""
    return [
        row for row in range(OPERATION_ROWS)
        if filled(data.get(f"operation-site-{row}")) or filled(data.get(f"operation-on-{row}"))
    ]  # fmt: skip


class IntakeForm(IntakeCreate, FormModel):
    """The intake page: `complaint`, `drawing`, repeated `condition` check boxes and `conditions_other`
    and `medications` text (one per line), `operation-site-<i>` and `operation-on-<i>` rows, and a
    yes/no answer for each health question (each must be answered on the page)."""

    pregnant: bool
    anticoagulants: bool
    osteoporosis: bool
    bleeding_disorder: bool
    dvt_history: bool
    cancer: bool
    lymphedema: bool
    recent_surgery: bool

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        operations = [
            {"site": data.get(f"operation-site-{row}"), "on": data.get(f"operation-on-{row}")}
            for row in operation_rows(data)
        ]
        answers = {name: data[name] for name in HEALTH_QUESTIONS if data.get(name) in ("yes", "no")}
        return answers | {
            "complaint": data.get("complaint", ""),
            "drawing": data.get("drawing") if filled(data.get("drawing")) else None,
            "conditions": [*as_list(data.get("condition")), *_lines(data.get("conditions_other"))],
            "medications": _lines(data.get("medications")),
            "operations": operations,
        }

    @staticmethod
    def form_field(loc: Sequence[int | str], data: Mapping[str, Any]) -> str:
        """The name of the form field a problem at a schema location belongs to (`loc` as pydantic gives it)."""
        name = str(loc[0]) if loc else ""
        if name == "operations" and len(loc) >= 3 and isinstance(loc[1], int):
            rows = operation_rows(data)
            row = rows[loc[1]] if loc[1] < len(rows) else 0
            return f"operation-{'on' if loc[2] == 'on' else 'site'}-{row}"
        return {"conditions": "conditions_other", "operations": "operation-site-0"}.get(name, name)
