"""The loop closed on stored records (each backend): two visits a week apart, then a third without a drawing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from loop_world import FIRST, LEVATOR, SECOND, TRAPEZIUS, Course, build_course, drawing, new_client, visit
from sqlalchemy.orm import Session

from triggerpoint.errors import NotFoundError
from triggerpoint.kb import load_kb
from triggerpoint.visits.loop import close_loop, loop_of

KB = load_kb()


@pytest.fixture
def course(db: Session) -> Course:
    return build_course(db, new_client(db))


def test_the_first_visit_has_nothing_to_compare_with(db: Session, course: Course) -> None:
    found = close_loop(db, KB, course.first)
    assert found.first_visit is None and found.this_visit.uuid == course.first.uuid
    assert (found.regions, found.points, found.scores, found.new_regions) == ([], [], [], [])


def test_each_region_of_the_first_drawing_then_and_now(db: Session, course: Course) -> None:
    found = close_loop(db, KB, course.second)
    assert found.first_visit is not None and found.first_visit.uuid == course.first.uuid
    assert found.first_drawing is not None and found.first_drawing.uuid == course.first_drawing.uuid
    assert found.now_drawing is not None and found.now_drawing.uuid == course.second_drawing.uuid
    assert found.now_drawing.visit_drawing
    rows = [(r.region, r.pain_then, r.pain_now, r.change, r.verdict) for r in found.regions]
    assert rows == [
        ("temple-right", 7, 3, -4, "better"),
        ("neck-side-right", 5, 4, -1, "same"),  # one point is within the margin of 2
        ("scapula-upper-right", 4, 0, -4, "better"),  # no longer painted
    ]
    assert [(r.region, r.pain_now) for r in found.new_regions] == [("occiput-right", 5)]


def test_each_treated_point_then_and_now_and_where_it_hurt(db: Session, course: Course) -> None:
    trapezius, levator = close_loop(db, KB, course.second).points
    assert (trapezius.muscle, trapezius.point, trapezius.side) == TRAPEZIUS and trapezius.number == 1
    assert (trapezius.tenderness_then, trapezius.tenderness_now, trapezius.tenderness_change) == (8, 4, -4)
    assert (trapezius.ppt_then, trapezius.ppt_now, trapezius.ppt_change) == (2.2, 2.7, 0.5)
    assert (trapezius.tenderness_verdict, trapezius.ppt_verdict, trapezius.verdict) == ("better", "better", "better")
    assert [(e.region, e.verdict) for e in trapezius.explains] == [
        ("temple-right", "better"),
        ("neck-side-right", "same"),
    ]
    assert (levator.muscle, levator.point, levator.side) == LEVATOR and not levator.examined_now
    assert (levator.tenderness_now, levator.verdict) == (None, None)
    assert [(e.region, e.verdict) for e in levator.explains] == [("scapula-upper-right", "better")]


def test_questionnaires_from_the_baseline_to_the_latest_by_this_visit(db: Session, course: Course) -> None:
    scores = {s.instrument: s for s in close_loop(db, KB, course.second).scores}
    ndi = scores["ndi"]
    assert (ndi.first, ndi.first_on, ndi.latest, ndi.latest_on) == (30.0, date(2026, 3, 1), 14.0, date(2026, 3, 9))
    assert (ndi.change, ndi.minimal_change, ndi.result, ndi.reaches_minimal_change) == (-16.0, 15.0, "improved", True)
    nprs = scores["nprs"]  # answered once, after the first visit: the earliest is the baseline, nothing later
    assert (nprs.first, nprs.latest, nprs.change, nprs.result, nprs.reaches_minimal_change) == (
        6.0,
        None,
        None,
        None,
        False,
    )


def test_a_visit_without_a_drawing_reads_the_latest_drawing_by_then(db: Session, course: Course) -> None:
    third = visit(db, course.client_id, SECOND + timedelta(days=7), None)
    drawing(db, course.client_id, SECOND + timedelta(days=8), {"temple-right": 1}, "after-the-third")
    found = close_loop(db, KB, third)
    assert found.now_drawing is not None and found.now_drawing.uuid == course.second_drawing.uuid
    assert not found.now_drawing.visit_drawing
    assert found.points[0].examined_now is False  # nothing examined at the third visit


def test_without_a_later_drawing_the_regions_have_no_now(db: Session) -> None:
    client = new_client(db)
    then = drawing(db, client.id, FIRST, {"temple-right": 6}, "only")
    first = visit(db, client.id, FIRST, then)
    second = visit(db, client.id, SECOND, None)
    found = close_loop(db, KB, second)
    assert found.first_visit is not None and found.first_visit.uuid == first.uuid
    assert found.now_drawing is None
    assert [(r.pain_then, r.pain_now, r.verdict) for r in found.regions] == [(6, None, None)]


def test_another_clients_visit_is_not_found(db: Session, course: Course) -> None:
    other = new_client(db)
    with pytest.raises(NotFoundError):
        loop_of(db, KB, other.id, course.second.uuid)
    assert loop_of(db, KB, course.client_id, course.second.uuid).points
