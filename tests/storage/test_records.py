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
from triggerpoint.diary import service as diary
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.diary.schemas import DiaryEntryCreate, DiaryEntryUpdate
from triggerpoint.diary.service import DiaryInputError, DuplicateSubmissionError, add_entry
from triggerpoint.drawings import service as drawings
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.drawings.schemas import DrawingCreate
from triggerpoint.errors import ConflictError, NotFoundError
from triggerpoint.exchange.files import ImportFileError, Limits
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


def change(version: int, **values: object) -> DiaryEntryUpdate:
    return DiaryEntryUpdate.model_validate({"version": version} | values)


def test_an_entry_keeps_where_and_how_it_hurts_mood_and_triggers(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    values = {
        "drawing": {"temple-right": 6, "neck-side-right": 0},
        "regions": ["mastoid-right"],
        "qualities": {"temple-right": ["throbbing", "aching", "throbbing"], "mastoid-right": ["burning"]},
        "mood": 3,
        "triggers": ["computer-work", "stress", "computer-work"],
        "trigger_notes": "a long call",
    }
    add_entry(db, kb, client.id, entry(**values), NOW)
    db.expire_all()
    stored = diary_repo.all_entries(db, client.id)[0]
    assert stored.drawing == {"temple-right": 6, "mastoid-right": kb.rules.unrated_level}
    assert stored.qualities == {"temple-right": ["throbbing", "aching"], "mastoid-right": ["burning"]}
    assert (stored.mood, stored.triggers, stored.trigger_notes) == (3, ["computer-work", "stress"], "a long call")
    assert stored.version == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"qualities": {"temple-right": ["itchy"]}, "drawing": {"temple-right": 4}}, "qualities.temple-right.0"),
        ({"qualities": {"hip-side-left": ["aching"]}, "drawing": {"temple-right": 4}}, "qualities.hip-side-left"),
        ({"triggers": ["computr-work"]}, "triggers.0"),
    ],
)
def test_qualities_and_triggers_are_checked(
    db: Session, kb: KnowledgeBase, values: dict[str, object], field: str
) -> None:
    client = new_client(db)
    with pytest.raises(DiaryInputError) as refused:
        add_entry(db, kb, client.id, entry(**values), NOW)
    assert refused.value.field == field
    assert diary_repo.all_entries(db, client.id) == []


def test_an_edit_changes_the_entry_and_keeps_its_time(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    first = add_entry(
        db, kb, client.id, entry(drawing={"temple-right": 6}, qualities={"temple-right": ["aching"]}), NOW
    )
    later = NOW + timedelta(hours=3)
    edited = diary.edit_entry(
        db, kb, client.id, first.uuid, change(1, pain=2, regions=["temple-right", "jaw-right"], mood=7), later
    )
    db.expire_all()
    stored = diary.get_entry(db, client.id, first.uuid)
    assert edited.uuid == stored.uuid
    assert (stored.pain, stored.mood, stored.version) == (2, 7, 2)
    assert stored.drawing == {"temple-right": 5, "jaw-right": 5}
    assert stored.qualities == {"temple-right": ["aching"]}  # the quality of an area still painted is kept
    assert stored.recorded_at == NOW  # the entry's time is kept unless the edit names one
    assert stored.edited_at == later
    moved = diary.edit_entry(db, kb, client.id, first.uuid, change(2, recorded_at="2026-03-01T20:00:00+01:00"), later)
    assert moved.recorded_at == datetime(2026, 3, 1, 19, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"recorded_at": "2026-03-05T12:00:00+00:00"}, "recorded_at"),
        ({"pain": None}, "pain"),
        ({"drawing": {"tempel-right": 3}}, "drawing.tempel-right"),
        ({"took_no_medication": True}, "took_no_medication"),  # the entry lists a medication
        ({"qualities": {"jaw-left": ["numb"]}}, "qualities.jaw-left"),
        ({"triggers": ["nope"]}, "triggers.0"),
    ],
)
def test_an_edit_meets_the_same_rules_as_a_new_entry(
    db: Session, kb: KnowledgeBase, values: dict[str, object], field: str
) -> None:
    client = new_client(db)
    first = add_entry(db, kb, client.id, entry(medications=[{"name": "ibuprofen"}], drawing={"temple-right": 4}), NOW)
    with pytest.raises(DiaryInputError) as refused:
        diary.edit_entry(db, kb, client.id, first.uuid, change(1, **values), NOW)
    assert refused.value.field == field
    db.expire_all()
    assert diary.get_entry(db, client.id, first.uuid).version == 1


def test_a_stale_edit_is_refused_not_lost(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    first = add_entry(db, kb, client.id, entry(), NOW)
    diary.edit_entry(db, kb, client.id, first.uuid, change(1, pain=7), NOW)
    with pytest.raises(diary.StaleEntryError):
        diary.edit_entry(db, kb, client.id, first.uuid, change(1, notes="from the other tab"), NOW)
    again = diary.edit_entry(db, kb, client.id, first.uuid, change(1, pain=7), NOW)  # the same edit sent twice
    db.expire_all()
    stored = diary.get_entry(db, client.id, first.uuid)
    assert (again.version, stored.pain, stored.notes) == (2, 7, "")
    with pytest.raises(diary.StaleEntryError):
        diary.delete_entry(db, client.id, first.uuid, 1, NOW)


def test_two_saves_from_one_version_cannot_both_win(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    first = add_entry(db, kb, client.id, entry(), NOW)
    assert diary_repo.save_if_version(db, first, 1, {"pain": 8})
    assert not diary_repo.save_if_version(db, first, 1, {"pain": 2})  # what a racing request would do
    db.expire_all()
    assert (diary.get_entry(db, client.id, first.uuid).pain, first.version) == (8, 2)


def test_a_deleted_entry_is_hidden_and_can_be_restored_for_a_day(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    first = add_entry(db, kb, client.id, entry(drawing={"temple-right": 6}), NOW)
    diary.delete_entry(db, client.id, first.uuid, 1, NOW)
    diary.delete_entry(db, client.id, first.uuid, 1, NOW)  # deleting twice changes nothing
    db.expire_all()
    assert diary_repo.all_entries(db, client.id) == []
    assert diary_repo.latest(db, client.id) is None
    assert diary_repo.between(db, client.id, NOW - timedelta(days=1), NOW + timedelta(days=1)) == []
    with pytest.raises(NotFoundError):
        diary.get_entry(db, client.id, first.uuid)
    with pytest.raises(NotFoundError):
        diary.edit_entry(db, kb, client.id, first.uuid, change(2, pain=1), NOW)
    assert diary.restorable(db, client.id, first.uuid, NOW + timedelta(hours=23)) is not None
    restored = diary.restore_entry(db, client.id, first.uuid, NOW + timedelta(hours=23))
    db.expire_all()
    assert [e.uuid for e in diary_repo.all_entries(db, client.id)] == [restored.uuid]
    assert restored.drawing == {"temple-right": 6}
    assert diary.restore_entry(db, client.id, first.uuid, NOW).deleted_at is None  # restoring twice is a no-op


def test_after_a_day_a_deleted_entry_cannot_come_back_and_is_removed(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    first = add_entry(db, kb, client.id, entry(), NOW)
    diary.delete_entry(db, client.id, first.uuid, 1, NOW)
    day_later = NOW + timedelta(hours=24, minutes=1)
    assert diary.restorable(db, client.id, first.uuid, day_later) is None
    with pytest.raises(diary.RestoreExpiredError):
        diary.restore_entry(db, client.id, first.uuid, day_later)
    add_entry(db, kb, client.id, entry(submission_id="sub-00000009"), day_later)
    assert db.scalar(select(DiaryEntry.id).where(DiaryEntry.uuid == first.uuid)) is None


def test_a_form_saved_again_after_its_entry_was_deleted_stores_nothing(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    first = add_entry(db, kb, client.id, entry(), NOW)
    diary.delete_entry(db, client.id, first.uuid, 1, NOW)
    with pytest.raises(DuplicateSubmissionError):
        add_entry(db, kb, client.id, entry(), NOW)


def test_one_client_cannot_change_anothers_entry(db: Session, kb: KnowledgeBase) -> None:
    alice, bob = new_client(db, "Alice"), new_client(db, "Bob")
    first = add_entry(db, kb, alice.id, entry(), NOW)
    with pytest.raises(NotFoundError):
        diary.edit_entry(db, kb, bob.id, first.uuid, change(1, pain=9), NOW)
    with pytest.raises(NotFoundError):
        diary.delete_entry(db, bob.id, first.uuid, 1, NOW)
    assert diary.get_entry(db, alice.id, first.uuid).pain == 4


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


@pytest.mark.parametrize("as_csv", [False, True], ids=["json", "csv"])
def test_edited_and_deleted_entries_travel_with_their_new_fields(db: Session, kb: KnowledgeBase, as_csv: bool) -> None:
    client = new_client(db)
    values = {"drawing": {"temple-right": 6}, "qualities": {"temple-right": ["burning"]}, "mood": 4}
    kept = add_entry(db, kb, client.id, entry(**values, triggers=["driving"], trigger_notes="=cold wind"), NOW)
    diary.edit_entry(db, kb, client.id, kept.uuid, change(1, pain=5), NOW)
    gone = add_entry(db, kb, client.id, entry(submission_id="sub-00000002"), NOW)
    diary.delete_entry(db, client.id, gone.uuid, 1, NOW)
    exported = export_records(db, client.id, NOW)
    rows = {row["uuid"]: row for row in exported["diary"]}
    assert rows[kept.uuid] | {"triggers": ["driving"]} == rows[kept.uuid]
    assert (rows[kept.uuid]["qualities"], rows[kept.uuid]["mood"], rows[kept.uuid]["trigger_notes"]) == (
        {"temple-right": ["burning"]},
        4,
        "=cold wind",
    )
    assert (rows[kept.uuid]["edited_at"], rows[gone.uuid]["deleted_at"]) == (NOW.isoformat(), NOW.isoformat())
    wipe(db, client)
    data, _ = read_export(to_csv_zip(exported), LIMITS) if as_csv else (exported, None)
    assert import_records(Context(db, kb, client.id, NOW), data)["diary"] == 2
    assert export_records(db, client.id, NOW) == exported
    assert [e.uuid for e in diary_repo.all_entries(db, client.id)] == [kept.uuid]  # the deleted one stays deleted
    assert diary.restorable(db, client.id, gone.uuid, NOW) is not None


def test_an_import_with_a_bad_quality_stores_nothing(db: Session, kb: KnowledgeBase) -> None:
    client = new_client(db)
    add_entry(db, kb, client.id, entry(drawing={"temple-right": 6}, qualities={"temple-right": ["aching"]}), NOW)
    exported = export_records(db, client.id, NOW)
    wipe(db, client)
    exported["diary"][0]["qualities"] = {"temple-right": ["itchy"]}
    with pytest.raises(ImportFileError) as refused:
        import_records(Context(db, kb, client.id, NOW), exported)
    assert refused.value.field == "diary[0], qualities.temple-right.0"
