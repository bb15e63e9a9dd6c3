"""The finder as each clinic's therapists see it: the textbook, or corrected by confirmed findings.

Evidence is each client's first examination of a trigger point (at the first visit that started from a
drawing and examined it), because later examinations of a treated point measure the treatment, not the
referral. A point is examined when its tenderness or taut band was recorded; it is confirmed when palpation
classed it active. Points not examined count for nothing. finder.learning turns the counts into capped
factors on each point's prior odds; docs/finder-model.md ("Learning") explains the model.

A reset forgets every finding recorded before it (the records stay; learning starts again from then). The
pooled counts hold only per-point sums over the clinics that chose to pool, refreshed by the operator
(`triggerpoint clinic pool-findings`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from triggerpoint.accounts.models import Account
from triggerpoint.accounts.policy import Principal
from triggerpoint.audit.service import AuditEntry, record
from triggerpoint.clinics.models import Clinic
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.drawings.service import finder_drawing
from triggerpoint.errors import NotFoundError
from triggerpoint.finder import FinderIndex
from triggerpoint.finder.learning import Case, Examined, Learned, PointKey, Tally, learn, learned_index, tallies
from triggerpoint.kb.schema import Side
from triggerpoint.learning import repository
from triggerpoint.learning.models import PooledFinding
from triggerpoint.learning.schemas import LearningMode, PointLearningRead
from triggerpoint.visits.rules import was_examined

WHOSE = {LearningMode.CLINIC: "of this clinic", LearningMode.POOLED: "of the clinics that pool their findings"}


@dataclass(frozen=True)
class ClinicModel:
    """The index a clinic's therapists rank with, and the evidence behind it."""

    mode: LearningMode
    index: FinderIndex
    learned: dict[PointKey, Learned] = field(default_factory=dict)
    since: datetime | None = None

    def explanation(self, muscle: str, point: str) -> str | None:
        """Why this point ranks as it does here, in words; None when the textbook alone ranks it."""
        found = self.learned.get((muscle, point))
        return None if found is None or self.mode is LearningMode.TEXTBOOK else found.explanation(WHOSE[self.mode])


def _clinic(db: Session, clinic_id: int) -> Clinic:
    clinic = repository.clinic_by_id(db, clinic_id)
    if clinic is None:
        raise NotFoundError("clinic", "no such clinic")
    return clinic


def clinic_cases(db: Session, clinic_id: int, since: datetime | None) -> list[Case]:
    """Each client's first examination of each point, grouped by the drawing the visit started from."""
    seen: set[tuple[int, str, str]] = set()
    by_visit: dict[int, tuple[PainDrawing, list[Examined]]] = {}
    for visit, drawing, finding in repository.examinations(db, clinic_id, since):
        key = (visit.client_id, finding.muscle, finding.point)
        if not was_examined(finding) or key in seen:
            continue
        seen.add(key)
        examined = Examined(finding.muscle, finding.point, Side(finding.side), finding.classification == "active")
        by_visit.setdefault(visit.id, (drawing, []))[1].append(examined)
    return [Case(finder_drawing(drawing), tuple(found)) for drawing, found in by_visit.values()]


def clinic_tallies(db: Session, clinic_id: int, index: FinderIndex) -> dict[PointKey, Tally]:
    """The clinic's evidence per point, since its last reset."""
    return tallies(clinic_cases(db, clinic_id, _clinic(db, clinic_id).learning_since), index)


def _pooled_tallies(db: Session) -> dict[PointKey, Tally]:
    return {
        (row.muscle, row.point): Tally(row.examined, row.confirmed, row.expected)
        for row in repository.pooled_counts(db)
    }


def model_for(db: Session, clinic_id: int, index: FinderIndex) -> ClinicModel:
    """The clinic's finder: the textbook index, or the index corrected by its own or the pooled evidence. The
    textbook choice still carries the clinic's evidence, to show, but applies none of it."""
    clinic = _clinic(db, clinic_id)
    mode = LearningMode(clinic.finder_learning)
    counts = _pooled_tallies(db) if mode is LearningMode.POOLED else clinic_tallies(db, clinic_id, index)
    learned = learn(counts)
    applied = index if mode is LearningMode.TEXTBOOK else learned_index(index, learned.values())
    return ClinicModel(mode, applied, learned, clinic.learning_since)


def points_read(model: ClinicModel, index: FinderIndex) -> list[PointLearningRead]:
    """The evidence per point, the points whose odds moved most first."""
    whose = WHOSE.get(model.mode, "of this clinic")
    rows = [
        PointLearningRead(
            muscle=item.muscle,
            muscle_name=index.kb.muscle(item.muscle).name,
            point=item.point,
            point_name=index.kb.point(item.muscle, item.point).name,
            examined=item.tally.examined,
            confirmed=item.tally.confirmed,
            expected=round(item.tally.expected, 1),
            odds_factor=round(item.odds_factor, 2),
            capped=item.capped,
            explanation=item.explanation(whose),
        )
        for item in model.learned.values()
    ]
    return sorted(rows, key=lambda row: (-abs(row.odds_factor - 1.0), row.muscle, row.point))


def _audit(db: Session, clinic: Clinic, principal: Principal, address: str, now: datetime, detail: str) -> None:
    record(
        db,
        AuditEntry(
            at=now,
            clinic=clinic.uuid,
            actor=_actor(db, principal),
            actor_role=str(principal.role),
            client=None,
            action="update",
            resource="clinic/finder-learning",
            outcome="success",
            address=address,
            detail=detail,
        ),
    )


def _actor(db: Session, principal: Principal) -> str | None:
    account = db.get(Account, principal.account_id)
    return account.uuid if account else None


def set_mode(db: Session, principal: Principal, mode: LearningMode, address: str, now: datetime) -> Clinic:
    """The admin's choice for the clinic's finder (reversible: the evidence stays either way)."""
    clinic = _clinic(db, principal.clinic_id)
    clinic.finder_learning = mode.value
    _audit(db, clinic, principal, address, now, f"mode {mode.value}")
    return clinic


def reset(db: Session, principal: Principal, address: str, now: datetime) -> Clinic:
    """Back to the textbook: findings recorded before now no longer count (the records themselves stay)."""
    clinic = _clinic(db, principal.clinic_id)
    clinic.learning_since = now
    _audit(db, clinic, principal, address, now, "reset to the textbook")
    return clinic


def pool(clinic_tally_sets: Iterable[dict[PointKey, Tally]], now: datetime) -> list[PooledFinding]:
    """The pooled rows: per-point sums over the clinics given, with how many clinics contributed."""
    totals: dict[PointKey, tuple[Tally, int]] = {}
    for counts in clinic_tally_sets:
        for key, tally in counts.items():
            total, clinics = totals.get(key, (Tally(), 0))
            totals[key] = (total.plus(tally), clinics + 1)
    return [
        PooledFinding(
            muscle=muscle,
            point=point,
            examined=total.examined,
            confirmed=total.confirmed,
            expected=total.expected,
            clinics=clinics,
            refreshed_at=now,
        )
        for (muscle, point), (total, clinics) in sorted(totals.items())
    ]


def pooling(db: Session, clinic_id: int) -> bool:
    """Whether the clinic chose to pool its findings."""
    return _clinic(db, clinic_id).finder_learning == LearningMode.POOLED.value


def replace_pool(db: Session, rows: list[PooledFinding]) -> None:
    repository.replace_pool(db, rows)
