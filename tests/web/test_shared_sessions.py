"""Sessions and the sign-in throttle live in the database (issue #14, items 6 and 7).

The attacks: a logged-out cookie worked again after a restart or on another worker (the deny
list was per process); ten wrong tokens from one address locked every user behind the same
proxy out, valid tokens included. Here "another worker" and "a restart" are further apps on the
same database with the same session secret, exactly what ``triage serve --workers N`` runs (the
PostgreSQL multi-process tests in ``tests/cluster`` do the same with real processes).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from service.audit.models import AuditEntry
from service.main import create_app
from tests.web.site import Site, build_site, csrf_of, sign_in

SECRET = "s" * 40


@pytest.fixture
def workers(tmp_path, monkeypatch):
    """A demo site and a factory of further "workers" on its database (one shared secret)."""
    monkeypatch.setenv("TRIAGE_SESSION_SECRET", SECRET)
    site = build_site(tmp_path, n_cases=30)
    opened: list[TestClient] = []

    def worker() -> TestClient:
        client = TestClient(create_app(site.settings), base_url="http://127.0.0.1")
        client.__enter__()
        opened.append(client)
        return client

    yield site, worker
    for client in opened:
        client.__exit__(None, None, None)


def test_a_logged_out_cookie_stays_dead_on_other_workers_and_after_a_restart(workers) -> None:
    site, worker = workers
    first, second = worker(), worker()
    assert sign_in(first, site.tokens["rrk_lead"]).status_code == 303
    cookie = first.cookies.get("rrk_session")
    second.cookies.set("rrk_session", cookie)
    assert second.get("/queue", follow_redirects=False).status_code == 200  # shared session

    logout = first.post("/logout", data={"csrf_token": csrf_of(first.get("/queue").text)})
    assert logout.status_code == 200 and "abgemeldet" in logout.text
    restarted = worker()  # a new process: nothing in memory
    for client in (second, restarted):
        client.cookies.set("rrk_session", cookie)
        response = client.get("/queue", follow_redirects=False)
        assert response.status_code == 303 and "expired=1" in response.headers["location"]


def test_revoking_a_user_ends_their_sessions_on_every_worker(workers) -> None:
    site, worker = workers
    first, second = worker(), worker()
    assert sign_in(first, site.tokens["caseworker"]).status_code == 303
    second.cookies.set("rrk_session", first.cookies.get("rrk_session"))
    admin = {"Authorization": f"Bearer {site.tokens['admin']}"}
    users = first.get("/api/v1/users", headers=admin).json()
    uid = next(u["id"] for u in users if u["name"] == "demo-caseworker")
    assert first.post(f"/api/v1/users/{uid}/revoke", headers=admin).status_code == 200
    assert second.get("/queue", follow_redirects=False).status_code == 303


def _failed_logins(site: Site) -> int:
    with site.db.read() as session:
        return len(
            session.scalars(
                select(AuditEntry.seq).where(AuditEntry.action == "web.login.failed")
            ).all()
        )


def test_wrong_tokens_do_not_lock_out_valid_tokens_from_the_same_address(workers) -> None:
    site, worker = workers
    first, second = worker(), worker()
    codes = []
    for i in range(12):  # spread over two workers: the count is shared
        client = first if i % 2 else second
        codes.append(sign_in(client, f"rrk.{i:016x}.wrong").status_code)
    assert codes[:9] == [401] * 9 and codes[9:] == [429] * 3
    assert _failed_logins(site) == 10  # blocked attempts are not logged one by one
    # Everyone behind the same address who holds a valid token still gets in.
    for role in ("rrk_lead", "auditor"):
        with site.client() as client:
            assert sign_in(client, site.tokens[role]).status_code == 303
    with site.db.read() as session:
        blocked = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "auth.throttled")
        ).all()
    assert [e.target for e in blocked] == ["login"]
