"""Single sign-on through a real OpenID provider, driven in headless Chromium (issue #15).

The provider is npm ``oidc-provider`` (``tests/oidc/provider.mjs``) on ``localhost`` — another
site than the app on ``127.0.0.1``, as an identity provider is in production, so the
``SameSite`` handling of both cookies is exercised for real. The person signs in on the
provider's own form; role and regions come from the ID token's claims; the test changes them
at the provider while the person is signed in.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from service.audit.models import AuditEntry
from tests.oidc.provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    OpenIdProvider,
    free_port,
    skip_without_node,
)
from tests.web.site import LiveServer, Site, build_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ACCOUNTS = {
    "lena": {"roles": ["caseworker"], "regions": ["koeln"], "name": "Lena Schulte"},
    "paul": {"roles": ["policy"]},
    "mara": {"roles": ["superuser"]},
}


@pytest.fixture(scope="module")
def sso(tmp_path_factory) -> Iterator[tuple[Site, str, OpenIdProvider]]:
    """The demo site with single sign-on, served on a free port, and its provider."""
    skip_without_node()
    provider_port = free_port()
    site = build_site(
        tmp_path_factory.mktemp("sso-site"),
        n_cases=60,
        oidc_issuer=f"http://localhost:{provider_port}",
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
    )
    with LiveServer(site.app) as server:
        provider = OpenIdProvider(app_url=server.url, accounts=ACCOUNTS, port=provider_port)
        try:
            yield site, server.url, provider
        finally:
            provider.stop()


def sign_in_at_provider(page, base: str, login: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Mit Dienstkonto anmelden").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("irrelevant-in-the-test-provider")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_load_state()


def _audit(site: Site, action: str) -> list[AuditEntry]:
    with site.db.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_sign_in_through_the_provider_with_role_and_regions_from_the_claims(
    sso, browser_page
) -> None:
    site, base, provider = sso
    provider.set_claims("lena", roles=["caseworker"], regions=["koeln"])
    page = browser_page
    sign_in_at_provider(page, base, "lena")
    page.wait_for_url(base + "/queue")
    assert "lena" in page.locator(".who").inner_text()
    regions = page.locator("table.queue tbody th .sub").all_inner_texts()
    assert regions and set(regions) == {"Köln"}
    login = _audit(site, "web.login")[-1]
    assert login.actor == "lena" and '"method":"oidc"' in login.details
    # Another role from the claims lands on that role's start page.
    page.context.clear_cookies()
    sign_in_at_provider(page, base, "paul")
    page.wait_for_url(base + "/policy")
    assert "paul" in page.locator(".who").inner_text()


def test_an_unknown_role_is_refused_with_a_page_that_says_why(sso, browser_page) -> None:
    site, base, _provider = sso
    page = browser_page
    sign_in_at_provider(page, base, "mara")
    assert page.get_by_role("heading", name="Anmeldung nicht möglich").is_visible()
    assert page.get_by_text("eine Rolle, die rrk-triage nicht kennt").is_visible()
    assert page.get_by_text("Übermittelt: superuser").is_visible()
    page.goto(base + "/queue")
    assert page.url.startswith(base + "/?next=")  # not signed in
    assert _audit(site, "web.login.refused")[-1].actor == "oidc:mara"


def test_a_role_removed_at_the_provider_is_gone_when_the_token_runs_out(sso, browser_page) -> None:
    site, base, provider = sso
    provider.set_claims("lena", roles=["caseworker"], regions=["koeln"])
    provider.set_ttl(id_token=4)  # the session lasts as long as this ID token
    try:
        page = browser_page
        sign_in_at_provider(page, base, "lena")
        page.wait_for_url(base + "/queue")
        provider.set_claims("lena", roles=[])  # the directory takes the role away
        assert page.goto(base + "/queue").url == base + "/queue"  # token still valid
        time.sleep(4.5)  # let the four-second ID token run out
        # The next page signs in at the provider again (its session is alive: no form), and
        # the new ID token carries no role.
        page.goto(base + "/queue")
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Anmeldung nicht möglich").is_visible()
        assert page.get_by_text("keine Rolle für rrk-triage").is_visible()
    finally:
        provider.set_ttl(id_token=600)
        provider.set_claims("lena", roles=["caseworker"], regions=["koeln"])
    assert _audit(site, "web.login.refused")[-1].details.count("no_role") == 1


def test_logout_ends_the_session_here_and_at_the_provider(sso, browser_page) -> None:
    site, base, provider = sso
    provider.set_claims("lena", roles=["caseworker"], regions=["koeln"])
    page = browser_page
    sign_in_at_provider(page, base, "lena")
    page.wait_for_url(base + "/queue")
    cookie = next(c for c in page.context.cookies() if c["name"] == "rrk_session")
    page.get_by_role("button", name="Abmelden").click()
    # The provider asks to confirm its logout (RP-initiated logout), then sends us back.
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(re.compile(re.escape(base) + r"/\?logged_out=1"))
    assert page.get_by_text("Sie sind abgemeldet.").is_visible()
    # The old cookie is dead ...
    page.context.add_cookies([cookie])
    page.goto(base + "/queue")
    # ... and the provider's session is over too: signing in asks for the password again.
    assert page.locator("input[name=password]").is_visible()
    assert _audit(site, "web.logout")[-1].actor == "lena"
