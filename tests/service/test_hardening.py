"""Regression tests of the attacks of issue #14 on the API (items 7, 9, 11, 12 and the headers).

Each test reproduces the attack as it was made against the running service and asserts the
behaviour it must have now; on the code before the fix each of them fails.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from service.audit.models import AuditEntry
from tests.service.history import backdate

WRONG = "rrk.0123456789abcdef.not-the-secret"


def _actions(env, prefix: str) -> list[AuditEntry]:
    with env.db.read() as session:
        return list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action.startswith(prefix))
                .order_by(AuditEntry.seq)
            )
        )


# --- item 9: random HTTP methods and paths must not grow /metrics


def test_unknown_methods_and_paths_map_to_fixed_metric_labels(env):
    before = len(env.client.get("/metrics").text)
    for i in range(40):
        env.client.request(f"PROBE{i}X", f"/random/{i}/path")
        env.client.request(f"M{i}", "/api/v1/queue")
    text = env.client.get("/metrics").text
    assert "PROBE" not in text and 'method="M1"' not in text and "/random/" not in text
    assert 'method="OTHER",route="<unmatched>"' in text
    # 80 odd requests add a handful of series, not 80 of them.
    assert len(text) - before < 8_000


# --- HSTS and no Server header


def test_hsts_is_sent_on_https_only(env):
    assert "strict-transport-security" not in env.client.get("/healthz").headers
    from fastapi.testclient import TestClient

    with TestClient(env.app, base_url="https://testserver") as https:
        header = https.get("/healthz").headers["strict-transport-security"]
    assert header == "max-age=31536000; includeSubDomains"


def test_hsts_can_be_switched_off(make_env):
    env = make_env(hsts_seconds=0)
    from fastapi.testclient import TestClient

    with TestClient(env.app, base_url="https://testserver") as https:
        assert "strict-transport-security" not in https.get("/healthz").headers


def test_serve_and_demo_suppress_the_server_header(monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from service.cli.app import _register, app

    _register()
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    monkeypatch.setenv("DATABASE_URL", "sqlite:///unused.db")
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["server_header"] is False


def test_uvicorn_serves_without_a_server_header():
    """The real server: with ``server_header=False`` uvicorn sends no ``Server`` line."""
    import asyncio
    import socket

    import uvicorn
    from fastapi import FastAPI

    from service.health.views import router

    tiny = FastAPI()
    tiny.include_router(router)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(tiny, log_level="error", server_header=False)
    server = uvicorn.Server(config)

    async def run() -> bytes:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.01)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = await reader.read()
        writer.close()
        server.should_exit = True
        await task
        return data

    head = asyncio.run(run()).split(b"\r\n\r\n")[0].lower()
    assert b"200 ok" in head and b"\r\nserver:" not in head


# --- items 11 and 12: reference dates are dates


@pytest.mark.parametrize("value", ["0", "1700000000", "NaN", "2026-1-1", "20261123"])
def test_as_of_must_be_an_iso_date(env, value):
    token = env.user("admin")
    for path in ("/api/v1/queue", "/api/v1/queue/summary"):
        response = env.client.get(path, params={"as_of": value}, headers=env.auth(token))
        assert response.status_code == 422, (path, value, response.text)
        assert response.json()["detail"][0]["loc"] == ["query", "as_of"]
        assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "raw", ["0", "NaN", "1e300", '"0"', '"NaN"', "huge", "[]", '"2026-11-23T00:00:00"']
)
def test_a_decision_with_a_non_date_as_of_is_422_json(env, raw):
    token = env.user("admin")
    env.import_examples(token)
    value = "9" * 5000 if raw == "huge" else raw  # more digits than Python converts
    body = '{"kind": "defer", "reason": "warten", "as_of": ' + value + "}"
    response = env.client.post(
        "/api/v1/cases/EX-1/decisions",
        content=body.encode(),
        headers={**env.auth(token), "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("case_id", [".", ".."])
def test_dot_case_ids_are_refused_on_import(env, case_id):
    token = env.user("admin")
    record = json.loads(_first_example())
    record["case_id"] = case_id
    response = env.import_jsonl(token, json.dumps(record) + "\n")
    assert response.status_code == 422, response.text
    assert "case_id" in response.text


def test_dot_case_ids_are_refused_in_paths(env):
    token = env.user("admin")
    for case_id in ("%2E", "%2E%2E"):
        response = env.client.get(f"/api/v1/cases/{case_id}", headers=env.auth(token))
        assert response.status_code == 422, response.text  # refused, not looked up


def _first_example() -> str:
    from tests.service.conftest import EXAMPLES

    return EXAMPLES.read_text().splitlines()[0]


# --- item 11: an unexpected error is a JSON 500 with the security headers


def test_an_unexpected_error_is_json_with_security_headers(env):
    from fastapi.testclient import TestClient

    @env.app.get("/__boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("internal detail that must not leak")

    with TestClient(env.app, raise_server_exceptions=False) as client:
        response = client.get("/__boom")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"detail": "Interner Fehler"}
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "internal detail" not in response.text


# --- items 7 and 12: every failed bearer check is counted, logged and audited


def test_every_failed_bearer_check_is_audited_with_address_and_token_id(make_env):
    env = make_env(auth_failure_limit=5, auth_failure_window_seconds=300)
    statuses = [
        env.client.get("/api/v1/me", headers=env.auth(f"rrk.{i:016x}.guess")).status_code
        for i in range(4)
    ]
    statuses.append(env.client.get("/api/v1/me", headers=env.auth("not-a-token")).status_code)
    assert statuses == [401] * 4 + [429]  # the fifth failure from this address blocks it
    failed = _actions(env, "auth.failed")
    assert len(failed) == 5
    assert [e.target for e in failed] == ["api"] * 5
    details = [json.loads(e.details) for e in failed]
    assert details[0] == {"client": "testclient", "token_id": f"{0:016x}"}
    assert details[4] == {"client": "testclient"}  # a malformed token has no id
    assert all("guess" not in e.details for e in failed)  # never the secret
    assert len(_actions(env, "auth.throttled")) == 1
    # While blocked, attempts are refused unchecked and not audited one by one.
    for _ in range(3):
        assert env.client.get("/api/v1/me", headers=env.auth(WRONG)).status_code == 429
    assert len(_actions(env, "auth.failed")) == 5


# --- item 12: denied accesses are audited (403, and the 404 of another region's case)


def test_a_forbidden_route_is_audited_under_the_callers_name(env):
    token = env.user("caseworker", "koeln", name="cw-koeln")
    assert env.client.get("/api/v1/audit", headers=env.auth(token)).status_code == 403
    assert env.client.get("/api/v1/users", headers=env.auth(token)).status_code == 403
    denied = _actions(env, "access.denied")
    assert [(e.actor, e.target) for e in denied] == [
        ("cw-koeln", "GET /api/v1/audit"),
        ("cw-koeln", "GET /api/v1/users"),
    ]
    assert json.loads(denied[0].details)["role"] == "caseworker"


def test_another_regions_case_is_the_same_404_but_audited(env):
    env.import_examples()
    with env.db.read() as session:
        from service.cases.models import CaseRecord

        record = session.get(CaseRecord, ("koeln", "EX-1"))
        assert record is not None
        other = "detmold" if record.region != "detmold" else "koeln"
    token = env.user("caseworker", other, name="cw-other")
    outside = env.client.get("/api/v1/cases/EX-1", headers=env.auth(token))
    missing = env.client.get("/api/v1/cases/NO-SUCH-CASE", headers=env.auth(token))
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()  # the caller cannot tell them apart
    denied = {e.target: json.loads(e.details) for e in _actions(env, "access.denied")}
    assert denied["case:EX-1"]["reason"] == "other_region"
    assert denied["case:NO-SUCH-CASE"]["reason"] == "not_found"


# --- item 4: simulation aggregates without small cells; fairness for auditors; audited


def _simulate(env, token: str):
    from datetime import date

    from cases.generator import generate_cases

    cases = generate_cases(150, seed=5, as_of=date(2026, 11, 23))
    body = "\n".join(c.model_dump_json() for c in cases)
    return env.client.post(
        "/api/v1/rulesets/amit-nrw-default@1/simulate",
        params={"as_of": "2026-11-23"},
        content=body.encode(),
        headers={**env.auth(token), "Content-Type": "application/x-ndjson"},
    )


def test_simulation_hides_small_cells_and_shows_fairness_to_auditors_only(env):
    policy = env.user("policy", name="pia")
    shown = _simulate(env, policy)
    assert shown.status_code == 200, shown.text
    result = shown.json()
    assert result["fairness"] == {} and result["fairness_hidden"] is True
    counts = [n for entry in result["by_region"].values() for n in entry["baseline"].values()]
    assert None in counts and all(n is None or n == 0 or n >= 10 for n in counts)
    auditor = env.user("auditor", name="ada")
    audited = _simulate(env, auditor).json()
    assert audited["fairness"]["nationality"] and audited["fairness_hidden"] is False
    entries = [json.loads(e.details) for e in _actions(env, "ruleset.simulate")]
    assert [(e["role"], e["fairness_shown"]) for e in entries] == [
        ("policy", False),
        ("auditor", True),
    ]
    assert entries[0]["as_of"] == "2026-11-23" and entries[0]["min_cell_size"] == 10
    assert entries[0]["source"].startswith("upload")


def _caseload_with_one_late_case(env) -> None:
    """30 cases of koeln received on Monday 5 October, and one more on Tuesday 24 November."""
    record = json.loads(_first_example())
    lines = []
    for i, received in enumerate(["2026-10-05"] * 30 + ["2026-11-24"]):
        lines.append(
            json.dumps(
                record | {"case_id": f"DIFF-{i:02d}", "region": "koeln", "received_on": received}
            )
        )
    response = env.import_jsonl(env.user("admin", name="loader"), "\n".join(lines) + "\n")
    assert response.status_code == 201, response.text
    # Delivered as received: policy staff simulate the caseload as it stood on the day.
    backdate(env, "2026-10-05", [f"DIFF-{i:02d}" for i in range(30)])
    backdate(env, "2026-11-24", ["DIFF-30"])


def _simulated(env, token: str, as_of: str):
    return env.client.post(
        "/api/v1/rulesets/amit-nrw-default@1/simulate",
        params={"as_of": as_of},
        headers=env.auth(token),
    )


def _koeln(result: dict) -> dict:
    return {tier: n for tier, n in result["by_region"]["koeln"]["baseline"].items() if n}


def test_subtracting_two_simulation_dates_no_longer_reveals_a_case(env):
    """Issue #14, item 4: simulating on consecutive days and subtracting showed the one case
    received in between. The attack, as an auditor may still do it (any date), then as policy
    staff: consecutive days are off the grid, and the next Monday differs by one case only."""
    _caseload_with_one_late_case(env)
    auditor = env.user("auditor", name="ada")
    monday = _simulated(env, auditor, "2026-11-23").json()
    tuesday = _simulated(env, auditor, "2026-11-24").json()
    [(tier, before)] = _koeln(monday).items()
    assert _koeln(tuesday) == {tier: before + 1}  # the late case: koeln, and its tier
    policy = env.user("policy", name="pia")
    assert _simulated(env, policy, "2026-11-23").status_code == 200
    for day in ("2026-11-24", "2026-11-30", "2026-12-07"):
        refused = _simulated(env, policy, day)
        assert refused.status_code == 422, (day, refused.text)
        assert "23.11.2026" in refused.text  # the last possible date
    # Without a date, the latest possible one is used.
    default = env.client.post(
        "/api/v1/rulesets/amit-nrw-default@1/simulate", headers=env.auth(policy)
    )
    assert default.status_code == 200 and default.json()["as_of"] == "2026-11-23"
    shown = [
        (json.loads(e.details)["role"], json.loads(e.details)["as_of"])
        for e in _actions(env, "ruleset.simulate")
        if e.action == "ruleset.simulate"
    ]
    assert ("policy", "2026-11-24") not in shown  # refused runs compute nothing
    refusals = [json.loads(e.details) for e in _actions(env, "ruleset.simulate.refused")]
    assert [r["as_of"] for r in refusals] == ["2026-11-24", "2026-11-30", "2026-12-07"]


def test_model_reload_and_user_create_carry_their_reason(env):
    admin = env.user("admin", name="adm")
    reloaded = env.client.post(
        "/api/v1/model/reload", json={"reason": "neue Version freigegeben"}, headers=env.auth(admin)
    )
    assert reloaded.status_code == 200, reloaded.text
    created = env.client.post(
        "/api/v1/users",
        json={"name": "kim", "role": "auditor", "reason": "Prüfauftrag 2026"},
        headers=env.auth(admin),
    )
    assert created.status_code == 201, created.text
    reasons = {e.action: e.reason for e in _actions(env, "model.reload") + _actions(env, "user.")}
    assert reasons["model.reload"] == "neue Version freigegeben"
    assert reasons["user.create"] == "Prüfauftrag 2026"


# --- item 12: an import carries its reason (query parameter or the upload's form field)


def test_an_import_carries_its_reason_into_the_audit_entry(env):
    token = env.user("admin", name="imp")
    lines = _examples_text()
    body = env.client.post(
        "/api/v1/cases/import",
        params={"reason": "Nachlieferung Köln, Ticket 4711"},
        content=lines.encode(),
        headers={**env.auth(token), "Content-Type": "application/x-ndjson"},
    )
    assert body.status_code == 201, body.text
    upload = env.client.post(
        "/api/v1/cases/import",
        files={"file": ("cases.jsonl", lines.encode(), "application/x-ndjson")},
        data={"reason": "Korrektur nach Rückfrage"},
        headers=env.auth(token),
    )
    assert upload.status_code == 201, upload.text
    refused = env.import_jsonl(token, "{not json}\n")
    assert refused.status_code == 422
    imports = _actions(env, "cases.import")
    assert [(e.action, e.reason) for e in imports] == [
        ("cases.import", "Nachlieferung Köln, Ticket 4711"),
        ("cases.import", "Korrektur nach Rückfrage"),
        ("cases.import.rejected", None),
    ]
    shown = env.client.get(
        "/api/v1/audit", params={"action": "cases.import"}, headers=env.auth(env.user("auditor"))
    )
    assert shown.status_code == 200, shown.text
    assert "Korrektur nach Rückfrage" in [item["reason"] for item in shown.json()["items"]]


def test_a_reason_with_control_characters_is_refused_and_the_refusal_audited(env):
    token = env.user("admin")
    response = env.client.post(
        "/api/v1/cases/import",
        files={"file": ("cases.jsonl", _examples_text().encode(), "application/x-ndjson")},
        data={"reason": "ok\x1b[31m"},
        headers=env.auth(token),
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "reason"]


def test_a_deployment_can_require_the_reason_of_every_import(make_env):
    env = make_env(import_reason_required=True)
    token = env.user("admin")
    refused = env.import_jsonl(token, _examples_text())
    assert refused.status_code == 422, refused.text
    assert "reason" in refused.text
    [rejected] = _actions(env, "cases.import.rejected")
    assert '"status_code":422' in rejected.details
    accepted = env.client.post(
        "/api/v1/cases/import",
        params={"reason": "Erstbefüllung"},
        content=_examples_text().encode(),
        headers={**env.auth(token), "Content-Type": "application/x-ndjson"},
    )
    assert accepted.status_code == 201, accepted.text


def _examples_text() -> str:
    from tests.service.conftest import EXAMPLES

    return EXAMPLES.read_text()
