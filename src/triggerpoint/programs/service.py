"""Creating, reading, editing, pausing and resuming home programs. Services flush; the request commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from triggerpoint.errors import FieldError, NotFoundError
from triggerpoint.kb import KnowledgeBase, UnknownIdError
from triggerpoint.kb.model import closest
from triggerpoint.programs import repository
from triggerpoint.programs.models import Program
from triggerpoint.programs.schemas import ProgramCreate, ProgramImport, ProgramRead
from triggerpoint.selfcare import HomeProgram, ItemEdit, PointChoice, build_home_program, edit_program
from triggerpoint.selfcare.program import MassageItem, site_ids, site_precaution


def _known(field: str, values: Iterable[str], look_up: object) -> None:
    for position, value in enumerate(values):
        try:
            look_up(value)  # type: ignore[operator]
        except UnknownIdError as error:
            raise FieldError(f"{field}.{position}", str(error)) from None


def check_choices(kb: KnowledgeBase, data: ProgramCreate) -> None:
    """Every point, activity and precaution named must be in the knowledge base."""
    for position, choice in enumerate(data.points):
        try:
            kb.point(choice.muscle, choice.point)
        except UnknownIdError as error:
            raise FieldError(f"points.{position}", str(error)) from None
    _known("activities", data.activities, lambda a: kb.term("activities", a))
    _known("precautions", data.precautions, kb.precaution)
    check_injury_sites(kb, data.injury_sites, data.precautions)


def check_injury_sites(kb: KnowledgeBase, sites: Sequence[str], precaution_ids: Sequence[str]) -> None:
    """Injury sites must be region groups or regions, and come with a yes to the precaution that asks where."""
    known = site_ids(kb)
    for position, site in enumerate(sites):
        if site not in known:
            unknown = UnknownIdError("body area", site, closest(site, known))
            raise FieldError(f"injury_sites.{position}", str(unknown))
    asking = site_precaution(kb)
    if sites and (asking is None or asking.id not in precaution_ids):
        question = f" to: {asking.ask}" if asking else ""
        raise FieldError("injury_sites", f"say where only with a yes{question}")


def create_program(session: Session, kb: KnowledgeBase, client_id: int, data: ProgramCreate, today: date) -> Program:
    """Build a new program from chosen points; it replaces the client's active one."""
    check_choices(kb, data)
    plan = build_home_program(kb, data.points, data.activities, data.precautions, injury_sites=data.injury_sites)
    repository.retire_programs(session, client_id)
    program = Program(
        client_id=client_id,
        starts_on=today,
        points=[choice.model_dump(mode="json") for choice in data.points],
        activities=list(data.activities),
        precautions=list(data.precautions),
        plan=plan.model_dump(mode="json"),
    )
    return repository.add_program(session, program)


def active_program(session: Session, client_id: int) -> Program:
    """The client's active program, or NotFoundError."""
    program = repository.active_program(session, client_id)
    if program is None:
        raise NotFoundError("program", "no home program yet")
    return program


def plan_of(program: Program) -> HomeProgram:
    return HomeProgram.model_validate(program.plan)


def choices_of(program: Program) -> list[PointChoice]:
    return [PointChoice.model_validate(point) for point in program.points]


def apply_edits(
    session: Session, kb: KnowledgeBase, program: Program, edits: Sequence[ItemEdit], now: datetime
) -> Program:
    """Keep the person's edits (within the dosing rules) and rebuild the rotation."""
    program.plan = edit_program(plan_of(program), edits, kb.rules.dosing).model_dump(mode="json")
    program.edited_at = now
    session.flush()
    return program


def pause(session: Session, program: Program, reason: str, now: datetime) -> None:
    program.paused_at, program.pause_reason = now, reason
    session.flush()


def resume(session: Session, program: Program) -> None:
    """Resume a paused program (the person has spoken to their provider)."""
    program.paused_at, program.pause_reason = None, None
    session.flush()


def read_program(program: Program) -> ProgramRead:
    """A program as the API shows it."""
    return ProgramRead(
        uuid=program.uuid,
        starts_on=program.starts_on,
        paused=program.paused_at is not None,
        pause_reason=program.pause_reason,
        plan=plan_of(program),
    )


def _check_item(kb: KnowledgeBase, position: int, item: MassageItem) -> None:
    rules, where = kb.rules.dosing, f"plan.massage.{position}"
    try:
        kb.point(item.muscle, item.point)
    except UnknownIdError as error:
        raise FieldError(where, str(error)) from None
    if not item.pressure <= item.max_pressure <= rules.max_pressure:
        raise FieldError(f"{where}.pressure", f"at most {rules.max_pressure}/10 and within the point's cap")
    if (item.seconds is None) == (item.strokes is None):
        raise FieldError(where, "dosed in seconds or in strokes, not both or neither")
    if item.seconds is not None and not rules.min_seconds <= item.seconds <= rules.max_seconds:
        raise FieldError(f"{where}.seconds", f"between {rules.min_seconds} and {rules.max_seconds} seconds")
    if item.strokes is not None and not rules.min_strokes <= item.strokes <= rules.max_strokes:
        raise FieldError(f"{where}.strokes", f"between {rules.min_strokes} and {rules.max_strokes} strokes")
    if item.times_per_day > rules.max_times_per_day:
        raise FieldError(f"{where}.times_per_day", f"at most {rules.max_times_per_day} times a day")


def check_plan(kb: KnowledgeBase, plan: HomeProgram) -> None:
    """A stored plan keeps every dosing rule: known points, doses in range, a rotation of its own items."""
    for position, item in enumerate(plan.massage):
        _check_item(kb, position, item)
    enabled = {item.key for item in plan.massage if item.enabled}
    for day, keys in enumerate(plan.schedule):
        if not set(keys) <= enabled or len(keys) > kb.rules.dosing.max_points_per_day:
            raise FieldError(f"plan.schedule.{day}", "names points not in the program or too many for one day")


def import_program(session: Session, kb: KnowledgeBase, client_id: int, row: ProgramImport) -> Program:
    """Add an exported program; it stays inactive when the client already has an active one."""
    sites = row.plan.injury_sites
    check_choices(
        kb,
        ProgramCreate(points=row.points, activities=row.activities, precautions=row.precautions, injury_sites=sites),
    )
    check_plan(kb, row.plan)
    active = row.active and repository.active_program(session, client_id) is None
    values = row.model_dump(exclude={"plan", "active"}) | {"active": active, "plan": row.plan.model_dump(mode="json")}
    values["points"] = [choice.model_dump(mode="json") for choice in row.points]
    return repository.add_program(session, Program(client_id=client_id, **values))
