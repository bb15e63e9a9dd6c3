"""The diary in Chromium: an entry painted on the body map, then changed, deleted and brought back,
by touch on a phone (360x740) and by keyboard alone on a desktop (1280x900)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from live import LiveServer, watch_console
from regions import point_inside
from targets import scrolls_sideways, small_targets

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def fits(page: Any) -> None:
    assert not scrolls_sideways(page), page.url
    assert small_targets(page) == [], page.url


def tap(page: Any, selector: str) -> None:
    page.locator(selector).tap()


def tap_and_wait(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).tap()


def tap_region(page: Any, region: str) -> None:
    point = point_inside(page, region)
    page.touchscreen.tap(point["x"], point["y"])


def entry_card(page: Any) -> Any:
    return page.locator("tr[data-entry]").first


def test_an_entry_painted_changed_deleted_and_undone_by_touch(
    browser: Any, live_server: LiveServer, screenshots: Path
) -> None:
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    errors = watch_console(page)
    page.goto("/diary")
    tap(page, 'label[for="pain-6"]')
    tap(page, "#where-details > summary")
    tap_region(page, "temple-right")
    row = page.locator('.area-row[data-region="temple-right"]')
    assert row.locator('input[name="region"]').is_checked()
    assert page.locator('.view-front [data-region="temple-right"]').get_attribute("aria-selected") == "true"
    tap(page, 'label[for="q-temple-right-throbbing"]')
    row.locator("select").select_option("7")
    assert page.locator('.view-front [data-region="temple-right"]').get_attribute("fill") != "#f6e7dc"
    fits(page)
    page.screenshot(path=str(screenshots / "diary-phone-new.png"), full_page=True)
    tap_and_wait(page, "#save-entry")
    assert page.locator("#saved").is_visible()
    assert "Temple, right: 7, throbbing" in entry_card(page).inner_text()
    fits(page)
    page.screenshot(path=str(screenshots / "diary-phone-list.png"), full_page=True)

    tap_and_wait(page, "tr[data-entry] .entry-link")
    assert page.locator("#pain-6").is_checked()
    assert page.locator("#q-temple-right-throbbing").is_checked()
    fits(page)
    page.screenshot(path=str(screenshots / "diary-phone-entry.png"), full_page=True)
    tap(page, 'label[for="pain-3"]')
    tap(page, 'label[for="q-temple-right-aching"]')
    tap_region(page, "temple-right")  # taken away...
    assert not page.locator("#area-temple-right").is_checked()
    tap_region(page, "temple-right")  # ...and marked again, its qualities kept
    tap_and_wait(page, "#save-entry")
    assert page.locator("#edited").is_visible()
    card = entry_card(page).inner_text()
    assert "3/10" in card and "aching, throbbing" in card

    tap_and_wait(page, "tr[data-entry] .entry-link")
    tap_and_wait(page, "#delete-entry")
    assert page.locator("#deleted").inner_text().startswith("Deleted.")
    assert page.locator("tr[data-entry]").count() == 0
    fits(page)
    page.screenshot(path=str(screenshots / "diary-phone-deleted.png"), full_page=True)
    tap_and_wait(page, "#undo-delete")
    assert page.locator("#restored").is_visible()
    assert "3/10" in entry_card(page).inner_text()
    page.screenshot(path=str(screenshots / "diary-phone-restored.png"), full_page=True)
    context.close()
    assert errors == [], errors


def tab_to(page: Any, selector: str, limit: int = 300) -> None:
    """Press Tab until the element is focused, as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def enter_and_wait(page: Any) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_entry_made_changed_deleted_and_undone_by_keyboard(
    browser: Any, live_server: LiveServer, screenshots: Path
) -> None:
    context = browser.new_context(base_url=live_server.url, **DESKTOP)
    page = context.new_page()
    errors = watch_console(page)
    page.goto("/diary")
    tab_to(page, "#pain-0")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert page.locator("#pain-5").is_checked()
    tab_to(page, "#where-details > summary")
    page.keyboard.press("Enter")
    tab_to(page, ".view-front svg")
    page.keyboard.press("Space")  # the first area offered is marked
    marked = page.locator(".diary-areas .area-row").first.get_attribute("data-region")
    assert marked is not None
    assert page.locator(f'.view-front [data-region="{marked}"]').get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.locator(".diary-areas .area-row").count() == 2
    tab_to(page, f"#q-{marked}-burning")
    page.keyboard.press("Space")
    fits(page)
    page.screenshot(path=str(screenshots / "diary-desktop-new.png"), full_page=True)
    tab_to(page, "#save-entry-2")
    enter_and_wait(page)
    assert page.locator("#saved").is_visible()
    assert "burning" in entry_card(page).inner_text()

    tab_to(page, "tr[data-entry] .entry-link")
    enter_and_wait(page)
    tab_to(page, "#pain-5")
    page.keyboard.press("ArrowRight")
    tab_to(page, "#notes")
    page.keyboard.type("eased by the evening")
    tab_to(page, "#save-entry-2")
    enter_and_wait(page)
    assert page.locator("#edited").is_visible()
    assert "eased by the evening" in entry_card(page).inner_text()
    assert "6/10" in entry_card(page).inner_text()
    fits(page)
    page.screenshot(path=str(screenshots / "diary-desktop-list.png"), full_page=True)

    tab_to(page, "tr[data-entry] .entry-link")
    enter_and_wait(page)
    fits(page)
    page.screenshot(path=str(screenshots / "diary-desktop-entry.png"), full_page=True)
    tab_to(page, "#delete-entry")
    enter_and_wait(page)
    assert page.locator("tr[data-entry]").count() == 0
    assert page.evaluate("document.activeElement.id") == "undo-delete"  # the undo is where the keyboard is
    page.screenshot(path=str(screenshots / "diary-desktop-deleted.png"), full_page=True)
    enter_and_wait(page)
    assert page.locator("#restored").is_visible()
    assert "eased by the evening" in entry_card(page).inner_text()
    context.close()
    assert errors == [], errors
