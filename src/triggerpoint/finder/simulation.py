"""A simulated clinic whose trigger points are more or less common than the textbook says, learning as it goes.

The clinic's true prevalences differ from the textbook's: every point's odds are multiplied or divided
by 4 (a coin toss per point, from the seed; `shifted_share` and `factors` change that). Each client has
one active point, drawn by those true prevalences, on a random side, and paints each region of its
referral map with the model's own tier probabilities (at least one region). The therapist examines the
finder's best `examined_per_client` suggestions, each on the side suggested; palpation confirms the true
point and rules out the others, wrong either way with probability `palpation_error`. After every `batch`
clients the clinic's model is learned again from every examination so far (finder.learning), and the next
clients are ranked by it.

Checkpoints report hit@1 on held-out clients of the same clinic: the textbook, the learned model, and the
model that knows the clinic's true prevalences (the most learning could reach), and hit@1 and hit@3 on a
public vignette set with the learned model, which must not drop by more than `PUBLIC_BOUND` below the
textbook's. Drawings come from the knowledge base's own maps and the model's own probabilities, so this
measures how fast and how far learning corrects wrong prevalences, not whether the maps are right.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from triggerpoint.finder.evaluate import Vignette, model_rankings, ranks_of
from triggerpoint.finder.find import candidate_scores
from triggerpoint.finder.index import Candidate, FinderIndex
from triggerpoint.finder.learning import Case, Examined, Learned, learn, learned_index, tallies
from triggerpoint.finder.parameters import DEFAULT_LEARNING, LearningParameters
from triggerpoint.finder.types import Drawing

CHECKPOINTS = (50, 200, 1000)  # examinations recorded (findings, present or absent)
PUBLIC_BOUND = 0.05  # learning may cost the public vignettes at most this much hit@1 or hit@3


@dataclass(frozen=True)
class ClinicSetup:
    """How the simulated clinic differs from the textbook and how its therapists work."""

    seed: int = 13
    shifted_share: float = 1.0  # of the trigger points whose true prevalence differs
    factors: tuple[float, ...] = (0.25, 4.0)  # on their odds, one picked at random per point
    examined_per_client: int = 3
    palpation_error: float = 0.1
    batch: int = 10  # clients between two updates of the clinic's model
    held_out: int = 1000


@dataclass(frozen=True)
class Checkpoint:
    """Hit rates after so many examinations."""

    findings: int
    confirmed: int
    clinic_textbook_hit_at_1: float
    clinic_learned_hit_at_1: float
    clinic_true_hit_at_1: float  # with the clinic's true prevalences: the ceiling
    public_textbook: tuple[float, float]  # hit@1, hit@3
    public_learned: tuple[float, float]
    largest_factor: float
    smallest_factor: float


@dataclass(frozen=True)
class _Client:
    drawing: Drawing
    source: int  # candidate row


class _Clinic:
    def __init__(self, index: FinderIndex, setup: ClinicSetup) -> None:
        self.index, self.setup = index, setup
        self.rng = np.random.default_rng(setup.seed)
        points = sorted({(c.muscle, c.point) for c in index.candidates})
        shifted = self.rng.random(len(points)) < setup.shifted_share
        factor = self.rng.choice(setup.factors, size=len(points))
        self.true_factor = {p: float(f) if s else 1.0 for p, s, f in zip(points, shifted, factor, strict=True)}
        prior = 1.0 / (1.0 + np.exp(-index.prior_log_odds))
        odds = prior / (1.0 - prior) * np.array([self.true_factor[(c.muscle, c.point)] for c in index.candidates])
        self.source_weights = odds / odds.sum()
        params = index.parameters
        self.p_by_tier = np.array([0.0, params.p_local, params.p_spillover, params.p_essential])

    def true_index(self) -> FinderIndex:
        """The index with the clinic's true prevalences."""
        shift = [math.log(self.true_factor[(c.muscle, c.point)]) for c in self.index.candidates]
        return replace(self.index, prior_log_odds=self.index.prior_log_odds + np.array(shift))

    def client(self) -> _Client:
        source = int(self.rng.choice(len(self.source_weights), p=self.source_weights))
        tiers = self.index.tiers[source]
        reached = np.flatnonzero(tiers > 0)
        while True:
            drawn = reached[self.rng.random(len(reached)) < self.p_by_tier[tiers[reached]]]
            if len(drawn):
                regions = [self.index.region_ids[column] for column in drawn]
                return _Client(Drawing(regions=regions), source)

    def examine(self, client: _Client, scores: np.ndarray) -> Case:
        order = np.argsort(-scores, kind="stable")
        suggested = [int(row) for row in order[: self.setup.examined_per_client] if scores[row] >= 0]
        examined = []
        for row in suggested:
            candidate: Candidate = self.index.candidates[row]
            present = row == client.source
            if self.rng.random() < self.setup.palpation_error:
                present = not present
            examined.append(Examined(candidate.muscle, candidate.point, candidate.side, present))
        return Case(client.drawing, tuple(examined))


def _hit_at_1(clients: Sequence[_Client], index: FinderIndex) -> float:
    scores = candidate_scores([c.drawing for c in clients], index)
    return sum(int(np.argmax(s)) == c.source for s, c in zip(scores, clients, strict=True)) / len(clients)


def _public(cases: Sequence[Vignette], index: FinderIndex) -> tuple[float, float]:
    rankings = model_rankings([case.drawing() for case in cases], index)
    ranks = [ranks_of(r).get((c.source.muscle, c.source.side)) for c, r in zip(cases, rankings, strict=True)]
    return (
        round(sum(rank == 1 for rank in ranks) / len(cases), 3),
        round(sum(rank is not None and rank <= 3 for rank in ranks) / len(cases), 3),
    )


def _factors(learned: dict[tuple[str, str], Learned]) -> tuple[float, float]:
    values = [item.odds_factor for item in learned.values()] or [1.0]
    return max(values), min(values)


def simulate(
    index: FinderIndex,
    public: Sequence[Vignette],
    setup: ClinicSetup = ClinicSetup(),
    checkpoints: Sequence[int] = CHECKPOINTS,
    params: LearningParameters = DEFAULT_LEARNING,
) -> list[Checkpoint]:
    """Run the clinic until the last checkpoint; the hit rates at each."""
    clinic = _Clinic(index, setup)
    held_out = [clinic.client() for _ in range(setup.held_out)]
    textbook_clinic, textbook_public = _hit_at_1(held_out, index), _public(public, index)
    ceiling = _hit_at_1(held_out, clinic.true_index())
    cases: list[Case] = []
    learned: dict[tuple[str, str], Learned] = {}
    current = index
    results: list[Checkpoint] = []
    pending = list(checkpoints)
    while pending:
        clients = [clinic.client() for _ in range(setup.batch)]
        for client, scores in zip(clients, candidate_scores([c.drawing for c in clients], current), strict=True):
            cases.append(clinic.examine(client, scores))
            findings = sum(len(case.examined) for case in cases)
            if pending and findings >= pending[0]:
                learned = learn(tallies(cases, index), params)
                current = learned_index(index, learned.values())
                largest, smallest = _factors(learned)
                results.append(
                    Checkpoint(
                        findings=findings,
                        confirmed=sum(e.confirmed for case in cases for e in case.examined),
                        clinic_textbook_hit_at_1=round(textbook_clinic, 3),
                        clinic_learned_hit_at_1=round(_hit_at_1(held_out, current), 3),
                        clinic_true_hit_at_1=round(ceiling, 3),
                        public_textbook=textbook_public,
                        public_learned=_public(public, current),
                        largest_factor=round(largest, 2),
                        smallest_factor=round(smallest, 2),
                    )
                )
                pending.pop(0)
        learned = learn(tallies(cases, index), params)
        current = learned_index(index, learned.values())
    return results


def within_bound(checkpoint: Checkpoint) -> bool:
    """Learning cost the public vignettes no more than PUBLIC_BOUND of hit@1 or hit@3."""
    return all(
        learned >= textbook - PUBLIC_BOUND - 1e-9
        for learned, textbook in zip(checkpoint.public_learned, checkpoint.public_textbook, strict=True)
    )


def true_factor_summary(setup: ClinicSetup, index: FinderIndex) -> str:
    """How the simulated clinic differs from the textbook, in one line."""
    clinic = _Clinic(index, setup)
    moved = [f for f in clinic.true_factor.values() if not math.isclose(f, 1.0)]
    return (
        f"{len(moved)} of {len(clinic.true_factor)} trigger points have true odds x{min(moved):.2f} or "
        f"x{max(moved):.2f} the textbook's (seed {setup.seed}); {setup.examined_per_client} points examined per "
        f"client, palpation wrong {setup.palpation_error:.0%} of the time, the model learned again every "
        f"{setup.batch} clients"
    )
