"""Every role against every endpoint: allowed (2xx), 401, 403, or 404 outside the regions."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.auth import service as user_service
from service.main import create_app
from tests.service.conftest import EXAMPLES, make_settings

CASE = {"caseworker", "rrk_lead", "admin"}
EVERYONE = {"caseworker", "rrk_lead", "policy", "auditor", "admin"}

# (method, path, body kind, roles allowed, status when allowed)
ENDPOINTS = [
    ("POST", "/api/v1/cases/import", "import", CASE, 201),
    ("GET", "/api/v1/queue", None, CASE, 200),
    ("GET", "/api/v1/queue/summary", None, CASE | {"policy"}, 200),
    ("GET", "/api/v1/cases/EX-1", None, CASE, 200),
    ("GET", "/api/v1/cases/EX-1/versions", None, CASE, 200),
    ("GET", "/api/v1/cases/EX-1/versions/1", None, CASE, 200),
    ("GET", "/api/v1/cases/EX-1/evaluations", None, CASE, 200),
    ("POST", "/api/v1/cases/EX-1/events", "event", CASE, 201),
    ("POST", "/api/v1/events", "events", CASE, 201),
    ("GET", "/api/v1/changes", None, CASE, 200),
    ("POST", "/api/v1/changes/seen", None, CASE, 200),
    ("GET", "/api/v1/changes/stream?max_seconds=0", None, CASE, 200),
    ("POST", "/api/v1/changes/sweep", None, {"admin"}, 200),
    ("GET", "/api/v1/cases/EX-1/explanation", None, CASE, 200),
    ("POST", "/api/v1/cases/EX-1/decisions", "decision", CASE, 201),
    ("GET", "/api/v1/cases/EX-1/decisions", None, CASE, 200),
    ("POST", "/api/v1/score", "score", CASE | {"policy"}, 200),
    ("GET", "/api/v1/rulesets/active", None, EVERYONE, 200),
    ("GET", "/api/v1/audit", None, {"auditor", "admin"}, 200),
    ("GET", "/api/v1/audit/verify", None, {"auditor", "admin"}, 200),
    ("GET", "/api/v1/users", None, {"admin"}, 200),
    ("POST", "/api/v1/users", "user", {"admin"}, 201),
    ("POST", "/api/v1/users/{victim}/revoke", None, {"admin"}, 200),
    ("GET", "/api/v1/me", None, EVERYONE, 200),
    # Rule set versions (issue #5). A POST without a body is 422 for an allowed role (past the
    # role check, nothing changed) and 403 for every other role.
    ("GET", "/api/v1/rulesets", None, {"policy", "auditor", "admin"}, 200),
    ("GET", "/api/v1/rulesets/amit-nrw-default@1", None, {"policy", "auditor", "admin"}, 200),
    ("POST", "/api/v1/rulesets", None, {"policy"}, 422),
    ("POST", "/api/v1/rulesets/amit-nrw-default@1/approve", None, {"policy"}, 422),
    ("POST", "/api/v1/rulesets/amit-nrw-default@1/activate", None, {"policy"}, 422),
    (
        "POST",
        "/api/v1/rulesets/amit-nrw-default@1/simulate",
        None,
        {"policy", "admin", "auditor"},
        200,
    ),
    ("GET", "/api/v1/rulesets/amit-nrw-default@1/queue", None, CASE, 200),
    # Rule authoring (issue #16): withdraw/reject as approve; a check without a body is 415.
    ("POST", "/api/v1/rulesets/amit-nrw-default@1/withdraw", None, {"policy"}, 422),
    ("POST", "/api/v1/rulesets/amit-nrw-default@1/reject", None, {"policy"}, 422),
    ("POST", "/api/v1/rulesets/check", None, {"policy"}, 415),
    (
        "GET",
        "/api/v1/rulesets/amit-nrw-default@1/diff/amit-nrw-default@1",
        None,
        {"policy", "auditor", "admin"},
        200,
    ),
    (
        "GET",
        "/api/v1/rulesets/amit-nrw-default@1/scenarios",
        None,
        {"policy", "auditor", "admin"},
        200,
    ),
    (
        "GET",
        "/api/v1/rulesets/amit-nrw-default@1/export",
        None,
        {"policy", "auditor", "admin"},
        200,
    ),
]
PUBLIC = ["/api/v1/healthz", "/api/v1/readyz", "/api/v1/metrics"]
CALLERS = [
    "anonymous",
    "bad-token",
    "caseworker",
    "rrk_lead",
    "policy",
    "auditor",
    "admin",
    "caseworker-elsewhere",
]
_REGION_BOUND = {
    "/api/v1/cases/EX-1",
    "/api/v1/cases/EX-1/versions",
    "/api/v1/cases/EX-1/versions/1",
    "/api/v1/cases/EX-1/explanation",
    "/api/v1/cases/EX-1/decisions",
    "/api/v1/cases/EX-1/evaluations",
    "/api/v1/cases/EX-1/events",
}


class World:
    def __init__(self, client: TestClient, tokens: dict[str, str], victim: int) -> None:
        self.client, self.tokens, self.victim = client, tokens, victim
        self.counter = 0


@pytest.fixture(scope="module")
def world(backend) -> Iterator[World]:
    app = create_app(make_settings(backend.fresh()))
    tokens: dict[str, str] = {}
    with app.state.db.write() as session:
        for name, role, regions in (
            ("caseworker", "caseworker", "koeln"),
            ("rrk_lead", "rrk_lead", "koeln"),
            ("policy", "policy", None),
            ("auditor", "auditor", None),
            ("admin", "admin", None),
            ("caseworker-elsewhere", "caseworker", "detmold"),
        ):
            _, tokens[name] = user_service.create(
                db_session=session, name=name, role=role, regions=regions, actor="test"
            )
        victim, _ = user_service.create(
            db_session=session, name="victim", role="policy", regions=None, actor="test"
        )
        victim_id = victim.id
    with TestClient(app) as client:
        response = client.post(
            "/api/v1/cases/import",
            content=EXAMPLES.read_bytes(),
            headers={
                "Authorization": f"Bearer {tokens['admin']}",
                "Content-Type": "application/x-ndjson",
            },
        )
        assert response.status_code == 201
        yield World(client, tokens, victim_id)


def _request(world: World, caller: str, method: str, path: str, body: str | None):
    headers: dict[str, str] = {}
    if caller == "bad-token":
        headers["Authorization"] = "Bearer rrk.0000000000000000.not-a-real-secret"
    elif caller != "anonymous":
        headers["Authorization"] = f"Bearer {world.tokens[caller]}"
    path = path.format(victim=world.victim)
    world.counter += 1
    ex1 = EXAMPLES.read_text().splitlines()[2]
    if body == "import":
        return world.client.post(
            path, content=ex1.encode(), headers={**headers, "Content-Type": "application/x-ndjson"}
        )
    if body == "score":
        return world.client.post(
            path, content=ex1.encode(), headers={**headers, "Content-Type": "application/json"}
        )
    if body == "decision":
        return world.client.post(
            path, json={"kind": "monitor", "reason": "Rollenprüfung"}, headers=headers
        )
    if body in ("event", "events"):
        # A new fact no rule reads: each call stores one more version of EX-1.
        event = {"type": "travel_document_changed", "travel_document": "expired"}
        if body == "events":
            event["case_id"] = "EX-1"
        media = "application/json" if body == "event" else "application/x-ndjson"
        return world.client.post(
            path, content=json.dumps(event).encode(), headers={**headers, "Content-Type": media}
        )
    if body == "user":
        return world.client.post(
            path, json={"name": f"u{world.counter}", "role": "auditor"}, headers=headers
        )
    return world.client.request(method, path, headers=headers)


def _expected(caller: str, path: str, allowed: set[str], ok: int) -> int:
    if caller in ("anonymous", "bad-token"):
        return 401
    role = "caseworker" if caller == "caseworker-elsewhere" else caller
    if role not in allowed:
        return 403
    if caller == "caseworker-elsewhere":
        if path in _REGION_BOUND:
            return 404  # EX-1 is a koeln case: the same answer as for a missing case
        if path in ("/api/v1/cases/import", "/api/v1/score", "/api/v1/events"):
            return 422  # may not import, score or send events about a koeln case
    return ok


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(
    ("method", "path", "body", "allowed", "ok"),
    ENDPOINTS,
    ids=[f"{m} {p}" for m, p, *_ in ENDPOINTS],
)
def test_role_endpoint_matrix(world, caller, method, path, body, allowed, ok):
    response = _request(world, caller, method, path, body)
    assert response.status_code == _expected(caller, path, allowed, ok), response.text
    if response.status_code == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("path", PUBLIC)
def test_probes_need_no_token(world, path):
    assert world.client.get(path).status_code == 200


def test_revoked_token_is_401(world):
    response = world.client.post(
        "/api/v1/users",
        json={"name": "short-lived", "role": "auditor"},
        headers={"Authorization": f"Bearer {world.tokens['admin']}"},
    )
    created = response.json()
    token = created["token"]
    assert (
        world.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    world.client.post(
        f"/api/v1/users/{created['id']}/revoke",
        headers={"Authorization": f"Bearer {world.tokens['admin']}"},
    )
    assert (
        world.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
