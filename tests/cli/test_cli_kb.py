"""The knowledge-base commands, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from triggerpoint.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_regions_json_lists_every_region_with_its_mappings() -> None:
    code, out, _ = run("regions", "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert len(rows) == 177
    assert rows["temple-right"]["side"] == "right"
    assert rows["sacrum"]["side"] is None
    assert rows["hip-side-left"]["wpi"] == "hip-left"
    assert rows["neck-side-left"]["views"] == ["front", "back"]


def test_regions_table_is_readable() -> None:
    code, out, _ = run("regions")
    assert code == 0
    assert "temple-right" in out
    assert "177 regions" in out


def test_muscles_json_has_points_and_referrals() -> None:
    code, out, _ = run("muscles", "--json")
    assert code == 0
    muscles = {m["id"]: m for m in json.loads(out)}
    assert len(muscles) >= 100
    tp1 = muscles["upper-trapezius"]["trigger_points"][0]
    assert "temple" in tp1["essential"]
    assert "jaw" in tp1["spillover"]


def test_muscles_filter_by_area_and_condition() -> None:
    _, out, _ = run("muscles", "--area", "leg-foot", "--json")
    assert {m["area"] for m in json.loads(out)} == {"leg-foot"}
    _, out, _ = run("muscles", "--condition", "tension-headache-migraine", "--json")
    ids = {m["id"] for m in json.loads(out)}
    assert "upper-trapezius" in ids
    assert "soleus" not in ids


def test_unknown_area_or_condition_exits_2_with_suggestion() -> None:
    code, _, err = run("muscles", "--condition", "fibromyalgie")
    assert code == 2
    assert "fibromyalgia" in err
    assert len(err.strip().splitlines()) == 1


def test_muscle_shows_everything() -> None:
    code, out, _ = run("muscle", "upper-trapezius")
    assert code == 0
    for text in ("Upper trapezius", "Essential", "Stretch", "Caution", "does not diagnose"):
        assert text in out


def test_muscle_json_expands_citations() -> None:
    code, out, _ = run("muscle", "gluteus-minimus", "--json")
    assert code == 0
    detail = json.loads(out)
    assert len(detail["trigger_points"]) >= 2
    assert "travell-simons-v2" in detail["citations"]


def test_unknown_muscle_exits_2_with_one_line_and_suggestions() -> None:
    code, out, err = run("muscle", "upper-trapezus")
    assert code == 2
    assert out == ""
    assert err.strip().startswith("error: unknown muscle 'upper-trapezus'; did you mean upper-trapezius,")
    assert len(err.strip().splitlines()) == 1


def test_atlas_writes_svg_and_png(tmp_path: Path) -> None:
    svg_file, png_file = tmp_path / "map.svg", tmp_path / "map.png"
    code, _, _ = run("atlas", "--regions", "temple-right=8,neck-side-right", "--out", str(svg_file))
    assert code == 0
    svg = svg_file.read_text()
    assert svg.startswith("<svg")
    assert 'data-region="temple-right"' in svg
    code, _, _ = run(
        "atlas", "--regions", "temple-right", "--point", "upper-trapezius/tp1/right", "--out", str(png_file)
    )
    assert code == 0
    assert png_file.read_bytes()[:4] == b"\x89PNG"


def test_atlas_rejects_unknown_region_and_bad_intensity() -> None:
    code, _, err = run("atlas", "--regions", "temple-rigth")
    assert code == 2
    assert "temple-right" in err
    code, _, err = run("atlas", "--regions", "temple-right=11")
    assert code == 2
    assert "0 to 10" in err
