"""What the client list and the chart show: flags, the next-day check-in's state, and timeline items."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class Shown(BaseModel):
    """Read-only values made by the chart service for a page."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class FlagKind(StrEnum):
    """Why a client needs the therapist's attention."""

    SORENESS_WORSE = "soreness-worse"  # a check-in said soreness is getting worse, and the rule paused the program
    CHECKIN_PAUSED = "checkin-paused"  # lasting or severe soreness, or warning signs: the soreness rule paused it
    CHECKIN_UNANSWERED = "checkin-unanswered"  # a session done, its next-day check-in not answered in time
    RED_FLAG = "red-flag"  # the latest drawing's red-flag screen says see a doctor first
    SCREEN_UNFINISHED = "screen-unfinished"  # the latest drawing's red-flag questions are not all answered
    NOTE_UNSIGNED = "note-unsigned"  # a visit's note is not signed a day after the visit


FLAG_LABELS = {
    FlagKind.SORENESS_WORSE: "Soreness worse",
    FlagKind.CHECKIN_PAUSED: "Check-in paused the program",
    FlagKind.CHECKIN_UNANSWERED: "Check-in unanswered",
    FlagKind.RED_FLAG: "Red flag",
    FlagKind.SCREEN_UNFINISHED: "Screen unfinished",
    FlagKind.NOTE_UNSIGNED: "Note not signed",
}


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


class Link(Shown):
    """A page of the client's record: the first of `routes` the app has, with its parameters and an anchor."""

    routes: tuple[str, ...] = Field(min_length=1)
    params: dict[str, str] = Field(default_factory=dict)
    anchor: str = ""


class Flag(Shown):
    """One thing needing attention: what, how urgent, in plain words, since when, and where to look."""

    kind: FlagKind
    severity: Severity
    text: str
    detail: str = ""
    on: date
    link: Link

    @property
    def label(self) -> str:
        """A few words naming the kind, for the badge."""
        return FLAG_LABELS[self.kind]


CheckinState = Literal["none", "asked", "overdue", "answered"]


class CheckinStatus(Shown):
    """Where the next-day soreness check-in stands: never asked, asked, overdue, or answered (flagged or not)."""

    state: CheckinState
    session_day: date | None = None
    days_waiting: int | None = None
    answered_on: date | None = None
    soreness: str | None = None
    trend: str | None = None
    flagged: bool = False


class ClientSummary(Shown):
    """A client's line on the list: last visit, the check-in, and flags (most urgent first)."""

    last_visit: date | None
    checkin: CheckinStatus
    flags: tuple[Flag, ...]

    @property
    def severity_rank(self) -> int:
        """0 for a high flag, 1 medium, 2 low, 3 with none: the list puts flagged clients first."""
        return min((SEVERITY_ORDER[f.severity] for f in self.flags), default=len(SEVERITY_ORDER))


class Item(Shown):
    """What every timeline item has: the person's day, the time when the record has one, an anchor."""

    day: date
    at: datetime | None = None
    anchor: str


class DrawingItem(Item):
    kind: Literal["drawing"] = "drawing"
    uuid: str
    regions: int
    screen_status: str  # questions, refer, clear
    link: Link


class VisitItem(Item):
    kind: Literal["visit"] = "visit"
    uuid: str
    minutes: int | None
    planned_minutes: int | None
    active_points: int
    note: Literal["signed", "draft", "none"]
    link: Link | None  # None: the reader may not open visit pages


class DiaryWeekItem(Item):
    kind: Literal["diary-week"] = "diary-week"
    week_of: date
    entries: int
    mean_pain: float
    lowest: int
    highest: int
    link: Link


class QuestionnaireItem(Item):
    kind: Literal["questionnaire"] = "questionnaire"
    instrument: str
    name: str
    score: float | None
    unit: str
    band: str | None
    valid: bool
    link: Link


class ProgramItem(Item):
    kind: Literal["program"] = "program"
    points: int
    current: bool
    paused: bool
    pause_reason: str | None
    link: Link


class CheckInItem(Item):
    kind: Literal["checkin"] = "checkin"
    session_day: date
    answered: bool
    soreness: str | None = None
    trend: str | None = None
    flagged: bool = False
    message: str = ""


TimelineItem = Annotated[
    DrawingItem | VisitItem | DiaryWeekItem | QuestionnaireItem | ProgramItem | CheckInItem,
    Field(discriminator="kind"),
]


class TimelineDay(Shown):
    day: date
    items: tuple[TimelineItem, ...]


class Chart(Shown):
    """A client's chart: flags first, the check-in's state, then every record by day, newest first, and the
    drawings a visit may start from (screened clear, newest first)."""

    flags: tuple[Flag, ...]
    checkin: CheckinStatus
    days: tuple[TimelineDay, ...]
    visit_drawings: tuple[DrawingItem, ...] = ()
