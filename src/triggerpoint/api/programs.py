"""The home program API: build one, read it, change doses, resume it."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from triggerpoint.api.common import SHARED_RESPONSES, documented
from triggerpoint.framework.deps import DB, KB, Me, Now
from triggerpoint.programs import service as programs
from triggerpoint.programs.schemas import ProgramCreate, ProgramEdit, ProgramRead

router = APIRouter(prefix="/api/programs", tags=["programs"], responses=SHARED_RESPONSES)


@router.post("", status_code=201, response_model=ProgramRead, responses=documented(422))
def create_program(body: ProgramCreate, kb: KB, db: DB, me: Me, clock: Now) -> ProgramRead:
    """Build a home program from trigger points; it becomes the active one."""
    return programs.read_program(programs.create_program(db, kb, me.id, body, clock.today()))


@router.get("/active", response_model=ProgramRead, responses=documented(404))
def active_program(db: DB, me: Me) -> ProgramRead:
    """The active home program."""
    return programs.read_program(programs.active_program(db, me.id))


@router.patch("/active", response_model=ProgramRead, responses=documented(404, 422))
def edit_program(body: ProgramEdit, kb: KB, db: DB, me: Me, clock: Now) -> ProgramRead:
    """Change doses or leave points out, within the dosing rules; the edit is kept."""
    program = programs.active_program(db, me.id)
    return programs.read_program(programs.apply_edits(db, kb, program, body.edits, clock.now()))


class ResumeRequest(BaseModel):
    """Resuming a program the soreness rule paused needs the person's word that they spoke to a provider."""

    model_config = ConfigDict(extra="forbid", strict=True)

    spoken_to_provider: Literal[True]


@router.post("/active/resume", response_model=ProgramRead, responses=documented(404, 422))
def resume_program(body: ResumeRequest, db: DB, me: Me) -> ProgramRead:
    """Resume a paused program (after talking to a provider)."""
    program = programs.active_program(db, me.id)
    programs.resume(db, program)
    return programs.read_program(program)
