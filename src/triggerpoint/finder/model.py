"""Noisy-OR scoring of trigger points against pain drawings (see docs/finder-model.md).

Each active trigger point independently makes each region it refers to painful with a
probability set by the region's tier (essential, spillover, the point's own site); a leak
stands for every other cause. A set S of active points therefore leaves region r
unpainted with probability q_S(r) = (1 - leak) * prod_{c in S} (1 - p_c(r)). The log
posterior odds of S against "no trigger point" add, for each point, its prior log odds
and the log probability of the regions it refers to but were not drawn, and for each
drawn region, w_r * log((1 - q_S(r)) / leak). Reported symptoms and activities enter the
same way through their own noisy-OR.

Computed densely over a batch of drawings (axis b), the drawn regions (axis d, padded with
weight 0) and, per drawing, the candidates that reach a drawn region (axis k, padded):
the index's regions x candidates tier matrix, read at a drawing's regions, gives a
d x b x k block of tier codes. Every term of the model depends on a candidate only through
its tier at a drawn region, so each step computes a d x b x 4 table of terms and reads the
block through it; sums over d run in slot order, so the scores are the same to the last bit
whatever the batch. One drawing is a batch of one. Each drawing arrives in its canonical
orientation (find.py), so nothing here decides a side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from triggerpoint.finder.index import Bools, FinderIndex, Floats, Ints, Tiers


@dataclass(frozen=True)
class Evidence:
    """A batch of drawings compiled against the index, as dense blocks."""

    rows: Ints  # b x k: candidate row of each local candidate (padding repeats a row, never open)
    valid: Bools  # b x k: a real local candidate, not padding
    tiers: Tiers  # d x b x k: tier code of each drawn region for each local candidate
    lookup: Ints  # d x b x k: where each term sits in a flattened d x b x 4 table
    cells: Ints  # d x b x k, flattened: the b x k cell each term adds to
    weights: Floats  # d x b: evidence weight per drawn region (0 for padding)
    absent_by_tier: Floats  # 1 - P(region drawn | candidate), by tier code
    absent_features: Floats  # b x k x f: 1 - P(feature reported | candidate) (1 for padding)
    base: Floats  # b x k: prior log odds + log P(the candidate's undrawn regions stay unpainted)
    relevant: Bools  # b x c: the candidate explains at least one drawn region
    alike: Bools  # b x c: the candidate and its twin explain the same drawn regions with the same tiers
    symmetric: Bools  # b: the drawing is its own mirror image

    def absent_at(self, local: Ints) -> Floats:
        """d x b: 1 - p for one local candidate per drawing at that drawing's drawn regions."""
        absent: Floats = self.absent_by_tier[self.tiers[:, np.arange(len(local)), local]]
        return absent

    def spread(self, local: Floats) -> Floats:
        """b x c: a b x k array laid out by candidate row, 0 elsewhere."""
        full = np.zeros(self.relevant.shape)
        batch = np.arange(len(local))[:, None]
        full[batch, self.rows] = np.where(self.valid, local, 0.0)
        return full


@dataclass(frozen=True)
class Explanation:
    """The model's answer for one drawing: the best set, and every candidate's posterior (-1: irrelevant)."""

    members: list[int]
    scores: Floats
    either_side: Bools  # per candidate: the drawing cannot tell its side
    ranking: Ints  # the relevant candidates, best first
    symmetric: bool

    def mirrored(self, twin: Ints) -> Explanation:
        """The same answer for the mirror-image drawing: every candidate swapped for its twin."""
        return Explanation(
            members=[int(twin[m]) for m in self.members],
            scores=self.scores[twin],
            either_side=self.either_side[twin],
            ranking=twin[self.ranking],
            symmetric=self.symmetric,
        )


def _slot_cells(shape: tuple[int, ...]) -> Ints:
    """For d x b x k terms flattened: the b x k cell each term adds to."""
    slots, size, count = shape
    cells: Ints = np.tile(np.arange(size * count, dtype=np.intp), slots)
    return cells


def _sum_over_slots(terms: Floats, cells: Ints) -> Floats:
    """b x k: the d x b x k terms summed over d in slot order, as the model defines them.

    numpy's own sum may pair the terms differently and move the last bit. For one drawing, one
    bincount (which adds its weights in the order given); for a batch, one addition per slot.
    """
    slots, size, count = terms.shape
    summed: Floats
    if size == 1:
        summed = np.bincount(cells, weights=terms.ravel(), minlength=count).astype(np.float64, copy=False)
        return summed.reshape(1, count)
    summed = terms[0].copy()
    for slot in range(1, slots):
        summed += terms[slot]
    return summed


def _local_rows(relevant: Bools) -> tuple[Ints, Bools]:
    """b x k: each drawing's relevant candidates in candidate order, padded; and which are real."""
    if len(relevant) == 1 and relevant.any():
        rows: Ints = np.flatnonzero(relevant[0])[None, :]
        return rows, np.ones(rows.shape, dtype=bool)
    width = max(int(relevant.sum(axis=1).max()), 1)  # at least one column, so that argmax has one
    rows = np.argsort(~relevant, axis=1, kind="stable")[:, :width]
    return rows, np.take_along_axis(relevant, rows, axis=1)


def _alike(index: FinderIndex, columns: Ints, tiers: Tiers, relevant: Bools) -> Bools:
    """b x c: the candidate and its twin explain the same drawn regions with the same tiers.

    Neither may reach a drawn region that the other reaches otherwise (at another tier, or not at all).
    """
    told: Bools = np.any((tiers > 0) & index.unlike_by_region[columns], axis=0)
    alike: Bools = relevant & ~told & ~told[:, index.twin]
    return alike


def compile_evidence(
    index: FinderIndex, columns: Ints, weights: Floats, listed: Bools, prior_log_odds: Floats, symmetric: Bools
) -> Evidence:
    """Precompute the blocks the search and the scores share.

    columns, weights: d x b (padding: the index's padding column, weight 0); listed: b x c x f,
    which candidates list each reported feature; prior_log_odds: b x c; symmetric: b.
    """
    every = index.tier_by_region[columns]  # d x b x c
    relevant: Bools = np.any(every > 0, axis=0)
    rows, valid = _local_rows(relevant)
    batch = np.arange(len(rows))[:, None]
    tiers = every[:, batch, rows]
    slots = np.arange(0, tiers.shape[0] * tiers.shape[1] * 4, 4, dtype=np.intp).reshape(tiers.shape[:2])
    lookup: Ints = np.add(slots[:, :, None], tiers, dtype=np.intp)
    # log P(undrawn regions stay unpainted): all of the candidate's regions, less the drawn ones.
    cells = _slot_cells(tiers.shape) if len(rows) == 1 else np.empty(0, dtype=np.intp)
    drawn_part = _sum_over_slots(index.log_absent_by_tier[tiers], cells)
    return Evidence(
        rows=rows,
        valid=valid,
        tiers=tiers,
        lookup=lookup,
        cells=cells,
        weights=weights,
        absent_by_tier=index.absent_by_tier,
        absent_features=np.where(listed[batch, rows], 1.0 - index.parameters.p_feature, 1.0),
        base=prior_log_odds[batch, rows] + index.log_absent_total[rows] - drawn_part,
        relevant=relevant,
        alike=_alike(index, columns, every, relevant),
        symmetric=symmetric,
    )


def _terms(evidence: Evidence, q_drawn: Floats) -> Floats:
    """d x b x 4: what a drawn region adds to a candidate's log odds, by the candidate's tier there."""
    absent = evidence.absent_by_tier
    terms: Floats = (np.log1p(-q_drawn[:, :, None] * absent) - np.log1p(-q_drawn)[:, :, None]) * evidence.weights[
        :, :, None
    ]
    return terms


def _feature_gains(evidence: Evidence, q_features: Floats, absent_features: Floats) -> Floats:
    qf = q_features[:, None, :] if absent_features.ndim == 3 else q_features
    gains: Floats = (np.log1p(-qf * absent_features) - np.log1p(-qf)).sum(axis=-1)
    return gains


def _gains(evidence: Evidence, q_drawn: Floats, q_features: Floats) -> Floats:
    """b x k: log posterior odds gained by adding each local candidate to each drawing's current set."""
    drawn = _sum_over_slots(_terms(evidence, q_drawn).ravel()[evidence.lookup], evidence.cells)
    gains: Floats = evidence.base + drawn
    if q_features.shape[1]:
        gains += _feature_gains(evidence, q_features, evidence.absent_features)
    return gains


def _gain_of(evidence: Evidence, q_drawn: Floats, q_features: Floats, local: Ints) -> Floats:
    """b: the gain of one given local candidate per drawing (the prune step needs no more)."""
    batch = np.arange(len(local))
    picked = evidence.tiers[:, batch, local]  # d x b
    drawn = _terms(evidence, q_drawn)[np.arange(len(picked))[:, None], batch, picked]
    features = _feature_gains(evidence, q_features, evidence.absent_features[batch, local])
    gain: Floats = evidence.base[batch, local] + np.ascontiguousarray(drawn.T).sum(axis=1) + features
    return gain


@dataclass
class _Search:
    """The state of the greedy search for every drawing of a batch."""

    members: Ints  # b x k: local candidates, -1 where empty
    q_drawn: Floats  # d x b
    q_features: Floats  # b x f

    def without(self, evidence: Evidence, slot: int) -> tuple[Floats, Floats]:
        local, batch = self.members[:, slot], np.arange(len(self.members))
        safe = np.maximum(local, 0)
        has = local >= 0
        q_drawn = np.where(has, self.q_drawn / evidence.absent_at(safe), self.q_drawn)
        q_features = np.where(has[:, None], self.q_features / evidence.absent_features[batch, safe], self.q_features)
        return q_drawn, q_features

    def global_members(self, evidence: Evidence) -> Ints:
        """b x slots: the members as candidate rows, -1 where empty."""
        batch = np.arange(len(self.members))[:, None]
        rows: Ints = np.where(self.members >= 0, evidence.rows[batch, np.maximum(self.members, 0)], -1)
        return rows


def _greedy(evidence: Evidence, search: _Search) -> Floats | None:
    """Add the candidate that gains most while any gains; the gains the last step saw if none did."""
    batch = np.arange(len(search.members))
    searching = np.ones(len(batch), dtype=bool)
    open_ = evidence.valid.copy()
    for slot in range(search.members.shape[1]):
        current = _gains(evidence, search.q_drawn, search.q_features)
        gains = np.where(open_, current, -np.inf)
        best = np.argmax(gains, axis=1)
        add = searching & (gains[batch, best] > 0)
        if not add.any():
            return current
        search.members[add, slot] = best[add]
        open_[batch[add], best[add]] = False
        search.q_drawn[:, add] *= evidence.absent_at(best)[:, add]
        search.q_features[add] *= evidence.absent_features[batch[add], best[add]]
        searching &= add
    return None


def _prune(evidence: Evidence, search: _Search) -> bool:
    """Drop any member that no longer earns its place once the others are in; whether any was dropped."""
    dropped = False
    for slot in np.flatnonzero((search.members >= 0).any(axis=0)):
        local = search.members[:, slot]
        q_drawn, q_features = search.without(evidence, int(slot))
        drop = (local >= 0) & (_gain_of(evidence, q_drawn, q_features, np.maximum(local, 0)) <= 0)
        search.members[drop, slot] = -1
        search.q_drawn[:, drop], search.q_features[drop] = q_drawn[:, drop], q_features[drop]
        dropped = dropped or bool(drop.any())
    return dropped


def _lone_in_set(index: FinderIndex, members: Ints, shape: tuple[int, ...]) -> Bools:
    """b x c: a member of the set whose twin is not in it, and that twin."""
    chosen = np.zeros(shape, dtype=bool)
    rows, slots = np.nonzero(members >= 0)
    chosen[rows, members[rows, slots]] = True
    lone: Bools = chosen != chosen[:, index.twin]
    return lone


def _share_between_sides(index: FinderIndex, evidence: Evidence, members: Ints, scores: Floats) -> tuple[Floats, Bools]:
    """One score for twins the drawing cannot tell apart, and which candidates' side it leaves open.

    Twins share their score when they explain the drawn regions alike (same regions, same
    tiers) or when the drawing is its own mirror image. Their side is open when they explain
    the drawing alike, or when the drawing is its own mirror image and only one of them is
    in the set: then the search, not the drawing, put that member on its side.
    """
    alike = evidence.alike
    symmetric = evidence.symmetric[:, None]
    shared: Floats = np.where(alike | symmetric, (scores + scores[:, index.twin]) / 2, scores)
    if not evidence.symmetric.any():  # the usual batch: no need to build the set mask
        return shared, alike
    either: Bools = alike | (symmetric & _lone_in_set(index, members, scores.shape))
    return shared, either


def _odds(log_odds: Floats) -> Floats:
    """Odds against the best set; the best set is a local optimum, so these stay moderate."""
    odds: Floats = np.exp(np.minimum(log_odds, 700.0))
    return odds


def _posteriors(evidence: Evidence, search: _Search, members: Ints, current: Floats | None) -> Floats:
    """b x c: P(candidate active | drawing) over the hypotheses next to the best set S.

    The neighbourhood is S itself, S less one member, S plus one candidate, and S with one
    member swapped for another candidate; each weighs in by its posterior odds against S.
    Summing them is a proper local posterior: a point that could be swapped for an equally
    good one scores lower. Sums over candidates run over every candidate row, in row order.
    current: the gains given the set, when the search already has them.
    """
    batch = np.arange(len(search.members))
    open_ = evidence.valid.copy()
    filled = search.members >= 0
    open_[np.nonzero(filled)[0], search.members[filled]] = False
    if current is None:
        current = _gains(evidence, search.q_drawn, search.q_features)
    with_candidate = _odds(np.where(open_, current, -np.inf))
    total = 1.0 + evidence.spread(with_candidate).sum(axis=1)
    without: list[tuple[Ints, Bools, Floats]] = []
    for slot in np.flatnonzero(filled.any(axis=0)):
        local, has = search.members[:, slot], filled[:, slot]
        given_rest = _gains(evidence, *search.without(evidence, int(slot)))
        own = np.where(has, given_rest[batch, np.maximum(local, 0)], np.inf)
        swapped = _odds(np.where(open_ & has[:, None], given_rest - own[:, None], -np.inf))
        dropped = _odds(-own)
        with_candidate += swapped
        swapped_total = evidence.spread(swapped).sum(axis=1)
        total += swapped_total + dropped
        without.append((members[:, slot], has, dropped + swapped_total))
    scores: Floats = evidence.spread(with_candidate) / total[:, None]
    for rows, has, odds_without in without:
        scores[batch[has], rows[has]] = 1.0 - (odds_without / total)[has]
    return np.where(evidence.relevant, scores, -1.0)


def _ranking(scores: Floats) -> Ints:
    """The relevant candidates, best first; ties in candidate order."""
    relevant = np.flatnonzero(scores >= 0)
    ranking: Ints = relevant[np.argsort(-scores[relevant], kind="stable")]
    return ranking


def _answers(evidence: Evidence, members: Ints, scores: Floats, either: Bools) -> list[Explanation]:
    """One Explanation per drawing, in the orientation it was scored in."""
    chosen = [[m for m in row if m >= 0] for row in members.tolist()]
    symmetric = evidence.symmetric.tolist()
    return [
        Explanation(
            members=chosen[b],
            scores=scores[b],
            either_side=either[b],
            ranking=_ranking(scores[b]),
            symmetric=symmetric[b],
        )
        for b in range(len(members))
    ]


def explain(index: FinderIndex, evidence: Evidence) -> list[Explanation]:
    """For each drawing, the smallest set that best explains it and every candidate's posterior."""
    params = index.parameters
    size = len(evidence.base)
    search = _Search(
        members=np.full((size, params.max_set_size), -1, dtype=np.intp),
        q_drawn=np.full(evidence.weights.shape, 1.0 - params.leak),
        q_features=np.full((size, evidence.absent_features.shape[2]), 1.0 - params.feature_leak),
    )
    last_gains = _greedy(evidence, search)
    if _prune(evidence, search):
        last_gains = None  # the set changed since
    members = search.global_members(evidence)
    scores, either = _share_between_sides(index, evidence, members, _posteriors(evidence, search, members, last_gains))
    return _answers(evidence, members, scores, either)
