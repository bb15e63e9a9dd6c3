"""The atlas browser in Chromium: the referral maps land where the classic charts put them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from triggerpoint.atlas.render import SKIN


def region_fill(page: Any, figure: int, region: str, view: str) -> str:
    selector = f"section.point >> nth={figure}"
    return page.locator(selector).locator(f'[data-view="{view}"] [data-region="{region}"]').get_attribute("fill")


def marker_box(page: Any, figure: int) -> dict[str, float]:
    box = page.locator("section.point").nth(figure).locator(".marker circle").first.bounding_box()
    assert box is not None
    return box


def view_box(page: Any, figure: int, view: str) -> dict[str, float]:
    box = page.locator("section.point").nth(figure).locator(f'[data-view="{view}"] > path').first.bounding_box()
    assert box is not None
    return box


def test_upper_trapezius_refers_to_neck_mastoid_and_temple(page: Any, screenshots: Path) -> None:
    page.goto("/muscles/upper-trapezius")
    for region, view in (("temple-right", "front"), ("neck-side-right", "front"), ("mastoid-right", "back")):
        assert region_fill(page, 0, region, view) != SKIN, region
    assert region_fill(page, 0, "temple-left", "front") == SKIN
    marker, back = marker_box(page, 0), view_box(page, 0, "back")
    # The marker sits on the back view, on the person's right: the viewer's right half of that view.
    assert marker["x"] > back["x"] + back["width"] / 2
    page.screenshot(path=str(screenshots / "muscle-upper-trapezius.png"), full_page=True)


def test_gluteus_minimus_refers_down_the_outer_and_back_leg(page: Any, screenshots: Path) -> None:
    page.goto("/muscles/gluteus-minimus")
    figures = page.locator("section.point")
    assert figures.count() >= 2
    anterior = [region_fill(page, i, "thigh-outer-lower-right", "front") for i in range(figures.count())]
    assert any(fill != SKIN for fill in anterior)
    posterior = [region_fill(page, i, "thigh-back-upper-right", "back") for i in range(figures.count())]
    assert any(fill != SKIN for fill in posterior)
    page.screenshot(path=str(screenshots / "muscle-gluteus-minimus.png"), full_page=True)


def test_search_filters_as_you_type(page: Any, screenshots: Path) -> None:
    page.goto("/muscles")
    page.fill("#q", "calf")
    visible = page.locator("[data-search]:visible")
    assert 0 < visible.count() < 10
    assert page.locator('[data-muscle="upper-trapezius"]').is_hidden()
    page.screenshot(path=str(screenshots / "index-search.png"))


def test_condition_page_links_to_muscle_pages(page: Any) -> None:
    page.goto("/conditions/tension-headache-migraine")
    page.click('a[data-muscle="suboccipitals"]')
    assert page.url.endswith("/muscles/suboccipitals")
    assert page.locator("h1").get_attribute("data-muscle") == "suboccipitals"
