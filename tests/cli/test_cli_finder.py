"""`triggerpoint find` and `triggerpoint evaluate`, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from triggerpoint.cli import app, finding
from triggerpoint.finder import Drawing, find_sources
from triggerpoint.kb import KnowledgeBase
from triggerpoint.screening import questions_for

runner = CliRunner()
VIGNETTES = Path(__file__).resolve().parents[1] / "data" / "vignettes.jsonl"
CASE_REPORTS = VIGNETTES.with_name("vignettes_casereports.jsonl")
HEADACHE = ("temple-right", "neck-side-right", "mastoid-right")
RESEARCH_NOTICE = "research use: suggestions shown without the red-flag screen; not for care decisions"
# Words that only a suggestion would print: a muscle, the table, "start here".
SUGGESTION_WORDS = ("upper-trapezius", "Upper trapezius", "Start here", "Trigger points that may explain", "candidates")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone, for phrase checks."""
    return " ".join(text.split())


def assert_no_suggestions(out: str) -> None:
    for word in SUGGESTION_WORDS:
        assert word not in out, word


def asked(kb: KnowledgeBase, regions: tuple[str, ...] = HEADACHE) -> list[str]:
    return [question.id for question in questions_for(kb, regions)]


def answers_file(tmp_path: Path, answers: dict[str, object], name: str = "answers.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(answers))
    return str(path)


def all_no(tmp_path: Path, kb: KnowledgeBase) -> str:
    return answers_file(tmp_path, dict.fromkeys(asked(kb), False))


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a person is at a terminal, so the questions are asked one at a time."""
    monkeypatch.setattr(finding, "_interactive", lambda: True)


def test_research_find_prints_a_table_with_start_here_and_disclaimer() -> None:
    code, out, err = run("find", *HEADACHE, "--research")
    assert code == 0
    assert err.strip() == RESEARCH_NOTICE
    assert "Start here: Upper trapezius (right)" in out
    assert "upper-trapezius" in out.split("\n", 5)[-1]
    assert "does not diagnose" in out


def test_research_find_json_has_the_documented_keys() -> None:
    code, out, err = run("find", *HEADACHE, "--json", "--top", "3", "--research")
    assert code == 0
    assert err.strip() == RESEARCH_NOTICE
    result = json.loads(out)
    assert set(result) >= {"candidates", "minimal_set", "unexplained"}
    assert len(result["candidates"]) == 3
    first = result["candidates"][0]
    assert {"muscle", "trigger_point", "side", "score", "explains"} <= set(first)
    assert (first["muscle"], first["side"]) == ("upper-trapezius", "right")
    assert {"region": "temple-right", "how": "essential"} in first["explains"]


def test_research_find_takes_intensities_symptoms_activities_and_condition() -> None:
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
        "--research",
    )
    assert code == 0
    explained = {e["region"] for c in json.loads(out)["candidates"] for e in c["explains"]}
    assert "thigh-back-upper-left" in explained


def test_research_find_ranks_gluteus_minimus_for_the_outer_leg_pattern() -> None:
    code, out, _ = run(
        "find",
        "hip-side-left",
        "thigh-outer-upper-left",
        "thigh-outer-lower-left",
        "leg-outer-left",
        "--json",
        "--research",
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
        for mode in ([], ["--research"], ["--json"]):
            code, out, err = run("find", *args, *mode)
            assert code == 2, args
            assert out == ""
            assert hint in err
            assert len(err.strip().splitlines()) == 1


def test_find_checks_the_drawing_before_asking_anything(terminal: None) -> None:
    code, out, err = run("find", "temple-rigt", stdin="n\n")
    assert code == 2
    assert out == ""
    assert "temple-right" in err


def test_batch_prints_one_result_per_line_in_order(tmp_path: Path) -> None:
    batch = tmp_path / "drawings.jsonl"
    lines = [
        {"regions": ["temple-right", "neck-side-right", "mastoid-right"]},
        {"regions": ["heel-left", "achilles-left"], "intensities": {"heel-left": 8}, "symptoms": [], "activities": []},
        {"regions": ["elbow-outer-right", "hand-back-right"], "activities": ["gripping"]},
    ]
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    code, out, err = run("find", "--batch", str(batch), "--json", "--research")
    assert code == 0
    assert err.strip() == RESEARCH_NOTICE
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
    code, out, err = run("find", "--batch", str(batch), "--json", "--research")
    assert code == 2
    assert err.startswith(RESEARCH_NOTICE)
    results = [json.loads(line) for line in out.splitlines()]
    assert "candidates" in results[0]
    assert results[1]["error"]["line"] == 2
    assert "temple-right" in results[1]["error"]["message"]
    assert results[2]["error"]["line"] == 3
    assert "2 line(s)" in err


def test_evaluate_prints_the_figures() -> None:
    code, out, err = run("evaluate", str(VIGNETTES))
    assert code == 0
    assert "not for care decisions" in err.splitlines()[0]
    for figure in ("hit@1", "hit@3", "MRR", "both sources in top 5"):
        assert figure in out


def test_evaluate_json_meets_the_floors() -> None:
    code, out, err = run("evaluate", str(VIGNETTES), "--json")
    assert code == 0
    assert err.startswith("research use:")
    report = json.loads(out)["overall"]
    assert report["hit_at_3"] >= 0.90
    assert report["both_in_top_5"] >= 0.80


def test_evaluate_sets_the_finder_beside_the_baseline_on_every_set() -> None:
    code, out, _ = run("evaluate", str(VIGNETTES), "--second-set", str(CASE_REPORTS), "--seed", "5")
    assert code == 0
    assert out.count("│ model") == 5
    assert out.count("│ baseline") == 5
    for name in ("│ vignettes ", "│ two-source * ", "│ partial * ", "│ noisy * "):
        assert name in out
    assert "own referral maps (seed 5)" in flat(out)
    assert "not whether the maps are right" in flat(out)


def test_evaluate_json_compares_each_set_and_says_which_come_from_the_knowledge_base() -> None:
    code, out, _ = run("evaluate", str(VIGNETTES), "--second-set", str(CASE_REPORTS), "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["overall"]["hit_at_3"] >= 0.90  # the old report is still there
    sets = {c["name"]: c for c in answer["comparison"]}
    assert list(sets) == ["vignettes", "vignettes_casereports", "two-source", "partial", "noisy"]
    assert [c["derived_from_kb"] for c in sets.values()] == [False, False, True, True, True]
    for comparison in sets.values():
        assert comparison["model"]["cases"] == comparison["baseline"]["cases"]
        assert set(comparison["model"]) >= {"hit_at_1", "hit_at_3", "mean_reciprocal_rank", "both_in_top_5"}
    assert sets["two-source"]["model"]["cases"] == 200


def test_evaluate_without_generated_sets_scores_only_the_files() -> None:
    code, out, _ = run("evaluate", str(VIGNETTES), "--no-generated", "--json")
    assert code == 0
    assert [c["name"] for c in json.loads(out)["comparison"]] == ["vignettes"]


def test_evaluate_names_a_bad_second_set(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', "utf-8")
    code, _, err = run("evaluate", str(VIGNETTES), "--second-set", str(bad))
    assert code != 0
    assert "bad.jsonl" in err


# The red-flag screen comes before any suggestion.


def test_find_without_answers_lists_the_questions_and_suggests_nothing(kb: KnowledgeBase) -> None:
    code, out, _ = run("find", *HEADACHE)
    assert code == 2
    assert_no_suggestions(out)
    for question in questions_for(kb, HEADACHE):
        assert question.id in out
        assert question.ask in flat(out)
    example = json.loads(out[out.index("{") :])
    assert example == dict.fromkeys(asked(kb), False)


def test_find_json_without_answers_gives_status_questions_and_no_result(kb: KnowledgeBase) -> None:
    code, out, _ = run("find", *HEADACHE, "--json")
    assert code == 2
    answer = json.loads(out)
    assert answer == {
        "status": "questions",
        "questions": answer["questions"],
        "advice": None,
        "flagged": [],
        "result": None,
    }
    assert [q["id"] for q in answer["questions"]] == asked(kb)
    assert set(answer["questions"][0]) == {"id", "ask", "why", "urgency"}


def test_incomplete_answers_ask_only_the_rest_and_suggest_nothing(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = answers_file(tmp_path, {"thunderclap-headache": False})
    code, out, _ = run("find", *HEADACHE, "--answers", path)
    assert code == 2
    assert_no_suggestions(out)
    code, out, _ = run("find", *HEADACHE, "--answers", path, "--json")
    assert code == 2
    answer = json.loads(out)
    assert (answer["status"], answer["result"]) == ("questions", None)
    assert [q["id"] for q in answer["questions"]] == asked(kb)[1:]


def test_yes_to_thunderclap_headache_gives_emergency_advice_and_exit_3(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = answers_file(tmp_path, {"thunderclap-headache": True})
    code, out, _ = run("find", "temple-right", "--answers", path)
    assert code == 3
    assert_no_suggestions(out)
    text = flat(out)
    assert f"Emergency: {kb.rules.referral_advice.emergency}" in text
    assert "bleeding in or around the brain" in text


def test_yes_in_json_is_status_refer_with_the_advice_and_no_result(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = answers_file(tmp_path, {"thunderclap-headache": True})
    code, out, _ = run("find", "temple-right", "--answers", path, "--json")
    assert code == 3
    answer = json.loads(out)
    assert (answer["status"], answer["result"]) == ("refer", None)
    assert answer["advice"] == kb.rules.referral_advice.emergency
    assert [(q["id"], q["urgency"]) for q in answer["flagged"]] == [("thunderclap-headache", "emergency")]


def test_all_no_answers_give_suggestions_with_upper_trapezius_first(tmp_path: Path, kb: KnowledgeBase) -> None:
    code, out, _ = run("find", *HEADACHE, "--answers", all_no(tmp_path, kb))
    assert code == 0
    count = len(asked(kb))
    assert out.splitlines()[0] == f"Safety check: you answered no to all {count} red-flag questions."
    assert "Start here: Upper trapezius (right)" in out
    assert "does not diagnose" in out


def test_all_no_answers_in_json_are_status_clear_with_the_result(tmp_path: Path, kb: KnowledgeBase) -> None:
    code, out, _ = run("find", *HEADACHE, "--answers", all_no(tmp_path, kb), "--json", "--top", "3")
    assert code == 0
    answer = json.loads(out)
    assert (answer["status"], answer["questions"], answer["advice"], answer["flagged"]) == ("clear", [], None, [])
    first = answer["result"]["candidates"][0]
    assert (first["muscle"], first["side"]) == ("upper-trapezius", "right")
    assert len(answer["result"]["candidates"]) == 3


def test_yaml_answers_file_is_read_too(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("".join(f"{question_id}: no\n" for question_id in asked(kb)))
    code, out, _ = run("find", *HEADACHE, "--answers", str(path))
    assert code == 0
    assert "Start here: Upper trapezius (right)" in out


def test_an_answer_to_a_question_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    code, out, err = run("find", *HEADACHE, "--answers", answers_file(tmp_path, {"thunderclap": False}))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "no red-flag question 'thunderclap'" in err
    assert "thunderclap-headache" in err


def test_a_volunteered_red_flag_refers_even_when_the_drawing_did_not_raise_it(tmp_path: Path) -> None:
    code, out, _ = run("find", *HEADACHE, "--answers", answers_file(tmp_path, {"saddle-numbness": True}))
    assert code == 3
    assert "upper-trapezius" not in out
    code, out, _ = run("find", *HEADACHE, "--json", "--answers", answers_file(tmp_path, {"saddle-numbness": False}))
    assert code == 2  # a no to a question not raised answers nothing: the drawing's own questions remain


def test_answers_must_be_true_or_false(tmp_path: Path) -> None:
    code, out, err = run("find", *HEADACHE, "--answers", answers_file(tmp_path, {"recent-injury": "no"}))
    assert (code, out) == (2, "")
    assert "recent-injury must be true (yes) or false (no)" in err
    (tmp_path / "broken.json").write_text("{not json")
    code, out, err = run("find", *HEADACHE, "--answers", str(tmp_path / "broken.json"))
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1


# At a terminal the questions are asked one at a time.


def test_at_a_terminal_all_no_gives_the_suggestions(terminal: None, kb: KnowledgeBase) -> None:
    count = len(asked(kb))
    code, out, _ = run("find", *HEADACHE, stdin="n\n" * count)
    assert code == 0
    text = flat(out)
    for question in questions_for(kb, HEADACHE):
        assert question.ask in text
    assert f"Safety check: you answered no to all {count} red-flag questions." in text
    assert text.index("Safety check") < text.index("Start here: Upper trapezius (right)")


def test_at_a_terminal_the_first_yes_stops_the_questions_and_exits_3(terminal: None, kb: KnowledgeBase) -> None:
    first, second, third = questions_for(kb, HEADACHE)[:3]
    code, out, _ = run("find", *HEADACHE, stdin="n\ny\n")
    assert code == 3
    text = flat(out)
    assert first.ask in text and second.ask in text
    assert third.ask not in text
    assert f"You answered yes to: {second.ask}" in text
    assert second.why in text
    assert_no_suggestions(out)


def test_at_a_terminal_yes_to_thunderclap_headache_gives_emergency_advice(terminal: None, kb: KnowledgeBase) -> None:
    code, out, _ = run("find", "temple-right", stdin="y\n")
    assert code == 3
    assert f"Emergency: {kb.rules.referral_advice.emergency}" in flat(out)
    assert_no_suggestions(out)


def test_at_a_terminal_an_answer_is_required(terminal: None) -> None:
    code, out, _ = run("find", "temple-right", stdin="\nmaybe\ny\n")
    assert code == 3
    assert out.count("Please enter Y or N") == 2


def test_at_a_terminal_json_keeps_the_questions_off_stdout(terminal: None, kb: KnowledgeBase) -> None:
    code, out, err = run("find", *HEADACHE, "--json", stdin="n\n" * len(asked(kb)))
    assert code == 0
    assert json.loads(out)["status"] == "clear"
    assert questions_for(kb, HEADACHE)[0].ask in flat(err)


def test_at_a_terminal_an_answers_file_leaves_only_the_rest_to_ask(
    terminal: None, tmp_path: Path, kb: KnowledgeBase
) -> None:
    first, second = questions_for(kb, HEADACHE)[:2]
    path = answers_file(tmp_path, {first.id: False})
    code, out, _ = run("find", *HEADACHE, "--answers", path, stdin="y\n")
    assert code == 3
    assert first.ask not in flat(out)
    assert f"You answered yes to: {second.ask}" in flat(out)


# Research use skips the screen, and says so.


def test_research_gives_suggestions_with_the_research_notice() -> None:
    code, out, err = run("find", *HEADACHE, "--research")
    assert code == 0
    assert "Start here: Upper trapezius (right)" in out
    assert "Safety check" not in out
    assert err.splitlines() == [RESEARCH_NOTICE]


def test_research_takes_no_answers(tmp_path: Path, kb: KnowledgeBase) -> None:
    code, out, err = run("find", *HEADACHE, "--research", "--answers", all_no(tmp_path, kb))
    assert (code, out) == (2, "")
    assert "--research" in err and "--answers" in err


def test_batch_without_research_is_refused(tmp_path: Path) -> None:
    batch = tmp_path / "drawings.jsonl"
    batch.write_text(json.dumps({"regions": list(HEADACHE)}) + "\n")
    for args in (["--json"], []):
        code, out, err = run("find", "--batch", str(batch), *args)
        assert (code, out) == (2, "")
        assert len(err.strip().splitlines()) == 1
        assert "research only: add --research" in err


def test_batch_research_lines_are_exactly_the_finder_results(tmp_path: Path) -> None:
    drawings = [
        {"regions": list(HEADACHE)},
        {"regions": ["heel-left", "achilles-left"], "intensities": {"heel-left": 8}},
    ]
    batch = tmp_path / "drawings.jsonl"
    batch.write_text("".join(json.dumps(drawing) + "\n" for drawing in drawings))
    code, out, _ = run("find", "--batch", str(batch), "--json", "--research", "--top", "5")
    assert code == 0
    expected = [find_sources(Drawing.model_validate(drawing), top=5).to_json() for drawing in drawings]
    assert out == "".join(json.dumps(result, ensure_ascii=False) + "\n" for result in expected)


def test_find_help_documents_the_exit_statuses() -> None:
    code, out, _ = run("find", "--help")
    assert code == 0
    text = flat(out.replace("│", " "))
    assert "3 a red flag was answered yes" in text
    assert "--research" in text and "--answers" in text


def test_evaluate_prints_the_learning_curve_of_a_simulated_clinic() -> None:
    code, out, _ = run("evaluate", str(VIGNETTES), "--no-generated", "--json")
    assert code == 0
    answer = json.loads(out)
    findings = [checkpoint["findings"] for checkpoint in answer["learning"]]
    assert [f >= n for f, n in zip(findings, (50, 200, 1000), strict=True)] == [True, True, True]
    assert "x0.25 or x4.00" in answer["learning_setup"]
    code, out, _ = run("evaluate", str(VIGNETTES), "--no-generated")
    assert "Learning from confirmed findings" in out
    assert "Ceiling: the model given the clinic's true prevalences" in flat(out)


def test_a_point_whose_side_the_drawing_cannot_tell_is_listed_once_as_either_side() -> None:
    both_sides = ("low-back-lower-left", "low-back-lower-right", "sacroiliac-left", "sacroiliac-right")
    code, out, _ = run("find", "--research", *both_sides)
    assert code == 0
    assert "Start here: Rectus abdominis (either side)" in out
    rows = [line for line in out.splitlines() if "rectus-abdominis" in line]
    assert len(rows) == 1 and "either" in rows[0]
    code, out, _ = run("find", "--research", *both_sides, "--json")
    listed = [c for c in json.loads(out)["candidates"] if c["muscle"] == "rectus-abdominis"]
    assert [c["side"] for c in listed] == ["left", "right"] and all(c["either_side"] for c in listed)  # both in data
