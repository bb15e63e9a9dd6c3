"""A drawing split into separate pain areas, each ranked on its own: the library, the API and the command line."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from triggerpoint.atlas.geometry import load_atlas
from triggerpoint.cli import app
from triggerpoint.finder import Drawing, default_index, find_sources, pain_areas, split_areas
from triggerpoint.kb import load_kb

KB = load_kb()
REGIONS = [region.id for region in KB.regions]
HEADACHE = ["temple-right", "forehead-right"]
LOW_BACK = ["low-back-lower-right", "low-back-lower-left"]


def mirror(region: str) -> str:
    for a, b in (("-left", "-right"), ("-right", "-left")):
        if region.endswith(a):
            return region.removesuffix(a) + b
    return region


def test_neighbouring_regions_touch_on_the_atlas() -> None:
    touching = load_atlas().touching()
    assert "forehead-right" in touching["temple-right"]
    assert "low-back-lower-left" in touching["low-back-lower-right"]
    assert "temple-right" not in touching["low-back-lower-right"]
    assert all(region in touching[other] for region, others in touching.items() for other in others)  # symmetric


def test_touching_regions_and_one_points_zone_make_one_area() -> None:
    assert split_areas(KB, HEADACHE) == [HEADACHE]
    # The temple and the shoulder blade do not touch, but one point (the upper trapezius) reaches both.
    assert len(split_areas(KB, ["temple-right", "neck-side-right", "mastoid-right", "scapula-medial-right"])) == 1
    assert split_areas(KB, [*HEADACHE, *LOW_BACK]) == [HEADACHE, LOW_BACK]


def test_each_area_is_ranked_as_if_drawn_alone() -> None:
    index = default_index()
    areas = pain_areas(KB, index, Drawing(regions=[*HEADACHE, *LOW_BACK]), top=5)
    assert [a.regions for a in areas] == [HEADACHE, LOW_BACK]
    alone = find_sources(Drawing(regions=HEADACHE), index, top=5).candidates
    assert [(c.muscle, c.trigger_point, c.side) for c in areas[0].candidates] == [
        (c.muscle, c.trigger_point, c.side) for c in alone
    ]
    assert areas[0].name == "Temple, right and around"
    assert pain_areas(KB, index, Drawing(regions=HEADACHE)) == []  # one area: nothing to split


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=8, unique=True))
def test_areas_cover_the_drawing_once_and_mirror(regions: list[str]) -> None:
    areas = split_areas(KB, regions)
    assert sorted(r for area in areas for r in area) == sorted(regions)
    mirrored = split_areas(KB, [mirror(r) for r in regions])
    assert sorted(sorted(mirror(r) for r in area) for area in areas) == sorted(sorted(a) for a in mirrored)


def test_the_api_and_the_command_line_show_the_areas(client: TestClient, tmp_path: Path) -> None:
    regions = [*HEADACHE, *LOW_BACK]
    asked = client.post("/api/find", json={"regions": regions}).json()["questions"]
    answers = {q["id"]: False for q in asked}
    found = client.post("/api/find", json={"regions": regions, "answers": answers}).json()
    assert [a["regions"] for a in found["result"]["areas"]] == [HEADACHE, LOW_BACK]
    assert found["result"]["areas"][1]["candidates"][0]["muscle"]
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers), encoding="utf-8")
    printed = CliRunner().invoke(app, ["find", *regions, "--answers", str(answers_file)])
    assert printed.exit_code == 0, printed.output
    assert "By pain area (2 separate areas)" in printed.output
    assert "for the temple, right and around (2 regions)" in printed.output
    research = CliRunner().invoke(app, ["find", *regions, "--research"])
    assert research.exit_code == 0 and "By pain area (2 separate areas)" in research.output
