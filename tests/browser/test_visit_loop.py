"""The loop closed in Chromium, as the therapist sees it at 1280x900 and on a 360x740 phone: both body maps
drawn (side by side on a desk, stacked on a phone, each as wide as the screen allows), the treated points
numbered on both, the tables there, nothing scrolling sideways, every target big enough, accessible."""

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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "visits"))  # the course of visits
from loop_world import build_course

DEVICES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
SMALLEST_TEXT = 11  # CSS px, as the progress page's charts
MAP_TEXT = """
() => [...document.querySelectorAll('.loop-maps svg text')].filter(t => t.getClientRects().length)
  .map(t => ({text: t.textContent, size: parseFloat(t.getAttribute('font-size')) * Math.hypot(t.getScreenCTM().a,
              t.getScreenCTM().b)}))
"""


def _people(server: LiveServer) -> tuple[str, str]:
    """A clinic with a therapist (their one-time link) and a client with two visits; the second visit's loop address."""
    assert server.app is not None
    token = new_clinic(server, "Alder Clinic", "admin@alder.example")
    where = accounts.Where("test", server.clock.now())
    with server.app.state.sessions() as db:
        admin = db.query(Account).filter_by(email="admin@alder.example").one()
        therapist, link = accounts.invite_staff(
            db, accounts.principal_of(admin), "tess@alder.example", "Tess Therapist", "therapist", where
        )
        client, _ = accounts.invite_client(db, accounts.principal_of(therapist), "cleo@a.example", "Cleo", where)
        course = build_course(db, client)
        address = f"/clients/{client.uuid}/visits/{course.second.uuid}/loop"
        db.commit()
    assert token
    return link, address


def _boxes(page: Any) -> list[dict[str, float]]:
    return [page.locator(f"#{name} svg").bounding_box() for name in ("loop-then", "loop-now")]


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_therapist_sees_then_and_now_side_by_side(
    browser: Any, clinic_server: LiveServer, screenshots: Path, device: str
) -> None:
    link, address = _people(clinic_server)
    size = DEVICES[device]
    page = signed_in_by_link(browser, clinic_server, link, size)
    assert page.goto(address).status == 200
    assert page.locator("h1").inner_text() == "The loop closed"
    then, now = _boxes(page)
    if device == "phone":
        assert then["y"] + then["height"] <= now["y"]  # stacked
        assert min(then["width"], now["width"]) >= size["width"] - 60  # each map nearly the screen's width
    else:
        assert abs(then["y"] - now["y"]) < 1 and then["x"] + then["width"] <= now["x"]  # side by side
    for figure in ("loop-then", "loop-now"):
        assert page.locator(f"#{figure} .marker[data-point='1']").count() == 1
        assert page.locator(f"#{figure} .marker[data-point='2']").count() == 1
    texts = page.evaluate(MAP_TEXT)
    assert texts and [t for t in texts if t["size"] < SMALLEST_TEXT] == []
    assert page.locator("#loop-regions tr[data-region='temple-right']").get_attribute("data-verdict") == "better"
    assert page.locator("#loop-points tr[data-point='1']").get_attribute("data-verdict") == "better"
    assert page.locator("#loop-scores tr[data-instrument='ndi']").get_attribute("data-result") == "improved"
    assert not scrolls_sideways(page)
    assert small_targets(page) == []
    page.screenshot(path=str(screenshots / f"visit-loop-{device}.png"), full_page=True)
    assert serious_violations(page) == []
    page.context.close()
