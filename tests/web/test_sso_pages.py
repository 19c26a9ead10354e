"""The sign-in page with single sign-on configured, and its failure pages (no provider needed:
the provider's address is a closed port)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.settings import Settings
from tests.oidc.provider import free_port
from tests.web.site import build_site


@pytest.fixture
def sso_site(tmp_path):
    def make(**overrides):
        return build_site(
            tmp_path / str(len(list(tmp_path.iterdir()))),
            n_cases=20,
            oidc_issuer=f"http://localhost:{free_port()}",  # nothing listens there
            oidc_client_id="rrk-triage",
            oidc_client_secret="x" * 32,
            **overrides,
        )

    return make


def test_the_sign_in_page_offers_the_service_account_beside_the_token(sso_site) -> None:
    site = sso_site()
    with site.client() as client:
        page = client.get("/queue")  # asked for a page: the button keeps where to return
        assert "Mit Dienstkonto anmelden" in page.text
        assert 'href="/auth/login?next=%2Fqueue"' in page.text
        assert 'name="token"' in page.text


def test_without_local_login_only_the_service_account_is_offered(sso_site) -> None:
    site = sso_site(local_login=False)
    with site.client() as client:
        page = client.get("/")
        assert "Mit Dienstkonto anmelden" in page.text and 'name="token"' not in page.text
        refused = client.post("/login", data={"token": site.tokens["admin"], "csrf_token": "x"})
        assert refused.status_code == 404
        # Service tokens still work on the API.
        api = client.get("/api/v1/me", headers={"Authorization": f"Bearer {site.tokens['admin']}"})
        assert api.status_code == 200


def test_local_login_cannot_be_switched_off_without_single_sign_on() -> None:
    with pytest.raises(ValidationError, match="TRIAGE_LOCAL_LOGIN=false needs single sign-on"):
        Settings(mode="demo", local_login=False)


def test_an_unreachable_provider_and_a_forged_callback_get_clear_pages(sso_site) -> None:
    site = sso_site()
    with site.client() as client:
        down = client.get("/auth/login")
        assert down.status_code == 503
        assert "Der Anmeldedienst ist nicht erreichbar" in down.text
        forged = client.get("/auth/callback", params={"code": "abc", "state": "forged"})
        assert forged.status_code == 400
        assert "Anmeldung fehlgeschlagen" in forged.text
        assert client.get("/queue", follow_redirects=False).status_code == 303
