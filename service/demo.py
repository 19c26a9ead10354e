"""Demo data: one user per role with printed tokens, and generated synthetic cases.

Only in demo mode (``TRIAGE_MODE=demo``): production never creates users or tokens by itself.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from cases.model import REGIONS
from cases.validation import validate_records
from service.auth import service as user_service
from service.auth.roles import REGIONAL_ROLES, Role
from service.cases import service as case_service
from service.cases.models import CaseRecord
from service.db import migrate
from service.db.engine import Database
from service.settings import Settings

DEMO_REGIONS: dict[Role, tuple[str, ...]] = {
    Role.caseworker: ("koeln",),
    Role.rrk_lead: ("koeln", "duesseldorf"),
}
ACTOR = "demo-setup"


class NotDemoModeError(RuntimeError):
    """Demo users and tokens exist only in demo mode."""


def demo_cases(n: int, seed: int, as_of: date) -> list:
    """``n`` generated synthetic cases, validated like any import."""
    from cases.generator import generate_cases

    generated = generate_cases(n, seed=seed, as_of=as_of)
    return validate_records([c.model_dump(mode="json") for c in generated], today=as_of)


def seed_demo(settings: Settings, *, as_of: date | None = None) -> dict[str, str]:
    """Apply the schema, give every role a demo user with a fresh token, import demo cases
    when the store is empty. Returns role -> token (print them; they are not stored)."""
    if not settings.is_demo:
        raise NotDemoModeError("demo users are only created in demo mode (TRIAGE_MODE=demo)")
    as_of = as_of or date.today()
    db = Database(
        settings.sqlalchemy_url,
        connect_timeout=settings.db_connect_timeout,
        audit_key=settings.audit_key_in_force(),
        create=True,
    )
    try:
        migrate.upgrade(db.engine)
        tokens: dict[str, str] = {}
        with db.write() as session:
            for role in Role:
                name = f"demo-{role.value}"
                user = user_service.get_by_name(db_session=session, name=name)
                if user is None:
                    regions = list(DEMO_REGIONS.get(role, ())) if role in REGIONAL_ROLES else None
                    _, token = user_service.create(
                        db_session=session, name=name, role=role.value, regions=regions, actor=ACTOR
                    )
                else:
                    token = user_service.rotate_token(db_session=session, user=user, actor=ACTOR)
                tokens[role.value] = token
        with db.read() as session:
            stored = session.scalar(select(func.count()).select_from(CaseRecord)) or 0
        if stored == 0 and settings.demo_cases > 0:
            cases = demo_cases(settings.demo_cases, settings.demo_seed, as_of)
            with db.write() as session:
                case_service.import_cases(
                    db_session=session,
                    cases=cases,
                    actor=ACTOR,
                    regions=REGIONS,
                    source="demo generator",
                    as_of=as_of,
                )
        return tokens
    finally:
        db.dispose()
