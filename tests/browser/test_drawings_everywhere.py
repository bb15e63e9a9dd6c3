"""A drawing painted on the home page is a record: it shows in the diary, /progress, the ACR page,
both PDFs, FHIR and the export, at desktop and phone sizes in Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from live import LiveServer, watch_console
from regions import answer_all, click_region, show_results, submit_drawing

SIZES = {"desktop": (1280, 900), "phone": (360, 740)}


def paint(page: Any, server: LiveServer) -> str:
    """Paint a right-sided headache with the shoulder blade, answer the questions no; the drawing's URL."""
    page.goto(server.url + "/")
    click_region(page, "temple-right")
    click_region(page, "neck-side-right")
    if page.locator('label[for="show-back"]').is_visible():  # a phone shows one view at a time
        page.locator('label[for="show-back"]').click()
    click_region(page, "scapula-medial-right", "back")
    submit_drawing(page)
    url = page.url
    answer_all(page, "no")
    show_results(page)
    assert page.url == url
    return str(url)


def pdf_text(pdf: bytes, folder: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils (apt-get install poppler-utils); CI installs it")
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("size", list(SIZES))
def test_a_drawing_reaches_every_view(
    browser: Any, live_server: LiveServer, screenshots: Path, tmp_path: Path, size: str
) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors = watch_console(page)
    drawing_url = paint(page, live_server)
    drawing_id = drawing_url.rsplit("/", 1)[1]
    page.screenshot(path=str(screenshots / f"drawing-results-{size}.png"), full_page=True)

    page.goto(live_server.url + "/drawings")
    assert page.locator(f'tr[data-drawing="{drawing_id}"]').count() == 1
    page.screenshot(path=str(screenshots / f"drawings-{size}.png"), full_page=True)

    page.goto(live_server.url + "/diary")
    row = page.locator(f'tr[data-drawing="{drawing_id}"]')
    assert "Temple, right" in row.inner_text()
    assert page.locator('input[name="region"][value="temple-right"]').count() == 1  # the form starts from it
    page.screenshot(path=str(screenshots / f"diary-drawing-{size}.png"), full_page=True)

    page.goto(live_server.url + "/progress")
    later = page.locator(".then-now figure").nth(1)
    assert later.locator('[data-region="temple-right"]').first.get_attribute("fill") != "#f6e7dc"
    assert "No drawing" not in page.locator("main").inner_text()
    page.screenshot(path=str(screenshots / f"progress-drawing-{size}.png"), full_page=True)

    page.goto(live_server.url + "/questionnaires/acr2016")
    derived = page.locator("#derived-wpi").inner_text()
    assert re.search(r"Widespread Pain Index [1-9]\d* of 19", derived), derived
    assert "No body-map drawing yet" not in derived

    doctor = pdf_text(page.request.get(live_server.url + "/reports/doctor.pdf").body(), tmp_path)
    assert "Red-flag screening" in doctor
    assert re.search(r"1 screen with every question answered no,\s+the latest on \d+ \w+ 2026", doctor), doctor
    progress = pdf_text(page.request.get(live_server.url + "/reports/progress.pdf").body(), tmp_path)
    assert "How much of your body hurt" in progress

    bundle = page.request.get(live_server.url + "/export/fhir.json").json()
    resources = [entry["resource"] for entry in bundle["entry"]]
    screen = next(r for r in resources if r["resourceType"] == "QuestionnaireResponse" and r["id"] == drawing_id)
    assert screen["questionnaire"].endswith("red-flag-screen")
    assert all(item["answer"] == [{"valueBoolean": False}] for item in screen["item"])
    sites = {r["bodySite"]["coding"][-1]["code"] for r in resources if r.get("bodySite")}  # SNOMED first, ours last
    assert {"temple-right", "neck-side-right", "scapula-medial-right"} <= sites

    exported = json.loads(page.request.get(live_server.url + "/export.json").body())
    assert [d["uuid"] for d in exported["drawings"]] == [drawing_id]
    assert exported["drawings"][0]["screen_status"] == "clear"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert errors == [], errors
