"""The progress page in Chromium, on a year of records: charts drawn, readable, accessible."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from test_accessibility import serious_violations

from conftest import LiveServer
from triggerpoint.clients.service import local_client
from triggerpoint.kb import load_kb
from triggerpoint.reports.demo import seed_demo_year

TODAY = date(2026, 11, 25)


def seed(server: LiveServer) -> None:
    assert server.app is not None
    server.clock.day = TODAY
    with server.app.state.sessions() as session:
        seed_demo_year(session, load_kb(), local_client(session).id, date(2026, 11, 24))
        session.commit()


def test_the_progress_page_shows_a_year(browser: Any, live_server: LiveServer, screenshots: Path) -> None:
    seed(live_server)
    page = browser.new_page(viewport={"width": 1100, "height": 900}, bypass_csp=True)  # to inject axe-core
    page.goto(f"{live_server.url}/progress?start=2025-11-25&end=2026-11-25")
    charts = page.locator("svg.chart")
    assert charts.count() >= 7
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None
        assert box["width"] > 300
    assert page.locator(".then-now svg").count() == 2
    assert page.locator("table.helped tbody tr").count() >= 1
    page.screenshot(path=str(screenshots / "progress.png"), full_page=True)
    assert serious_violations(page) == []
    pdf = page.request.get(live_server.url + (page.locator("#doctor-pdf").get_attribute("href") or ""))
    assert pdf.headers["content-type"] == "application/pdf"
    page.close()


def test_the_progress_page_reads_on_a_phone(browser: Any, live_server: LiveServer, screenshots: Path) -> None:
    seed(live_server)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live_server.url}/progress")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshots / "progress-phone.png"), full_page=True)
    page.close()


def test_questionnaire_pages_are_accessible(axe_page: Any) -> None:
    for path in ("/questionnaires", "/questionnaires/ndi", "/questionnaires/acr2016", "/questionnaires/psfs"):
        axe_page.goto(path)
        assert serious_violations(axe_page) == [], path
