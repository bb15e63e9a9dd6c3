"""A year of believable records for one client: for looking at the charts, the reports and the benchmark.

Pain eases over the year with day-to-day noise; the drawing shrinks from a neck, shoulder and
head pattern; medication use falls; self-care is done on most days and leaves mild soreness at
first; questionnaires are filled in every four weeks.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from triggerpoint.diary.models import DiaryEntry
from triggerpoint.drawings import service as drawings
from triggerpoint.drawings.schemas import DrawingCreate
from triggerpoint.finder import default_index
from triggerpoint.guidance import gate
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Side
from triggerpoint.outcomes import instrument, score_response
from triggerpoint.programs import service as programs
from triggerpoint.programs.schemas import ProgramCreate
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.selfcare import PointChoice
from triggerpoint.sessions.models import CheckIn, SelfCareSession, SessionItem

PATTERN = [
    ("temple-right", 0.2),
    ("neck-side-right", 0.1),
    ("mastoid-right", 0.3),
    ("shoulder-top-right", 0.0),
    ("neck-back-lower-right", 0.4),
    ("scapula-medial-right", 0.6),
    ("occiput-right", 0.5),
    ("shoulder-top-left", 0.8),
]
POINTS = [
    PointChoice(muscle="upper-trapezius", point="tp1", side=Side.RIGHT),
    PointChoice(muscle="levator-scapulae", point="tp1", side=Side.RIGHT),
    PointChoice(muscle="suboccipitals", point="tp1", side=Side.RIGHT),
]
INSTRUMENTS = ("ndi", "hit6", "psfs", "nprs")


def _severity(day_index: int, days: int) -> float:
    return max(0.15, 0.8 - 0.55 * day_index / days)


def _answers(instrument_id: str, severity: float, rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in instrument(instrument_id).items:
        level = min(1.0, max(0.0, severity + rng.uniform(-0.1, 0.1)))
        if item.kind == "boolean":
            answers[item.id] = level > 0.5
        elif item.kind == "activity":
            answers[item.id], answers[f"{item.id}-name"] = round(10 * (1 - level)), f"Activity {item.id}"
        elif item.options:
            values = sorted(o.value for o in item.options)
            answers[item.id] = values[round(level * (len(values) - 1))]
        else:
            low, high = item.min or 0, item.max or 10
            answers[item.id] = round(low + (high - low) * level)
    return answers


def _questionnaires(db: Session, client_id: int, day: date, severity: float, rng: random.Random) -> None:
    for instrument_id in INSTRUMENTS:
        answers = _answers(instrument_id, severity, rng)
        score = score_response(instrument_id, {k: v for k, v in answers.items() if not k.endswith("-name")})
        db.add(
            QuestionnaireResponse(
                client_id=client_id,
                instrument=instrument_id,
                completed_on=day,
                answers=answers,
                score=score.value,
                band=score.band,
                valid=score.valid,
            )
        )


def _diary(db: Session, client_id: int, day: date, severity: float, rng: random.Random, session: Any) -> None:
    for hour in rng.sample([8, 13, 19, 22], k=rng.randint(1, 3)):
        pain = max(0, min(10, round(10 * severity + rng.gauss(0, 1.2))))
        drawing = {r: max(1, pain - 1) for r, threshold in PATTERN if severity > threshold * 0.8 and pain > 0}
        took = rng.random() < severity * 0.8
        db.add(
            DiaryEntry(
                client_id=client_id,
                recorded_at=datetime.combine(day, time(hour, rng.randint(0, 59)), tzinfo=UTC),
                pain=pain,
                drawing=drawing,
                sleep_quality=round(10 - 6 * severity),
                stress=rng.randint(2, 7),
                medications=[{"name": "ibuprofen", "dose": "400 mg"}] if took else [],
                took_no_medication=not took,
                session_id=session.id if session is not None else None,
                notes="",
                submission_id=f"demo-{day.isoformat()}-{hour}",
            )
        )


def _drawing(db: Session, kb: KnowledgeBase, client_id: int, day: date, severity: float) -> None:
    """A body-map drawing of the day's pattern, screened with every red-flag question answered no."""
    regions = {r: max(1, round(10 * severity)) for r, threshold in PATTERN if severity > threshold * 0.8}
    if not regions:
        return
    questions = gate(kb, regions, {}).asked
    data = DrawingCreate(
        intensities=regions,
        answers={q.id: False for q in questions},
        recorded_at=datetime.combine(day, time(9, 30), tzinfo=UTC),
        submission_id=f"demo-drawing-{day.isoformat()}",
    )
    drawings.create_drawing(db, kb, default_index(), client_id, data, datetime.combine(day, time(9, 30), tzinfo=UTC))


def seed_demo_year(db: Session, kb: KnowledgeBase, client_id: int, end: date, days: int = 365, seed: int = 3) -> None:
    """Add a year (by default) of diary, sessions, check-ins and questionnaires ending on `end`."""
    rng = random.Random(seed)
    start = end - timedelta(days=days - 1)
    plan = ProgramCreate(points=POINTS, activities=["computer-work", "stress"])
    program = programs.create_program(db, kb, client_id, plan, start)
    keys = [item.key for item in programs.plan_of(program).massage]
    for offset in range(days):
        day, severity = start + timedelta(days=offset), _severity(offset, days)
        session = None
        if rng.random() < 0.7:
            session = SelfCareSession(client_id=client_id, program_id=program.id, day=day)
            db.add(session)
            db.flush()
            for key in keys:
                db.add(SessionItem(client_id=client_id, session_id=session.id, item_key=key, status="done"))
            if rng.random() < 0.5:
                sore = "mild" if rng.random() < severity else "none"
                db.add(
                    CheckIn(
                        client_id=client_id,
                        session_id=session.id,
                        day=day + timedelta(days=1),
                        soreness=sore,
                        trend="fading",
                        paused=False,
                        message="demo",
                    )
                )
        _diary(db, client_id, day, severity, rng, session)
        if offset % 28 == 0:
            _questionnaires(db, client_id, day, severity, rng)
            _drawing(db, kb, client_id, day, severity)
    db.flush()
