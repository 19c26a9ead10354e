"""Every ORM model, imported in one place so that ``Base.metadata`` is complete (Alembic)."""

from service.access.models import ExplanationShown
from service.audit.models import AuditEntry, AuditHead
from service.auth.models import AuthFailure, SessionRecord, User
from service.cases.models import CaseRecord, CaseVersion, StoreState
from service.changes.models import CaseEvaluation, ChangeView, ScheduledJob
from service.db.base import Base
from service.decisions.models import Decision
from service.erasure.models import ErasureRequest
from service.model.models import ModelState
from service.rulesets.models import RulesetVersion

__all__ = [
    "AuditEntry",
    "AuditHead",
    "AuthFailure",
    "Base",
    "CaseEvaluation",
    "CaseRecord",
    "CaseVersion",
    "ChangeView",
    "Decision",
    "ErasureRequest",
    "ExplanationShown",
    "ModelState",
    "RulesetVersion",
    "ScheduledJob",
    "SessionRecord",
    "StoreState",
    "User",
]
