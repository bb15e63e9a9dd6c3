"""The second vignette sets: cases from published reports, not from the knowledge base's charts.

vignettes_casereports.jsonl was written by someone who had read the finder's documentation;
vignettes_published.jsonl by someone who had read neither the knowledge base nor the finder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from triggerpoint.finder.evaluate import Vignette
from triggerpoint.kb import KnowledgeBase

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = {"vignettes_casereports.jsonl": 10, "vignettes_published.jsonl": 24}


@pytest.fixture(scope="module", params=sorted(SETS))
def cases(request: pytest.FixtureRequest) -> list[Vignette]:
    lines = (DATA / request.param).read_text("utf-8").splitlines()
    found = [Vignette.model_validate_json(line) for line in lines if line.strip()]
    assert len(found) >= SETS[request.param]
    return found


def test_every_case_cites_where_it_came_from(cases: list[Vignette]) -> None:
    assert len({case.id for case in cases}) == len(cases)
    for case in cases:
        assert case.url.startswith(("http://", "https://")), case.id
        assert re.search(r"\b(19|20)\d\d\b|year not shown", case.reference), case.id
        assert "Travell" not in case.reference and "Simons DG" not in case.reference, case.id
        assert case.note, case.id


def test_every_case_names_known_regions_muscles_and_terms(cases: list[Vignette], kb: KnowledgeBase) -> None:
    areas = {term.id for term in kb.vocabularies.areas}
    for case in cases:
        assert case.area in areas, case.id
        assert all(kb.has_region(region) for region in case.regions), case.id
        kb.muscle(case.source.muscle)
        if case.second_source is not None:
            kb.muscle(case.second_source.muscle)
        for symptom in case.symptoms:
            kb.term("symptoms", symptom)
        for activity in case.activities:
            kb.term("activities", activity)
        if case.condition is not None:
            kb.condition(case.condition)
        assert (case.kind == "two-source") == (case.second_source is not None), case.id
