"""Issue 5's whole loop in Chromium: paint, pick three points, program, guided session, next-day
check-in, diary; restart; export, wipe, import."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from live import LiveServer, watch_console
from regions import answer_all, click_region, show_results, submit_drawing


def go(page: Any, server: LiveServer, path: str) -> None:
    page.goto(server.url + path)


def paint_and_pick_three(page: Any, server: LiveServer) -> None:
    go(page, server, "/")
    for region in ("temple-right", "neck-side-right"):
        click_region(page, region)
    if page.locator('label[for="show-back"]').is_visible():  # a phone shows one view at a time
        page.locator('label[for="show-back"]').click()
    for region in ("mastoid-right", "scapula-medial-right"):
        click_region(page, region, "back")
    submit_drawing(page)
    answer_all(page, "no")
    show_results(page)
    boxes = page.locator('input[name="point"]')
    for index in range(3):
        boxes.nth(index).check()
    page.click("#make-program")
    page.click("#build")
    page.wait_for_url("**/program?saved=created")
    page.locator("ul.doses").wait_for()


def test_the_whole_self_care_loop(browser: Any, live_server: LiveServer, screenshots: Path, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    errors = watch_console(page)
    paint_and_pick_three(page, live_server)
    assert page.url.endswith("/program?saved=created")
    assert page.locator("#saved").inner_text() == "Your program is ready."
    assert page.locator("ul.doses li.dose").count() == 3, page.locator("main").inner_text()[:800]
    page.screenshot(path=str(screenshots / "program.png"), full_page=True)

    page.click("#start-session")
    steps = page.locator(".step")
    for index in range(steps.count()):
        steps.nth(index).locator('button[value="done"]').click()
        page.locator(f".step.done >> nth={index}").wait_for()
    page.screenshot(path=str(screenshots / "session.png"), full_page=True)
    page.reload()  # what was marked was saved as it went
    assert page.locator(".step.done").count() == steps.count()

    live_server.clock.day += timedelta(days=1)
    go(page, live_server, "/program")
    page.click("#checkin-prompt a")
    page.check("#sore-mild")
    with page.expect_navigation():
        page.click("#save-checkin")
    assert "expected" in page.locator("#checkin-outcome").inner_text()

    go(page, live_server, "/diary")
    for pain in (4, 3):
        page.locator(f'label[for="pain-{pain}"]').click()  # two taps: the number, then Save
        with page.expect_navigation():
            page.click("#save-entry")
        assert page.locator("#saved").is_visible()
    assert page.locator("tr[data-entry]").count() == 2
    page.screenshot(path=str(screenshots / "diary.png"), full_page=True)

    today = live_server.clock.day
    live_server.stop()
    live_server.start()  # a restart: a new process state on the same data
    live_server.clock.day = today
    go(page, live_server, "/diary")
    assert page.locator("tr[data-entry]").count() == 2
    go(page, live_server, "/program")
    assert page.locator("ul.doses li.dose").count() == 3

    go(page, live_server, "/data")
    with page.expect_download() as download:
        page.click("#export-json")
    exported = tmp_path / "export.json"
    download.value.save_as(exported)

    live_server.stop()
    shutil.rmtree(live_server.data_dir)  # wipe
    live_server.start()
    live_server.clock.day = today
    go(page, live_server, "/diary")
    assert page.locator("tr[data-entry]").count() == 0

    go(page, live_server, "/data")
    page.set_input_files("#file", str(exported))
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    assert page.locator("#imported").count() == 1, page.locator("main").inner_text()[:600]
    assert "2 diary" in page.locator("#imported").inner_text()
    go(page, live_server, "/diary")
    assert page.locator("tr[data-entry]").count() == 2
    go(page, live_server, "/program")
    assert page.locator("ul.doses li.dose").count() == 3
    context.close()
    assert errors == [], errors


def test_a_soreness_that_gets_worse_pauses_the_program(browser: Any, live_server: LiveServer) -> None:
    page = browser.new_page()
    paint_and_pick_three(page, live_server)
    page.click("#start-session")
    page.locator(".step").first.locator('button[value="done"]').click()
    page.locator(".step.done").first.wait_for()
    live_server.clock.day += timedelta(days=1)
    go(page, live_server, "/checkin")
    page.check("#sore-moderate")
    page.check("#trend-worse")
    with page.expect_navigation():
        page.click("#save-checkin")
    assert page.locator('#checkin-outcome[data-paused="true"]').count() == 1
    go(page, live_server, "/program")
    assert page.locator("#paused").is_visible()
    assert page.locator("#start-session").count() == 0
    page.close()


def test_the_guided_session_works_on_a_phone_without_script(browser: Any, live_server: LiveServer) -> None:
    setup = browser.new_page()
    paint_and_pick_three(setup, live_server)
    setup.close()
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    go(page, live_server, "/session")
    with page.expect_navigation():
        page.locator(".step").first.locator('button[value="skipped"]').click()
    assert page.locator(".step.skipped").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
