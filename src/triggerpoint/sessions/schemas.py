"""What marking a session item and answering the check-in look like (JSON or form)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from triggerpoint.formdata import FormModel
from triggerpoint.schematypes import Day, ImportedRow, Instant, LongText, Uuid
from triggerpoint.selfcare import Soreness, Trend


class ItemMark(BaseModel):
    """One item of today's session, done or skipped."""

    model_config = ConfigDict(extra="forbid", strict=True)

    key: str = Field(min_length=1, max_length=200)
    status: Literal["done", "skipped"]


class ItemMarkForm(ItemMark, FormModel):
    """The Done and Skip buttons of the guided session."""


class CheckInCreate(BaseModel):
    """The next-day check-in: soreness where pressed, its trend, and warning signs."""

    model_config = ConfigDict(extra="forbid", strict=True)

    soreness: Annotated[Soreness, Field(strict=False)]
    trend: Annotated[Trend, Field(strict=False)] = Trend.FADING
    bruising: bool = False
    numbness: bool = False
    weakness: bool = False


class CheckInForm(CheckInCreate, FormModel):
    """The check-in form: radio buttons and check boxes (a ticked box sends "on")."""


class MarkRead(BaseModel):
    """An item as logged."""

    key: str
    status: str
    session: str


class CheckInRead(BaseModel):
    """What the soreness rule concluded."""

    paused: bool
    message: str


class SessionImport(ImportedRow):
    """A session as exported (`program`: the program's UUID)."""

    program: Uuid
    day: Day
    finished_at: Instant | None = None


class SessionItemImport(ImportedRow):
    """A session item as exported (`session`: the session's UUID)."""

    session: Uuid
    item_key: str = Field(min_length=1, max_length=200)
    status: Literal["done", "skipped"]
    logged_at: Instant


class CheckInImport(ImportedRow):
    """A check-in as exported (`session`: the session's UUID)."""

    session: Uuid
    day: Day
    soreness: Soreness
    trend: Trend
    bruising: bool = False
    numbness: bool = False
    weakness: bool = False
    paused: bool = False
    message: LongText
