"""Sessions, CSRF, login and logout, security headers, configuration (TestClient, no browser)."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from service.audit.models import AuditEntry
from service.auth import service as user_service
from service.decisions.models import Decision
from service.main import create_app
from service.settings import Settings
from service.web import configure
from tests.web.site import Site, csrf_of, sign_in

CSP_PARTS = ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")


def _audit(site: Site, action: str) -> list[AuditEntry]:
    with site.db.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_html_pages_carry_the_security_headers(site: Site, as_role) -> None:
    with site.client() as anonymous:
        pages = [anonymous.get("/"), as_role("rrk_lead").get("/queue")]
    for response in pages:
        csp = response.headers["content-security-policy"]
        assert all(part in csp for part in CSP_PARTS)
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-store"
        assert "<script>" not in response.text and " on" + "click=" not in response.text


def test_session_cookie_is_httponly_strict_and_not_secure_on_plain_http(site: Site) -> None:
    with site.client() as client:
        response = sign_in(client, site.tokens["rrk_lead"])
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("rrk_session=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # demo mode, http://127.0.0.1: cookie_secure=auto
    assert site.tokens["rrk_lead"] not in cookie


def test_secure_cookies_use_the_host_prefix(site: Site) -> None:
    config = site.app.state.web_config
    configure(site.app, replace(config, cookie_secure="always"))
    try:
        with site.client() as client:
            cookie = client.get("/").headers["set-cookie"]
    finally:
        configure(site.app, config)
    assert cookie.startswith("__Host-rrk_session=") and "Secure" in cookie


def test_login_is_audited_and_failures_are_generic(site: Site) -> None:
    with site.db.write() as session:
        _, revoked = user_service.create(
            db_session=session, name="gone", role="rrk_lead", regions="koeln", actor="test"
        )
        user = user_service.get_by_name(db_session=session, name="gone")
        user_service.revoke(db_session=session, user=user, actor="test")
    before = len(_audit(site, "web.login.failed"))
    texts = set()
    with site.client() as client:
        for token in ("hello", "rrk.0123456789abcdef.wrong", revoked, site.tokens["policy"] + "x"):
            response = sign_in(client, token)
            assert response.status_code == 401
            texts.add(re.search(r'<p class="field-error".*?</p>', response.text, re.S).group(0))
        assert sign_in(client, site.tokens["auditor"]).status_code == 303
    assert len(texts) == 1 and "Zugangstoken" in texts.pop()
    failed = _audit(site, "web.login.failed")[before:]
    assert len(failed) == 4
    assert all(e.actor == "anonymous" and "rrk." not in e.details for e in failed)
    assert _audit(site, "web.login")[-1].actor == "demo-auditor"


def test_empty_token_is_named_in_the_error_summary(site: Site) -> None:
    with site.client() as client:
        response = sign_in(client, "  ")
    assert response.status_code == 400
    assert 'href="#token"' in response.text
    assert "Bitte geben Sie Ihr Zugangstoken ein" in response.text


def test_login_returns_to_the_page_asked_for_but_never_off_site(site: Site) -> None:
    case_id = site.case_in("koeln")
    with site.client() as client:
        redirect = client.get(f"/cases/{case_id}", follow_redirects=False)
        assert redirect.headers["location"] == f"/?next=%2Fcases%2F{case_id}"
        page = client.get(redirect.headers["location"])
        response = client.post(
            "/login",
            data={
                "token": site.tokens["rrk_lead"],
                "csrf_token": csrf_of(page.text),
                "next": f"/cases/{case_id}",
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == f"/cases/{case_id}"
    with site.client() as client:
        page = client.get("/")
        response = client.post(
            "/login",
            data={
                "token": site.tokens["rrk_lead"],
                "csrf_token": csrf_of(page.text),
                "next": "//evil.example/x",
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == "/queue"


def test_posts_without_the_sessions_csrf_token_are_refused(site: Site, as_role) -> None:
    case_id = site.case_in("koeln")
    client = as_role("rrk_lead")
    other = as_role("caseworker")
    foreign = csrf_of(other.get("/queue").text)
    with site.db.read() as session:
        before = len(list(session.scalars(select(Decision))))
    for token in (None, "", "forged", foreign):
        data = {"kind": "defer", "reason": "ohne Token"}
        if token is not None:
            data["csrf_token"] = token
        response = client.post(f"/cases/{case_id}/decisions", data=data)
        assert response.status_code == 403
        assert "Sicherheitsprüfung fehlgeschlagen" in response.text
    assert client.post("/logout", data={}).status_code == 403
    with site.db.read() as session:
        assert len(list(session.scalars(select(Decision)))) == before
    with site.client() as fresh:  # a login POST without a session of its own
        response = fresh.post("/login", data={"token": site.tokens["rrk_lead"], "csrf_token": "x"})
        assert response.status_code == 403


def test_logout_ends_the_session_even_for_a_copied_cookie(site: Site, as_role) -> None:
    client = as_role("rrk_lead")
    stolen = client.cookies.get("rrk_session")
    response = client.post(
        "/logout", data={"csrf_token": csrf_of(client.get("/queue").text)}, follow_redirects=False
    )
    assert response.headers["location"] == "/?logged_out=1"
    assert _audit(site, "web.logout")[-1].actor == "demo-rrk_lead"
    with site.client() as thief:
        thief.cookies.set("rrk_session", stolen)
        response = thief.get("/queue", follow_redirects=False)
    assert response.status_code == 303 and "expired=1" in response.headers["location"]


def test_revoking_or_rotating_a_token_ends_its_sessions(site: Site, as_role) -> None:
    with site.db.write() as session:
        _, token = user_service.create(
            db_session=session, name="lead-rotate", role="rrk_lead", regions="koeln", actor="test"
        )
    site.tokens["lead-rotate"] = token
    client = as_role("lead-rotate")
    assert client.get("/queue").status_code == 200
    with site.db.write() as session:
        user = user_service.get_by_name(db_session=session, name="lead-rotate")
        user_service.rotate_token(db_session=session, user=user, actor="test")
    response = client.get("/queue", follow_redirects=False)
    assert response.status_code == 303 and "expired=1" in response.headers["location"]
    assert "abgelaufen oder wurde beendet" in client.get(response.headers["location"]).text


def test_idle_sessions_expire(site: Site, as_role) -> None:
    config = site.app.state.web_config
    client = as_role("auditor")
    configure(site.app, replace(config, idle_seconds=1))
    try:
        time.sleep(2.1)
        response = client.get("/audit", follow_redirects=False)
    finally:
        configure(site.app, config)
    assert response.status_code == 303 and "expired=1" in response.headers["location"]


def test_a_forged_cookie_is_an_anonymous_session(site: Site) -> None:
    with site.client() as client:
        client.cookies.set("rrk_session", "eyJ1aWQiOjF9.forged.signature")
        response = client.get("/audit", follow_redirects=False)
    assert response.status_code == 303


def test_production_without_a_session_secret_keeps_the_ui_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRIAGE_SESSION_SECRET", raising=False)
    settings = Settings(
        mode="production",
        database_url=f"sqlite:///{tmp_path / 'p.db'}",
        auto_migrate=True,
        model_uri=None,
        log_level="WARNING",
    )
    with TestClient(create_app(settings)) as client:
        page = client.get("/")
        assert page.status_code == 503 and "nicht eingerichtet" in page.text
        assert client.get("/healthz").status_code == 200
    monkeypatch.setenv("TRIAGE_SESSION_SECRET", "short")
    with TestClient(create_app(settings)) as client:
        assert client.get("/").status_code == 503
    monkeypatch.setenv("TRIAGE_SESSION_SECRET", "x" * 40)
    with TestClient(create_app(settings)) as client:
        page = client.get("/")
        assert page.status_code == 200
        assert "Secure" in page.headers["set-cookie"]  # production: cookie_secure=always
