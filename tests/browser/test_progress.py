"""The progress page in Chromium, on a year of records and on a single day: charts drawn, readable on a phone
(text at least 11 CSS px), no sideways scrolling, targets big enough, accessible."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.request import urlopen

from live import LiveServer
from targets import scrolls_sideways, small_targets
from test_accessibility import serious_violations

from triggerpoint.clients.service import local_client
from triggerpoint.kb import load_kb
from triggerpoint.reports.demo import seed_demo_year

TODAY = date(2026, 11, 25)
YEAR = "/progress?start=2025-11-25&end=2026-11-25"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SMALLEST_TEXT = 11  # CSS px

# For each visible chart text (the heat maps' labels too): its rendered height across the line (the box's
# width for text turned on its side), and its font size times the chart's scale on screen.
CHART_TEXT = """
() => [...document.querySelectorAll('svg.chart, .then-now svg')].filter(svg => svg.getClientRects().length)
  .flatMap(svg => [...svg.querySelectorAll('text')].map(t => {
    const box = t.getBoundingClientRect(), m = t.getScreenCTM(), sideways = Math.abs(m.b) > Math.abs(m.a);
    return {chart: svg.dataset.chart || svg.getAttribute('aria-label'), text: t.textContent,
            height: sideways ? box.width : box.height,
            size: parseFloat(t.getAttribute('font-size')) * Math.hypot(m.a, m.b)};
  }))
"""
TICKS = """
(name) => [...document.querySelectorAll(`svg.chart[data-chart="${name}"]`)].filter(svg => svg.getClientRects().length)
  .flatMap(svg => [...svg.querySelectorAll('g[id*="xtick_"] text')].map(t => t.textContent))
"""


def seed(server: LiveServer, end: date = date(2026, 11, 24), days: int = 365) -> None:
    """Demo records for the app's own client, once the app has started (and made that client)."""
    assert server.app is not None
    with urlopen(server.url + "/progress") as response:  # startup done: the seed cannot make a second client
        assert response.status == 200
    server.clock.day = TODAY if days > 1 else end
    with server.app.state.sessions() as session:
        seed_demo_year(session, load_kb(), local_client(session).id, end, days=days)
        session.commit()


def too_small(page: Any) -> list[str]:
    """The chart texts drawn smaller than 11 CSS px, with the chart they are in."""
    texts = page.evaluate(CHART_TEXT)
    assert len(texts) > 20  # the charts are there and have text
    return [
        f"{t['chart']}: {t['text']!r} {t['height']:.1f} px high, {t['size']:.1f} px font"
        for t in texts
        if t["height"] < SMALLEST_TEXT or t["size"] < SMALLEST_TEXT
    ]


def open_all(page: Any) -> None:
    """Open the folded parts (the period comparison, the week-by-week table) so they are measured too."""
    for summary in page.locator("details > summary").all():
        summary.click()


def test_the_progress_page_shows_a_year(browser: Any, live_server: LiveServer, screenshots: Path) -> None:
    seed(live_server)
    page = browser.new_page(viewport=DESKTOP, bypass_csp=True)  # to inject axe-core
    page.goto(live_server.url + YEAR)
    charts = page.locator("svg.chart-wide")
    assert charts.count() >= 9  # pain, area, 4 questionnaires, medication, adherence, soreness
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None
        assert box["width"] > 600
    assert page.locator("svg.chart-narrow:visible").count() == 0
    assert page.locator(".then-now svg").count() == 2
    assert page.locator("table.helped tbody tr").count() >= 1
    open_all(page)
    assert too_small(page) == []
    assert small_targets(page) == []
    assert page.locator("table.adherence tbody tr").count() == 53
    page.screenshot(path=str(screenshots / "progress-year-desktop.png"), full_page=True)
    assert serious_violations(page) == []
    pdf = page.request.get(live_server.url + (page.locator("#doctor-pdf").get_attribute("href") or ""))
    assert pdf.headers["content-type"] == "application/pdf"
    page.close()


def test_a_year_reads_on_a_phone(browser: Any, live_server: LiveServer, screenshots: Path) -> None:
    seed(live_server)
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + YEAR)
    assert page.locator("svg.chart-wide:visible").count() == 0  # each chart is shown in its phone layout
    assert page.locator("svg.chart-narrow:visible").count() >= 9
    open_all(page)
    assert too_small(page) == []
    assert not scrolls_sideways(page)
    assert small_targets(page) == []
    assert page.evaluate(TICKS, "pain") == ["Jan 2026", "Apr", "Jul", "Oct"]
    page.screenshot(path=str(screenshots / "progress-year-phone.png"), full_page=True)
    context.close()


def test_one_day_is_charted_as_a_day(browser: Any, live_server: LiveServer, screenshots: Path) -> None:
    seed(live_server, end=date(2026, 11, 24), days=1)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser.new_page(viewport=viewport)
        page.goto(live_server.url + "/progress")
        assert "The charts show one day, 24 Nov 2026" in page.locator("#chart-period").inner_text()
        for chart in ("pain", "area", "medication", "adherence"):
            assert page.evaluate(TICKS, chart) == ["24 Nov 2026"], chart
        assert too_small(page) == []
        assert not scrolls_sideways(page)
        page.screenshot(path=str(screenshots / f"progress-day-{name}.png"), full_page=True)
        page.close()


def test_questionnaire_pages_are_accessible(axe_page: Any) -> None:
    for path in ("/questionnaires", "/questionnaires/ndi", "/questionnaires/acr2016", "/questionnaires/psfs"):
        axe_page.goto(path)
        assert serious_violations(axe_page) == [], path
