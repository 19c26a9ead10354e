"""Every ORM model, imported in one place so that ``Base.metadata`` is complete (Alembic)."""

from service.audit.models import AuditEntry, AuditHead
from service.auth.models import AuthFailure, SessionRecord, User
from service.cases.models import CaseRecord, CaseVersion, StoreState
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
    "CaseRecord",
    "CaseVersion",
    "Decision",
    "ErasureRequest",
    "ModelState",
    "RulesetVersion",
    "SessionRecord",
    "StoreState",
    "User",
]
