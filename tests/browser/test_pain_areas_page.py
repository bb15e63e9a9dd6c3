"""Two separate problems on one body map: the results page names each pain area and its own best points,
on a phone and on a desktop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from regions import answer_all, click_region, show_results, submit_drawing
from targets import scrolls_sideways, small_targets


@pytest.mark.parametrize(
    ("device", "size"), [("phone", {"width": 360, "height": 740}), ("desktop", {"width": 1280, "height": 900})]
)
def test_the_results_show_each_pain_area(
    browser: Any, live_url: str, screenshots: Path, device: str, size: dict[str, int]
) -> None:
    context = browser.new_context(viewport=size, base_url=live_url, has_touch=device == "phone")
    page = context.new_page()
    page.goto("/")
    click_region(page, "temple-right")
    if page.locator('label[for="show-back"]').is_visible():  # a phone shows one view at a time
        page.locator('label[for="show-back"]').click()
    click_region(page, "low-back-lower-right", "back")
    submit_drawing(page)
    answer_all(page, "no")
    show_results(page)
    areas = page.locator("#by-area li[data-area]")
    assert areas.count() == 2
    assert "For the temple, right" in areas.nth(0).inner_text()
    assert "low back" in areas.nth(1).inner_text()
    assert not scrolls_sideways(page)
    if device == "phone":
        assert small_targets(page) == []
    page.locator("#by-area").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"results-by-area-{device}.png"), full_page=True)
    context.close()
