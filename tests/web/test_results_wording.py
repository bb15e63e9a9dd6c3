"""The results page and the program read plainly: matches, not probabilities; every point worth checking reachable."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from helpers import post_form

TENSION_HEADACHE = [
    "temple-right", "temple-left", "forehead-right", "forehead-left", "occiput-right", "occiput-left", "vertex",
    "neck-back-upper-right", "neck-back-upper-left",
]  # fmt: skip


def screened(client: TestClient, regions: list[str]) -> str:
    response = post_form(client, "/drawings", {"region": regions}, follow_redirects=False)
    url = response.headers["location"]
    asked = re.findall(r'data-question="([a-z0-9-]+)"', client.get(url).text)
    post_form(client, f"{url}/screen", {f"flag-{q}": "no" for q in asked})
    return client.get(url).text


def test_scores_read_as_how_well_a_pattern_matches(client: TestClient) -> None:
    page = screened(client, TENSION_HEADACHE)
    assert "% likely" not in page
    assert re.search(r"its pattern matches your drawing (closely|well|partly|a little)", page)
    assert "What this means." in page and "does not diagnose" in page
    for jargon in ("main zone", "wider zone", "essential", "spillover"):
        assert jargon not in re.sub(r'(data-[\w-]+|class)="[^"]*"', "", page).lower()


def test_every_point_worth_checking_is_on_the_page(client: TestClient) -> None:
    page = screened(client, TENSION_HEADACHE)
    listed = set(re.findall(r'<li class="result[^"]*" data-muscle="([a-z-]+)"', page))
    for muscle in (
        "upper-trapezius",
        "sternocleidomastoid",
        "suboccipitals",
        "temporalis",
        "splenius-capitis",
        "masseter",
    ):
        assert muscle in listed, muscle
    assert re.search(r"Show \d+ more points that can send pain to where you painted", page)


def test_a_point_the_drawing_cannot_place_on_a_side_is_listed_once(client: TestClient) -> None:
    page = screened(client, TENSION_HEADACHE)
    cards = re.findall(r'data-muscle="([a-z-]+)" data-side="(\w+)"\s+data-point="([a-z0-9-]+)"', page)
    splenius = [side for muscle, side, _ in cards if muscle == "splenius-capitis"]
    assert len(splenius) == 1, splenius  # the same point, "either side": a second card would repeat it
    sides = [side for muscle, side, point in cards if (muscle, point) == ("suboccipitals", "tp1")]
    assert sorted(sides) == ["left", "right"]  # both sides painted: each side is its own card


def test_the_program_says_its_limits_in_words_and_prints_on_one_page(client: TestClient, tmp_path: Path) -> None:
    points = [{"muscle": "upper-trapezius", "point": "tp1", "side": "right"}]
    client.post("/api/programs", json={"points": points, "precautions": ["anticoagulants"]})
    page = client.get("/program").text
    assert "Pressure (max)" not in page and ".ics)" not in page
    assert "Pressure, out of 10 (up to 3)" in page
    assert "twice a day" in page or "once a day" in page or "3 times a day" in page
    assert not re.search(r"\b1 (days|times|points|strokes)\b", page)
    handout = client.get("/program/handout")
    assert handout.status_code == 200 and "Upper trapezius" in handout.text
    pdf = client.get("/program/handout.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf_pages(pdf.content, tmp_path) == 1, "the handout is one page"


def pdf_pages(pdf: bytes, folder: Path) -> int:
    if shutil.which("pdfinfo") is None:
        pytest.skip("needs poppler-utils (apt-get install poppler-utils); CI installs it")
    (folder / "handout.pdf").write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(folder / "handout.pdf")], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))  # type: ignore[union-attr]
