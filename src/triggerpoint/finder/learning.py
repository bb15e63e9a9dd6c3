"""Learning from what therapists confirm: a bounded, per-point correction of the textbook's prior odds.

For each trigger point (both sides together) a clinic has examined, the evidence is how many clients
were examined for it, in how many palpation confirmed it as an active point, and how many the textbook
model expected: the sum of the model's posteriors for those clients' drawings. Because the therapist
examines the points the finder suggested, the raw confirmation rate says little about the point on its
own; compared with what the model expected for the same drawings, it says whether the model under- or
over-rates the point in this clinic.

The rate gets a Beta prior centred on the textbook's expected rate m, with the weight of `pseudo_count`
examinations: Beta(n0 m, n0 (1 - m)). After k confirmed of n examined, its posterior mean is
r = (n0 m + k) / (n0 + n), and the point's prior odds are multiplied by odds(r) / odds(m), capped at
`max_odds_factor` either way. Examined and absent counts against a point; a point not examined counts
for nothing. With no data every factor is 1: the textbook. docs/finder-model.md, "Learning", explains it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from triggerpoint.finder.find import candidate_scores
from triggerpoint.finder.index import Candidate, FinderIndex
from triggerpoint.finder.parameters import DEFAULT_LEARNING, LearningParameters
from triggerpoint.finder.types import Drawing
from triggerpoint.kb.schema import Side

PointKey = tuple[str, str]  # (muscle, trigger point): both sides share one correction


@dataclass(frozen=True)
class Examined:
    """A trigger point examined for one client: on which side, and whether palpation found it active."""

    muscle: str
    point: str
    side: Side
    confirmed: bool


@dataclass(frozen=True)
class Case:
    """One client's drawing and the points examined for it."""

    drawing: Drawing
    examined: tuple[Examined, ...]


@dataclass(frozen=True)
class Tally:
    """The evidence on one point: examined, confirmed, and the textbook's expected number confirmed."""

    examined: int = 0
    confirmed: int = 0
    expected: float = 0.0

    def plus(self, other: Tally) -> Tally:
        return Tally(self.examined + other.examined, self.confirmed + other.confirmed, self.expected + other.expected)


@dataclass(frozen=True)
class Learned:
    """What a clinic's findings say about one point, and the factor on its prior odds."""

    muscle: str
    point: str
    tally: Tally
    textbook_rate: float  # what the textbook model expected, per examination
    rate: float  # the Beta posterior mean of the confirmation rate
    odds_factor: float  # on the point's prior odds, after the cap
    capped: bool  # the data asked for more than the cap allows

    def explanation(self, whose: str) -> str:
        """In words, e.g. 'confirmed in 12 of 15 clients of this clinic examined for it (the textbook model
        expected 6.0); weighted x2.00'."""
        t = self.tally
        weight = f"weighted x{self.odds_factor:.2f}" + (" (the most allowed)" if self.capped else "")
        return (
            f"confirmed in {t.confirmed} of {t.examined} clients {whose} examined for it "
            f"(the textbook model expected {t.expected:.1f}); {weight}"
        )


def _key(muscle: str, point: str) -> PointKey:
    return muscle, point


def tallies(cases: Sequence[Case], index: FinderIndex) -> dict[PointKey, Tally]:
    """The evidence per point: each examination counted against the textbook model's posterior for its drawing.

    A point that reaches none of the painted regions gets no posterior from the drawing, so it is not counted:
    no prior could have changed how it ranked.
    """
    rows = {candidate: row for row, candidate in enumerate(index.candidates)}
    counts: dict[PointKey, Tally] = {}
    for case, scores in zip(cases, candidate_scores([c.drawing for c in cases], index), strict=True):
        for examined in case.examined:
            row = rows.get(Candidate(examined.muscle, examined.point, examined.side))
            if row is None or scores[row] < 0:
                continue
            key = _key(examined.muscle, examined.point)
            seen = Tally(1, int(examined.confirmed), float(scores[row]))
            counts[key] = counts.get(key, Tally()).plus(seen)
    return counts


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def learn_point(key: PointKey, tally: Tally, params: LearningParameters = DEFAULT_LEARNING) -> Learned:
    """The Beta update for one point, and its capped factor on the prior odds."""
    floor = params.rate_floor
    textbook = min(max(tally.expected / tally.examined, floor), 1.0 - floor) if tally.examined else 0.5
    n0 = params.pseudo_count
    rate = (n0 * textbook + tally.confirmed) / (n0 + tally.examined)
    wanted = _logit(min(max(rate, floor), 1.0 - floor)) - _logit(textbook)
    cap = math.log(params.max_odds_factor)
    shift = min(max(wanted, -cap), cap)
    return Learned(
        muscle=key[0],
        point=key[1],
        tally=tally,
        textbook_rate=textbook,
        rate=rate,
        odds_factor=math.exp(shift),
        capped=abs(wanted) > cap,
    )


def learn(counts: Mapping[PointKey, Tally], params: LearningParameters = DEFAULT_LEARNING) -> dict[PointKey, Learned]:
    """The update for every point with evidence."""
    return {key: learn_point(key, tally, params) for key, tally in counts.items() if tally.examined}


def pooled(*tally_sets: Mapping[PointKey, Tally]) -> dict[PointKey, Tally]:
    """Several clinics' evidence added together."""
    total: dict[PointKey, Tally] = {}
    for counts in tally_sets:
        for key, tally in counts.items():
            total[key] = total.get(key, Tally()).plus(tally)
    return total


def learned_index(index: FinderIndex, learned: Iterable[Learned]) -> FinderIndex:
    """The index with each learned point's prior odds (both sides) multiplied by its factor."""
    factors = {_key(item.muscle, item.point): item.odds_factor for item in learned}
    if not factors:
        return index
    shift = np.array([math.log(factors.get(_key(c.muscle, c.point), 1.0)) for c in index.candidates])
    return replace(index, prior_log_odds=index.prior_log_odds + shift)
