"""Who may do what: the one place every permission in the clinic is decided.

A decision depends on the principal's role and on how the principal relates to the client
record in question (their own, one they treat, one shared with them, another in their clinic,
one in another clinic, or no record at all). `POLICY` lists, for each role and action, the
relations that allow it; anything not listed is denied, so an unknown role, a missing principal
or another clinic's record is denied everything. Admins run the clinic (staff, settings, audit)
but do not read clinical records: HIPAA's minimum-necessary standard (45 CFR 164.502(b)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class Role(StrEnum):
    """What an account is in its clinic."""

    ADMIN = "admin"
    THERAPIST = "therapist"
    CLIENT = "client"


class Action(StrEnum):
    """Everything that needs permission."""

    READ_RECORD = "read-record"  # see a client's record: pages, API reads
    CHANGE_RECORD = "change-record"  # add/edit/delete anything in it
    EXPORT_RECORD = "export-record"  # export zip/CSV/FHIR, PDFs, calendar
    LIST_CLIENTS = "list-clients"  # see the client list (names only)
    INVITE_CLIENT = "invite-client"  # make a client and a one-time invite link
    SHARE_CLIENT = "share-client"  # share a client with / hand over to another therapist
    MANAGE_STAFF = "manage-staff"  # invite, disable staff; reset their password/MFA
    CHANGE_SETTINGS = "change-settings"
    READ_AUDIT = "read-audit"  # see and export the audit trail
    RECORD_VISIT = "record-visit"  # start a visit, record findings and treatment (a therapist's act)


@dataclass(frozen=True)
class Principal:
    """The signed-in account asking; `role` may be a raw string from storage."""

    account_id: int
    clinic_id: int
    role: Role | str
    client_id: int | None = None


@dataclass(frozen=True)
class ClientAccess:
    """What the policy needs to know about one client record."""

    client_id: int
    clinic_id: int
    therapist_id: int | None
    shared_with: frozenset[int] = frozenset()


Relation = Literal["own", "treating", "shared", "same-clinic", "other-clinic", "none"]

_OWN: frozenset[Relation] = frozenset({"own"})
_TREATING: frozenset[Relation] = frozenset({"treating"})
_CARE_TEAM: frozenset[Relation] = frozenset({"treating", "shared"})
_ANY_CLIENT_OF_CLINIC: frozenset[Relation] = frozenset({"own", "treating", "shared", "same-clinic"})
_CLINIC_WIDE: frozenset[Relation] = _ANY_CLIENT_OF_CLINIC | {"none"}  # needs no record

POLICY: Mapping[Role, Mapping[Action, frozenset[Relation]]] = {
    Role.ADMIN: {
        Action.LIST_CLIENTS: _CLINIC_WIDE,
        Action.SHARE_CLIENT: _ANY_CLIENT_OF_CLINIC,
        Action.MANAGE_STAFF: _CLINIC_WIDE,
        Action.CHANGE_SETTINGS: _CLINIC_WIDE,
        Action.READ_AUDIT: _CLINIC_WIDE,
    },
    Role.THERAPIST: {
        Action.READ_RECORD: _CARE_TEAM,
        Action.CHANGE_RECORD: _CARE_TEAM,
        Action.EXPORT_RECORD: _CARE_TEAM,
        Action.LIST_CLIENTS: _CLINIC_WIDE,
        Action.INVITE_CLIENT: _CLINIC_WIDE,
        Action.SHARE_CLIENT: _TREATING,
        Action.RECORD_VISIT: _CARE_TEAM,
    },
    Role.CLIENT: {
        Action.READ_RECORD: _OWN,
        Action.CHANGE_RECORD: _OWN,
        Action.EXPORT_RECORD: _OWN,
    },
}


def relation(principal: Principal, target: ClientAccess | None) -> Relation:
    """How the principal stands to a client record (whatever their role)."""
    if target is None:
        return "none"
    if target.clinic_id != principal.clinic_id:
        return "other-clinic"
    if principal.client_id is not None and principal.client_id == target.client_id:
        return "own"
    if target.therapist_id == principal.account_id:
        return "treating"
    if principal.account_id in target.shared_with:
        return "shared"
    return "same-clinic"


def _role(principal: Principal) -> Role | None:
    try:
        return Role(principal.role)
    except ValueError:
        return None


def allowed(principal: Principal | None, action: Action, target: ClientAccess | None = None) -> bool:
    """Whether the principal may do the action, on the target record if there is one."""
    role = _role(principal) if principal is not None else None
    if principal is None or role is None:
        return False  # nobody signed in, or a role this policy does not know
    return relation(principal, target) in POLICY[role].get(action, frozenset())
