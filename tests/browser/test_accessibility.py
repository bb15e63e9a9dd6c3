"""axe-core (vendored from its npm package) finds no serious or critical problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from regions import answer_all, click_region, show_results, submit_drawing

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core-4.14.1.min.js"


def serious_violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/muscles",
        "/muscles/upper-trapezius",
        "/conditions/low-back-pain",
        "/regions",
        "/drawings",
        "/data",
        "/diary",
        "/checkin",
        "/intake",
        "/intake/done",
    ],
)
def test_pages_have_no_serious_violations(axe_page: Any, path: str) -> None:
    axe_page.goto(path)
    assert serious_violations(axe_page) == []


def test_screening_and_results_have_no_serious_violations(axe_page: Any) -> None:
    page = axe_page
    page.goto("/")
    click_region(page, "low-back-lower-right")
    click_region(page, "buttock-upper-right")
    submit_drawing(page)
    assert serious_violations(page) == []
    answer_all(page, "no")
    show_results(page)
    assert serious_violations(page) == []
