"""Typed dependencies shared by the routers: database, settings, current user, roles.

Dependencies that do no I/O are ``async def``: FastAPI runs plain ``def`` dependencies in its
thread pool, and a dozen thread hops per request cost more than the rules themselves. Only
:func:`get_current_user` and :func:`get_ruleset` (database reads) stay thread-pool functions.
``/score`` uses :func:`score_caller` and :func:`cached_ruleset` instead: the same checks, served
from per-process caches that follow changes (:mod:`service.auth.cache`), so a request whose
token and rule set are cached needs no database read and no thread hop before its work.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from typing import Annotated

from fastapi import Depends, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from rules import RuleSet
from service.auth import oidc, throttle
from service.auth import service as auth_service
from service.auth.cache import FollowingCache, TokenCache, watch
from service.auth.models import User
from service.auth.roles import Role
from service.db.engine import Database
from service.errors import ApiError
from service.model_runtime import ModelRuntime
from service.queue.caseload import CaseloadCache
from service.rulesets.active import get_active_ruleset
from service.rulesets.models import RulesetVersion
from service.settings import Settings

_bearer = HTTPBearer(auto_error=False, description="Bearer token from `triage users add`.")

#: The 404 of a case, for the routes' OpenAPI ``responses`` (the answer itself is ``api.``
#: ``case_not_found`` in the reader's language).
NOT_FOUND = "No such case (or not one of your regions)."


def forbidden() -> ApiError:
    """The 403 for a role that may not use a route."""
    return ApiError(status.HTTP_403_FORBIDDEN, "api.forbidden")


def region_forbidden(region: str) -> ApiError:
    """The 403 for a region that is not one of the caller's."""
    return ApiError(status.HTTP_403_FORBIDDEN, "api.region_forbidden", region=region)


async def get_db(request: Request) -> Database:
    return request.app.state.db


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


async def get_caseloads(request: Request) -> CaseloadCache:
    return request.app.state.caseloads


async def get_model_runtime(request: Request) -> ModelRuntime:
    return request.app.state.model_runtime


DatabaseDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
CaseloadsDep = Annotated[CaseloadCache, Depends(get_caseloads)]
ModelDep = Annotated[ModelRuntime, Depends(get_model_runtime)]


def client_address(request: Request) -> str:
    """The client's address: the socket peer, or what a trusted reverse proxy forwarded
    (``TRIAGE_TRUSTED_PROXIES``; the app applies the proxy headers only from those)."""
    return request.client.host if request.client else "unknown"


def throttle_policy(settings: Settings) -> throttle.Policy:
    return throttle.Policy(settings.auth_failure_limit, settings.auth_failure_window_seconds)


def refuse_token(
    request: Request, *, kind: str, token: str | None, key: str, **values: object
) -> ApiError:
    """The 401 for a failed check (catalogue ``key``), counted by the shared throttle; 429 once
    it blocks."""
    settings: Settings = request.app.state.settings
    verdict = throttle.record_failure(
        request.app.state.db,
        policy=throttle_policy(settings),
        kind=kind,
        client=client_address(request),
        token=token,
    )
    outcome = "throttled" if verdict.blocked else "refused"
    request.app.state.metrics.auth_failures.labels(kind, outcome).inc()
    if verdict.blocked:
        return ApiError(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "api.too_many_attempts",
            headers={"Retry-After": str(verdict.retry_after)},
        )
    return ApiError(
        status.HTTP_401_UNAUTHORIZED,
        key,
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        **values,
    )


def get_current_user(
    request: Request,
    db: DatabaseDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The active user behind the bearer token; 401 when missing, unknown or revoked.

    Failed checks count towards the shared throttle (per client address and token id); a
    valid token is never refused because of it.
    """
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(
            status.HTTP_401_UNAUTHORIZED,
            "api.unauthenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token = credentials.credentials
    provider: oidc.IdentityProvider | None = request.app.state.identity_provider
    if provider is not None and oidc.looks_like_jwt(token):
        return _provider_user(request, db, provider, token)
    tokens = token_cache(request)
    stamp = tokens.stamp()  # before the read: a change committed meanwhile outdates the entry
    with db.read() as session:
        user = auth_service.authenticate(db_session=session, token=token)
    if user is not None:
        tokens.remember(token, user, stamp)
    if user is None:
        raise refuse_token(request, kind="api", token=token, key="api.token_unknown")
    request.state.user = user  # a refusal (403) is audited under this name (errors.py)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]

rulesets_changed = watch(RulesetVersion)


def token_cache(request: Request) -> TokenCache:
    """This process's bearer token cache (one per app; TTL ``TRIAGE_SYNC_SECONDS``)."""
    state = request.app.state
    cache: TokenCache | None = getattr(state, "token_cache", None)
    if cache is None:
        cache = state.token_cache = TokenCache(state.settings.sync_seconds)
    return cache


def ruleset_cache(request: Request) -> FollowingCache:
    """This process's rule set in force per (name, day) (one per app; same TTL)."""
    state = request.app.state
    cache: FollowingCache | None = getattr(state, "ruleset_cache", None)
    if cache is None:
        cache = state.ruleset_cache = FollowingCache(rulesets_changed, state.settings.sync_seconds)
    return cache


def score_caller(roles: Iterable[Role]) -> Callable[..., Awaitable[User]]:
    """:func:`get_current_user` and :func:`allow` in one, answered from the token cache when
    it can (no thread hop); a miss, a provider token or a refusal take the full path."""
    allowed = frozenset(roles)

    async def caller(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> User:
        user = None
        if credentials is not None and credentials.scheme.lower() == "bearer":
            user = token_cache(request).user(credentials.credentials)
        if user is None:
            db = request.app.state.db
            user = await run_in_threadpool(get_current_user, request, db, credentials)
        request.state.user = user  # a refusal (403) is audited under this name (errors.py)
        if Role(user.role) not in allowed:
            raise forbidden()
        return user

    caller.__name__ = "caller_" + "_".join(sorted(r.value for r in allowed))
    return caller


def allow(roles: Iterable[Role]) -> Callable[[User], Awaitable[User]]:
    """A route dependency that lets only ``roles`` through (403 for any other role)."""
    allowed = frozenset(roles)

    async def check(user: CurrentUser) -> User:
        if Role(user.role) not in allowed:
            raise forbidden()
        return user

    check.__name__ = "allow_" + "_".join(sorted(r.value for r in allowed))
    return check


def get_ruleset(settings: SettingsDep, db: DatabaseDep) -> RuleSet:
    """The version in force (issue #5): one small read per request, so an activation counts
    from the next request on in every worker (a thread-pool function: it reads the database)."""
    with db.read() as session:
        return get_active_ruleset(session, name=settings.ruleset)


ActiveRuleset = Annotated[RuleSet, Depends(get_ruleset)]


def _read_ruleset(request: Request, cache: FollowingCache, key: tuple[str | None, date]) -> RuleSet:
    stamp = cache.stamp()
    ruleset = get_ruleset(request.app.state.settings, request.app.state.db)
    cache.put(key, ruleset, stamp)
    return ruleset


async def cached_ruleset(request: Request) -> RuleSet:
    """:func:`get_ruleset` from the per-process cache: an activation in this process counts
    from the next request, one in another worker within ``TRIAGE_SYNC_SECONDS``; the key holds
    the day, so a version that comes into force at midnight does so at midnight."""
    cache = ruleset_cache(request)
    key = (request.app.state.settings.ruleset, date.today())
    ruleset: RuleSet | None = cache.get(key)
    if ruleset is None:
        ruleset = await run_in_threadpool(_read_ruleset, request, cache, key)
    return ruleset


CachedRuleset = Annotated[RuleSet, Depends(cached_ruleset)]


def _provider_user(
    request: Request, db: Database, provider: oidc.IdentityProvider, token: str
) -> User:
    """The user of an access token of the identity provider, with the token's role and regions
    (the account is created or updated when they differ from what is stored)."""
    try:
        identity = provider.verify_access_token(token)
    except oidc.TokenRefused as error:
        raise refuse_token(
            request, kind="api", token=None, key="api.sso.token_refused", reason=str(error)
        ) from None
    except oidc.ProviderUnavailable as error:
        raise ApiError(
            status.HTTP_503_SERVICE_UNAVAILABLE, "api.sso.unreachable", headers={"Retry-After": "5"}
        ) from error
    access = identity.access
    if isinstance(access, oidc.Refusal):
        # The claims grant nothing: the refusal names what the token sent, if anything.
        raise ApiError(
            status.HTTP_403_FORBIDDEN,
            f"api.sso.{access.reason}",
            values=", ".join(access.values) or "–",
        )
    with db.read() as session:
        user = auth_service.find_external(
            db_session=session, issuer=identity.issuer, subject=identity.subject
        )
    regions_csv = ",".join(access.regions)
    if user is not None and not user.is_active:
        raise refuse_token(request, kind="api", token=None, key="api.sso.revoked")
    if user is None or (user.role, user.regions_csv) != (access.role.value, regions_csv):
        try:
            user = auth_service.sync_identity(db, identity, access)
        except auth_service.UserError as error:
            raise ApiError.of(
                status.HTTP_403_FORBIDDEN, error.catalogue_key, error.values
            ) from None
    request.state.user = user
    return user
