"""Refusals of the web pages are on record (issue #14, item 12): forged or missing CSRF tokens
and every failed single sign-on (bad state, the provider's error, a refused ID token, unknown
role) - with fixed words in the details, never a token, code or state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from service.audit.models import AuditEntry
from service.auth import oidc
from tests.oidc.provider import free_port
from tests.web.site import Site, build_site, csrf_of

SECRET_LOOKING = "forged-csrf-token-0123456789"


def _entries(site: Site, action: str) -> list[AuditEntry]:
    with site.db.read() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
            )
        )


def test_a_forged_csrf_token_of_a_signed_in_user_is_audited(site: Site, as_role) -> None:
    client = as_role("rrk_lead")
    before = len(_entries(site, "access.denied"))
    refused = client.post("/logout", data={"csrf_token": SECRET_LOOKING})
    assert refused.status_code == 403
    missing = client.post("/logout", data={})
    assert missing.status_code == 403
    denied = _entries(site, "access.denied")[before:]
    assert [(e.actor, e.target) for e in denied] == [("demo-rrk_lead", "POST /logout")] * 2
    details = [e.details for e in denied]
    assert '"reason":"csrf"' in details[0] and '"token":"wrong"' in details[0]
    assert '"token":"missing"' in details[1]
    assert all(SECRET_LOOKING not in d for d in details)


def test_a_forged_login_post_is_counted_and_audited_as_a_failed_sign_in(site: Site) -> None:
    before = len(_entries(site, "auth.failed"))
    with site.client() as client:
        client.get("/")
        refused = client.post(
            "/login", data={"token": site.tokens["admin"], "csrf_token": SECRET_LOOKING}
        )
    assert refused.status_code == 403
    failed = _entries(site, "auth.failed")[before:]
    assert [(e.actor, e.target) for e in failed] == [("anonymous", "csrf")]
    assert site.tokens["admin"] not in failed[0].details
    assert SECRET_LOOKING not in failed[0].details


class StubProvider:
    """Stands in for the identity provider: ``outcome`` is what the callback gets."""

    def __init__(self) -> None:
        self.outcome: Any = None

    def begin(self, redirect_uri: str) -> oidc.PendingSignIn:
        return oidc.PendingSignIn(
            url="https://idp.test/authorize", state="state-1", nonce="nonce-1", code_verifier="v"
        )

    def complete(self, *, code: str, redirect_uri: str, pending: Any) -> oidc.Identity:
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome

    def logout_url(self, **_: Any) -> None:
        return None


@pytest.fixture
def sso(tmp_path) -> tuple[Site, StubProvider]:
    site = build_site(
        tmp_path,
        n_cases=20,
        oidc_issuer=f"http://localhost:{free_port()}",
        oidc_client_id="rrk-triage",
        oidc_client_secret="x" * 32,
    )
    stub = StubProvider()
    site.app.state.identity_provider = stub
    return site, stub


def _callback(site: Site, **params: str) -> Any:
    with site.client() as client:
        assert client.get("/auth/login", follow_redirects=False).status_code == 303
        return client.get("/auth/callback", params=params)


def test_failed_single_sign_ons_are_audited_with_a_fixed_reason(sso) -> None:
    site, stub = sso
    stub.outcome = oidc.SignInFailed("ID token refused: invalid_claim nonce", code="nonce")
    assert _callback(site, code="the-code-value", state="state-1").status_code == 400
    assert _callback(site, code="the-code-value", state="forged").status_code == 400
    assert _callback(site, error="access_denied", state="state-1").status_code == 400
    assert _callback(site, error="<script>", state="state-1").status_code == 400
    failed = [e for e in _entries(site, "auth.failed") if e.target == "sso"]
    reasons = [e.details for e in failed]
    assert len(reasons) == 4
    assert '"reason":"nonce"' in reasons[0]
    assert '"reason":"state"' in reasons[1]
    assert '"reason":"provider:access_denied"' in reasons[2]
    assert '"reason":"provider:other"' in reasons[3]
    assert not any("the-code-value" in d or "state-1" in d or "script" in d for d in reasons)


def test_an_unknown_role_from_the_provider_is_refused_on_record(sso) -> None:
    site, stub = sso
    stub.outcome = oidc.Identity(
        issuer="https://idp.test",
        subject="s-1",
        username="mallory",
        access=oidc.Refusal("unknown_role", ("superuser",)),
        expires_at=datetime.now(UTC) + timedelta(minutes=5),
        id_token="header.payload.signature",
    )
    refused = _callback(site, code="c", state="state-1")
    assert refused.status_code == 403
    [entry] = _entries(site, "web.login.refused")
    assert entry.actor == "oidc:mallory"
    assert '"reason":"unknown_role"' in entry.details and "superuser" in entry.details
    assert "header.payload.signature" not in entry.details


def test_the_login_form_still_works_with_its_token(site: Site) -> None:
    with site.client() as client:
        token = csrf_of(client.get("/").text)
        signed_in = client.post(
            "/login",
            data={"token": site.tokens["admin"], "csrf_token": token},
            follow_redirects=False,
        )
    assert signed_in.status_code == 303


def test_the_audit_page_shows_the_reason_of_an_import(site: Site, as_role) -> None:
    from tests.service.conftest import EXAMPLES

    with site.client() as api:
        imported = api.post(
            "/api/v1/cases/import",
            params={"reason": "Nachlieferung Ticket 4711"},
            content=EXAMPLES.read_bytes(),
            headers={
                "Authorization": f"Bearer {site.tokens['admin']}",
                "Content-Type": "application/x-ndjson",
            },
        )
    assert imported.status_code == 201, imported.text
    page = as_role("auditor").get("/audit", params={"action": "cases.import"})
    assert page.status_code == 200
    assert '<td class="reason">Nachlieferung Ticket 4711</td>' in page.text


def test_the_policy_page_simulates_on_the_date_grid_only(site: Site, as_role) -> None:
    client = as_role("policy")
    assert client.get("/policy").status_code == 200  # the rule set in force becomes version 1
    tuesday = client.get("/policy/rulesets/1", params={"simulate": "1", "as_of": "2026-11-24"})
    assert tuesday.status_code == 400
    assert "Simulationen nur an bestimmten Montagen möglich" in tuesday.text
    default = client.get("/policy/rulesets/1", params={"simulate": "1"})
    assert default.status_code == 200 and "Übergangstabelle" in default.text
    assert (
        client.get("/policy/rulesets/1/simulation.svg", params={"as_of": "2026-11-24"}).status_code
        == 404
    )
    assert client.get("/policy/rulesets/1/simulation.svg").status_code == 200
    [refusal, *_] = _entries(site, "ruleset.simulate.refused")
    assert refusal.actor == "demo-policy" and '"as_of":"2026-11-24"' in refusal.details
