"""Every questionnaire filled in and saved in Chromium: by keyboard alone at 1280x900 and by
touch at 360x740, with targets big enough for a finger and nothing scrolling sideways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from live import watch_console
from targets import scrolls_sideways, small_targets

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
INSTRUMENTS = ("ndi", "odi", "hit6", "acr2016", "psfs", "nprs")

# What to enter for each item, in page order: a number or text is typed, an int for a radio
# item is the position of the option to choose (HIT-6: 0 Never ... 4 Always; yes/no: 0 yes,
# 1 no), None leaves the item blank. Each ends with the score worked out by hand.
SEVEN_AREAS = {"shoulder-girdle-left", "upper-arm-left", "upper-arm-right", "hip-left", "upper-leg-right"}
SEVEN_AREAS |= {"neck", "lower-back"}
ACR_AREAS = [
    "jaw-left",
    "shoulder-girdle-left",
    "upper-arm-left",
    "lower-arm-left",
    "jaw-right",
    "shoulder-girdle-right",
    "upper-arm-right",
    "lower-arm-right",
    "hip-left",
    "upper-leg-left",
    "lower-leg-left",
    "hip-right",
    "upper-leg-right",
    "lower-leg-right",
    "neck",
    "upper-back",
    "lower-back",
    "chest",
    "abdomen",
]
Plan = list[tuple[str, str | int | None]]
PLANS: dict[str, tuple[Plan, str]] = {
    # 18 of the 45 points on the 9 sections answered (driving left blank): 40%
    "ndi": ([(f"section-{n}", v) for n, v in enumerate(["1", "2", "3", "1", "2", "3", "1", None, "2", "3"], 1)], "40%"),
    "odi": ([(f"section-{n}", "1") for n in range(1, 11)], "20%"),  # 10 of 50
    "hit6": ([(f"item-{n}", i) for n, i in enumerate([0, 1, 2, 3, 4, 0], 1)], "54 points"),  # 6+8+10+11+13+6
    # WPI 7 + SSS 6 (fatigue 2, waking 2, thinking 1, headaches): 13
    "acr2016": (
        [(area, 0 if area in SEVEN_AREAS else 1) for area in ACR_AREAS]
        + [("fatigue", 2), ("waking-unrefreshed", 2), ("cognitive-symptoms", 1)]
        + [("headaches", 0), ("lower-abdominal-pain", 1), ("depression", 1), ("duration-3-months", 0)],
        "13 points",
    ),
    "psfs": (
        [
            ("activity-1-name", "Carrying shopping"),
            ("activity-1", "3"),
            ("activity-2-name", "Walking the dog"),
            ("activity-2", "7"),
            ("activity-3-name", "Typing"),
            ("activity-3", "5"),
        ],
        "5 points",  # (3 + 7 + 5) / 3
    ),
    "nprs": ([("pain", "4")], "4 points"),
}


def fill_by_keyboard(page: Any, plan: Plan) -> None:
    """Tab from the top of the page through the form, answering each item in turn, and press Enter on Save."""
    wanted = dict(plan)
    page.locator("body").focus()
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return {id: e.id, name: e.name || '', type: e.type || '', form: !!e.closest('#questionnaire-form')}; }"
        )
        if not focused["form"]:
            continue
        if focused["type"] == "submit":
            page.keyboard.press("Enter")
            return
        value = wanted.get(focused["name"])
        if value is None:
            continue
        if focused["type"] == "radio":
            # Tab lands on a group's first option; Space chooses it, each arrow moves on and chooses.
            page.keyboard.press("Space" if value == 0 else "ArrowRight")
            for _ in range(int(value) - 1):
                page.keyboard.press("ArrowRight")
        else:
            page.keyboard.type(str(value))
    raise AssertionError("never reached the Save button by Tab")


def fill_by_touch(page: Any, plan: Plan) -> None:
    """Tap each answer (a radio option anywhere on its label), type on the on-screen keyboard, tap Save."""
    for name, value in plan:
        if value is None:
            continue
        field = page.locator(f'#questionnaire-form [name="{name}"]')
        if field.first.get_attribute("type") == "radio":
            page.locator(f'fieldset[data-item="{name}"] label.q-option').nth(int(value)).locator(".q-option-text").tap()
            assert field.nth(int(value)).is_checked(), name
        else:
            field.tap()
            page.keyboard.type(str(value))
    page.locator("#save-questionnaire").tap()


def check_saved(page: Any, instrument_id: str, score: str) -> None:
    page.wait_for_url("**/questionnaires?saved=*")
    saved = page.url.rsplit("saved=", 1)[1]
    assert f" {score}" in page.locator("#saved-notice").inner_text()
    row = page.locator(f'tr[data-response="{saved}"]')
    assert row.get_attribute("data-instrument") == instrument_id
    assert row.locator("td.q-score").inner_text() == score


def strictly_small(page: Any) -> list[str]:
    """Form controls under 24x24 CSS px, a radio measured with its label (no spacing exception here)."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('#questionnaire-form :is(input:not([type=hidden]), button)')]
          .map(e => [e, (e.type === 'radio' && e.labels.length ? e.labels[0] : e).getBoundingClientRect()])
          .filter(([e, r]) => r.width < 24 || r.height < 24)
          .map(([e, r]) => `${e.name || e.id} ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    return found


@pytest.mark.parametrize("instrument_id", INSTRUMENTS)
def test_each_questionnaire_by_keyboard_alone(
    browser: Any, live_url: str, screenshots: Path, instrument_id: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, base_url=live_url)
    page = context.new_page()
    errors = watch_console(page)
    page.goto(f"/questionnaires/{instrument_id}")
    plan, score = PLANS[instrument_id]
    fill_by_keyboard(page, plan)
    check_saved(page, instrument_id, score)
    context.close()
    assert errors == [], errors


def test_ndi_focus_shows_and_follows_the_sections(browser: Any, live_url: str) -> None:
    """Tab goes section by section in the order shown, and the focused box is outlined."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_url)
    page = context.new_page()
    page.goto("/questionnaires/ndi")
    page.locator("#section-1").focus()
    order = []
    for _ in range(10):
        order.append(page.evaluate("document.activeElement.id"))
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
        page.keyboard.press("Tab")
    assert order == [f"section-{n}" for n in range(1, 11)]
    assert page.evaluate("document.activeElement.id") == "save-questionnaire"
    context.close()


@pytest.mark.parametrize("instrument_id", INSTRUMENTS)
def test_each_questionnaire_by_touch_on_a_phone(
    browser: Any, live_url: str, screenshots: Path, instrument_id: str
) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=live_url)
    page = context.new_page()
    errors = watch_console(page)
    page.goto(f"/questionnaires/{instrument_id}")
    plan, score = PLANS[instrument_id]
    fill_by_touch(page, plan)
    check_saved(page, instrument_id, score)
    if instrument_id == "psfs":
        page.screenshot(path=str(screenshots / "questionnaires-saved-phone.png"), full_page=True)
    context.close()
    assert errors == [], errors


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_targets_fit_a_finger_and_nothing_scrolls_sideways(
    browser: Any, live_url: str, screenshots: Path, size: str, viewport: dict[str, int]
) -> None:
    touch = size == "phone"
    context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch, base_url=live_url)
    page = context.new_page()
    problems = {}
    for path in ["/questionnaires", *(f"/questionnaires/{i}" for i in INSTRUMENTS)]:
        page.goto(path)
        found = small_targets(page) + strictly_small(page)
        if scrolls_sideways(page):
            found.append("scrolls sideways")
        if found:
            problems[path] = found
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(screenshots / f"{name}-{size}.png"), full_page=True)
    context.close()
    assert problems == {}, problems


def test_the_inputs_are_not_radio_sized(browser: Any, live_url: str) -> None:
    """Number and text boxes are full size, and activity names fit a phrase (the site-wide radio rule is overridden)."""
    context = browser.new_context(viewport=PHONE, base_url=live_url)
    page = context.new_page()
    for instrument_id, selector in (("ndi", "#section-1"), ("psfs", "#activity-1"), ("nprs", "#pain")):
        page.goto(f"/questionnaires/{instrument_id}")
        box = page.locator(selector).bounding_box()
        assert box["width"] >= 70 and box["height"] >= 40, (instrument_id, box)
    page.goto("/questionnaires/psfs")
    name = page.locator("#activity-1-name")
    name.fill("Lifting my grandchild")
    assert name.bounding_box()["width"] >= 200
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth")  # the whole phrase shows
    context.close()
