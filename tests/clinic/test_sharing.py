"""A therapist shares a client with a colleague of the same clinic, and can stop sharing (the policy's
"shared" relation, through the page as a therapist uses it)."""

from __future__ import annotations

from clinic_apps import World
from clinic_world import add_therapist
from sqlalchemy import select

from helpers import post_form
from triggerpoint.accounts.models import Account
from triggerpoint.audit.models import AuditEvent


def _uuid(world: World, email: str) -> str:
    with world.app.state.sessions() as db:
        return str(db.scalar(select(Account.uuid).where(Account.email == email)))


def test_a_client_shared_with_a_colleague_opens_for_them_until_the_share_ends(world: World) -> None:
    app, a = world.app, world.a
    colleague = add_therapist(app, a.admin, "Second Therapist", "second@a.example")
    record = f"/clients/{a.client.uuid}/diary"
    assert colleague.browser.get(record).status_code == 404
    share = f"/clients/{a.client.uuid}/share"
    fields = {"account": _uuid(world, colleague.email), "shared": "yes"}
    assert post_form(a.therapist.browser, share, fields).status_code == 303
    assert colleague.browser.get(record).status_code == 200
    assert "(shared with you)" in colleague.browser.get("/clients").text
    onward = {"account": _uuid(world, a.therapist.email), "shared": "yes"}
    assert post_form(colleague.browser, share, onward).status_code == 404  # only the treating therapist shares
    assert post_form(a.therapist.browser, share, fields | {"shared": "no"}).status_code == 303
    assert colleague.browser.get(record).status_code == 404
    with app.state.sessions() as db:
        changes = db.scalars(select(AuditEvent.detail).where(AuditEvent.action == "permission-change")).all()
    assert any(d.startswith("shared with") for d in changes) and any(d.startswith("no longer") for d in changes)


def test_a_client_cannot_be_shared_with_another_clinics_therapist(world: World) -> None:
    share = f"/clients/{world.a.client.uuid}/share"
    fields = {"account": _uuid(world, world.b.therapist.email), "shared": "yes"}
    assert post_form(world.a.therapist.browser, share, fields).status_code == 404
    assert world.b.therapist.browser.get(f"/clients/{world.a.client.uuid}/diary").status_code == 404
