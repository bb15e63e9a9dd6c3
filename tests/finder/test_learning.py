"""Learning from confirmed findings: the Beta update, its cap, what counts as evidence, and the simulated clinic.

The simulation's figures at seed 13 are recorded in docs/finder-model.md ("Learning"); the margins here
were chosen from that measurement and are not to be loosened to make a failing run pass.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.finder import Drawing, default_index, find_sources
from triggerpoint.finder.evaluate import Vignette
from triggerpoint.finder.learning import Case, Examined, Tally, learn, learn_point, learned_index, pooled, tallies
from triggerpoint.finder.parameters import DEFAULT_LEARNING
from triggerpoint.finder.simulation import PUBLIC_BOUND, Checkpoint, ClinicSetup, simulate, within_bound
from triggerpoint.kb.schema import Side

HEADACHE = Drawing(regions=["temple-right", "neck-side-right"])
LEFT_HEADACHE = Drawing(regions=["temple-left", "neck-side-left"])
TRAPEZIUS = ("upper-trapezius", "tp1")


def vignettes() -> list[Vignette]:
    path = Path(__file__).parent.parent / "data" / "vignettes.jsonl"
    return [Vignette.model_validate_json(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def case(confirmed: bool, side: Side = Side.RIGHT, point: tuple[str, str] = TRAPEZIUS) -> Case:
    return Case(HEADACHE, (Examined(point[0], point[1], side, confirmed),))


def test_no_evidence_leaves_the_textbook() -> None:
    index = default_index()
    assert learn({}) == {}
    assert learned_index(index, []) is index


def test_confirmations_raise_a_point_and_absences_lower_it() -> None:
    index = default_index()
    confirmed = learn(tallies([case(True)] * 10, index))[TRAPEZIUS]
    absent = learn(tallies([case(False)] * 10, index))[TRAPEZIUS]
    assert confirmed.tally.examined == 10 and confirmed.tally.confirmed == 10
    assert confirmed.odds_factor > 1.0 > absent.odds_factor
    assert 0 < confirmed.tally.expected < 10  # the textbook model's posteriors for these drawings, summed


def test_the_update_is_the_beta_posterior_mean() -> None:
    learned = learn_point(TRAPEZIUS, Tally(examined=15, confirmed=12, expected=6.0))
    n0 = DEFAULT_LEARNING.pseudo_count
    assert learned.textbook_rate == pytest.approx(0.4)
    assert learned.rate == pytest.approx((n0 * 0.4 + 12) / (n0 + 15))
    odds = learned.rate / (1 - learned.rate) / (0.4 / 0.6)
    assert learned.odds_factor == pytest.approx(odds)
    assert learned.explanation("of this clinic").startswith("confirmed in 12 of 15 clients of this clinic")


@given(
    examined=st.integers(min_value=1, max_value=5000),
    share=st.floats(min_value=0, max_value=1),
    expected_share=st.floats(min_value=0, max_value=1),
)
def test_no_amount_of_data_moves_a_point_past_the_cap(examined: int, share: float, expected_share: float) -> None:
    tally = Tally(examined, round(examined * share), examined * expected_share)
    factor = learn_point(TRAPEZIUS, tally).odds_factor
    cap = DEFAULT_LEARNING.max_odds_factor
    assert 1 / cap - 1e-9 <= factor <= cap + 1e-9


def test_a_point_that_reaches_no_painted_region_is_not_counted() -> None:
    elsewhere = case(True, point=("gastrocnemius", "tp1"))
    assert tallies([elsewhere], default_index()) == {}


def test_both_sides_share_one_correction_and_the_mirror_property_holds() -> None:
    index = default_index()
    left_headache = Case(LEFT_HEADACHE, (Examined(*TRAPEZIUS, Side.LEFT, True),))
    learned = learn(tallies([case(True)] * 8 + [left_headache] * 4, index))
    assert learned[TRAPEZIUS].tally.examined == 12
    assert tallies([case(True, Side.LEFT)], index) == {}  # the left point reaches nothing drawn on the right
    adjusted = learned_index(index, learned.values())
    right = find_sources(HEADACHE, adjusted)
    left = find_sources(LEFT_HEADACHE, adjusted)
    assert [(c.muscle, c.trigger_point, c.score) for c in right.candidates] == [
        (c.muscle, c.trigger_point, c.score) for c in left.candidates
    ]


def test_learning_moves_the_ranking_and_a_reset_restores_the_textbook() -> None:
    index = default_index()
    before = find_sources(HEADACHE, index)
    second = before.candidates[1]
    evidence = [case(True, second.side, (second.muscle, second.trigger_point))] * 40
    evidence += [
        case(False, before.candidates[0].side, (before.candidates[0].muscle, before.candidates[0].trigger_point))
    ] * 40
    adjusted = learned_index(index, learn(tallies(evidence, index)).values())
    after = find_sources(HEADACHE, adjusted)
    assert (after.candidates[0].muscle, after.candidates[0].trigger_point) == (second.muscle, second.trigger_point)
    assert find_sources(HEADACHE, learned_index(index, [])) == before


def test_pooling_adds_clinics_evidence() -> None:
    a = {TRAPEZIUS: Tally(3, 2, 1.5)}
    b = {TRAPEZIUS: Tally(5, 1, 2.0), ("temporalis", "tp1"): Tally(1, 1, 0.5)}
    assert pooled(a, b) == {TRAPEZIUS: Tally(8, 3, 3.5), ("temporalis", "tp1"): Tally(1, 1, 0.5)}


@pytest.fixture(scope="module")
def curve() -> list[Checkpoint]:
    return simulate(default_index(), vignettes(), ClinicSetup(seed=13))


def test_the_simulated_clinic_learns_towards_its_true_prevalences(curve: list[Checkpoint]) -> None:
    first, *_, last = curve
    assert [c.findings for c in curve] == sorted(c.findings for c in curve)
    assert last.findings >= 1000
    # Measured at seed 13: 0.666 textbook, 0.719 learned after 1,000 findings, 0.749 with the true prevalences.
    assert last.clinic_learned_hit_at_1 >= last.clinic_textbook_hit_at_1 + 0.03
    assert last.clinic_learned_hit_at_1 <= last.clinic_true_hit_at_1 + 0.01
    assert first.clinic_learned_hit_at_1 >= first.clinic_textbook_hit_at_1 - 0.02


def test_learning_never_costs_the_public_vignettes_more_than_the_bound(curve: list[Checkpoint]) -> None:
    assert all(within_bound(checkpoint) for checkpoint in curve), [(c.public_textbook, c.public_learned) for c in curve]
    assert math.isclose(PUBLIC_BOUND, 0.05)
