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
from regions import INSIDE, answer_all, click_region, show_results, submit_drawing
from targets import scrolls_sideways, small_targets

from triggerpoint.fhir.visit import validate_visit_bundle

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "clinic"))  # the clinic world's helpers

from clinic_world import PASSWORD, Person, add_client, add_therapist, code, make_clinic, tick

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
MOST_INTERACTIONS = 25  # the limit for findings and treatment of five points
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
HEALTH_QUESTIONS = (
    "pregnant", "anticoagulants", "osteoporosis", "bleeding_disorder", "dvt_history", "cancer", "lymphedema",
    "recent_surgery",
)  # fmt: skip
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


WIDER = """() => [...document.querySelectorAll('body *')].filter(e => !e.closest('nav')
  && e.getBoundingClientRect().right >
  document.documentElement.clientWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id)"""


def shoot(page: Any, screenshots: Path, name: str, phone: bool) -> None:
    assert not scrolls_sideways(page), (page.url, page.evaluate(WIDER))
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


def fill_the_intake(page: Any, screenshots: Path) -> None:
    """The health form on a phone: the complaint in their words, the drawing just made, the questions answered."""
    page.goto("/intake")
    page.fill("#complaint", "Headaches on the right and a stiff neck after long days at the computer.")
    assert page.locator("#drawing").input_value() != ""  # the latest drawing, chosen already
    page.fill("#medications", "alendronate")
    for question in HEALTH_QUESTIONS:
        page.locator(f'label[for="{question}-{"yes" if question == "osteoporosis" else "no"}"]').tap()
    shoot(page, screenshots, "1-client-intake", phone=True)
    with page.expect_navigation():
        page.locator("#intake-save").tap()
    assert page.locator('#intake-precautions li[data-precaution="osteoporosis"]').count() == 1
    offered = page.locator("#intake-questionnaires li").evaluate_all("items => items.map(i => i.dataset.instrument)")
    assert {"ndi", "hit6", "psfs", "nprs"} <= set(offered), offered
    shoot(page, screenshots, "1-client-intake-done", phone=True)


def answer_hit6(page: Any, answer: int) -> None:
    """The headache questionnaire, every item given the same answer (0: never ... 4: always)."""
    page.goto("/questionnaires/hit6")
    for item in range(1, 7):
        page.locator(f'fieldset[data-item="item-{item}"] label.q-option').nth(answer).locator(".q-option-text").tap()
    with page.expect_navigation():
        page.locator("#save-questionnaire").tap()


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
        assert page.locator(f'.exam[data-point="{point}"] .finding-verdict.active').count() == 1, point
    return counter.made


def test_a_course_of_care_from_intake_to_the_loop_closed(browser: Any, people: People, screenshots: Path) -> None:
    server = people.server
    client = people.page(browser, PHONE)
    sign_in(client, people.client, server)
    paint(client, ("temple-right", "neck-side-right"), ("mastoid-right", "scapula-medial-right"))
    shoot(client, screenshots, "1-client-drawing", phone=True)
    fill_the_intake(client, screenshots)
    answer_hit6(client, answer=3)  # "very often", before the first visit

    therapist = people.page(browser, DESKTOP)
    sign_in(therapist, people.therapist, server)
    start_visit(therapist, "Cara Client", screenshots, "2-chart")
    shoot(therapist, screenshots, "2-visit-start", phone=False)

    keys = examine_five(therapist)
    print(f"\nfindings and treatment of five points: {len(keys)} key presses (limit {MOST_INTERACTIONS}): {keys}")
    assert len(keys) <= MOST_INTERACTIONS
    shoot(therapist, screenshots, "3-five-points", phone=False)
    on_a_phone(therapist, screenshots, "3-five-points-phone")
    visit = therapist.url.split("#")[0]
    treated = keys_of_treated(therapist, visit)
    finish_and_sign(therapist, screenshots)
    check_the_note_is_locked(therapist, visit)

    client.goto("/program")
    plan = client.request.get("/api/programs/active").json()["plan"]
    assert len(plan["massage"]) + len(plan["skipped"]) == 5  # the five active points, some left out for safety
    assert client.locator("ul.doses li.dose").count() == len(plan["massage"]) >= 1
    assert max(item["max_pressure"] for item in plan["massage"]) <= 4  # the osteoporosis precaution
    shoot(client, screenshots, "6-client-program", phone=True)
    do_a_session_and_check_in(client, people.client, server, screenshots)
    sign_in(therapist, people.therapist, server)  # the same day: the check-in is on the therapist's list
    sees_the_flagged_check_in(therapist, screenshots)

    server.clock.day += timedelta(days=7)
    sign_in(client, people.client, server)
    paint(client, ("temple-right",), ())
    answer_hit6(client, answer=1)  # "rarely", a week later
    sign_in(therapist, people.therapist, server)
    start_visit(therapist, "Cara Client", screenshots, "8-chart-second-visit")
    re_examine(therapist, treated)
    loop = therapist.locator("#visit-loop")
    assert loop.locator("#loop-then svg").count() == 1 and loop.locator("#loop-now svg").count() == 1
    second = therapist.url.split("#")[0].replace("/visits/", "/api/visits/")
    (picked,) = [f for f in therapist.request.get(second).json()["findings"] if f["referred_regions"]]
    assert picked["referred_regions"] == ["neck-side-right"]
    rows = loop.locator("#loop-points tbody tr")
    assert rows.count() == len(treated)
    assert all("better" in text for text in rows.all_inner_texts()), rows.all_inner_texts()
    assert "Temple" in loop.locator("#loop-regions").inner_text()
    assert "reached, improved" in loop.locator("#loop-scores").inner_text()  # HIT-6 fell 12 points
    loop.scroll_into_view_if_needed()
    shoot(therapist, screenshots, "9-second-visit-loop", phone=False)
    on_a_phone(therapist, screenshots, "9-second-visit-loop-phone")

    assert people.consoles == [[] for _ in people.consoles], people.consoles


def start_visit(page: Any, client_name: str, screenshots: Path, shot: str) -> None:
    """From the client list, search for the client, open the chart and start a visit from the latest drawing."""
    page.goto("/clients")
    page.fill("#q", client_name.split()[0].lower())
    page.keyboard.press("Enter")
    page.wait_for_url("**/clients?q=*")
    rows = page.locator(".client-list > li")
    assert rows.count() == 1
    with page.expect_navigation():
        rows.first.locator(".client-name a").click()
    assert page.locator("#timeline .timeline-item").count() >= 1
    shoot(page, screenshots, shot, phone=False)
    assert page.locator("#visit-drawing").input_value() != ""  # the latest screened drawing, chosen
    with page.expect_navigation():
        page.click("#start-visit")
    assert "/visits/" in page.url


def sees_the_flagged_check_in(page: Any, screenshots: Path) -> None:
    """The therapist's client list flags the check-in whose soreness got worse."""
    page.goto("/clients")
    row = page.locator(".client-list > li.flagged")
    assert row.count() == 1
    assert row.locator('.flag-badge[data-flag="soreness-worse"][data-severity="high"]').count() == 1
    shoot(page, screenshots, "8-clients-flagged", phone=False)
    on_a_phone(page, screenshots, "8-clients-flagged-phone")


def keys_of_treated(page: Any, visit: str) -> list[str]:
    api = visit.replace("/visits/", "/api/visits/")
    return [f"{t['muscle']}/{t['point']}/{t['side']}" for t in page.request.get(api).json()["treatments"]]


def re_examine(page: Any, treated: list[str]) -> None:
    """At the second visit, each point treated at the first: a taut band still, tenderness down to 3."""
    for key in treated:
        card = page.locator(f'.exam[data-point="{key}"]')
        if card.count() == 0:  # not suggested from today's drawing: added by hand
            page.locator("#add-point summary").click()
            muscle, point, side = key.split("/")
            page.select_option("#add-point-select", f"{muscle}/{point}")
            page.locator('#add-point select[name="side"]').select_option(side)
            with page.expect_navigation():
                page.locator("#add-point button").click()
        if page.locator(f'#more-points .exam[data-point="{key}"]').count():
            page.locator("#more-points").evaluate("d => d.open = true")  # a less likely suggestion, folded
        form = page.locator(f'.exam[data-point="{key}"] form.exam-form')
        form.focus()
        if key == treated[0]:
            pick_where_it_referred(page, key, "neck-side-right")
        for pressed in ("t", "3"):
            page.keyboard.press(pressed)
        with page.expect_navigation():
            page.keyboard.press("Enter")


def pick_where_it_referred(page: Any, key: str, region: str) -> None:
    """Open the point's details and tap a region on its body map: the region's box is ticked."""
    card = page.locator(f'.exam[data-point="{key}"]')
    card.locator("details.more summary").click()
    shape = card.locator(f'.where-map path[data-region="{region}"]').first
    shape.scroll_into_view_if_needed()
    spot = shape.evaluate(INSIDE)
    page.mouse.click(spot["x"], spot["y"])
    assert card.locator(f'input[name="referred_region"][value="{region}"]').is_checked()
    assert shape.evaluate("p => p.classList.contains('picked')")
    card.screenshot(path=str(SCREENSHOTS / "visit-walk-9-where-it-referred.png"))


def on_a_phone(page: Any, screenshots: Path, name: str) -> None:
    """The same page at a phone's width: nothing scrolls sideways and every target is big enough to tap."""
    page.set_viewport_size(PHONE["viewport"])
    shoot(page, screenshots, name, phone=True)
    page.set_viewport_size(DESKTOP["viewport"])


def finish_and_sign(page: Any, screenshots: Path) -> None:
    """Record the length, assign the program from the active points, then sign the drafted note."""
    page.fill("#minutes", "50")
    with page.expect_navigation():
        page.locator("#finish-form button").click()
    assert page.locator("#actual-minutes").inner_text() == "50 minutes"
    with page.expect_navigation():
        page.click("#assign-program")
    assert page.locator("#program-assigned").is_visible()
    with page.expect_navigation():
        page.click("#to-note")
    assert "Upper trapezius" in page.locator("#objective").input_value()
    shoot(page, screenshots, "4-note-draft", phone=False)
    on_a_phone(page, screenshots, "4-note-draft-phone")
    with page.expect_navigation():
        page.click("#sign-note")
    assert page.locator("#signed").is_visible() and page.locator("#note-form").count() == 0
    page.fill("#addendum", "Client called the next morning: the headache eased.")
    with page.expect_navigation():
        page.locator("#addendum-form button").click()
    assert "the headache eased" in page.locator("#addenda + ul").inner_text()
    shoot(page, screenshots, "5-note-signed", phone=False)


def check_the_note_is_locked(page: Any, visit: str) -> None:
    """The signed note refuses an edit over the API, and its FHIR export validates."""
    api = visit.replace("/visits/", "/api/visits/")
    refused = page.request.put(f"{api}/note", data={"version": 1, "plan": "changed"}, headers={"origin": BASE(page)})
    assert refused.status == 409, refused.text()
    bundle = page.request.get(f"{api}/fhir.json").json()
    validate_visit_bundle(bundle)
    (composition,) = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Composition"]
    assert composition["status"] == "final"


def BASE(page: Any) -> str:  # noqa: N802
    return "/".join(page.url.split("/")[:3])


def do_a_session_and_check_in(page: Any, person: Person, server: LiveServer, screenshots: Path) -> None:
    """The client's self-care session today; tomorrow, soreness that is getting worse."""
    page.click("#start-session")
    steps = page.locator(".step")
    for index in range(steps.count()):
        steps.nth(index).locator('button[value="done"]').click()
        page.locator(f".step.done >> nth={index}").wait_for()
    server.clock.day += timedelta(days=1)
    sign_in(page, person, server)  # a day later: signed out for being idle
    page.goto("/checkin")
    page.check("#sore-moderate")
    page.check("#trend-worse")
    with page.expect_navigation():
        page.click("#save-checkin")
    assert page.locator('#checkin-outcome[data-paused="true"]').count() == 1
    assert "marked for attention" in page.locator("#therapist-sees").inner_text()
    shoot(page, screenshots, "7-client-checkin", phone=True)
