"""The one shape of bad input: a field and what is wrong with it (the API's 422 names the field)."""

from __future__ import annotations


class FieldError(ValueError):
    """Input that cannot be taken, tied to the field it came in."""

    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")
