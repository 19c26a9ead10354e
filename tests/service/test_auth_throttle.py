"""Failed bearer checks are throttled in the database (issue #14, item 7), on both databases.

The attack: ten wrong tokens from one address locked out every user behind the same reverse
proxy, valid tokens included, while 300 wrong API tokens in two seconds went unnoticed. Now:
failures count per client address (from trusted proxy headers only) and per token id, shared by
every worker; a valid token always passes; blocking is logged and audited.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service.audit.models import AuditEntry
from service.main import create_app
from tests.service.conftest import make_settings

WRONG = "rrk.0123456789abcdef.not-the-secret"
LIMIT = {"auth_failure_limit": 10, "auth_failure_window_seconds": 300}


@pytest.fixture
def env(make_env):
    return make_env(**LIMIT)


def _me(env, token: str, forwarded: str | None = None):
    headers = env.auth(token)
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    return env.client.get("/api/v1/me", headers=headers)


def _throttled(env) -> list[AuditEntry]:
    with env.db.read() as session:
        return list(
            session.scalars(select(AuditEntry).where(AuditEntry.action == "auth.throttled"))
        )


def test_wrong_api_tokens_are_throttled_and_noticed_but_a_valid_token_still_works(env):
    valid = env.user("auditor")
    statuses = [_me(env, f"rrk.{i:016x}.guess").status_code for i in range(12)]
    assert statuses[:9] == [401] * 9
    assert statuses[9:] == [429] * 3  # the tenth failure blocks the address
    blocked = _me(env, WRONG)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert _me(env, valid).status_code == 200  # never refuse a valid token
    entries = _throttled(env)
    assert len(entries) == 1 and entries[0].target == "api"
    assert "guess" not in entries[0].details  # never a token in the log
    metrics = env.client.get("/metrics").text
    assert 'triage_auth_failures_total{kind="api",outcome="throttled"}' in metrics


def test_the_throttle_is_shared_by_every_worker(env):
    other_worker = create_app(make_settings(env.url, **LIMIT))
    from fastapi.testclient import TestClient

    with TestClient(other_worker) as other:
        for i in range(5):
            assert _me(env, f"rrk.{i:016x}.guess").status_code == 401
            response = other.get("/api/v1/me", headers=env.auth(f"rrk.{i + 5:016x}.guess"))
            assert response.status_code == (429 if i == 4 else 401)
        assert other.get("/api/v1/me", headers=env.auth(WRONG)).status_code == 429
    assert _me(env, WRONG).status_code == 429


def test_a_token_id_under_attack_is_blocked_from_every_address_but_its_token_works(make_env):
    env = make_env(trusted_proxies="testclient", **LIMIT)
    valid = env.user("caseworker", "koeln")
    token_id = valid.split(".")[1]
    for i in range(10):  # ten addresses behind the proxy, one each, same token id
        response = _me(env, f"rrk.{token_id}.guess{i}", forwarded=f"192.0.2.{i + 1}")
        assert response.status_code == (429 if i == 9 else 401)
    assert _me(env, f"rrk.{token_id}.again", forwarded="192.0.2.200").status_code == 429
    assert _me(env, valid, forwarded="192.0.2.200").status_code == 200
    # Other token ids from a fresh address are not affected.
    assert _me(env, WRONG, forwarded="192.0.2.201").status_code == 401


def test_proxy_headers_count_only_from_trusted_proxies(make_env):
    trusted = make_env(trusted_proxies="testclient", **LIMIT)
    for i in range(10):
        assert _me(trusted, f"rrk.{i:016x}.guess", forwarded="192.0.2.1").status_code in (401, 429)
    # One client behind the proxy is blocked; another one is not.
    assert _me(trusted, WRONG, forwarded="192.0.2.1").status_code == 429
    assert _me(trusted, WRONG, forwarded="192.0.2.2").status_code == 401

    untrusted = make_env(
        **LIMIT
    )  # no trusted proxies: the header is the client's own claim, ignored
    for i in range(10):
        _me(untrusted, f"rrk.{i:016x}.guess", forwarded=f"192.0.2.{i + 1}")
    assert _me(untrusted, WRONG, forwarded="192.0.2.99").status_code == 429
