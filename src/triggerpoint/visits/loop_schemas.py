"""How the loop closed is shown: the first visit against this one, region by region, point by point, score by score."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

Verdict = Literal["better", "same", "worse"]
PointVerdict = Literal["better", "same", "worse", "mixed"]
ScoreResult = Literal["improved", "worse", "no meaningful change"]


class VisitRef(BaseModel):
    """A visit, by its UUID and when it started."""

    uuid: str
    started_at: datetime


class DrawingRef(BaseModel):
    """The drawing a side of the comparison reads, and whether it is that visit's own or the latest before it."""

    uuid: str
    recorded_at: datetime
    visit_drawing: bool = Field(description="the visit started from it (else: the latest drawing by then)")


class MarginRead(BaseModel):
    """The least change that counts (data/criteria.yaml `loop`); a smaller one reads "same"."""

    least_change: float
    unit: str


class RegionLoop(BaseModel):
    """A region of the first drawing: its pain then and now (0: not painted now; None: no later drawing)."""

    region: str
    name: str
    pain_then: int
    pain_now: int | None
    change: int | None = Field(description="now minus then; lower is better")
    verdict: Verdict | None


class NewRegion(BaseModel):
    """A region painted now that the first drawing did not have."""

    region: str
    name: str
    pain_now: int


class ExplainedRegion(BaseModel):
    """A region of the first drawing the point's referral map reaches, and how its pain went."""

    region: str
    name: str
    verdict: Verdict | None


class PointLoop(BaseModel):
    """A point treated at the first visit: tenderness (lower is better), threshold (higher is better), then and now."""

    number: int = Field(description="its badge on the body maps")
    muscle: str
    point: str
    side: str
    muscle_name: str
    point_name: str
    examined_now: bool
    tenderness_then: int | None
    tenderness_now: int | None
    tenderness_change: int | None
    tenderness_verdict: Verdict | None
    ppt_then: float | None = Field(description="mean of the algometer trials, kg/cm²")
    ppt_now: float | None
    ppt_change: float | None
    ppt_verdict: Verdict | None
    verdict: PointVerdict | None = Field(description="both measures together; mixed when one is better, one worse")
    explains: list[ExplainedRegion]


class ScoreLoop(BaseModel):
    """A questionnaire's first score and its latest by this visit, against its minimal important change."""

    instrument: str
    name: str
    unit: str
    better: Literal["lower", "higher"]
    first: float
    first_on: date
    latest: float | None = Field(description="None: not answered again since the first")
    latest_on: date | None
    change: float | None = Field(description="latest minus first")
    minimal_change: float
    result: ScoreResult | None
    reaches_minimal_change: bool = Field(description="improved by at least the minimal important change")


class LoopRead(BaseModel):
    """The first visit against this one; empty lists and no first visit when this is the client's first."""

    this_visit: VisitRef
    first_visit: VisitRef | None
    first_drawing: DrawingRef | None
    now_drawing: DrawingRef | None
    regions: list[RegionLoop]
    new_regions: list[NewRegion]
    points: list[PointLoop]
    scores: list[ScoreLoop]
    margins: dict[Literal["pain", "tenderness", "ppt"], MarginRead]
