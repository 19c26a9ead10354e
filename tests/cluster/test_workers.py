"""Four worker processes, one state (issue #15): sessions and their revocation, the sign-in
throttle, rule set activation and the caseload are shared through PostgreSQL; the audit chain
keeps one head under eight concurrent writers on ``triage serve --workers 4``.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import httpx
import pytest

from tests.cluster.cluster import Worker, triage

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "examples.jsonl"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
AS_OF = "2026-11-23"


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _sign_in(client: httpx.Client, token: str) -> httpx.Response:
    page = client.get("/")
    csrf = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    return client.post("/login", data={"token": token, "csrf_token": csrf})


def _queue_page(worker: Worker, cookie: str) -> int:
    with worker.client() as client:
        client.cookies.set("rrk_session", cookie)
        return client.get("/queue").status_code


def test_sessions_and_logout_are_shared_by_every_worker_and_survive_a_restart(cluster) -> None:
    first, *others = cluster.workers
    with first.client() as client:
        assert _sign_in(client, cluster.tokens["lead"]).status_code == 303
        cookie = client.cookies.get("rrk_session")
        assert [_queue_page(w, cookie) for w in others] == [200, 200, 200]
        csrf = CSRF.search(client.get("/queue").text).group(1)  # type: ignore[union-attr]
        assert client.post("/logout", data={"csrf_token": csrf}).status_code == 303
    assert [_queue_page(w, cookie) for w in cluster.workers] == [303] * 4
    others[0].restart()
    assert _queue_page(others[0], cookie) == 303


def test_the_sign_in_throttle_counts_across_workers_and_never_refuses_a_valid_token(
    cluster,
) -> None:
    codes = []
    for i in range(12):
        with cluster.workers[i % 4].client() as client:
            codes.append(_sign_in(client, f"rrk.{i:016x}.wrong").status_code)
    assert codes[:9] == [401] * 9 and codes[9:] == [429] * 3
    for worker in cluster.workers:
        with worker.client() as client:
            assert _sign_in(client, cluster.tokens["audrey"]).status_code == 303


def test_an_activation_on_one_worker_is_in_force_on_every_worker(cluster) -> None:
    first, second, *_ = cluster.workers
    admin, anna, ben = (cluster.tokens[k] for k in ("admin", "anna", "ben"))
    with first.client() as client:
        imported = client.post(
            "/api/v1/cases/import",
            content=EXAMPLES.read_bytes(),
            headers={**_auth(admin), "Content-Type": "application/x-ndjson"},
        )
        assert imported.status_code == 201, imported.text
    # The import on one worker is in every worker's caseload.
    for worker in cluster.workers:
        with worker.client() as client:
            queue = client.get(
                "/api/v1/queue", params={"as_of": AS_OF}, headers=_auth(cluster.tokens["lead"])
            ).json()
            assert {i["case_id"] for i in queue["items"]} == {"EX-1", "EX-2", "EX-3"}
            assert queue["ruleset"] == "amit-nrw-default v1"
    with first.client() as client:
        draft = client.post(
            "/api/v1/rulesets",
            json={
                "base": "amit-nrw-default",
                "parameters": {"serious_sentence_months": 36},
                "reason": "Schwelle anheben",
            },
            headers=_auth(anna),
        ).json()
    reason = {"reason": "Geprüft und für richtig befunden"}
    with second.client() as client:
        assert (
            client.post(
                f"/api/v1/rulesets/{draft['id']}/approve",
                # the shipped scenarios expect EX-3 blocked: approving needs a reason for it
                json={**reason, "scenarios_reason": "EX-3 wird gewollt NONE"},
                headers=_auth(ben),
            ).status_code
            == 200
        )
        assert (
            client.post(
                f"/api/v1/rulesets/{draft['id']}/activate", json=reason, headers=_auth(anna)
            ).status_code
            == 200
        )
    for worker in cluster.workers:
        with worker.client() as client:
            queue = client.get(
                "/api/v1/queue", params={"as_of": AS_OF}, headers=_auth(cluster.tokens["lead"])
            ).json()
        assert queue["ruleset"] == "amit-nrw-default v2"
        assert {i["case_id"]: i["tier"] for i in queue["items"]}["EX-3"] == "NONE"
    # A case closed on one worker leaves the queue of all (the caseload cache follows).
    with cluster.workers[2].client() as client:
        closed = client.post(
            "/api/v1/cases/EX-2/decisions",
            json={"kind": "close", "reason": "Ausreise erfolgt"},
            headers=_auth(cluster.tokens["lead"]),
        )
        assert closed.status_code == 201, closed.text
    for worker in cluster.workers:
        with worker.client() as client:
            queue = client.get(
                "/api/v1/queue", params={"as_of": AS_OF}, headers=_auth(cluster.tokens["lead"])
            ).json()
        assert {i["case_id"] for i in queue["items"]} == {"EX-1", "EX-3"}


@pytest.fixture(scope="module")
def four_workers(pg_database, tmp_path_factory) -> Worker:
    """``triage serve --workers 4``: one port, four uvicorn worker processes."""
    server = Worker(pg_database.url, workers=4, log_dir=tmp_path_factory.mktemp("serve-4"))
    server.start().wait_ready()
    yield server
    server.stop()


def test_eight_writers_on_four_workers_leave_one_intact_audit_chain(
    pg_database, four_workers
) -> None:
    admin = pg_database.user("chain-admin", "admin")
    before = triage(pg_database.url, "audit", "verify", "--json")
    assert before.returncode == 0, before.stderr
    start_entries = int(re.search(r'"entries": (\d+)', before.stdout).group(1))  # type: ignore[union-attr]
    writers, per_writer = 8, 12
    failures: list[str] = []
    barrier = threading.Barrier(writers)

    def write(n: int) -> None:
        barrier.wait()
        for k in range(per_writer):
            # A new connection per request, so the kernel spreads them over the workers.
            response = httpx.post(
                four_workers.url + "/api/v1/users",
                json={"name": f"w{n}-{k}", "role": "auditor"},
                headers=_auth(admin),
                timeout=60,
            )
            if response.status_code != 201:
                failures.append(f"{response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    verified = triage(pg_database.url, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    expected = start_entries + writers * per_writer
    assert f"Protokollkette intakt: {expected} Einträge" in verified.stdout
