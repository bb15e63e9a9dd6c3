"""How many questions a drawing raises: the limits docs/screening.md states, over every region and drawing."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.kb import load_kb
from triggerpoint.screening import questions_for
from triggerpoint.screening.rules import screening_areas

KB = load_kb()
AREAS = screening_areas(KB)
REGIONS_OF = {area.id: [r.id for r in KB.regions if r.base in area.regions] for area in AREAS}
EVERY_REGION = [region.id for region in KB.regions]

DOC = (Path(__file__).parents[2] / "docs" / "screening.md").read_text(encoding="utf-8")


def stated(drawing: str) -> int:
    """The limit docs/screening.md states for a kind of drawing (its "How many questions" table)."""
    found = re.search(rf"^\| {drawing} \| (?:all )?(\d+)", DOC, re.MULTILINE)
    assert found, drawing
    return int(found[1])


MAX_PER_REGION = stated("one painted region")
MAX_PER_AREA = stated("any drawing inside one body area")
MAX_FOR_TWO_AREAS = stated("any drawing across two body areas")
WHOLE_SCREEN = stated("the whole body painted")


def count(regions: list[str]) -> int:
    return len(questions_for(KB, regions))


def test_the_stated_limits_are_the_ones_chosen() -> None:
    # A reasonable screen: 12 for one region, 14 for one area, 24 for two; the whole body asks all.
    assert (MAX_PER_REGION, MAX_PER_AREA, MAX_FOR_TWO_AREAS, WHOLE_SCREEN) == (12, 14, 24, 36)


def test_no_single_region_raises_more_than_the_limit() -> None:
    counts = {region: count([region]) for region in EVERY_REGION}
    worst = max(counts, key=counts.__getitem__)
    assert counts[worst] <= MAX_PER_REGION, f"{worst} raises {counts[worst]}"


def test_every_region_raises_the_questions_asked_of_everyone() -> None:
    always = {q.id for q in KB.screening if q.always}
    assert always == {"recent-trauma", "fever-with-pain", "cancer-history-new-pain"}
    assert all(always <= {q.id for q in questions_for(KB, [region])} for region in EVERY_REGION)


def test_a_whole_area_stays_within_the_area_limit() -> None:
    for area_id, regions in REGIONS_OF.items():
        assert count(regions) <= MAX_PER_AREA, area_id


def test_the_whole_body_asks_the_whole_screen_and_no_more() -> None:
    assert count(EVERY_REGION) == len(KB.screening) == WHOLE_SCREEN


def test_the_usual_headache_drawing_asks_fourteen() -> None:
    assert count(["temple-right", "neck-side-right", "mastoid-right"]) == 14


@st.composite
def drawings_in_areas(draw: st.DrawFn, how_many: int) -> list[str]:
    """A drawing of one to eight regions taken from `how_many` body areas."""
    areas = draw(st.lists(st.sampled_from(sorted(REGIONS_OF)), min_size=how_many, max_size=how_many, unique=True))
    pool = [region for area in areas for region in REGIONS_OF[area]]
    return draw(st.lists(st.sampled_from(pool), min_size=1, max_size=8, unique=True))


@given(drawings_in_areas(1))
def test_any_drawing_inside_one_area_stays_within_the_area_limit(regions: list[str]) -> None:
    assert count(regions) <= MAX_PER_AREA


@given(drawings_in_areas(2))
def test_any_drawing_across_two_areas_stays_within_its_limit(regions: list[str]) -> None:
    assert count(regions) <= MAX_FOR_TWO_AREAS


@given(st.lists(st.sampled_from(EVERY_REGION), min_size=1, max_size=20, unique=True))
def test_a_drawing_asks_exactly_what_its_regions_ask_one_by_one(regions: list[str]) -> None:
    # No region hides another's questions and none appear from nowhere, so the limits compose.
    together = [q.id for q in questions_for(KB, regions)]
    one_by_one = {q.id for region in regions for q in questions_for(KB, [region])}
    assert set(together) == one_by_one
    assert len(together) == len(one_by_one) <= WHOLE_SCREEN
    assert together == [q.id for q in KB.screening if q.id in one_by_one]  # the file's order, most urgent first
