"""Every ORM model, imported in one place so that ``Base.metadata`` is complete (Alembic)."""

from service.audit.models import AuditEntry, AuditHead
from service.auth.models import User
from service.cases.models import CaseRecord, CaseVersion, StoreState
from service.db.base import Base
from service.decisions.models import Decision
from service.rulesets.models import RulesetVersion

__all__ = [
    "AuditEntry",
    "AuditHead",
    "Base",
    "CaseRecord",
    "CaseVersion",
    "Decision",
    "RulesetVersion",
    "StoreState",
    "User",
]
