"""What a clinic may choose for its finder, and what the learning page shows per trigger point."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from triggerpoint.formdata import FormModel


class LearningMode(StrEnum):
    TEXTBOOK = "textbook"  # the knowledge base's prevalences, unchanged
    CLINIC = "clinic"  # corrected by this clinic's own confirmed findings
    POOLED = "pooled"  # corrected by the findings of every clinic that pools (this one's included)


class LearningModeForm(FormModel):
    """The admin's choice on the learning page."""

    mode: LearningMode


class PointLearningRead(BaseModel):
    """One trigger point's evidence and the factor it gives the point's prior odds."""

    muscle: str
    muscle_name: str
    point: str
    point_name: str
    examined: int
    confirmed: int
    expected: float
    odds_factor: float
    capped: bool
    explanation: str
