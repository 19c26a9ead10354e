"""Single sign-on with the identity provider (OpenID Connect), with Authlib and joserfc.

* **Web sign-in**: authorization code flow with PKCE (S256), ``state`` and ``nonce``; the
  provider is found by discovery (``<issuer>/.well-known/openid-configuration``, whose
  ``issuer`` must be exactly the configured one). Authlib builds the authorization URL, redeems
  the code (client secret, code verifier) and validates the ID token: signature against the
  provider's JWKS (fetched again when an unknown key id appears, i.e. after key rotation),
  issuer, audience = client id, expiry, nonce and ``at_hash``.
* **API**: a bearer token that is not a service token (``rrk.…``) is taken for a JWT access
  token of the provider: signature against the same JWKS (asymmetric algorithms only),
  issuer, audience (``TRIAGE_OIDC_AUDIENCE``, default the client id), expiry, and the token
  type (``at+jwt`` per RFC 9068, or Keycloak's ``"typ": "Bearer"`` claim), so an ID token is
  not accepted as an access token.
* **Roles and regions** come from the token's claims every time (:func:`access_from_claims`):
  exactly one of the five triage roles; an unknown value, several roles, no role, or a
  regional role without valid regions is refused with the reason.

Nothing here knows HTTP routes or pages; :mod:`service.web.routes.sso` and
:mod:`service.deps` use it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import BaseApp, FrameworkIntegration, OAuthError
from authlib.integrations.base_client.sync_app import OAuth2Mixin
from authlib.integrations.base_client.sync_openid import OpenIDMixin
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from cases.model import REGIONS
from service.auth.roles import REGIONAL_ROLES, Role
from service.settings import Settings

log = logging.getLogger("service.auth.oidc")

#: Signature algorithms accepted on access tokens: asymmetric only (never ``none`` or HMAC).
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
ACCESS_TOKEN_TYPES = ("at+jwt", "application/at+jwt")
#: The JWKS is fetched again for an unknown key id at most this often (seconds).
JWKS_REFRESH_SECONDS = 30.0


class ProviderUnavailable(Exception):
    """Discovery, the key set or the token endpoint could not be reached or made no sense."""


class SignInFailed(Exception):
    """The provider's answer to a sign-in was refused (bad state, code, or ID token).

    ``code`` says which step failed in a fixed word fit for the audit log (no token, no
    claim value): ``token_request``, ``no_id_token``, ``id_token`` (signature, expiry,
    audience), ``nonce`` or ``no_subject``.
    """

    def __init__(self, message: str, code: str = "id_token") -> None:
        super().__init__(message)
        self.code = code


class TokenRefused(Exception):
    """An API access token was refused; the message says why (no secrets in it)."""


class _Client(OAuth2Mixin, OpenIDMixin, BaseApp):
    """Authlib's synchronous OAuth 2 / OpenID client app on requests (as its Flask client).

    Not on Authlib's httpx client: without the httpx2 package that one falls back to httpx and
    warns (AuthlibDeprecationWarning) on import, which ``triage demo`` printed to the console.
    """

    client_cls = OAuth2Session


@dataclass(frozen=True)
class Access:
    """What the claims grant: one role and, for regional roles, the regions."""

    role: Role
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Refusal:
    """Why the claims grant nothing (``reason`` is a message key, ``values`` what was sent)."""

    reason: str  # no_role | unknown_role | several_roles | unknown_region | no_region
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Identity:
    """A person as the provider vouched for them at sign-in (or in an access token)."""

    issuer: str
    subject: str
    username: str
    access: Access | Refusal
    expires_at: datetime | None
    id_token: str | None = None


@dataclass(frozen=True)
class PendingSignIn:
    """What the browser must bring back from the provider (kept in a signed cookie)."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def claim_values(claims: Mapping[str, Any], path: str) -> tuple[str, ...]:
    """The strings of claim ``path`` (dots reach into objects, as Keycloak nests claims);
    a list, or one string of comma or space separated values."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return ()
        value = value[part]
    if isinstance(value, str):
        items = value.replace(",", " ").split()
    elif isinstance(value, list | tuple):
        items = [str(v) for v in value if isinstance(v, str | int)]
    else:
        return ()
    seen: list[str] = []
    for item in (i.strip() for i in items):
        if item and item not in seen:
            seen.append(item)
    return tuple(seen)


def access_from_claims(claims: Mapping[str, Any], settings: Settings) -> Access | Refusal:
    """The role and regions the claims grant, or why they grant nothing."""
    roles = claim_values(claims, settings.oidc_roles_claim)
    known = {r.value for r in Role}
    if not roles:
        return Refusal("no_role")
    unknown = tuple(r for r in roles if r not in known)
    if unknown:
        return Refusal("unknown_role", unknown)
    if len(roles) > 1:
        return Refusal("several_roles", roles)
    role = Role(roles[0])
    if role not in REGIONAL_ROLES:
        return Access(role, ())
    regions = tuple(r.lower() for r in claim_values(claims, settings.oidc_regions_claim))
    bad = tuple(r for r in regions if r not in REGIONS)
    if bad:
        return Refusal("unknown_region", bad)
    if not regions:
        return Refusal("no_region")
    return Access(role, regions)


def _expiry(claims: Mapping[str, Any]) -> datetime | None:
    exp = claims.get("exp")
    return datetime.fromtimestamp(exp, UTC) if isinstance(exp, int | float) else None


class IdentityProvider:
    """The configured provider: discovery, sign-in and token checks (thread-safe)."""

    def __init__(self, settings: Settings) -> None:
        assert settings.oidc_issuer and settings.oidc_client_id
        self.settings = settings
        self.issuer = settings.oidc_issuer
        self.audience: str = settings.token_audience or settings.oidc_client_id
        self._client = _Client(
            FrameworkIntegration("idp"),
            name="idp",
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret,
            server_metadata_url=self.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={
                "scope": settings.oidc_scopes,
                "code_challenge_method": "S256",
                "default_timeout": settings.oidc_timeout_seconds,
            },
        )
        self._lock = threading.Lock()
        self._keys: KeySet | None = None
        self._keys_fetched = 0.0

    # ------------------------------------------------------------------ discovery and keys

    def metadata(self) -> dict[str, Any]:
        """The discovery document (fetched once, then cached)."""
        try:
            metadata: dict[str, Any] = self._client.load_server_metadata()
        except Exception as error:  # requests errors, bad JSON, HTTP status
            raise ProviderUnavailable(f"discovery failed: {type(error).__name__}") from error
        if metadata.get("issuer") != self.issuer:
            self._client.server_metadata.pop("_loaded_at", None)
            raise ProviderUnavailable(
                f"discovery names issuer {metadata.get('issuer')!r}, configured is {self.issuer!r}"
            )
        return metadata

    def _key_set(self, *, refresh: bool = False) -> KeySet:
        with self._lock:
            stale = refresh and time.monotonic() - self._keys_fetched > JWKS_REFRESH_SECONDS
            if self._keys is None or stale:
                self.metadata()
                try:
                    jwks = self._client.fetch_jwk_set(force=True)
                    self._keys = KeySet.import_key_set(jwks)
                except Exception as error:
                    raise ProviderUnavailable(
                        f"key set not available: {type(error).__name__}"
                    ) from error
                self._keys_fetched = time.monotonic()
            return self._keys

    # ------------------------------------------------------------------ web sign-in

    def begin(self, redirect_uri: str) -> PendingSignIn:
        """The provider's authorization URL with state, nonce and PKCE challenge."""
        self.metadata()
        result = self._client.create_authorization_url(redirect_uri)
        return PendingSignIn(
            url=result["url"],
            state=result["state"],
            nonce=result["nonce"],
            code_verifier=result["code_verifier"],
        )

    def complete(self, *, code: str, redirect_uri: str, pending: PendingSignIn) -> Identity:
        """Redeem the code and validate the ID token; the identity with its access."""
        try:
            token = self._client.fetch_access_token(
                redirect_uri=redirect_uri, code=code, code_verifier=pending.code_verifier
            )
        except OAuthError as error:
            raise SignInFailed(
                f"token request refused: {error.error}", code="token_request"
            ) from error
        except Exception as error:  # network
            raise ProviderUnavailable(f"token endpoint: {type(error).__name__}") from error
        if "id_token" not in token:
            raise SignInFailed(
                "the provider sent no ID token (scope 'openid' missing?)", code="no_id_token"
            )
        try:
            claims = self._client.parse_id_token(
                token, nonce=pending.nonce, leeway=self.settings.oidc_leeway_seconds
            )
        except (JoseError, AuthlibBaseError) as error:
            claim = getattr(error, "claim_name", None)
            raise SignInFailed(
                f"ID token refused: {error}", code="nonce" if claim == "nonce" else "id_token"
            ) from error
        except Exception as error:  # the key set could not be fetched
            raise ProviderUnavailable(f"key set: {type(error).__name__}") from error
        return self._identity(dict(claims), id_token=token["id_token"])

    def _identity(self, claims: dict[str, Any], *, id_token: str | None) -> Identity:
        subject = str(claims.get("sub") or "")
        if not subject:
            raise SignInFailed("the token has no subject", code="no_subject")
        username = str(claims.get(self.settings.oidc_username_claim) or subject)
        return Identity(
            issuer=self.issuer,
            subject=subject,
            username=username,
            access=access_from_claims(claims, self.settings),
            expires_at=_expiry(claims),
            id_token=id_token,
        )

    def logout_url(self, *, id_token: str | None, post_logout_redirect_uri: str) -> str | None:
        """RP-initiated logout at the provider (``None`` when it offers none)."""
        try:
            metadata = self.metadata()
        except ProviderUnavailable:
            return None
        if not metadata.get("end_session_endpoint"):
            return None
        result = self._client.create_logout_url(
            post_logout_redirect_uri=post_logout_redirect_uri,
            id_token_hint=id_token,
            client_id=self.settings.oidc_client_id,
        )
        return str(result["url"])

    # ------------------------------------------------------------------ API access tokens

    def verify_access_token(self, token: str) -> Identity:
        """The identity behind a JWT access token of this provider, or :class:`TokenRefused`."""
        try:
            try:
                decoded = self._decode(token, self._key_set())
            except InvalidKeyIdError:  # a new key of the provider, or a key it never had
                decoded = self._decode(token, self._key_set(refresh=True))
        except InvalidKeyIdError as error:
            raise TokenRefused("signed with a key the provider does not publish") from error
        except ValueError as error:  # not a JWS at all
            raise TokenRefused("not a JWT") from error
        header, claims = decoded.header, decoded.claims
        typ = str(header.get("typ", "")).lower()
        if typ not in ACCESS_TOKEN_TYPES and claims.get("typ") != "Bearer":
            raise TokenRefused("not an access token (typ)")
        registry = jwt.JWTClaimsRegistry(
            leeway=self.settings.oidc_leeway_seconds,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.audience},
            exp={"essential": True},
            sub={"essential": True},
        )
        try:
            registry.validate(claims)
        except JoseError as error:
            raise TokenRefused(f"{error.error}: {error.description or ''}".strip()) from error
        try:
            return self._identity(claims, id_token=None)
        except SignInFailed as error:
            raise TokenRefused(str(error)) from error

    @staticmethod
    def _decode(token: str, keys: KeySet) -> jwt.Token:
        try:
            return jwt.decode(token, keys, algorithms=list(ALGORITHMS))
        except InvalidKeyIdError:
            raise
        except JoseError as error:
            raise TokenRefused(f"{error.error}") from error


def provider_for(settings: Settings) -> IdentityProvider | None:
    """The provider of these settings, or ``None`` without single sign-on (one per app: the
    app keeps it, with its cached discovery document and key set)."""
    return IdentityProvider(settings) if settings.oidc_enabled else None


def looks_like_jwt(token: str) -> bool:
    """Three base64url segments, the first a JSON object: a JWT, not a service token."""
    return token.count(".") == 2 and token.startswith("eyJ")
