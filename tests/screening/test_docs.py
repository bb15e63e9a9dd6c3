"""docs/screening.md lists, area by area, exactly what the screen asks, with urgency and sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from triggerpoint.kb import KnowledgeBase, load_kb
from triggerpoint.kb.schema import ScreeningArea, ScreeningQuestion
from triggerpoint.screening.rules import screening_areas

AREAS = screening_areas(load_kb())
DOC = (Path(__file__).parents[2] / "docs" / "screening.md").read_text(encoding="utf-8")
ROW = re.compile(
    r"^\| (?P<ask>[^|]+) \| `(?P<id>[a-z0-9-]+)` \| [^|]+ \| (?P<urgency>\w+) \| [^|]+ \| (?P<sources>[^|]+) \|$"
)


def section(name: str) -> str:
    start = DOC.index(f"\n### {name}\n")
    end = DOC.find("\n#", start + 1)
    return DOC[start:end]


def raised_in(kb: KnowledgeBase, area: ScreeningArea) -> list[ScreeningQuestion]:
    return [q for q in kb.screening if q.always or not q.bases.isdisjoint(area.regions)]


def test_there_is_a_table_for_each_body_area(kb: KnowledgeBase) -> None:
    headings = re.findall(r"^### (.+)$", DOC, re.MULTILINE)
    assert sorted(headings) == sorted(area.name for area in screening_areas(kb))


@pytest.mark.parametrize("area", AREAS, ids=[area.id for area in AREAS])
def test_each_area_table_lists_exactly_the_questions_it_raises(kb: KnowledgeBase, area: ScreeningArea) -> None:
    rows = [ROW.match(line) for line in section(area.name).splitlines() if line.startswith("| ") and "`" in line]
    assert all(rows), area.name
    documented = {row["id"]: row for row in rows if row}
    expected = raised_in(kb, area)
    assert list(documented) == [q.id for q in expected], area.name
    for question in expected:
        row = documented[question.id]
        assert row["ask"] == question.ask, question.id
        assert row["urgency"] == question.urgency.value, question.id
        assert row["sources"].split(", ") == list(question.sources), question.id


def test_every_cited_source_is_listed_with_its_citation(kb: KnowledgeBase) -> None:
    listed = DOC[DOC.index("\n## Sources\n") :]
    for key in {key for question in kb.screening for key in question.sources}:
        assert f"- `{key}`: " in listed, key


def test_the_doc_says_how_the_screen_is_decided() -> None:
    decided = DOC[DOC.index("## How the screen is decided") : DOC.index("## How it was built")]
    assert 'Any "yes" refers' in decided
    assert 'A volunteered "yes" still refers' in decided
    assert 'until every question the drawing raised is answered "no"' in decided
