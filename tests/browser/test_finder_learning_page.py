"""What the clinic's confirmed findings taught the finder, in Chromium at 1280x900 and on a 360x740 phone: the
therapist's visit page says it beside each point it moved, and /clinic/learning lists the evidence (with the
admin's choice and reset for an admin), with nothing scrolling sideways and every target big enough."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from live import LiveServer
from targets import scrolls_sideways, small_targets
from test_accessibility import serious_violations
from test_clinic_sign_in import new_clinic, signed_in_by_link

from triggerpoint.accounts import service as accounts
from triggerpoint.accounts.models import Account
from triggerpoint.visits import service as visits

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "visits"))  # the course of visits
from loop_world import FIRST, THEN, TRAPEZIUS, build_course, drawing, examine, visit

DEVICES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


def _clinic(server: LiveServer) -> tuple[str, str, str]:
    """A clinic whose findings confirmed the trapezius point in one client of two; the admin's and the therapist's
    one-time links, and the address of a visit started since."""
    assert server.app is not None
    admin_link = new_clinic(server, "Alder Clinic", "admin@alder.example")
    where = accounts.Where("test", server.clock.now())
    with server.app.state.sessions() as db:
        admin = db.query(Account).filter_by(email="admin@alder.example").one()
        therapist, link = accounts.invite_staff(
            db, accounts.principal_of(admin), "tess@alder.example", "Tess Therapist", "therapist", where
        )
        first, _ = accounts.invite_client(db, accounts.principal_of(therapist), "cleo@a.example", "Cleo", where)
        second, _ = accounts.invite_client(db, accounts.principal_of(therapist), "carl@a.example", "Carl", where)
        course = build_course(db, first)  # the trapezius examined and latent: not confirmed
        drawn = drawing(db, second.id, FIRST, THEN, "second-client")
        examine(db, visit(db, second.id, FIRST, drawn), TRAPEZIUS, 8, [], treated=False).classification = "active"
        started = visits.start_visit(
            db, first.id, therapist.id, course.second_drawing.uuid, server.clock.now(), server.app.state.index
        )
        db.commit()
        return admin_link, link, f"/clients/{first.uuid}/visits/{started.uuid}"


def _looks_right(page: Any, name: str, screenshots: Path) -> None:
    assert not scrolls_sideways(page)
    assert small_targets(page) == []
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    assert serious_violations(page) == []


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_therapist_and_the_admin_see_what_the_findings_taught(
    browser: Any, clinic_server: LiveServer, screenshots: Path, device: str
) -> None:
    admin_link, link, address = _clinic(clinic_server)
    therapist = signed_in_by_link(browser, clinic_server, link, DEVICES[device])
    assert therapist.goto(address).status == 200
    card = therapist.locator(f"[data-point='{'/'.join(TRAPEZIUS)}']")
    assert card.locator(".learned").inner_text().startswith("Confirmed in 1 of 2 clients of this clinic examined")
    _looks_right(therapist, f"learning-visit-{device}", screenshots)
    assert therapist.goto("/clinic/learning").status == 200
    row = therapist.locator("#learned-points tr", has_text="Upper trapezius")
    assert row.count() == 1 and "x1." in row.inner_text()
    assert therapist.locator("input[name=mode]").count() == 0
    _looks_right(therapist, f"learning-therapist-{device}", screenshots)
    therapist.context.close()
    admin = signed_in_by_link(browser, clinic_server, admin_link, DEVICES[device])
    assert admin.goto("/clinic/learning").status == 200
    admin.locator("input[name=mode][value=textbook]").check()
    admin.locator("form.learning-mode button").click()
    admin.wait_for_url("**/clinic/learning")
    assert "the textbook only" in admin.locator("#learning-mode").inner_text()
    _looks_right(admin, f"learning-admin-{device}", screenshots)
    admin.context.close()
