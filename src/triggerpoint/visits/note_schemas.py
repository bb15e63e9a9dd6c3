"""The SOAP note over JSON: what is read, what an edit sends, an addendum."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from triggerpoint.formdata import FormModel

SectionText = Field(default=None, max_length=20_000)


class NoteEdit(BaseModel):
    """Sections to change, and the version they were made from (0: the unsaved draft). `redraft` writes the note
    again from the visit's records."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=0)
    subjective: str | None = SectionText
    objective: str | None = SectionText
    assessment: str | None = SectionText
    plan: str | None = SectionText
    redraft: bool = False


class NoteSign(BaseModel):
    """Signing names the version read, so no one signs text they have not seen."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)


class AddendumCreate(BaseModel):
    """A correction or addition to a signed note."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20_000)


class AddendumRead(BaseModel):
    written_at: datetime
    author: str | None
    text: str


class NoteRead(BaseModel):
    """A visit's note: stored (version 1 up) or the unsaved draft (version 0), signed or not, with its addenda."""

    uuid: str | None
    visit: str
    version: int
    subjective: str
    objective: str
    assessment: str
    plan: str
    signed_at: datetime | None = None
    signed_by: str | None = None
    addenda: list[AddendumRead] = []


class NoteForm(NoteEdit, FormModel):
    """The note page's form: the four sections, the version read, and whether to sign after saving."""

    sign: bool = False

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        return {**data, "sign": data.get("action") == "sign", "redraft": data.get("action") == "redraft"}


class AddendumForm(AddendumCreate, FormModel):
    """An addendum typed on the note page."""
