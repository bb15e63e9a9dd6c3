"""The health form in Chromium, as a client fills it in on a phone and on a desktop: the latest drawing is
chosen, the answers are saved, and the page after it names the precautions and links the questionnaires
that fit the drawing. No sideways scrolling and no target too small for a finger, before and after.
Screenshots: artifacts/screenshots/intake-*.png."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from live import LiveServer, watch_console
from targets import scrolls_sideways, small_targets

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True},
}
REFUSED = "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
QUESTIONS = ("pregnant", "anticoagulants", "osteoporosis", "bleeding_disorder", "dvt_history", "cancer",
             "lymphedema", "recent_surgery")  # fmt: skip


def seed_drawing(server: LiveServer) -> str:
    """A neck-and-temple drawing with its safety questions answered no, kept as the body map keeps one."""
    assert server.app is not None
    with TestClient(server.app, base_url=server.url) as client:
        regions = ["neck-side-right", "temple-right"]
        asked = client.post("/api/find", json={"regions": regions}).json()["questions"]
        body = {"regions": regions, "answers": {q["id"]: False for q in asked}, "submission_id": "intake-seed"}
        made = client.post("/api/drawings", json=body)
        assert made.status_code == 201, made.text
        return str(made.json()["uuid"])


def fits(page: Any, where: str) -> None:
    assert not scrolls_sideways(page), f"{where} scrolls sideways"
    assert small_targets(page) == [], f"{where}: {small_targets(page)}"


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_client_fills_in_the_health_form(
    browser: Any, live_server: LiveServer, screenshots: Path, device: str
) -> None:
    drawing = seed_drawing(live_server)
    context = browser.new_context(base_url=live_server.url, **DEVICES[device])
    page = context.new_page()
    errors = watch_console(page)
    page.goto("/")
    page.get_by_role("link", name="Health form").click()
    page.wait_for_url("**/intake")
    assert page.locator("select#drawing").input_value() == drawing  # the latest drawing, already chosen
    fits(page, "the form")
    page.screenshot(path=str(screenshots / f"intake-form-{device}.png"), full_page=True)

    page.locator("button#intake-save").click()  # nothing answered yet
    assert page.locator("#intake-problems").is_visible()
    assert page.locator("#pregnant-error").inner_text() == "Please answer yes or no."
    fits(page, "the refused form")
    page.screenshot(path=str(screenshots / f"intake-refused-{device}.png"), full_page=True)

    page.locator("textarea#complaint").fill("A headache that starts in my neck most afternoons")
    page.locator("label[for='condition-1']").click()  # fibromyalgia
    page.locator("textarea#medications").fill("warfarin\nparacetamol")
    page.locator("select#operation-site-0").select_option("neck")
    page.locator("input#operation-on-0").fill("2026-02-20")
    for name in QUESTIONS:
        page.locator(f"label[for='{name}-{'yes' if name == 'anticoagulants' else 'no'}']").click()
    page.locator("button#intake-save").click()
    page.wait_for_url("**/intake/done")
    precautions = page.locator("#intake-precautions li")
    assert precautions.evaluate_all("items => items.map(i => i.dataset.precaution)") == [
        "anticoagulants", "recent-surgery-or-injury", "widespread-sensitivity",
    ]  # fmt: skip
    fitting = page.locator("#intake-questionnaires li")
    assert fitting.evaluate_all("items => items.map(i => i.dataset.instrument)") == ["ndi", "hit6", "psfs", "nprs"]
    fits(page, "the saved form")
    page.screenshot(path=str(screenshots / f"intake-done-{device}.png"), full_page=True)
    page.locator("#intake-questionnaires a[href$='/questionnaires/ndi']").click()
    page.wait_for_url("**/questionnaires/ndi")
    context.close()
    assert errors == [REFUSED], errors  # the refused form's 422, and nothing else
