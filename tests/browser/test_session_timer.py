"""The guided session's timer in Chromium: pause and resume, a signal at the end, stretch holds counted."""

from __future__ import annotations

from typing import Any

from live import LiveServer

POINTS = [{"muscle": "upper-trapezius", "point": "tp1", "side": "right"}]


def test_holds_pause_resume_signal_and_count_repetitions(browser: Any, live_server: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    page = context.new_page()
    assert page.request.post(live_server.url + "/api/programs", data={"points": POINTS}).status == 201
    page.clock.install()
    page.add_init_script("window.__buzz = []; navigator.vibrate = (p) => { window.__buzz.push(p); return true; };")
    page.goto(live_server.url + "/session")
    massage = page.locator('.step[data-kind="massage"]')
    seconds = int(massage.get_attribute("data-seconds") or 0)
    go, count = massage.locator(".go"), massage.locator(".count")
    go.click()
    page.clock.run_for(5_000)
    assert count.inner_text().startswith(f"{seconds - 5} s")
    go.click()  # pause
    assert go.inner_text() == "Resume"
    page.clock.run_for(20_000)
    assert count.inner_text() == f"Paused at {seconds - 5} s"
    go.click()  # resume
    page.clock.run_for((seconds - 5) * 1000 + 100)
    assert "Time" in count.inner_text()
    assert page.evaluate("window.__buzz.length") == 1  # the end is felt, not only seen

    stretch = page.locator('.step[data-kind="stretch"]')
    hold = int(stretch.get_attribute("data-seconds") or 0)
    times = int(stretch.get_attribute("data-repetitions") or 0)
    assert times > 1
    for done in range(1, times + 1):
        stretch.locator(".go").click()
        page.clock.run_for(hold * 1000 + 100)
        assert stretch.locator(".reps").inner_text() == f"{done} of {times} done"
    assert "All done" in stretch.locator(".count").inner_text()
    context.close()
