"""The body map on a phone (360x740, touch): every area can be painted with a finger, at a zoom where
it is at least 24x24 CSS px (WCAG 2.5.8), and a tension headache can be drawn with the head close-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from regions import answer_all, show_results, submit_drawing

from triggerpoint.kb import load_kb
from triggerpoint.kb.schema import View

TARGET = 24
TENSION_HEADACHE = (
    "temple-right", "temple-left", "forehead-right", "forehead-left", "vertex",
    "occiput-right", "occiput-left", "neck-back-upper-right", "neck-back-upper-left",
)  # fmt: skip
ON_THE_FRONT = 5


@pytest.fixture
def phone(browser: Any, live_url: str) -> Any:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True, base_url=live_url
    )
    page = context.new_page()
    page.goto("/")
    yield page
    context.close()


def shape(page: Any, view: str, region: str) -> Any:
    return page.locator(f'.view-{view} [data-region="{region}"]')


def size_on_screen(page: Any, view: str, region: str) -> dict[str, float]:
    """The region's box as drawn, clipped to the part of the picture that shows."""
    return shape(page, view, region).evaluate(
        """el => { const r = el.getBoundingClientRect(), f = el.ownerSVGElement.getBoundingClientRect();
          const left = Math.max(r.left, f.left), right = Math.min(r.right, f.right);
          const top = Math.max(r.top, f.top), bottom = Math.min(r.bottom, f.bottom);
          return {x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top)}; }"""
    )


INSIDE_VISIBLE = """
el => {
  const svg = el.ownerSVGElement, frame = svg.getBoundingClientRect(), box = el.getBBox(), m = el.getScreenCTM();
  const pt = svg.createSVGPoint();
  for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
    pt.x = box.x + box.width * ((i * 7) % 24) / 24;
    pt.y = box.y + box.height * ((j * 5) % 24) / 24;
    if (!el.isPointInFill(pt)) continue;
    const x = m.a * pt.x + m.c * pt.y + m.e, y = m.b * pt.x + m.d * pt.y + m.f;
    if (x > frame.left + 2 && x < frame.right - 2 && y > frame.top + 2 && y < frame.bottom - 2
        && document.elementFromPoint(x, y) === el) return {x, y};
  }
  return null;
}
"""


def tap_inside(page: Any, view: str, region: str) -> None:
    """Tap a point inside the area's shape, as a finger on it would."""
    point = shape(page, view, region).evaluate(INSIDE_VISIBLE)
    assert point is not None, f"no visible point of {region} to tap"
    page.touchscreen.tap(point["x"], point["y"])


def show(page: Any, view: str) -> None:
    page.locator(f'label[for="show-{view}"]').click()
    page.click('[data-zoom="whole"]')


def tap(page: Any, box: dict[str, float]) -> None:
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def zoom_until_big(page: Any, view: str, region: str) -> dict[str, float]:
    """What a person does: tap to zoom in where the area is until it is big enough to paint."""
    page.locator('label[for="mode-move"]').click()
    for _ in range(6):
        shape(page, view, region).scroll_into_view_if_needed()
        box = size_on_screen(page, view, region)
        if box["width"] >= TARGET and box["height"] >= TARGET:
            break
        tap(page, box)
    page.locator('label[for="mode-paint"]').click()
    shape(page, view, region).scroll_into_view_if_needed()
    return size_on_screen(page, view, region)


def big_enough(box: dict[str, float]) -> bool:
    return box["width"] >= TARGET and box["height"] >= TARGET


@pytest.mark.parametrize("view", ["front", "back"])
def test_every_area_can_be_painted_with_a_finger_at_a_size_it_can_hit(phone: Any, view: str) -> None:
    regions = [r.id for r in load_kb().regions if View(view) in r.views]
    show(phone, view)
    too_small = []
    for region in regions:
        shape(phone, view, region).scroll_into_view_if_needed()
        box = size_on_screen(phone, view, region)
        if not big_enough(box):  # not at the zoom left by the last area: start again from the whole body
            phone.click('[data-zoom="whole"]')
            box = zoom_until_big(phone, view, region)
        if not big_enough(box):
            too_small.append(f"{region} {box['width']:.0f}x{box['height']:.0f}")
            continue
        tap_inside(phone, view, region)
    painted = {li.get_attribute("data-region") for li in phone.locator("#painted li[data-region]").all()}
    assert too_small == []
    assert painted == set(regions), set(regions) ^ painted  # each tap painted its own area, and only it


def test_a_tension_headache_is_drawn_with_the_head_close_up(phone: Any, screenshots: Path) -> None:
    phone.click('[data-closeup="head"]')
    for region in TENSION_HEADACHE[:ON_THE_FRONT]:
        tap_inside(phone, "front", region)
    show(phone, "back")
    phone.click('[data-closeup="head"]')
    for region in TENSION_HEADACHE[ON_THE_FRONT:]:
        box = size_on_screen(phone, "back", region)
        assert box["width"] >= TARGET and box["height"] >= TARGET
        tap_inside(phone, "back", region)
    painted = {li.get_attribute("data-region") for li in phone.locator("#painted li[data-region]").all()}
    assert painted == set(TENSION_HEADACHE)
    phone.screenshot(path=str(screenshots / "phone-head-closeup.png"))
    submit_drawing(phone)
    answer_all(phone, "no")
    show_results(phone)
    phone.screenshot(path=str(screenshots / "phone-tension-headache-results.png"), full_page=True)
    listed = {li.get_attribute("data-muscle") for li in phone.locator("li.result").all()}
    checked_for_tension_headache = {
        c.muscle for c in next(c for c in load_kb().conditions if c.id == "tension-headache-migraine").muscles
    }
    assert checked_for_tension_headache <= listed, checked_for_tension_headache - listed
