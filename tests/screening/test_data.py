"""screening.yaml as data: every question reachable and sourced, the areas whole, bad edits refused at load."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from triggerpoint.kb import KnowledgeBase, KnowledgeBaseError, load_from
from triggerpoint.screening import questions_for
from triggerpoint.screening.rules import screening_areas

# Answers are stored by question ID: these IDs kept their meaning and must stay.
KEPT_IDS = {
    "thunderclap-headache",
    "fever-stiff-neck",
    "saddle-numbness",
    "leg-weakness",
    "hot-swollen-joint",
    "constant-night-pain",
}
# IDs whose question changed its meaning: they must never come back with another meaning.
RETIRED_IDS = {
    "recent-injury",
    "cancer-or-weight-loss",
    "fracture-risk",
    "hot-swollen-calf",
    "neurological-signs",
    "new-headache-over-50",
    "chest-pain-on-effort",
    "back-pain-fever",
    "severe-abdominal-pain",
}


def test_every_question_is_asked_for_at_least_one_region(kb: KnowledgeBase) -> None:
    reachable = {q.id for region in kb.regions for q in questions_for(kb, [region.id])}
    assert reachable == {q.id for q in kb.screening}


def test_every_question_cites_known_sources_with_a_framework_or_guideline(kb: KnowledgeBase) -> None:
    kinds = {source.key: source.kind for source in kb.sources}
    for question in kb.screening:
        assert set(question.sources) <= set(kinds), question.id
        assert any(kinds[key] in {"guideline", "manual", "criteria"} for key in question.sources), question.id


def test_the_frameworks_the_screen_is_built_on_are_cited(kb: KnowledgeBase) -> None:
    cited = {key for question in kb.screening for key in question.sources}
    assert {"rushton-2023", "finucane-2020", "goodman-2018", "nice-ng158-2020", "nice-ng59-2016"} <= cited


def test_the_nine_areas_cover_every_region_once(kb: KnowledgeBase) -> None:
    areas = screening_areas(kb)
    assert len(areas) == 9
    bases = [base for area in areas for base in area.regions]
    assert sorted(bases) == sorted(family.base for family in kb.families)


def test_ids_that_kept_their_meaning_are_kept_and_retired_ones_are_gone(kb: KnowledgeBase) -> None:
    ids = {q.id for q in kb.screening}
    assert ids >= KEPT_IDS
    assert not RETIRED_IDS & ids


# Load-time checks (kb/checks.py): a broken screening.yaml is refused with a message that names it.


def _copy_data(tmp_path: Path) -> Path:
    source = Path(str(resources.files("triggerpoint.kb").joinpath("data")))
    target = tmp_path / "data"
    shutil.copytree(source, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Each edit breaks one rule; one load reports every problem, each naming the file and the question.
BROKEN = [
    (
        "sources: [do-2019-snnoop10, nice-cg150-2012, rushton-2023]",
        "sources: [do-2019-snnoop10, nice-cg150-2012, rushton-2032]",
        "screening.yaml thunderclap-headache: unknown source 'rushton-2032'",
    ),
    (
        "regions: [throat, neck-front,",
        "regions: [neck-fronts,",
        "screening.yaml area neck: unknown region 'neck-fronts'",
    ),
    ("", "", "screening.yaml: region 'throat' must be in exactly one area, not none"),
    (
        "regions: [abdomen-upper, abdomen-lower]",
        "regions: [abdomen-upper, abdomen-lower, groin]",
        "screening.yaml: region 'groin' must be in exactly one area, not ['pelvis-hip-groin', 'abdomen']",
    ),
    (
        "ask: Do you have a fever together with a stiff neck?",
        "ask: Do you have a fever? A stiff neck?",
        "screening.yaml fever-stiff-neck: ask must be one question",
    ),
    (
        "regions: [ribs-back-lower, low-back-upper, groin]",
        "regions: [ribs-back-lower, low-back-uper, groin, abdomen-lower]",
        "screening.yaml blood-in-urine: unknown region 'low-back-uper'",
    ),
    ("", "", "screening.yaml blood-in-urine: region 'abdomen-lower' is already in its areas"),
    (
        "areas: [*abdomen]\n    urgency: today\n    why: >-\n      Belly pain",
        "areas: [{id: abdomen, name: Abdomen, regions: [abdomen-upper]}]\n    urgency: today\n"
        "    why: >-\n      Belly pain",
        "screening.yaml vomiting-with-pain: area 'abdomen' differs from its other uses",
    ),
]


def test_a_broken_screen_is_refused_at_load_naming_each_problem(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    for old, new, _ in BROKEN:
        if old:
            _edit(data / "screening.yaml", old, new)
    with pytest.raises(KnowledgeBaseError) as refused:
        load_from(data)
    for _, _, message in BROKEN:
        assert message in str(refused.value)


def test_a_question_without_sources_is_refused(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / "screening.yaml", "sources: [nice-ng126-2019, goodman-2018]", "sources: []")
    with pytest.raises(KnowledgeBaseError, match=r"screening\.yaml"):
        load_from(data)
