"""A client's course of visits for the loop closed, built directly through the models.

The first visit starts from a drawing of the right temple (7), the side of the neck (5) and the
top of the shoulder blade (4); two points are treated (upper trapezius, levator scapulae) and a
third only examined. A week later the temple is at 3, the neck at 4, the shoulder blade is not
painted and the back of the head (5) is new; the trapezius point is tender 4 instead of 8 and its
threshold 2.7 instead of 2.2 kg/cm². The NDI went from 30 (the day before the first visit) to 14.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from triggerpoint.clients.models import Client
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.visits.models import Finding, Treatment, Visit

FIRST = datetime(2026, 3, 2, 10, tzinfo=UTC)
SECOND = FIRST + timedelta(days=7)
THEN = {"temple-right": 7, "neck-side-right": 5, "scapula-upper-right": 4}
NOW = {"temple-right": 3, "neck-side-right": 4, "occiput-right": 5}
TRAPEZIUS = ("upper-trapezius", "tp1", "right")
LEVATOR = ("levator-scapulae", "tp1", "right")
SUBOCCIPITAL = ("suboccipitals", "tp1", "right")
SCORES = [  # instrument, day, score: the NDI of 20 March comes after the second visit
    ("ndi", date(2026, 2, 20), 40.0),
    ("ndi", date(2026, 3, 1), 30.0),
    ("ndi", date(2026, 3, 9), 14.0),
    ("ndi", date(2026, 3, 20), 0.0),
    ("nprs", date(2026, 3, 5), 6.0),
]


@dataclass(frozen=True)
class Course:
    client_id: int
    first: Visit
    second: Visit
    first_drawing: PainDrawing
    second_drawing: PainDrawing


def drawing(db: Session, client_id: int, at: datetime, regions: dict[str, int], name: str) -> PainDrawing:
    row = PainDrawing(
        client_id=client_id, recorded_at=at, regions=regions, screen_status="clear", screened_at=at,
        submission_id=name,
    )  # fmt: skip
    db.add(row)
    db.flush()
    return row


def visit(db: Session, client_id: int, at: datetime, drawn: PainDrawing | None) -> Visit:
    row = Visit(client_id=client_id, started_at=at, drawing_id=drawn.id if drawn else None)
    db.add(row)
    db.flush()
    return row


def examine(
    db: Session, at: Visit, where: tuple[str, str, str], tenderness: int, trials: list[float], treated: bool
) -> Finding:
    muscle, point, side = where
    finding = Finding(
        client_id=at.client_id, visit_id=at.id, muscle=muscle, point=point, side=side, taut_band="present",
        spot_tenderness=tenderness, ppt_trials=trials, referred="present", classification="latent",
    )  # fmt: skip
    db.add(finding)
    db.flush()
    if treated:
        db.add(Treatment(client_id=at.client_id, visit_id=at.id, finding_id=finding.id,
                         technique="ischemic-compression", pressure=5, seconds=60, released=True))  # fmt: skip
        db.flush()
    return finding


def answer(db: Session, client_id: int) -> None:
    for tool, on, score in SCORES:
        db.add(QuestionnaireResponse(client_id=client_id, instrument=tool, completed_on=on, answers={}, score=score))
    db.flush()


def build_course(db: Session, client: Client) -> Course:
    """Two visits a week apart, each from its own drawing, for a client already stored."""
    then = drawing(db, client.id, FIRST - timedelta(hours=1), THEN, "loop-then")
    now = drawing(db, client.id, SECOND - timedelta(hours=1), NOW, "loop-now")
    first, second = visit(db, client.id, FIRST, then), visit(db, client.id, SECOND, now)
    examine(db, first, TRAPEZIUS, 8, [2.0, 2.2, 2.4], treated=True)
    examine(db, first, LEVATOR, 6, [3.0], treated=True)
    examine(db, first, SUBOCCIPITAL, 5, [], treated=False)
    examine(db, second, TRAPEZIUS, 4, [2.6, 2.7, 2.8], treated=True)
    answer(db, client.id)
    return Course(client.id, first, second, then, now)


def new_client(db: Session) -> Client:
    client = Client(display_name="Loop Client")
    db.add(client)
    db.flush()
    return client
