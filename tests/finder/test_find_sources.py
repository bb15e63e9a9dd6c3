"""The finder's model, through its one entry point, on drawings a person would make."""

from __future__ import annotations

import pytest

from triggerpoint.finder import Drawing, DrawingError, find_many, find_sources
from triggerpoint.finder.types import FinderResult
from triggerpoint.kb import Tier, load_kb
from triggerpoint.kb.schema import Side


def top(result: FinderResult, count: int = 3) -> list[tuple[str, str]]:
    return [(c.muscle, c.side.value) for c in result.candidates[:count]]


def test_temple_neck_and_mastoid_point_to_the_right_upper_trapezius() -> None:
    result = find_sources(Drawing(regions=["temple-right", "neck-side-right", "mastoid-right"]))
    first = result.candidates[0]
    assert (first.muscle, first.trigger_point, first.side.value) == ("upper-trapezius", "tp1", "right")
    assert {(e.region, e.how) for e in first.explains} == {
        ("temple-right", Tier.ESSENTIAL),
        ("neck-side-right", Tier.ESSENTIAL),
        ("mastoid-right", Tier.ESSENTIAL),
    }
    assert [(p.muscle, p.side.value) for p in result.minimal_set] == [("upper-trapezius", "right")]
    assert result.unexplained == []


def test_outer_hip_thigh_and_leg_rank_the_left_gluteus_minimus_in_the_top_three() -> None:
    regions = ["hip-side-left", "thigh-outer-upper-left", "thigh-outer-lower-left", "leg-outer-left"]
    assert ("gluteus-minimus", "left") in top(find_sources(Drawing(regions=regions)))


def test_scores_are_probabilities_ranked_best_first() -> None:
    result = find_sources(Drawing(regions=["low-back-lower-left", "buttock-upper-left", "sacroiliac-left"]))
    scores = [c.score for c in result.candidates]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_right_sided_pain_suggests_right_sided_points() -> None:
    result = find_sources(Drawing(regions=["elbow-outer-right", "hand-back-right", "wrist-back-right"]))
    assert all(c.side.value == "right" for c in result.candidates)


def test_midline_pain_is_explained_from_either_side() -> None:
    result = find_sources(Drawing(regions=["vertex"]))
    sides = {c.side.value for c in result.candidates if c.muscle == "splenius-capitis"}
    assert sides == {"left", "right"}
    assert all(c.either_side for c in result.candidates if c.muscle == "splenius-capitis")


def test_a_pattern_that_crosses_the_midline_explains_both_sides() -> None:
    drawing = Drawing(regions=["sacroiliac-left", "sacroiliac-right", "low-back-lower-left", "low-back-lower-right"])
    result = find_sources(drawing)
    rectus = [c for c in result.candidates if c.muscle == "rectus-abdominis"]
    assert rectus
    explained = {e.region for e in rectus[0].explains}
    assert {"sacroiliac-left", "sacroiliac-right"} <= explained


def test_two_sources_make_a_minimal_set_of_two() -> None:
    drawing = Drawing(
        regions=["temple-right", "neck-side-right", "mastoid-right", "heel-left", "achilles-left", "sole-left"]
    )
    result = find_sources(drawing)
    chosen = {(p.muscle, p.side.value) for p in result.minimal_set}
    assert chosen == {("upper-trapezius", "right"), ("soleus", "left")}
    assert all(p.in_minimal_set for p in result.minimal_set)


def test_the_minimal_set_adds_no_point_the_others_already_explain() -> None:
    # Digastric also reaches the side of the neck and behind the ear, but adds nothing once
    # the upper trapezius explains them.
    result = find_sources(Drawing(regions=["temple-right", "neck-side-right", "mastoid-right"]))
    assert len(result.minimal_set) == 1
    digastric = next(c for c in result.candidates if c.muscle == "digastric")
    assert not digastric.in_minimal_set


def test_unexplained_lists_what_no_chosen_point_reaches() -> None:
    drawing = Drawing(regions=["temple-right", "neck-side-right", "mastoid-right", "little-finger-left"])
    result = find_sources(drawing)
    reached = {e.region for p in result.minimal_set for e in p.explains}
    assert set(result.unexplained) == set(drawing.regions) - reached
    assert "little-finger-left" in result.unexplained


def test_missing_essential_regions_are_named() -> None:
    result = find_sources(Drawing(regions=["temple-right", "mastoid-right"]))
    trapezius = next(c for c in result.candidates if c.muscle == "upper-trapezius" and c.trigger_point == "tp1")
    kb = load_kb()
    entries = kb.point("upper-trapezius", "tp1").referral.essential
    essential = {region for entry in entries for region in kb.resolve(entry, Side.RIGHT)}
    assert "neck-side-right" in essential
    assert set(trapezius.missing_essential) == essential - {"temple-right", "mastoid-right"}


def score_of(result: FinderResult, muscle: str, side: str) -> float:
    return max(c.score for c in result.candidates if c.muscle == muscle and c.side.value == side)


def test_a_reported_symptom_raises_the_points_that_list_it() -> None:
    regions = ["temple-right", "eyebrow-right"]
    plain = find_sources(Drawing(regions=regions), top=50)
    with_symptom = find_sources(Drawing(regions=regions, activities=["clenching"]), top=50)
    assert score_of(with_symptom, "temporalis", "right") > score_of(plain, "temporalis", "right")


def test_a_condition_context_raises_its_points() -> None:
    regions = ["buttock-lower-right", "thigh-back-upper-right"]
    plain = find_sources(Drawing(regions=regions), top=50)
    sciatica = find_sources(Drawing(regions=regions, condition="sciatica-like-pain"), top=50)
    assert score_of(sciatica, "piriformis", "right") > score_of(plain, "piriformis", "right")


def test_faint_pain_is_weaker_evidence_than_strong_pain() -> None:
    regions = ["forearm-back-right", "hand-back-right", "middle-finger-right"]
    strong = find_sources(Drawing(regions=regions, intensities=dict.fromkeys(regions, 8)))
    faint = find_sources(Drawing(regions=regions, intensities=dict.fromkeys(regions, 1)))
    assert score_of(strong, "extensor-digitorum", "right") > score_of(faint, "extensor-digitorum", "right")


def test_intensity_zero_means_not_painted() -> None:
    result = find_sources(Drawing(regions=["temple-right", "jaw-right"], intensities={"jaw-right": 0}))
    assert all(e.region != "jaw-right" for c in result.candidates for e in c.explains)


@pytest.mark.parametrize(
    ("drawing", "field", "suggestion"),
    [
        (Drawing(regions=["temple-rigt"]), "regions[0]", "temple-right"),
        (Drawing(regions=["temple-right"], intensities={"jaw-rigth": 3}), "intensities.jaw-rigth", "jaw-right"),
        (Drawing(regions=["temple-right"], symptoms=["dizzyness"]), "symptoms[0]", "dizziness"),
        (Drawing(regions=["temple-right"], condition="migrane"), "condition", None),
    ],
)
def test_unknown_ids_name_the_field_and_suggest(drawing: Drawing, field: str, suggestion: str | None) -> None:
    with pytest.raises(DrawingError) as caught:
        find_sources(drawing)
    assert caught.value.field == field
    if suggestion:
        assert suggestion in caught.value.suggestions


def test_an_empty_drawing_is_an_error() -> None:
    with pytest.raises(DrawingError, match="paint at least one region"):
        find_sources(Drawing(regions=["temple-right"], intensities={"temple-right": 0}))


def test_a_batch_gives_the_same_answers_in_order() -> None:
    drawings = [
        Drawing(regions=["temple-right", "neck-side-right", "mastoid-right"]),
        Drawing(regions=["vertex"]),
        Drawing(regions=["heel-left", "achilles-left"], symptoms=["cramps"]),
        Drawing(regions=["buttock-lower-right"], condition="sciatica-like-pain"),
    ]
    assert find_many(drawings) == [find_sources(d) for d in drawings]


def test_a_bilateral_low_back_drawing_leaves_the_side_of_rectus_abdominis_open() -> None:
    # Its lower point refers to both sacroiliac joints and both sides of the low back, so
    # the left and the right point explain this drawing in exactly the same way.
    drawing = Drawing(regions=["low-back-lower-left", "low-back-lower-right", "sacroiliac-left", "sacroiliac-right"])
    result = find_sources(drawing, top=50)
    rectus = {
        c.side.value: c for c in result.candidates if (c.muscle, c.trigger_point) == ("rectus-abdominis", "lower")
    }
    assert rectus.keys() == {"left", "right"}
    assert rectus["left"].either_side and rectus["right"].either_side
    assert rectus["left"].score == rectus["right"].score
