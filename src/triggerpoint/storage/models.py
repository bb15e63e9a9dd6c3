"""Every record model, imported so the metadata (and Alembic) sees all tables."""

from triggerpoint.accounts.models import Account, AuthSession, OneTimeLink, SignInFailure
from triggerpoint.audit.models import AuditEvent
from triggerpoint.clients.models import Client, ClientShare
from triggerpoint.clinics.models import Clinic
from triggerpoint.diary.models import DiaryEntry
from triggerpoint.drawings.models import PainDrawing
from triggerpoint.learning.models import PooledFinding
from triggerpoint.programs.models import Program
from triggerpoint.questionnaires.models import QuestionnaireResponse
from triggerpoint.sessions.models import CheckIn, SelfCareSession, SessionItem
from triggerpoint.storage.base import Base
from triggerpoint.visits.models import Addendum, Finding, Intake, Treatment, Visit, VisitNote

__all__ = [
    "Account",
    "Addendum",
    "AuditEvent",
    "AuthSession",
    "Base",
    "CheckIn",
    "Client",
    "ClientShare",
    "Clinic",
    "DiaryEntry",
    "Finding",
    "Intake",
    "OneTimeLink",
    "PainDrawing",
    "PooledFinding",
    "Program",
    "QuestionnaireResponse",
    "SelfCareSession",
    "SessionItem",
    "SignInFailure",
    "Treatment",
    "Visit",
    "VisitNote",
]
