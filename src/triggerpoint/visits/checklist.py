"""The visit page's working list: the points to examine, smallest explaining set first, with what was found
and done at each, where a point's treatment entry starts, and the home program built from the active points.

Recording goes through `record_examination`, which stores a finding and, when asked, its treatment with
the same rules as the JSON API (visits.service). Services flush; the request commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from triggerpoint.errors import ConflictError
from triggerpoint.kb import KnowledgeBase, UnknownIdError
from triggerpoint.kb.schema import Side
from triggerpoint.programs.models import Program
from triggerpoint.programs.schemas import ProgramCreate
from triggerpoint.programs.service import create_program
from triggerpoint.selfcare import PointChoice
from triggerpoint.visits import repository
from triggerpoint.visits.models import Finding, Treatment, Visit
from triggerpoint.visits.rules import Avoided, avoided_at, load_rules, pressure_cap
from triggerpoint.visits.schemas import FindingRead, FindingWrite, PointRef, TreatmentCreate, TreatmentRead
from triggerpoint.visits.service import (
    avoided_for,
    get_visit,
    point_areas,
    read_finding,
    read_treatment,
    record_finding,
    record_treatment,
)

SITE_PRECAUTION = "recent-surgery-or-injury"
FIRST_SHOWN = 6  # suggestions shown open before "more"; the smallest explaining set and examined points always are


@dataclass(frozen=True)
class TreatmentStart:
    """The values a point's treatment entry shows before the therapist changes them."""

    technique: str
    pressure: int
    seconds: int


@dataclass(frozen=True)
class Choice:
    """A region the point's referred pain may be picked in."""

    id: str
    name: str
    painted: bool


@dataclass(frozen=True)
class ChecklistItem:
    """One point on the visit's checklist: the finder's suggestion or the therapist's own, and what happened."""

    muscle: str
    point: str
    side: str
    muscle_name: str
    point_name: str
    rank: int | None
    in_minimal_set: bool
    finding: FindingRead | None
    treatments: tuple[TreatmentRead, ...]
    referral_choices: tuple[Choice, ...]
    avoided: Avoided | None
    learning: str | None = None  # what the clinic's confirmed findings say about the point

    @property
    def key(self) -> str:
        return f"{self.muscle}/{self.point}/{self.side}"


def _names(kb: KnowledgeBase, muscle: str, point: str) -> tuple[str, str]:
    try:
        return kb.muscle(muscle).name, kb.point(muscle, point).name
    except UnknownIdError:
        return muscle, point


def _referral_choices(kb: KnowledgeBase, ref: PointRef, painted: dict[str, int]) -> tuple[Choice, ...]:
    """The point's referral map on its side (essential zones first), then the other painted regions."""
    try:
        reached = list(kb.referral_map(kb.point(ref.muscle, ref.point), Side(ref.side)))
    except UnknownIdError:
        reached = []
    ids = list(dict.fromkeys([*reached, *painted]))
    return tuple(Choice(id=r, name=kb.region(r).name, painted=r in painted) for r in ids if kb.has_region(r))


def _planned(visit: Visit, findings: list[Finding]) -> list[PointRef]:
    """The finder's suggestions, those in the smallest explaining set first, then points the therapist added."""
    suggested = sorted(visit.suggestions, key=lambda s: (not s.get("in_minimal_set", False), int(s["rank"])))
    refs = [PointRef.model_validate({k: s[k] for k in ("muscle", "point", "side")}) for s in suggested]
    added = [
        PointRef.model_validate({"muscle": f.muscle, "point": f.point, "side": f.side})
        for f in findings
        if f.suggested_rank is None
    ]
    return [*refs, *added]


def _painted(db: Session, visit: Visit) -> dict[str, int]:
    drawing = repository.drawing_by_id(db, visit.client_id, visit.drawing_id) if visit.drawing_id else None
    return dict(drawing.regions) if drawing else {}


def checklist(db: Session, kb: KnowledgeBase, visit: Visit) -> list[ChecklistItem]:
    """Every point of the visit in examining order, with its finding and treatments so far."""
    findings = repository.findings_of(db, visit.client_id, visit.id)
    by_point = {(f.muscle, f.point, f.side): f for f in findings}
    treated: dict[int, list[Treatment]] = {}
    for treatment in repository.treatments_of(db, visit.client_id, visit.id):
        treated.setdefault(treatment.finding_id, []).append(treatment)
    minimal = {(s["muscle"], s["point"], s["side"]) for s in visit.suggestions if s.get("in_minimal_set")}
    ranks = {(s["muscle"], s["point"], s["side"]): int(s["rank"]) for s in visit.suggestions}
    learning = {(s["muscle"], s["point"], s["side"]): s.get("learning") for s in visit.suggestions}
    painted, avoided = _painted(db, visit), avoided_for(db, visit)
    items = []
    for ref in _planned(visit, findings):
        where = (ref.muscle, ref.point, ref.side)
        found = by_point.get(where)
        muscle_name, point_name = _names(kb, ref.muscle, ref.point)
        items.append(
            ChecklistItem(
                muscle=ref.muscle, point=ref.point, side=ref.side, muscle_name=muscle_name, point_name=point_name,
                rank=ranks.get(where), in_minimal_set=where in minimal,
                finding=read_finding(found) if found else None,
                treatments=tuple(read_treatment(t, found) for t in treated.get(found.id, [])) if found else (),
                referral_choices=_referral_choices(kb, ref, painted),
                avoided=_avoided_point(kb, ref, avoided), learning=learning.get(where),
            )
        )  # fmt: skip
    return items


def split_checklist(items: list[ChecklistItem]) -> tuple[list[ChecklistItem], list[ChecklistItem]]:
    """The points to show first (the smallest explaining set, points already examined or added, then the best
    suggestions up to FIRST_SHOWN) and the rest, kept in order."""
    first: list[ChecklistItem] = []
    for item in items:
        if item.in_minimal_set or item.finding is not None or item.rank is None or len(first) < FIRST_SHOWN:
            first.append(item)
    rest = [item for item in items if item not in first]
    return first, rest


def _avoided_point(kb: KnowledgeBase, ref: PointRef, avoided: list[Avoided]) -> Avoided | None:
    try:
        return avoided_at(avoided, point_areas(kb, ref))
    except UnknownIdError:
        return None


def treatment_start(db: Session, visit: Visit) -> TreatmentStart:
    """The last treatment's values in this visit, else the data's defaults; never above a precaution's cap."""
    rules = load_rules()
    given = repository.treatments_of(db, visit.client_id, visit.id)
    if given:
        last = given[-1]
        start = TreatmentStart(technique=last.technique, pressure=last.pressure, seconds=last.seconds)
    else:
        defaults = rules.treatment_defaults
        start = TreatmentStart(technique=defaults.technique, pressure=defaults.pressure, seconds=defaults.seconds)
    cap = pressure_cap(rules, visit.precautions)
    if cap is not None and start.pressure > cap.pressure:
        return TreatmentStart(technique=start.technique, pressure=cap.pressure, seconds=start.seconds)
    return start


def record_examination(
    db: Session, kb: KnowledgeBase, client_id: int, visit_uuid: str, found: FindingWrite,
    treatment: TreatmentCreate | None,
) -> Finding:  # fmt: skip
    """Record what palpation found at a point and, when given, the treatment there, under the same rules."""
    finding = record_finding(db, kb, client_id, visit_uuid, found)
    if treatment is not None:
        record_treatment(db, kb, client_id, visit_uuid, treatment)
    return finding


def active_points(db: Session, visit: Visit) -> list[Finding]:
    """The visit's points found active: what a home program is built from."""
    return [f for f in repository.findings_of(db, visit.client_id, visit.id) if f.classification == "active"]


def assign_program(
    db: Session, kb: KnowledgeBase, client_id: int, visit_uuid: str, points: list[PointRef], today: date
) -> Program:
    """A home program from points found active at this visit, with the visit's precautions and injury sites."""
    visit = get_visit(db, client_id, visit_uuid)
    active = {(f.muscle, f.point, f.side) for f in active_points(db, visit)}
    chosen = [p for p in points if (p.muscle, p.point, p.side) in active]
    if not chosen:
        raise ConflictError("points", "choose at least one point found active at this visit")
    intake = repository.intake_by_id(db, client_id, visit.intake_id) if visit.intake_id else None
    sites = list(intake.injury_sites) if intake and SITE_PRECAUTION in visit.precautions else []
    request = ProgramCreate(
        points=[PointChoice(muscle=p.muscle, point=p.point, side=Side(p.side)) for p in chosen],
        precautions=list(visit.precautions),
        injury_sites=sites,
    )
    return create_program(db, kb, client_id, request, today)
