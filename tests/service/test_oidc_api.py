"""The API accepts the identity provider's JWT access tokens beside service tokens (issue #15).

Tokens come from a real OpenID provider (npm ``oidc-provider``, ``tests/oidc/provider.mjs``)
through the client credentials grant of a technical client whose roles and regions the test
changes at the provider. Checked: signature against the JWKS, issuer, audience, expiry, and the
mapping of the ``roles`` / ``regions`` claims, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from service.audit.models import AuditEntry
from tests.oidc.provider import (
    AUDIENCE,
    CLIENT_ID,
    CLIENT_SECRET,
    OTHER_AUDIENCE,
    SERVICE_ID,
    OpenIdProvider,
)


@pytest.fixture(scope="module")
def provider() -> Iterator[OpenIdProvider]:
    idp = OpenIdProvider(
        app_url="http://127.0.0.1:9", accounts={SERVICE_ID: {"roles": ["auditor"]}}
    )
    yield idp
    idp.stop()


@pytest.fixture
def sso_env(make_env, provider):
    provider.set_claims(SERVICE_ID, roles=["auditor"], regions=[])
    provider.set_ttl(access_token=600)
    return make_env(
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_audience=AUDIENCE,
        oidc_leeway_seconds=0,
    )


def _me(env, token: str):
    return env.client.get("/api/v1/me", headers=env.auth(token))


def test_a_provider_token_works_with_the_role_and_regions_of_its_claims(sso_env, provider):
    token = provider.service_token()
    me = _me(sso_env, token)
    assert me.status_code == 200, me.text
    assert (me.json()["name"], me.json()["role"]) == (SERVICE_ID, "auditor")
    assert sso_env.client.get("/api/v1/audit/verify", headers=sso_env.auth(token)).json()["ok"]
    assert sso_env.client.get("/api/v1/queue", headers=sso_env.auth(token)).status_code == 403

    provider.set_claims(SERVICE_ID, roles=["caseworker"], regions=["koeln", "detmold"])
    changed = _me(sso_env, provider.service_token()).json()
    assert (changed["role"], changed["regions"]) == ("caseworker", ["koeln", "detmold"])
    with sso_env.db.read() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.target == f"user:{SERVICE_ID}")
        ).all()
    assert actions == ["user.create", "user.claims"]
    # Service tokens keep working beside the provider's tokens.
    assert _me(sso_env, sso_env.user("admin")).status_code == 200


def test_unknown_missing_or_several_roles_are_refused_with_the_reason(sso_env, provider):
    for claims, expected in (
        ({"roles": ["superuser"]}, "unbekannte Rolle"),
        ({"roles": []}, "keine Rolle"),
        ({"roles": ["auditor", "admin"]}, "mehrere Rollen"),
        ({"roles": ["caseworker"], "regions": []}, "keine Bezirksregierung"),
        ({"roles": ["caseworker"], "regions": ["bayern"]}, "unbekannte Bezirksregierung"),
    ):
        provider.set_claims(SERVICE_ID, **claims)
        response = _me(sso_env, provider.service_token())
        assert response.status_code == 403, claims
        assert expected in response.json()["detail"]


def test_an_expired_token_is_refused(sso_env, provider):
    provider.set_ttl(access_token=1)
    token = provider.service_token()
    time.sleep(2.2)  # lets the one-second token lapse; the assertion is on the status only
    response = _me(sso_env, token)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_for_another_audience_is_refused(sso_env, provider):
    response = _me(sso_env, provider.service_token(resource=OTHER_AUDIENCE))
    assert response.status_code == 401 and "aud" in response.json()["detail"]


@pytest.fixture(scope="module")
def foreign_tokens(provider) -> dict[str, str]:
    """Tokens of another provider, and of one claiming this provider's issuer with its own
    keys (a forged signature); both providers are stopped again at once."""
    accounts = {SERVICE_ID: {"roles": ["admin"]}}
    other = OpenIdProvider(app_url="http://127.0.0.1:9", accounts=accounts)
    impostor = OpenIdProvider(
        app_url="http://127.0.0.1:9", accounts=accounts, issuer=provider.issuer
    )
    try:
        return {"other": other.service_token(), "forged": impostor.service_token()}
    finally:
        other.stop()
        impostor.stop()


def test_tokens_of_another_issuer_or_signed_with_other_keys_are_refused(
    sso_env, provider, foreign_tokens
):
    for kind in ("other", "forged"):
        response = _me(sso_env, foreign_tokens[kind])
        assert response.status_code == 401, kind
        assert "Token des Anmeldedienstes abgelehnt" in response.json()["detail"]
    assert _me(sso_env, provider.service_token()).status_code == 200
