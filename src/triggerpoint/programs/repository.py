"""Queries for programs; every one is scoped to a client."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from triggerpoint.programs.models import Program


def active_program(session: Session, client_id: int) -> Program | None:
    query = select(Program).where(Program.client_id == client_id, Program.active).order_by(Program.id.desc())
    return session.scalars(query.limit(1)).first()


def program_by_uuid(session: Session, client_id: int, uuid: str) -> Program | None:
    return session.scalars(select(Program).where(Program.client_id == client_id, Program.uuid == uuid)).first()


def all_programs(session: Session, client_id: int) -> list[Program]:
    return list(session.scalars(select(Program).where(Program.client_id == client_id).order_by(Program.id)))


def retire_programs(session: Session, client_id: int) -> None:
    session.execute(update(Program).where(Program.client_id == client_id, Program.active).values(active=False))


def add_program(session: Session, program: Program) -> Program:
    session.add(program)
    session.flush()
    return program
