"""The chart service on stored records (SQLite, and PostgreSQL in CI): the timeline by day with each kind of
item, the flags read from the latest records, and the client search kept to what the principal may open."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from triggerpoint.accounts import service as accounts
from triggerpoint.accounts.models import Account
from triggerpoint.chart import service as charts
from triggerpoint.chart.schemas import CheckInItem, DiaryWeekItem, FlagKind, VisitItem
from triggerpoint.clients.models import Client, ClientShare
from triggerpoint.clinics.models import Clinic
from triggerpoint.clock import FixedClock
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.kb import KnowledgeBase
from triggerpoint.programs.models import Program
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.sessions.models import CheckIn, SelfCareSession, SessionItem
from triggerpoint.visits.models import Finding, Visit, VisitNote

Row = TypeVar("Row")
TODAY = date(2026, 3, 11)  # a Wednesday
CLOCK = FixedClock(TODAY)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _add(db: Session, row: Row) -> Row:
    db.add(row)
    db.flush()
    return row


def _clinic(db: Session, name: str) -> tuple[Clinic, Account]:
    clinic = _add(db, Clinic(name=f"{name} Clinic"))
    therapist = Account(clinic_id=clinic.id, email=f"t@{name.lower()}.test", display_name="T", role="therapist")
    return clinic, _add(db, therapist)


def _client(db: Session, clinic: Clinic, therapist: Account, name: str, email: str) -> Client:
    account = _add(db, Account(clinic_id=clinic.id, email=email, display_name=name, role="client"))
    client = Client(display_name=name, clinic_id=clinic.id, therapist_id=therapist.id, account_id=account.id)
    return _add(db, client)


def _drawing(db: Session, client: Client, day: date, status: str, hour: int = 9) -> PainDrawing:
    return _add(
        db,
        PainDrawing(
            client_id=client.id, recorded_at=_at(day, hour), regions={"temple-right": 6, "neck-side-right": 4},
            screen_status=status, submission_id=f"s-{day}-{status}-{hour}",
        ),
    )  # fmt: skip


def _visit(db: Session, client: Client, therapist: Account, day: date, signed: bool | None) -> Visit:
    visit = _add(db, Visit(client_id=client.id, therapist_id=therapist.id, started_at=_at(day, 14), actual_minutes=45))
    for point, classification in (("tp1", "active"), ("tp2", "active"), ("tp3", "latent")):
        _add(
            db,
            Finding(client_id=client.id, visit_id=visit.id, muscle="upper-trapezius", point=point, side="right",
                    classification=classification),
        )  # fmt: skip
    if signed is not None:
        _add(db, VisitNote(client_id=client.id, visit_id=visit.id, signed_at=_at(day, 16) if signed else None))
    return visit


def _diary(db: Session, client: Client, day: date, pain: int) -> None:
    _add(db, DiaryEntry(client_id=client.id, recorded_at=_at(day, 20), pain=pain, submission_id=f"d-{day}-{pain}"))


def _program_with_checkin(db: Session, client: Client, trend: str, paused: bool) -> None:
    program = _add(
        db, Program(client_id=client.id, starts_on=TODAY - timedelta(days=5), points=[{"muscle": "x"}], plan={})
    )
    session = _add(db, SelfCareSession(client_id=client.id, program_id=program.id, day=TODAY - timedelta(days=2)))
    _add(db, SessionItem(client_id=client.id, session_id=session.id, item_key="k", status="done"))
    _add(
        db,
        CheckIn(client_id=client.id, session_id=session.id, day=TODAY - timedelta(days=1), soreness="moderate",
                trend=trend, paused=paused, message="Soreness that gets worse is not the expected response."),
    )  # fmt: skip


def test_the_timeline_holds_every_kind_newest_day_first(db: Session, kb: KnowledgeBase) -> None:
    clinic, therapist = _clinic(db, "Alder")
    client = _client(db, clinic, therapist, "Ada", "ada@a.test")
    monday = TODAY - timedelta(days=2)
    _drawing(db, client, monday - timedelta(days=7), "clear")
    _visit(db, client, therapist, monday, signed=False)
    for day, pain in ((monday - timedelta(days=7), 6), (monday - timedelta(days=6), 4), (monday, 3)):
        _diary(db, client, day, pain)
    _add(db, QuestionnaireResponse(client_id=client.id, instrument="ndi", completed_on=monday, answers={}, score=22))
    _program_with_checkin(db, client, "worse", paused=True)

    chart = charts.chart_of(db, kb, client.id, CLOCK)

    assert [d.day for d in chart.days] == sorted({d.day for d in chart.days}, reverse=True)
    kinds = {item.kind for d in chart.days for item in d.items}
    assert kinds == {"drawing", "visit", "diary-week", "questionnaire", "program", "checkin"}
    on_monday = next(d for d in chart.days if d.day == monday)
    assert [i.kind for i in on_monday.items][:1] == ["visit"]  # timed items first, newest first
    visit = next(i for i in on_monday.items if isinstance(i, VisitItem))
    assert (visit.minutes, visit.active_points, visit.note) == (45, 2, "draft")
    weeks = sorted((i for d in chart.days for i in d.items if isinstance(i, DiaryWeekItem)), key=lambda i: i.week_of)
    assert [(w.week_of, w.entries, w.mean_pain, w.lowest, w.highest) for w in weeks] == [
        (monday - timedelta(days=7), 2, 5.0, 4, 6),
        (monday, 1, 3.0, 3, 3),
    ]
    checkin = next(i for d in chart.days for i in d.items if isinstance(i, CheckInItem))
    assert (checkin.answered, checkin.trend, checkin.flagged) == (True, "worse", True)
    assert [f.kind for f in chart.flags] == [FlagKind.SORENESS_WORSE, FlagKind.NOTE_UNSIGNED]


def test_a_waiting_check_in_is_on_the_timeline_the_day_it_is_asked(db: Session, kb: KnowledgeBase) -> None:
    clinic, therapist = _clinic(db, "Alder")
    client = _client(db, clinic, therapist, "Ada", "ada@a.test")
    program = _add(db, Program(client_id=client.id, starts_on=TODAY - timedelta(days=9), points=[], plan={}))
    session = _add(db, SelfCareSession(client_id=client.id, program_id=program.id, day=TODAY - timedelta(days=3)))
    _add(db, SessionItem(client_id=client.id, session_id=session.id, item_key="k", status="done"))

    chart = charts.chart_of(db, kb, client.id, CLOCK)

    waiting = next(i for d in chart.days for i in d.items if isinstance(i, CheckInItem))
    assert (waiting.answered, waiting.day, waiting.anchor) == (False, TODAY - timedelta(days=2), "checkin-waiting")
    assert chart.checkin.state == "overdue" and [f.kind for f in chart.flags] == [FlagKind.CHECKIN_UNANSWERED]


def test_only_the_latest_drawing_and_notes_past_a_day_are_flagged(db: Session, kb: KnowledgeBase) -> None:
    clinic, therapist = _clinic(db, "Alder")
    client = _client(db, clinic, therapist, "Ada", "ada@a.test")
    _drawing(db, client, TODAY - timedelta(days=4), "clear")
    _drawing(db, client, TODAY - timedelta(days=3), "refer")
    _visit(db, client, therapist, TODAY - timedelta(days=3), signed=True)
    old = _visit(db, client, therapist, TODAY - timedelta(days=2), signed=None)  # no note was ever drafted
    _visit(db, client, therapist, TODAY, signed=False)  # two hours ago: not yet due

    summary = charts.summary_of(db, kb.rules.client_flags, client.id, CLOCK)

    assert [(f.kind, f.link.params) for f in summary.flags] == [
        (FlagKind.RED_FLAG, {"drawing_id": summary.flags[0].link.params["drawing_id"]}),
        (FlagKind.NOTE_UNSIGNED, {"visit_id": old.uuid}),
    ]
    assert summary.last_visit == TODAY and summary.checkin.state == "none"
    _drawing(db, client, TODAY - timedelta(days=1), "clear")
    after = charts.summary_of(db, kb.rules.client_flags, client.id, CLOCK)
    assert FlagKind.RED_FLAG not in {f.kind for f in after.flags}


def test_search_is_scoped_to_the_clients_a_therapist_may_open(db: Session) -> None:
    alder, tess = _clinic(db, "Alder")
    birch, bo = _clinic(db, "Birch")
    colleague = _add(db, Account(clinic_id=alder.id, email="c@alder.test", display_name="C", role="therapist"))
    _client(db, alder, tess, "Ada Lovelace", "ada@alder.test")
    shared = _client(db, alder, colleague, "Sam Shared", "sam@alder.test")
    _client(db, alder, colleague, "Una Unshared", "una@alder.test")
    _client(db, birch, bo, "Ada Birchwood", "ada@birch.test")
    _add(db, ClientShare(clinic_id=alder.id, client_id=shared.id, account_id=tess.id))
    me = accounts.principal_of(tess)

    def names(search: str) -> list[str]:
        return [c.display_name for c in accounts.clients_for(db, me, search)]

    assert names("") == ["Ada Lovelace", "Sam Shared"]
    assert names("ADA") == ["Ada Lovelace"]  # never Birch's Ada
    assert names("alder.TEST") == ["Ada Lovelace", "Sam Shared"]  # by e-mail; never the unshared Una
    assert names("una") == names("birch") == []
    assert names("%") == names("_") == names("Ada%") == names("A_a") == []  # wildcards are literal


def test_search_matches_percent_and_underscore_as_themselves(db: Session) -> None:
    alder, tess = _clinic(db, "Alder")
    _client(db, alder, tess, "Ada 100% Lovelace", "ada_l@alder.test")
    _client(db, alder, tess, "Abba", "abxl@alder.test")
    me = accounts.principal_of(tess)
    assert [c.display_name for c in accounts.clients_for(db, me, "100%")] == ["Ada 100% Lovelace"]
    assert [c.display_name for c in accounts.clients_for(db, me, "a_l@")] == ["Ada 100% Lovelace"]


def test_the_client_s_own_chart_leaves_out_the_therapist_s_to_dos_and_visit_links(
    db: Session, kb: KnowledgeBase
) -> None:
    clinic, therapist = _clinic(db, "Alder")
    client = _client(db, clinic, therapist, "Ada", "ada@a.test")
    _drawing(db, client, TODAY - timedelta(days=3), "clear")
    _drawing(db, client, TODAY - timedelta(days=2), "refer")
    _visit(db, client, therapist, TODAY - timedelta(days=2), signed=False)

    staff = charts.chart_of(db, kb, client.id, CLOCK)
    own = charts.chart_of(db, kb, client.id, CLOCK, care_team=False)

    assert [f.kind for f in staff.flags] == [FlagKind.RED_FLAG, FlagKind.NOTE_UNSIGNED]
    assert [f.kind for f in own.flags] == [FlagKind.RED_FLAG]
    visits = [i for d in own.days for i in d.items if isinstance(i, VisitItem)]
    assert len(visits) == 1 and visits[0].link is None
    assert [d.screen_status for d in staff.visit_drawings] == ["clear"]  # a visit never starts from a refer
