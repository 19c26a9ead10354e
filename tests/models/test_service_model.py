"""The service with the points model: points beside the rules, and never down because of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.auth import service as user_service
from service.db import migrate
from service.db.engine import Database
from service.main import create_app
from service.settings import Settings

EXAMPLES = Path(__file__).parents[1] / "fixtures" / "examples.jsonl"
CHAMPION = "models:/amit-priority@champion"


def _app(tmp_path: Path, tracking_uri: str, model_uri: str | None = CHAMPION):
    settings = Settings(
        mode="production",
        database_url=f"sqlite:///{tmp_path / 'triage.db'}",
        model_uri=model_uri,
        mlflow_tracking_uri=tracking_uri,
    )
    schema = Database(settings.sqlalchemy_url, create=True)  # as `triage db upgrade` does
    migrate.upgrade(schema.engine)
    schema.dispose()
    app = create_app(settings)
    tokens = {}
    with app.state.db.write() as session:
        for role, regions in (("admin", None), ("rrk_lead", "koeln,arnsberg,muenster")):
            _, tokens[role] = user_service.create(
                db_session=session, name=role, role=role, regions=regions, actor="test"
            )
    client = TestClient(app)
    auth = {r: {"Authorization": f"Bearer {t}"} for r, t in tokens.items()}
    response = client.post(
        "/api/v1/cases/import",
        content=EXAMPLES.read_bytes(),
        headers={**auth["admin"], "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 201, response.text
    return app, client, auth


def test_points_beside_the_rules_in_queue_score_and_explanation(tmp_path, trained, store):
    _, client, auth = _app(tmp_path, store.tracking_uri)
    status = client.get("/api/v1/model", headers=auth["rrk_lead"]).json()
    assert status["status"] == "ready" and status["version"] == str(trained.model_version)
    assert status["points_table"]

    queue = client.get("/api/v1/queue?as_of=2026-11-23", headers=auth["rrk_lead"]).json()
    first = queue["items"][0]
    assert first["case_id"] == "EX-1" and first["tier"] == "P1"  # the rules still order
    assert isinstance(first["model_points"]["points"], int)

    text = client.get(
        "/api/v1/cases/EX-1/explanation?as_of=2026-11-23&format=text", headers=auth["rrk_lead"]
    ).text
    assert "Punktemodell (ergänzend, nicht maßgeblich)" in text
    data = client.get(
        "/api/v1/cases/EX-1/explanation?as_of=2026-11-23", headers=auth["rrk_lead"]
    ).json()
    assert data["model"]["status"] == "ready"
    assert data["model"]["points"]["points"] == first["model_points"]["points"]

    decided = client.post(
        "/api/v1/cases/EX-1/decisions",
        headers=auth["rrk_lead"],
        json={"kind": "case_conference", "reason": "Fallkonferenz", "as_of": "2026-11-23"},
    )
    assert decided.status_code == 201, decided.text
    audit = client.get(
        "/api/v1/audit", params={"action": "decision.create"}, headers=auth["admin"]
    ).json()
    entry = next(e for e in audit["items"] if e["action"] == "decision.create")
    assert entry["details"]["model"] == f"models:/amit-priority/{trained.model_version}"

    scored = client.post(
        "/api/v1/score?as_of=2026-11-23&explain=false",
        content=EXAMPLES.read_text().splitlines()[2],
        headers={**auth["admin"], "Content-Type": "application/json"},
    ).json()
    assert scored["model"] == "ready"
    assert scored["items"][0]["model_points"]["factor_points"]


def test_without_a_store_the_service_runs_on_rules_and_says_so(tmp_path):
    _, client, auth = _app(tmp_path, f"sqlite:///{tmp_path / 'missing' / 'mlflow.db'}")
    status = client.get("/api/v1/model", headers=auth["admin"]).json()
    assert status["status"] == "unavailable" and "Modell nicht verfügbar" in status["message"]
    queue = client.get("/api/v1/queue?as_of=2026-11-23", headers=auth["rrk_lead"]).json()
    assert [i["case_id"] for i in queue["items"]] == ["EX-1", "EX-2", "EX-3"]
    assert all(i["model_points"] is None for i in queue["items"])
    text = client.get("/api/v1/cases/EX-1/explanation?format=text", headers=auth["rrk_lead"]).text
    assert "Modell nicht verfügbar" in text


def test_reload_is_admin_only_and_a_broken_store_keeps_the_previous_model(
    tmp_path, trained, store, new_store
):
    copy = new_store("reload")
    shutil.copy(Path(store.tracking_uri.removeprefix("sqlite:///")), copy.root / "mlflow.db")
    _, client, auth = _app(tmp_path, copy.tracking_uri)
    assert client.get("/api/v1/model", headers=auth["admin"]).json()["status"] == "ready"
    assert client.post("/api/v1/model/reload", headers=auth["rrk_lead"]).status_code == 403

    (copy.root / "mlflow.db").write_bytes(b"this is not a database")  # the store breaks
    reloaded = client.post("/api/v1/model/reload", headers=auth["admin"]).json()
    assert reloaded["status"] == "ready" and reloaded["version"] == str(trained.model_version)
    assert "previous model kept" in reloaded["last_error"]
    audit = client.get("/api/v1/audit?action=model.reload", headers=auth["admin"])
    assert audit.status_code in (200, 403)


@pytest.mark.parametrize("model_uri", [None, "models:/amit-priority@no-such-alias"])
def test_no_model_configured_or_unknown_alias_is_not_an_error(tmp_path, store, model_uri):
    _, client, auth = _app(tmp_path, store.tracking_uri, model_uri=model_uri)
    assert client.get("/api/v1/model", headers=auth["admin"]).json()["status"] == "unavailable"
    assert client.get("/api/v1/healthz").status_code == 200


def test_the_same_id_in_two_regions_gets_each_records_own_points(tmp_path, trained, store):
    """Ids are unique within a region only: the queue scores each region's case of an id on
    its own record, as its explanation does."""
    import json

    _, client, auth = _app(tmp_path, store.tracking_uri)
    koeln = next(
        json.loads(line)
        for line in EXAMPLES.read_text().splitlines()
        if json.loads(line)["case_id"] == "EX-1"
    )
    other = {**koeln, "region": "arnsberg", "offences": [], "birth_date": "1960-01-01"}
    response = client.post(
        "/api/v1/cases/import",
        content=json.dumps(other).encode(),
        headers={**auth["admin"], "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 201, response.text
    queue = client.get("/api/v1/queue?as_of=2026-11-23", headers=auth["rrk_lead"]).json()
    items = {i["region"]: i for i in queue["items"] if i["case_id"] == "EX-1"}
    assert set(items) == {"koeln", "arnsberg"}
    shown = {}
    for region, item in items.items():
        data = client.get(
            f"/api/v1/cases/EX-1/explanation?as_of=2026-11-23&region={region}",
            headers=auth["rrk_lead"],
        ).json()
        assert data["region"] == region
        assert item["model_points"] == data["model"]["points"]
        shown[region] = data["model"]["points"]
    assert shown["koeln"] != shown["arnsberg"]
