"""Field types the record schemas share: instants, record IDs, and the identity every imported row carries.

Times in exports are UTC; a file from before times carried their offset (export version 1)
is read as UTC too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _text_or_datetime(value: Any) -> Any:
    if not isinstance(value, str | datetime):
        raise ValueError("must be a date and time as text, e.g. 2026-03-02T09:30:00+01:00")
    return value


EARLIEST = date(1900, 1, 1)  # an earlier date in a record is a typing mistake, not a record


def _not_ancient(moment: datetime) -> datetime:
    if moment.date() < EARLIEST:
        raise ValueError(f"must be on or after {EARLIEST}")
    return moment


Instant = Annotated[datetime, AfterValidator(_utc), AfterValidator(_not_ancient)]
Day = Annotated[date, Field(ge=EARLIEST)]
LATEST = date(9000, 1, 1)


def plausible(moment: datetime) -> datetime:
    """The moment, if its own calendar date is one a record can hold."""
    # Checked on the sent local date, before anything converts it: year 1 at +14:00 has no UTC.
    if not EARLIEST <= moment.date() <= LATEST:
        raise ValueError(f"must be a date on or after {EARLIEST}")
    return moment


# A time sent to the API: ISO 8601 text with its offset (JSON has no time type, so strict mode
# alone would refuse every text; a number is not taken as a time either).
SentInstant = Annotated[
    AwareDatetime, BeforeValidator(_text_or_datetime), Field(strict=False), AfterValidator(plausible)
]
Uuid = Annotated[str, Field(min_length=1, max_length=36, pattern=r"^[0-9a-fA-F-]+$")]
ShortId = Annotated[str, Field(max_length=64)]
Ids = Annotated[list[ShortId], Field(max_length=200)]
LongText = Annotated[str, Field(max_length=4000)]


class ImportedRow(BaseModel):
    """What every exported record carries: its portable ID and when it was made."""

    model_config = ConfigDict(extra="forbid")

    uuid: Uuid
    created_at: Instant
