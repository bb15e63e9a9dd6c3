"""Every record model, imported so the metadata (and Alembic) sees all tables."""

from triggerpoint.clients.models import Client
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.programs.models import Program
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.sessions.models import CheckIn, SelfCareSession, SessionItem
from triggerpoint.storage.base import Base

__all__ = [
    "Base",
    "CheckIn",
    "Client",
    "DiaryEntry",
    "PainDrawing",
    "Program",
    "QuestionnaireResponse",
    "SelfCareSession",
    "SessionItem",
]
