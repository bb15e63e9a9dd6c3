"""Helpers for form models: HTML forms send flat string fields, the schemas want lists and maps.

FastAPI hands a form model every field the form sent (a repeated name as a list, a single
one as a string); these reshape them inside a model's `mode="before"` validator, so the
form is then validated by the same fields and limits as the JSON API.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


def as_list(value: object) -> list[Any]:
    """A form value as a list: nothing, one value or many."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def filled(value: object) -> bool:
    """Whether a form value holds something (a blank text box sends an empty string)."""
    return value is not None and not (isinstance(value, str) and not value.strip())


def with_prefix(data: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The fields whose names start with a prefix, keyed by the rest of the name."""
    return {key.removeprefix(prefix): value for key, value in data.items() if key.startswith(prefix)}


def checkbox(value: object) -> bool:
    """An HTML checkbox: present (any value) means ticked."""
    return filled(value)


class FormModel(BaseModel):
    """Base of the HTML form models: values read from text, fields the model does not name ignored.

    List it after the JSON schema it reads into (`class XForm(XCreate, FormModel)`) so this lax
    configuration wins, and override `from_form` to reshape the form's flat fields.
    """

    model_config = ConfigDict(extra="ignore", strict=False)

    @model_validator(mode="before")
    @classmethod
    def _reshape(cls, data: Any) -> Any:
        return cls.from_form(data) if isinstance(data, Mapping) else data

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> Mapping[str, Any]:
        """The form's fields in the schema's shape (as they are, unless a form says otherwise)."""
        return data
