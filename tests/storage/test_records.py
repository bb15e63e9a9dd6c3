"""Record services on real SQLite and PostgreSQL: programs, sessions, check-ins, diary, export."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from triggerpoint.clients.models import Client
from triggerpoint.clients.service import local_client
from triggerpoint.diary import repository as diary_repo
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.diary.schemas import DiaryEntryCreate
from triggerpoint.diary.service import DiaryInputError, DuplicateSubmissionError, add_entry
from triggerpoint.drawings import service as drawings
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.drawings.schemas import DrawingCreate
from triggerpoint.errors import ConflictError
from triggerpoint.exchange.files import Limits
from triggerpoint.exchange.service import Context, export_records, import_records, read_export, to_csv_zip
from triggerpoint.finder import default_index
from triggerpoint.guidance import gate
from triggerpoint.kb import KnowledgeBase
from triggerpoint.kb.schema import Side
from triggerpoint.programs import repository as programs_repo
from triggerpoint.programs import service as programs
from triggerpoint.programs.models import Program
from triggerpoint.programs.schemas import ProgramCreate
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.selfcare import ItemEdit, PointChoice
from triggerpoint.sessions import service as sessions
from triggerpoint.sessions.models import CheckIn, SelfCareSession, SessionItem
from triggerpoint.sessions.schemas import CheckInCreate, ItemMark

DAY = date(2026, 3, 2)
LIMITS = Limits(max_unpacked_bytes=10_000_000)
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
POINTS = [
    PointChoice(muscle="upper-trapezius", point="tp1", side=Side.RIGHT),
    PointChoice(muscle="levator-scapulae", point="tp1", side=Side.RIGHT),
    PointChoice(muscle="infraspinatus", point="tp1", side=Side.RIGHT),
]


def new_client(db: Session, name: str = "Me") -> Client:
    client = Client(display_name=name)
    db.add(client)
    db.flush()
    return client


def new_program(db: Session, kb: KnowledgeBase, client: Client) -> Program:
    return programs.create_program(db, kb, client.id, ProgramCreate(points=POINTS, activities=["computer-work"]), DAY)


def mark(db: Session, client: Client, key: str, day: date = DAY) -> None:
    sessions.mark_item(db, client.id, ItemMark(key=key, status="done"), day, NOW)


def entry(**values: object) -> DiaryEntryCreate:
    return DiaryEntryCreate.model_validate({"submission_id": "sub-00000001", "pain": 4} | values)


def test_the_local_client_is_created_once(db: Session) -> None:
    first = local_client(db)
    assert local_client(db).id == first.id


def test_a_program_is_kept_with_its_plan(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    program = new_program(db, kb, client)
    stored = programs_repo.active_program(db, client.id)
    assert stored is not None
    assert stored.id == program.id
    assert [m.key for m in programs.plan_of(stored).massage] == [p.key for p in POINTS]


def test_a_new_program_retires_the_old_one(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    old = new_program(db, kb, client)
    new = new_program(db, kb, client)
    assert programs_repo.active_program(db, client.id).id == new.id  # type: ignore[union-attr]
    db.refresh(old)
    assert not old.active


def test_edits_are_kept(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    program = new_program(db, kb, client)
    key = POINTS[0].key
    programs.apply_edits(db, kb, program, [ItemEdit(key=key, pressure=4, enabled=False)], NOW)
    db.expire_all()
    plan = programs.plan_of(programs_repo.active_program(db, client.id))  # type: ignore[arg-type]
    item = next(m for m in plan.massage if m.key == key)
    assert (item.pressure, item.enabled) == (4, False)
    assert all(key not in day for day in plan.schedule)


def test_session_items_are_logged_one_by_one(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    program = new_program(db, kb, client)
    today = sessions.todays_session(db, client.id, program, DAY)
    assert today.record is None  # opening today's session stores nothing
    first = today.plan.massage[0].key
    mark(db, client, first)
    again = sessions.todays_session(db, client.id, program, DAY)
    assert again.record is not None
    assert again.statuses == {first: "done"}
    with pytest.raises(sessions.SessionInputError):
        mark(db, client, "massage:soleus/tp1/left")


def test_nothing_can_be_marked_while_the_program_is_paused(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    program = new_program(db, kb, client)
    programs.pause(db, program, "numbness", NOW)
    with pytest.raises(ConflictError):
        mark(db, client, POINTS[0].key)


def test_the_check_in_is_asked_the_next_day_and_can_pause(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    program = new_program(db, kb, client)
    mark(db, client, POINTS[0].key)
    assert sessions.pending_checkin(db, client.id, DAY) is None
    tomorrow = DAY + timedelta(days=1)
    assert sessions.pending_checkin(db, client.id, tomorrow) is not None
    answer = CheckInCreate.model_validate_json('{"soreness": "mild", "trend": "worse"}')
    checkin = sessions.record_checkin(db, kb, client.id, answer, tomorrow, NOW)
    assert checkin.paused
    assert program.paused_at is not None
    assert sessions.pending_checkin(db, client.id, tomorrow) is None
    with pytest.raises(ConflictError):
        sessions.record_checkin(db, kb, client.id, answer, tomorrow, NOW)


def test_diary_entries_are_checked_and_never_duplicated(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    add_entry(db, kb, client.id, entry(drawing={"temple-right": 6}), NOW)
    with pytest.raises(DuplicateSubmissionError):
        add_entry(db, kb, client.id, entry(), NOW)
    with pytest.raises(DiaryInputError, match="future"):
        add_entry(db, kb, client.id, entry(submission_id="sub-00000002", recorded_at=NOW + timedelta(days=1)), NOW)
    with pytest.raises(DiaryInputError, match="tempel"):
        add_entry(db, kb, client.id, entry(submission_id="sub-00000003", drawing={"tempel-right": 3}), NOW)
    assert len(diary_repo.all_entries(db, client.id)) == 1


def test_the_database_refuses_an_out_of_range_pain(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    db.add(DiaryEntry(client_id=client.id, recorded_at=NOW, pain=11, submission_id="raw-1"))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_one_client_never_sees_another_clients_records(db: Session, kb: KnowledgeBase) -> None:
    alice, bob = new_client(db, "Alice"), new_client(db, "Bob")
    new_program(db, kb, alice)
    add_entry(db, kb, alice.id, entry(), NOW)
    assert programs_repo.active_program(db, bob.id) is None
    assert diary_repo.all_entries(db, bob.id) == []
    assert export_records(db, bob.id, NOW)["diary"] == []


def new_drawing(db: Session, kb: KnowledgeBase, client: Client, regions: dict[str, int]) -> PainDrawing:
    answers = {q.id: False for q in gate(kb, regions, {}).asked}
    data = DrawingCreate(intensities=regions, answers=answers)
    return drawings.create_drawing(db, kb, default_index(), client.id, data, NOW)


def fill(db: Session, kb: KnowledgeBase, client: Client) -> None:
    program = new_program(db, kb, client)
    mark(db, client, POINTS[0].key)
    today = sessions.todays_session(db, client.id, program, DAY)
    assert today.record is not None
    sessions.record_checkin(
        db, kb, client.id, CheckInCreate.model_validate_json('{"soreness": "mild"}'), DAY + timedelta(days=1), NOW
    )
    add_entry(
        db,
        kb,
        client.id,
        entry(
            drawing={"temple-right": 6},
            session=today.record.uuid,
            notes='=HYPERLINK("http://evil.example") -2+3 @sum',
            medications=[{"name": "ibuprofen", "dose": "200 mg"}],
        ),
        NOW,
    )
    new_drawing(db, kb, client, {"temple-right": 7, "neck-side-right": 5})
    answers = {"pain": 6}
    db.add(
        QuestionnaireResponse(
            client_id=client.id,
            instrument="nprs",
            completed_on=DAY,
            answers=answers,
            score=6.0,
            band="moderate pain",
            valid=True,
        )
    )
    db.flush()


def wipe(db: Session, client: Client) -> None:
    for model in (PainDrawing, QuestionnaireResponse, DiaryEntry, CheckIn, SessionItem, SelfCareSession, Program):
        for record in db.scalars(select(model).where(model.client_id == client.id)):
            db.delete(record)
    db.flush()


@pytest.mark.parametrize("as_csv", [False, True], ids=["json", "csv"])
def test_export_wipe_import_brings_everything_back(db: Session, kb: KnowledgeBase, as_csv: bool) -> None:
    client = new_client(db)
    fill(db, kb, client)
    exported = export_records(db, client.id, NOW)
    wipe(db, client)
    assert export_records(db, client.id, NOW)["diary"] == []
    data, _ = read_export(to_csv_zip(exported), LIMITS) if as_csv else (exported, None)
    context = Context(db, kb, client.id, NOW)
    added = import_records(context, data)
    assert added == dict.fromkeys(
        ["programs", "sessions", "session_items", "checkins", "diary", "questionnaires", "drawings"], 1
    )
    assert export_records(db, client.id, NOW) == exported
    assert import_records(context, data) == dict.fromkeys(added, 0)  # importing twice adds nothing
