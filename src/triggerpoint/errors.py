"""The shapes of refused input every domain raises; the web layer turns each into its status code."""

from __future__ import annotations


class FieldError(ValueError):
    """Input that cannot be taken, tied to the field it came in (an API 422 names the field)."""

    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


class NotFoundError(FieldError):
    """A record the request names does not exist (for this person)."""


class ConflictError(FieldError):
    """The request does not fit the record's current state (a paused program, a repeated form)."""
