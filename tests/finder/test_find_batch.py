"""find_batch: many drawings scored at once, each answer as candidate rows, turned into results or JSON."""

from __future__ import annotations

import pytest

from triggerpoint.finder import Drawing, DrawingError, default_index, find_batch, find_sources, json_of, result_of

HEADACHE = Drawing(regions=["temple-right", "neck-side-right", "mastoid-right"])
CALF = Drawing(regions=["heel-left", "achilles-left"], intensities={"heel-left": 8})


def test_answers_come_in_input_order_and_match_single_queries() -> None:
    index = default_index()
    found = find_batch([HEADACHE, CALF, HEADACHE], index, top=5, chunk=2)
    assert [result_of(index, f) for f in found] == [find_sources(d, index, top=5) for d in (HEADACHE, CALF, HEADACHE)]
    assert json_of(index, found[1]) == find_sources(CALF, index, top=5).to_json()


def test_an_answer_lists_top_candidates_then_set_members() -> None:
    index = default_index()
    [found] = find_batch([HEADACHE], index, top=1)
    assert found.listed == 1
    assert set(found.members) <= set(found.rows)
    assert len(found.rows) == len(found.scores) == len(found.either_side)
    assert found.order == list(HEADACHE.regions)


def test_an_empty_batch_has_no_answers() -> None:
    assert find_batch([]) == []


def test_an_unknown_region_names_itself() -> None:
    with pytest.raises(DrawingError, match="temple-rigt"):
        find_batch([HEADACHE, Drawing(regions=["temple-rigt"])])
