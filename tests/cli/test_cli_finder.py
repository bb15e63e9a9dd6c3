"""`triggerpoint find` and `triggerpoint evaluate`, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from triggerpoint.cli import app

runner = CliRunner()
VIGNETTES = Path(__file__).resolve().parents[1] / "data" / "vignettes.jsonl"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_find_prints_a_table_with_start_here_and_disclaimer() -> None:
    code, out, _ = run("find", "temple-right", "neck-side-right", "mastoid-right")
    assert code == 0
    assert "Start here: Upper trapezius (right)" in out
    assert "upper-trapezius" in out.split("\n", 5)[-1]
    assert "does not diagnose" in out


def test_find_json_has_the_documented_keys() -> None:
    code, out, _ = run("find", "temple-right", "neck-side-right", "mastoid-right", "--json", "--top", "3")
    assert code == 0
    result = json.loads(out)
    assert set(result) >= {"candidates", "minimal_set", "unexplained"}
    assert len(result["candidates"]) == 3
    first = result["candidates"][0]
    assert {"muscle", "trigger_point", "side", "score", "explains"} <= set(first)
    assert (first["muscle"], first["side"]) == ("upper-trapezius", "right")
    assert {"region": "temple-right", "how": "essential"} in first["explains"]


def test_find_takes_intensities_symptoms_activities_and_condition() -> None:
    code, out, _ = run(
        "find",
        "buttock-lower-left",
        "--intensity",
        "thigh-back-upper-left=7",
        "--symptom",
        "numbness",
        "--activity",
        "sitting",
        "--condition",
        "sciatica-like-pain",
        "--json",
    )
    assert code == 0
    explained = {e["region"] for c in json.loads(out)["candidates"] for e in c["explains"]}
    assert "thigh-back-upper-left" in explained


def test_find_ranks_gluteus_minimus_for_the_outer_leg_pattern() -> None:
    code, out, _ = run(
        "find", "hip-side-left", "thigh-outer-upper-left", "thigh-outer-lower-left", "leg-outer-left", "--json"
    )
    assert code == 0
    top3 = [(c["muscle"], c["side"]) for c in json.loads(out)["candidates"][:3]]
    assert ("gluteus-minimus", "left") in top3


def test_find_rejects_unknown_ids_with_one_line_and_exit_2() -> None:
    for args, hint in (
        (["temple-rigt"], "temple-right"),
        (["temple-right", "--symptom", "dizzyness"], "dizziness"),
        (["temple-right", "--intensity", "temple-right=12"], "0 to 10"),
        (["temple-right", "--condition", "migraine"], "tension-headache-migraine"),
    ):
        code, out, err = run("find", *args)
        assert code == 2, args
        assert out == ""
        assert hint in err
        assert len(err.strip().splitlines()) == 1


def test_batch_prints_one_result_per_line_in_order(tmp_path: Path) -> None:
    batch = tmp_path / "drawings.jsonl"
    lines = [
        {"regions": ["temple-right", "neck-side-right", "mastoid-right"]},
        {"regions": ["heel-left", "achilles-left"], "intensities": {"heel-left": 8}, "symptoms": [], "activities": []},
        {"regions": ["elbow-outer-right", "hand-back-right"], "activities": ["gripping"]},
    ]
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    code, out, _ = run("find", "--batch", str(batch), "--json")
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["minimal_set"][0]["muscle"] for r in results] == [
        "upper-trapezius",
        "soleus",
        results[2]["minimal_set"][0]["muscle"],
    ]
    assert results[2]["candidates"][0]["side"] == "right"
    assert len(results) == 3


def test_batch_reports_bad_lines_in_place_and_exits_2(tmp_path: Path) -> None:
    batch = tmp_path / "drawings.jsonl"
    batch.write_text(
        json.dumps({"regions": ["temple-right"]})
        + "\n"
        + json.dumps({"regions": ["temple-rigt"]})
        + "\n"
        + json.dumps({"regions": ["vertex"], "intensities": {"vertex": "high"}})
        + "\n"
    )
    code, out, err = run("find", "--batch", str(batch), "--json")
    assert code == 2
    results = [json.loads(line) for line in out.splitlines()]
    assert "candidates" in results[0]
    assert results[1]["error"]["line"] == 2
    assert "temple-right" in results[1]["error"]["message"]
    assert results[2]["error"]["line"] == 3
    assert "2 line(s)" in err


def test_evaluate_prints_the_figures() -> None:
    code, out, _ = run("evaluate", str(VIGNETTES))
    assert code == 0
    for figure in ("hit@1", "hit@3", "MRR", "both sources in top 5"):
        assert figure in out


def test_evaluate_json_meets_the_floors() -> None:
    code, out, _ = run("evaluate", str(VIGNETTES), "--json")
    assert code == 0
    report = json.loads(out)["overall"]
    assert report["hit_at_3"] >= 0.90
    assert report["both_in_top_5"] >= 0.80
