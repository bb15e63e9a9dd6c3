"""The permission policy as a table: every role x action x relation to a record, written out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.accounts.policy import Action, ClientAccess, Principal, Role, allowed, relation

ME, OTHER_THERAPIST, MY_CLIENT_ID, CLINIC, OTHER_CLINIC = 10, 20, 100, 1, 2

# The record each scenario asks about, seen by a principal with account 10 in clinic 1
# (a client principal is client 100). "other clinic" matches the principal in everything but the clinic.
SCENARIOS: dict[str, ClientAccess | None] = {
    "own": ClientAccess(MY_CLIENT_ID, CLINIC, therapist_id=OTHER_THERAPIST),
    "treating": ClientAccess(200, CLINIC, therapist_id=ME),
    "shared": ClientAccess(300, CLINIC, therapist_id=OTHER_THERAPIST, shared_with=frozenset({ME})),
    "same-clinic": ClientAccess(400, CLINIC, therapist_id=OTHER_THERAPIST),
    "other-clinic": ClientAccess(MY_CLIENT_ID, OTHER_CLINIC, therapist_id=ME, shared_with=frozenset({ME})),
    "none": None,
}

# Y = allowed, . = denied. Columns follow SCENARIOS.
EXPECTED = """
role       action            own  treating  shared  same-clinic  other-clinic  none
admin      read-record        .      .        .         .             .         .
admin      change-record      .      .        .         .             .         .
admin      export-record      .      .        .         .             .         .
admin      list-clients       Y      Y        Y         Y             .         Y
admin      invite-client      .      .        .         .             .         .
admin      share-client       Y      Y        Y         Y             .         .
admin      manage-staff       Y      Y        Y         Y             .         Y
admin      change-settings    Y      Y        Y         Y             .         Y
admin      read-audit         Y      Y        Y         Y             .         Y
admin      record-visit       .      .        .         .             .         .
therapist  read-record        .      Y        Y         .             .         .
therapist  change-record      .      Y        Y         .             .         .
therapist  export-record      .      Y        Y         .             .         .
therapist  list-clients       Y      Y        Y         Y             .         Y
therapist  invite-client      Y      Y        Y         Y             .         Y
therapist  share-client       .      Y        .         .             .         .
therapist  manage-staff       .      .        .         .             .         .
therapist  change-settings    .      .        .         .             .         .
therapist  read-audit         .      .        .         .             .         .
therapist  record-visit       .      Y        Y         .             .         .
client     read-record        Y      .        .         .             .         .
client     change-record      Y      .        .         .             .         .
client     export-record      Y      .        .         .             .         .
client     list-clients       .      .        .         .             .         .
client     invite-client      .      .        .         .             .         .
client     share-client       .      .        .         .             .         .
client     manage-staff       .      .        .         .             .         .
client     change-settings    .      .        .         .             .         .
client     read-audit         .      .        .         .             .         .
client     record-visit       .      .        .         .             .         .
"""


def _expected() -> dict[tuple[str, str, str], bool]:
    header, *rows = EXPECTED.strip().splitlines()
    scenarios = header.split()[2:]
    assert scenarios == list(SCENARIOS)
    table: dict[tuple[str, str, str], bool] = {}
    for row in rows:
        role, action, *marks = row.split()
        assert len(marks) == len(scenarios), row
        for scenario, mark in zip(scenarios, marks, strict=True):
            table[role, action, scenario] = mark == "Y"
    return table


TABLE = _expected()


def _principal(role: Role | str) -> Principal:
    client_id = MY_CLIENT_ID if role == Role.CLIENT else None
    return Principal(account_id=ME, clinic_id=CLINIC, role=role, client_id=client_id)


def test_the_table_covers_every_role_action_and_scenario() -> None:
    wanted = {(role.value, action.value, scenario) for role in Role for action in Action for scenario in SCENARIOS}
    assert set(TABLE) == wanted


@pytest.mark.parametrize(("role", "action", "scenario"), sorted(TABLE))
def test_policy_table(role: str, action: str, scenario: str) -> None:
    assert allowed(_principal(Role(role)), Action(action), SCENARIOS[scenario]) is TABLE[role, action, scenario]


@pytest.mark.parametrize("role", ["admin", "therapist", "client"])
def test_a_role_read_from_storage_as_plain_text_works_the_same(role: str) -> None:
    principal = Principal(account_id=ME, clinic_id=CLINIC, role=role, client_id=MY_CLIENT_ID)
    assert allowed(principal, Action.LIST_CLIENTS) is (role != "client")


@pytest.mark.parametrize("role", ["", "superuser", "Admin", " admin", "root"])
@pytest.mark.parametrize("scenario", list(SCENARIOS))
@pytest.mark.parametrize("action", list(Action))
def test_an_unknown_or_empty_role_is_denied_everything(role: str, scenario: str, action: Action) -> None:
    principal = Principal(account_id=ME, clinic_id=CLINIC, role=role, client_id=MY_CLIENT_ID)
    assert not allowed(principal, action, SCENARIOS[scenario])


@pytest.mark.parametrize("scenario", list(SCENARIOS))
@pytest.mark.parametrize("action", list(Action))
def test_nobody_signed_in_is_denied_everything(scenario: str, action: Action) -> None:
    assert not allowed(None, action, SCENARIOS[scenario])


@pytest.mark.parametrize(
    ("principal", "scenario", "expected"),
    [
        (_principal(Role.CLIENT), "own", "own"),
        (_principal(Role.THERAPIST), "own", "same-clinic"),
        (_principal(Role.THERAPIST), "treating", "treating"),
        (_principal(Role.THERAPIST), "shared", "shared"),
        (_principal(Role.THERAPIST), "same-clinic", "same-clinic"),
        (_principal(Role.CLIENT), "other-clinic", "other-clinic"),
        (_principal(Role.THERAPIST), "other-clinic", "other-clinic"),
        (_principal(Role.ADMIN), "none", "none"),
    ],
)
def test_relation(principal: Principal, scenario: str, expected: str) -> None:
    assert relation(principal, SCENARIOS[scenario]) == expected


ids = st.integers(min_value=1, max_value=50)
roles = st.one_of(st.sampled_from(Role), st.text(max_size=12))


@given(
    principal=st.builds(Principal, account_id=ids, clinic_id=ids, role=roles, client_id=st.none() | ids),
    action=st.sampled_from(Action),
    target=st.builds(
        ClientAccess,
        client_id=ids,
        clinic_id=ids,
        therapist_id=st.none() | ids,
        shared_with=st.frozensets(ids, max_size=4),
    ),
)
def test_another_clinics_record_is_always_denied(principal: Principal, action: Action, target: ClientAccess) -> None:
    if principal.clinic_id == target.clinic_id:
        target = ClientAccess(target.client_id, target.clinic_id + 1, target.therapist_id, target.shared_with)
    assert not allowed(principal, action, target)
