"""The body map in Chromium: paint, screen, results; keyboard, phone width, no JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from regions import answer_all, click_region, point_inside, region_shape, show_results, submit_drawing

from triggerpoint.atlas.render import SKIN

HEADACHE = ("temple-right", "neck-side-right", "mastoid-right")


def paint_headache(page: Any) -> None:
    page.goto("/")
    for region in HEADACHE:
        click_region(page, region)


def test_paint_screen_and_the_right_upper_trapezius_comes_first(page: Any, screenshots: Path) -> None:
    paint_headache(page)
    assert page.locator("#painted li").count() == 3
    assert region_shape(page, "temple-right").get_attribute("fill") != SKIN
    assert region_shape(page, "temple-left").get_attribute("fill") == SKIN
    page.screenshot(path=str(screenshots / "bodymap-painted.png"), full_page=True)
    submit_drawing(page)
    assert page.locator('fieldset[data-question="thunderclap-headache"]').count() == 1
    answer_all(page, "no")
    show_results(page)
    first = page.locator("li.result").first
    assert first.get_attribute("data-muscle") == "upper-trapezius"
    assert first.get_attribute("data-side") == "right"
    marker = page.locator('#results-map .marker[data-rank="1"] circle').first.bounding_box()
    view = page.locator(f'#results-map [data-view="{_marker_view(page)}"] > path').first.bounding_box()
    assert marker is not None and view is not None
    centre = marker["x"] + marker["width"] / 2
    # Their right is the viewer's right on the back view and the viewer's left on the front.
    if _marker_view(page) == "back":
        assert centre > view["x"] + view["width"] / 2
    else:
        assert centre < view["x"] + view["width"] / 2
    assert page.locator("text=Start here").count() == 1
    page.screenshot(path=str(screenshots / "results-headache.png"), full_page=True)


def _marker_view(page: Any) -> str:
    return page.locator('#results-map .marker[data-rank="1"]').evaluate("m => m.closest('[data-view]').dataset.view")


def test_hovering_a_result_overlays_its_referral_map(page: Any, screenshots: Path) -> None:
    paint_headache(page)
    submit_drawing(page)
    answer_all(page, "no")
    show_results(page)
    first = page.locator("li.result").first
    assert "temple-right" in (first.get_attribute("data-essential") or "").split()
    temple = '#results-map svg [data-ref="temple-right"]'
    assert page.locator(f"{temple}.on").count() == 0
    first.hover()
    filled = page.locator(f"{temple}.on")
    assert filled.count() == 2  # on the close-up and on the whole body
    assert filled.first.get_attribute("fill") not in (None, "none")
    assert page.locator('#results-map .marker.active[data-rank="1"]').count() >= 1
    page.screenshot(path=str(screenshots / "results-overlay.png"))


def test_a_yes_to_the_thunderclap_question_shows_seek_care_and_no_suggestions(page: Any, screenshots: Path) -> None:
    paint_headache(page)
    submit_drawing(page)
    answer_all(page, "no", except_yes="thunderclap-headache")
    show_results(page)
    assert page.locator(".seek-care").is_visible()
    assert "emergency" in page.locator(".seek-care .advice").inner_text().lower()
    assert page.locator('[data-flag="thunderclap-headache"]').count() == 1
    assert page.locator("li.result").count() == 0
    assert page.locator("[data-muscle]").count() == 0
    page.screenshot(path=str(screenshots / "seek-care.png"), full_page=True)


def test_the_keyboard_alone_can_paint_and_submit(page: Any) -> None:
    page.goto("/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.region"):
            break
    assert page.evaluate("document.activeElement.dataset.region") == "temple-right"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    moved_to = page.evaluate("document.activeElement.dataset.region")
    assert moved_to and moved_to != "temple-right"
    page.keyboard.press("Space")
    assert page.locator("#painted li").count() == 2
    assert region_shape(page, "temple-right").get_attribute("aria-checked") == "true"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "next":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/drawings/*")
    for _ in range(40):  # past the skip link and the navigation
        page.keyboard.press("Tab")
        if (page.evaluate("document.activeElement.name") or "").startswith("flag-"):
            break
    for _ in range(page.locator("fieldset.question").count()):
        page.keyboard.press("ArrowRight")  # from "Yes" to "No", which selects it
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "show-results"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("li.result").count() > 0


def test_undo_erase_and_clear(page: Any) -> None:
    page.goto("/")
    click_region(page, "low-back-lower-left")
    click_region(page, "buttock-upper-left")
    page.click("#undo")
    assert page.locator("#painted li[data-region]").count() == 1
    page.check("#tool-erase")
    click_region(page, "low-back-lower-left")
    assert page.locator("#painted li[data-region]").count() == 0
    page.check("#tool-paint")
    click_region(page, "calf-upper-right")
    page.locator("#painted input[type=range]").first.fill("8")
    page.locator("#painted input[type=range]").first.dispatch_event("change")
    assert page.locator('input[name="intensity-calf-upper-right"]').get_attribute("value") == "8"
    page.click("#clear")
    assert page.locator("#painted li[data-region]").count() == 0


def test_drag_paints_every_region_crossed(page: Any) -> None:
    page.goto("/")
    start = point_inside(page, "thigh-outer-upper-left", "front")
    end = point_inside(page, "thigh-outer-lower-left", "front")
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(end["x"], end["y"], steps=12)
    page.mouse.up()
    painted = {li.get_attribute("data-region") for li in page.locator("#painted li[data-region]").all()}
    assert {"thigh-outer-upper-left", "thigh-outer-lower-left"} <= painted


def test_a_phone_sized_window_can_do_it_all(browser: Any, live_url: str, screenshots: Path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_url, has_touch=True)
    page = context.new_page()
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator(".view-back").is_hidden()
    page.locator('label[for="show-back"]').click()
    assert page.locator(".view-back").is_visible()
    assert page.locator(".view-front").is_hidden()
    box = page.locator(".view-back svg").bounding_box()
    assert box is not None and box["height"] > 400  # big enough to paint with a finger
    page.locator('label[for="show-front"]').click()
    for region in HEADACHE[:2]:
        point = point_inside(page, region, "front")
        page.touchscreen.tap(point["x"], point["y"])
    assert page.locator("#painted li[data-region]").count() == 2
    page.screenshot(path=str(screenshots / "phone-bodymap.png"), full_page=True)
    submit_drawing(page)
    answer_all(page, "no")
    show_results(page)
    assert page.locator("li.result").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshots / "phone-results.png"), full_page=True)
    context.close()


def test_it_works_as_a_plain_form_without_javascript(browser: Any, live_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live_url)
    page = context.new_page()
    page.goto("/")
    for region in HEADACHE:
        checkbox = page.locator(f'input[type=checkbox][value="{region}"]')
        checkbox.evaluate("el => el.closest('details').open = true")
        checkbox.check()
    page.fill('input[name="intensity-temple-right"]', "7")
    submit_drawing(page)
    answer_all(page, "no")
    show_results(page)
    assert page.locator("li.result").first.get_attribute("data-muscle") == "upper-trapezius"
    context.close()


def test_results_arrive_without_layout_shift(page: Any) -> None:
    paint_headache(page)
    submit_drawing(page)
    answer_all(page, "no")
    show_results(page)
    shift = page.evaluate(
        """() => new Promise((done) => {
            let total = 0;
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
            }).observe({type: 'layout-shift', buffered: true});
            requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
        })"""
    )
    assert shift < 0.01
