"""The dense scoring gives the same sets, rankings and scores as the model before it (finder_reference.py)."""

from __future__ import annotations

import finder_reference as before
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.finder import Drawing, default_index, find_batch, find_many, find_sources, json_of
from triggerpoint.finder import find as after
from triggerpoint.kb import load_kb

KB = load_kb()
INDEX = default_index()
REGIONS = [region.id for region in KB.regions]
EVERY_CANDIDATE = len(INDEX.candidates)


def mirror(region: str) -> str:
    for side, other in (("-left", "-right"), ("-right", "-left")):
        if region.endswith(side):
            return region.removesuffix(side) + other
    return region


context = {
    "symptoms": st.lists(st.sampled_from([t.id for t in KB.vocabularies.symptoms]), max_size=4, unique=True),
    "activities": st.lists(st.sampled_from([t.id for t in KB.vocabularies.activities]), max_size=4, unique=True),
    "condition": st.none() | st.sampled_from(KB.condition_ids),
}

any_drawings = st.builds(
    Drawing,
    regions=st.lists(st.sampled_from(REGIONS), max_size=14, unique=True),
    intensities=st.dictionaries(st.sampled_from(REGIONS), st.integers(0, 10), max_size=5),
    **context,
).filter(lambda drawing: bool(drawing.painted(10)))


@st.composite
def symmetric_drawings(draw: st.DrawFn) -> Drawing:
    """Each painted region also painted on the other side, alike: where twins tie."""
    regions = draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=6, unique=True))
    both = list(dict.fromkeys(r for region in regions for r in (region, mirror(region))))
    return Drawing(regions=both, symptoms=draw(context["symptoms"]), condition=draw(context["condition"]))


drawings = any_drawings | symmetric_drawings()


@settings(max_examples=400, deadline=None)
@given(drawings)
def test_one_drawing_scores_as_before(drawing: Drawing) -> None:
    painted = after.painted_regions(drawing, INDEX)
    [now] = after._explain(INDEX, [drawing], [painted])
    [then] = before._explain(INDEX, [drawing], [painted])
    assert now.members == then.members
    assert now.ranking.tolist() == then.ranking.tolist()
    assert np.abs(now.scores - then.scores).max() <= 1e-9
    assert now.either_side.tolist() == then.either_side.tolist()
    assert find_sources(drawing, INDEX, top=EVERY_CANDIDATE) == before.find_sources(drawing, INDEX, top=EVERY_CANDIDATE)


@settings(max_examples=60, deadline=None)
@given(st.lists(drawings, min_size=1, max_size=12), st.integers(1, 5))
def test_a_batch_scores_as_before_in_any_chunks(batch: list[Drawing], chunk: int) -> None:
    assert find_many(batch, INDEX, chunk=chunk) == before.find_many(batch, INDEX, chunk=chunk)
    assert find_many(batch, INDEX, chunk=chunk) == [find_sources(drawing, INDEX) for drawing in batch]


@settings(max_examples=100, deadline=None)
@given(st.lists(drawings, min_size=1, max_size=6), st.integers(1, 30))
def test_the_batch_json_is_the_result_json(batch: list[Drawing], top: int) -> None:
    found = find_batch(batch, INDEX, top=top, chunk=4)
    assert [json_of(INDEX, f) for f in found] == [r.to_json() for r in before.find_many(batch, INDEX, top=top)]
