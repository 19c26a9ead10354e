"""The page routers, one module per area."""

from __future__ import annotations

from fastapi import APIRouter

from service.web.routes import (
    audit,
    auth,
    cases,
    changes,
    gdpr,
    monitoring,
    policy,
    policy_authoring,
    queue,
    sso,
)

router = APIRouter()
# The editor's fixed path comes before /policy/rulesets/{version_id}.
for module in (
    auth,
    sso,
    queue,
    cases,
    changes,
    policy_authoring,
    policy,
    audit,
    monitoring,
    gdpr,
):
    router.include_router(module.router)
