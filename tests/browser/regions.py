"""Click body-map regions the way a person does: at a point inside the shape."""

from __future__ import annotations

from typing import Any

# Region shapes can be concave, so the centre of the bounding box may fall outside them.
INSIDE = """
(el) => {
  const box = el.getBBox();
  const pt = el.ownerSVGElement.createSVGPoint();
  for (let i = 1; i < 16; i++) for (let j = 1; j < 16; j++) {
    pt.x = box.x + box.width * ((i * 7) % 16) / 16;
    pt.y = box.y + box.height * ((j * 5) % 16) / 16;
    if (el.isPointInFill(pt)) {
      const m = el.getScreenCTM();
      return {x: m.a * pt.x + m.c * pt.y + m.e, y: m.b * pt.x + m.d * pt.y + m.f};
    }
  }
  return null;
}
"""


def region_shape(page: Any, region: str, view: str | None = None) -> Any:
    scope = f'[data-view="{view}"] ' if view else ""
    return page.locator(f'{scope}[data-region="{region}"]').locator("visible=true").first


def point_inside(page: Any, region: str, view: str | None = None) -> dict[str, float]:
    shape = region_shape(page, region, view)
    shape.scroll_into_view_if_needed()
    point = shape.evaluate(INSIDE)
    assert point is not None, region
    return point


def click_region(page: Any, region: str, view: str | None = None) -> None:
    point = point_inside(page, region, view)
    page.mouse.click(point["x"], point["y"])


def answer_all(page: Any, answer: str, except_yes: str | None = None) -> None:
    for question in page.locator("fieldset.question").all():
        value = "yes" if question.get_attribute("data-question") == except_yes else answer
        question.locator(f'input[value="{value}"]').check()


def submit_drawing(page: Any) -> None:
    """Press Next: the drawing is kept and its safety questions come up."""
    page.click("#next")
    page.wait_for_url("**/drawings/*")
    page.locator("#questions").wait_for()


def show_results(page: Any) -> None:
    """Send the safety answers; the same drawing's page then shows results or where to get care."""
    with page.expect_navigation():
        page.click("#show-results")
    page.locator("li.result, .seek-care").first.wait_for()
