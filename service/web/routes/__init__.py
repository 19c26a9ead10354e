"""The page routers, one module per area."""

from __future__ import annotations

from fastapi import APIRouter

from service.web.routes import audit, auth, cases, policy, queue, sso

router = APIRouter()
for module in (auth, sso, queue, cases, policy, audit):
    router.include_router(module.router)
