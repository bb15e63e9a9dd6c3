"""The public vignette set: well formed, covering every area, and the finder's floors on it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from triggerpoint.finder.evaluate import EvaluationReport, Vignette, evaluate
from triggerpoint.kb import KnowledgeBase

VIGNETTES = Path(__file__).resolve().parents[1] / "data" / "vignettes.jsonl"


@pytest.fixture(scope="module")
def cases() -> list[Vignette]:
    return [Vignette.model_validate_json(line) for line in VIGNETTES.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def report(cases: list[Vignette]) -> EvaluationReport:
    return evaluate(cases)


def test_the_set_covers_every_area_and_kind(cases: list[Vignette], kb: KnowledgeBase) -> None:
    assert len(cases) >= 60
    assert {case.area for case in cases} == {term.id for term in kb.vocabularies.areas}
    kinds = Counter(case.kind for case in cases)
    assert kinds["partial"] >= 10
    assert kinds["noisy"] >= 10
    assert kinds["two-source"] >= 10
    assert len({case.id for case in cases}) == len(cases)


def test_every_case_names_real_muscles(cases: list[Vignette], kb: KnowledgeBase) -> None:
    for case in cases:
        kb.muscle(case.source.muscle)
        for muscle in case.also_check:
            kb.muscle(muscle)
        if case.kind == "two-source":
            assert case.second_source is not None


def test_primary_source_is_in_the_top_three_for_nine_cases_in_ten(report: EvaluationReport) -> None:
    assert report.overall.hit_at_3 >= 0.90, report.misses


def test_both_sources_are_in_the_top_five_for_four_two_source_cases_in_five(report: EvaluationReport) -> None:
    assert report.overall.both_in_top_5 is not None
    assert report.overall.both_in_top_5 >= 0.80


def test_the_model_ranks_well_in_every_area(report: EvaluationReport) -> None:
    for area, metrics in report.by_area.items():
        assert metrics.hit_at_3 >= 0.80, area
