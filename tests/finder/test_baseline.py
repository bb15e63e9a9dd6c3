"""The overlap-counting baseline: the plain lookup the finder has to beat."""

from __future__ import annotations

from triggerpoint.finder import Drawing, default_index
from triggerpoint.finder.baseline import OverlapTable, overlap_rankings, overlap_table, rank_by_overlap
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Side

LEFT, RIGHT = Side.LEFT, Side.RIGHT
TABLE = OverlapTable(
    candidates=(("wide", LEFT), ("narrow", LEFT), ("elsewhere", LEFT), ("widest", RIGHT), ("narrow-twin", RIGHT)),
    reaches=(
        frozenset({"a", "b", "c"}),
        frozenset({"a", "b"}),
        frozenset({"d"}),
        frozenset({"a", "b", "x", "y"}),
        frozenset({"a", "b"}),
    ),
)


def test_more_painted_regions_in_the_map_rank_first_and_ties_go_to_the_smaller_map() -> None:
    assert rank_by_overlap({"a", "b"}, TABLE, top=10) == [
        ("narrow", LEFT),  # 2 of 2 regions, map of 2, first in table order
        ("narrow-twin", RIGHT),  # the same counts: table order
        ("wide", LEFT),  # 2 covered, map of 3
        ("widest", RIGHT),  # 2 covered, map of 4
    ]
    assert rank_by_overlap({"a", "c"}, TABLE, top=10)[0] == ("wide", LEFT)  # covers both


def test_points_covering_nothing_are_not_listed_and_top_cuts_the_list() -> None:
    assert ("elsewhere", LEFT) not in rank_by_overlap({"a", "b"}, TABLE, top=10)
    assert rank_by_overlap({"a", "b"}, TABLE, top=2) == [("narrow", LEFT), ("narrow-twin", RIGHT)]
    assert rank_by_overlap({"z"}, TABLE, top=10) == []


def test_the_table_holds_every_point_on_both_sides_with_its_referral_map(kb: KnowledgeBase) -> None:
    table = overlap_table(kb)
    points = [(m, p) for m in kb.muscles for p in m.trigger_points]
    assert len(table.candidates) == 2 * len(points)
    muscle, point = points[0]
    assert table.candidates[:2] == ((muscle.id, LEFT), (muscle.id, RIGHT))
    assert table.reaches[1] == frozenset(kb.referral_map(point, RIGHT))


def test_regions_painted_at_intensity_zero_do_not_count() -> None:
    index = default_index()
    first = overlap_table(index.kb).reaches[0]
    region = sorted(first)[0]
    faint = Drawing(regions=[region, "big-toe-left"], intensities={"big-toe-left": 0})
    assert overlap_rankings([faint], index) == overlap_rankings([Drawing(regions=[region])], index)
