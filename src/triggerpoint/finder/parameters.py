"""Every number the finder's model uses, in one place. docs/finder-model.md explains each one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from triggerpoint.kb.schema import Prevalence

PRIOR_BY_PREVALENCE: Mapping[Prevalence, float] = MappingProxyType(
    {
        Prevalence.VERY_COMMON: 0.10,
        Prevalence.COMMON: 0.05,
        Prevalence.OCCASIONAL: 0.02,
        Prevalence.RARE: 0.008,
    }
)


@dataclass(frozen=True)
class Parameters:
    """The noisy-OR model's parameters (probabilities unless named otherwise)."""

    # P(a region is drawn | one active trigger point refers there), by tier.
    p_essential: float = 0.70
    p_spillover: float = 0.30
    p_local: float = 0.40
    # P(a region is drawn for any other reason): the leak of the noisy-OR.
    leak: float = 0.02
    # P(a trigger point on one side is active) before the drawing is seen.
    prior: Mapping[Prevalence, float] = field(default_factory=lambda: PRIOR_BY_PREVALENCE)
    # How much a condition context multiplies the prior odds of the points tagged with it.
    condition_odds: float = 2.0
    # P(a symptom or activity is reported | an active point that lists it); and its leak.
    p_feature: float = 0.40
    feature_leak: float = 0.10
    # Evidence weight of a drawn region: floor + (1 - floor) * min(intensity, full) / full, so
    # faint marks count for less and a region painted without an intensity counts fully.
    intensity_floor: float = 0.5
    full_weight_intensity: int = 5
    unrated_intensity: int = 10
    # At most this many points in the smallest explaining set.
    max_set_size: int = 6


DEFAULT_PARAMETERS = Parameters()


@dataclass(frozen=True)
class LearningParameters:
    """How far a clinic's confirmed findings may move the textbook (docs/finder-model.md, "Learning")."""

    # The textbook's weight, in examinations: the Beta prior on a point's confirmation rate is centred on
    # what the textbook model expected for the examinations seen, with this many examinations' weight.
    pseudo_count: float = 20.0
    # However much data there is, a point's prior odds move at most this factor either way.
    max_odds_factor: float = 4.0
    # The expected rate is kept inside [floor, 1 - floor] so that its log odds stay finite.
    rate_floor: float = 0.01


DEFAULT_LEARNING = LearningParameters()
