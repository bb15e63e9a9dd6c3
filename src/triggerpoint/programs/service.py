"""Creating, reading and editing home programs. Services flush; the request commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from triggerpoint.kb import KnowledgeBase
from triggerpoint.programs import repository
from triggerpoint.programs.models import Program
from triggerpoint.selfcare import HomeProgram, ItemEdit, PointChoice, build_home_program, edit_program


def create_program(
    session: Session,
    kb: KnowledgeBase,
    client_id: int,
    choices: Sequence[PointChoice],
    activities: Sequence[str],
    precautions: Sequence[str],
    today: date,
) -> Program:
    """Build a new program from chosen points; it replaces the client's active one."""
    plan = build_home_program(kb, choices, activities, precautions)
    repository.retire_programs(session, client_id)
    program = Program(
        client_id=client_id,
        starts_on=today,
        points=[choice.model_dump(mode="json") for choice in choices],
        activities=list(activities),
        precautions=list(precautions),
        plan=plan.model_dump(mode="json"),
    )
    return repository.add_program(session, program)


def plan_of(program: Program) -> HomeProgram:
    return HomeProgram.model_validate(program.plan)


def apply_edits(session: Session, program: Program, edits: Sequence[ItemEdit], now: datetime) -> Program:
    """Keep the person's edits (within the dosing rules) and rebuild the rotation."""
    program.plan = edit_program(plan_of(program), edits).model_dump(mode="json")
    program.edited_at = now
    session.flush()
    return program


def pause(session: Session, program: Program, reason: str, now: datetime) -> None:
    program.paused_at, program.pause_reason = now, reason
    session.flush()


def resume(session: Session, program: Program) -> None:
    program.paused_at, program.pause_reason = None, None
    session.flush()
