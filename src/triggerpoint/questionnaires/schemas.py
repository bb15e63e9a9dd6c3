"""What a filled-in questionnaire looks like coming in (JSON or form) and going out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from triggerpoint.formdata import FormModel, filled
from triggerpoint.schematypes import Day, ImportedRow

ItemId = Annotated[str, Field(max_length=64)]
LABEL_SUFFIX = "-name"  # the form field naming a PSFS activity is "<item>-name"
NOT_ANSWERS = frozenset({"csrftoken"})


class QuestionnaireSubmit(BaseModel):
    """Answers by item ID (null: left blank) and, for activity items, the activity's name."""

    model_config = ConfigDict(extra="forbid", strict=True)

    answers: dict[ItemId, int | bool | None] = Field(max_length=100)
    labels: dict[ItemId, Annotated[str, Field(max_length=120)]] = Field(default_factory=dict, max_length=20)


def _answer(value: object) -> object:
    if not filled(value):
        return None
    return {"yes": True, "no": False}.get(str(value).strip(), value)


class QuestionnaireForm(QuestionnaireSubmit, FormModel):
    """A questionnaire page's form: one field per item ("yes"/"no" for yes-no items), `<item>-name` labels."""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        fields = {k: v for k, v in data.items() if k not in NOT_ANSWERS and not isinstance(v, list)}
        labels = {k.removesuffix(LABEL_SUFFIX): v for k, v in fields.items() if k.endswith(LABEL_SUFFIX)}
        answers = {k: _answer(v) for k, v in fields.items() if not k.endswith(LABEL_SUFFIX)}
        return {"answers": answers, "labels": {k: str(v).strip() for k, v in labels.items() if filled(v)}}


class QuestionnaireRead(BaseModel):
    """A stored response and its score."""

    uuid: str
    instrument: str
    completed_on: date
    answers: dict[str, Any]
    score: float | None
    band: str | None
    valid: bool


class QuestionnaireImport(ImportedRow):
    """A response as exported; it is scored again on import, not trusted."""

    instrument: str = Field(max_length=32)
    completed_on: Day
    answers: dict[ItemId, int | bool | Annotated[str, Field(max_length=120)] | None] = Field(max_length=120)
    score: float | None = None
    band: str | None = Field(default=None, max_length=64)
    valid: bool = True
