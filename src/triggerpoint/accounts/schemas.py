"""What the sign-in, invitation and staff forms accept (the pages validate with these; the rules are in the service)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from triggerpoint.formdata import FormModel

Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]
Secret = Annotated[str, Field(max_length=1024)]  # the service names a password that is too long
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class SignInForm(FormModel):
    email: Email
    password: Secret
    next: Annotated[str, Field(max_length=500)] = "/"


class CodeForm(FormModel):
    code: Annotated[str, Field(max_length=64)]
    next: Annotated[str, Field(max_length=500)] = "/"


class NewPasswordForm(FormModel):
    password: Secret
    again: Secret


class ClientInviteForm(FormModel):
    name: Name
    email: Email


class StaffInviteForm(FormModel):
    name: Name
    email: Email
    role: Literal["therapist", "admin"]


class ShareForm(FormModel):
    # Optional, so a client of another clinic is a 404 before anything about the form is said.
    account: Annotated[str, StringConstraints(strip_whitespace=True, max_length=36)] = ""
    shared: Literal["yes", "no"] = "yes"
