"""Examinations kept for the finder to learn from: for each visit that started from a drawing, the drawing,
the suggestions in the order shown, and what palpation found at every point examined.

The records carry no name, account, date or record ID: only what the finder could learn from. Which
suggestions were confirmed (and which points the therapist had to add) is the signal.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from triggerpoint.visits import repository
from triggerpoint.visits.models import Finding
from triggerpoint.visits.rules import was_examined
from triggerpoint.visits.service import ppt_mean

EXAMINED = ("taut_band", "spot_tenderness", "jump_sign", "twitch", "referred", "recognised", "classification")


def _finding(finding: Finding) -> dict[str, Any]:
    values = {name: getattr(finding, name) for name in EXAMINED}
    return {
        "muscle": finding.muscle, "point": finding.point, "side": finding.side,
        "suggested_rank": finding.suggested_rank, **values, "ppt_mean": ppt_mean(finding),
        "referred_regions": list(finding.referred_regions),
    }  # fmt: skip


def examinations(db: Session, clinic_name: str | None = None) -> Iterator[dict[str, Any]]:
    """Every examined visit with a drawing (of the named clinic, or all), oldest first, as learning records."""
    for visit, drawing in repository.examined_visits(db, clinic_name):
        findings = repository.findings_of(db, visit.client_id, visit.id)
        yield {
            "drawing": dict(drawing.regions),
            "suggestions": [
                {k: item[k] for k in ("rank", "muscle", "point", "side", "score", "in_minimal_set")}
                for item in visit.suggestions
            ],
            "examined": [_finding(f) for f in findings if was_examined(f)],
        }
