"""Drift of the model's inputs in the monitoring: quiet on cases like the training data, a
visible alert once the caseload shifts (here: injected open proceedings)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from cases.generator import generate_cases
from service.auth import service as user_service
from service.db import migrate
from service.main import create_app
from service.settings import Settings
from tests.models.conftest import AS_OF

CHAMPION = "models:/amit-priority@champion"


def _client(tmp_path: Path, tracking_uri: str) -> tuple[TestClient, dict[str, str], dict[str, str]]:
    """The service, an admin's header (imports) and an auditor's (the monitoring as of any day:
    other roles read it on the simulation's grid Mondays only, issue #14 item 4)."""
    app = create_app(
        Settings(
            mode="production",
            database_url=f"sqlite:///{tmp_path / 'triage.db'}",
            model_uri=CHAMPION,
            mlflow_tracking_uri=tracking_uri,
            auto_migrate=True,  # the app may create its SQLite file (else: triage db upgrade)
        )
    )
    migrate.upgrade(app.state.db.engine)
    with app.state.db.write() as session:
        _, token = user_service.create(
            db_session=session, name="admin", role="admin", regions=None, actor="test"
        )
        _, audit_token = user_service.create(
            db_session=session, name="ada", role="auditor", regions=None, actor="test"
        )
    auditor = {"Authorization": f"Bearer {audit_token}"}
    return TestClient(app), {"Authorization": f"Bearer {token}"}, auditor


def _import(client: TestClient, auth: dict[str, str], records: list[dict]) -> None:
    body = "\n".join(json.dumps(r) for r in records)
    response = client.post(
        "/api/v1/cases/import",
        content=body.encode(),
        headers={**auth, "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 201, response.text


def _drift(client: TestClient, auth: dict[str, str]) -> dict:
    response = client.get(f"/api/v1/monitoring?as_of={AS_OF}&weeks=2", headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def test_injected_drift_raises_a_visible_warning(tmp_path, trained, store) -> None:
    client, auth, auditor = _client(tmp_path, store.tracking_uri)
    cases = [c.model_dump(mode="json") for c in generate_cases(600, seed=11, as_of=AS_OF)]
    _import(client, auth, cases)

    model = client.get("/api/v1/model", headers=auth).json()
    assert model["label_source"] == "simulated"
    assert model["data_description"].startswith("SIMULATED decision history (demo only)")
    report = _drift(client, auditor)
    assert report["sources"]["model"]["version"] == str(trained.model_version)
    assert report["sources"]["model"]["label_source"] == "simulated"
    drift = report["drift"]
    assert drift["available"], drift
    by_feature = {row["feature"]: row for row in drift["features"]}
    assert "open_proceedings" in by_feature
    # Cases drawn like the training data: no major shift anywhere.
    assert all(row["level"] != "alert" for row in drift["features"]), drift["features"]
    assert all(w["code"] != "drift" or w["level"] != "alert" for w in report["warnings"])

    # Inject drift: every case gains five open investigations within the last months.
    shifted = []
    for record in cases:
        extra = [
            {
                "offence_id": f"D{k}",
                "date": (AS_OF - timedelta(days=20 + 15 * k)).isoformat(),
                "category": "theft",
                "status": "under_investigation",
            }
            for k in range(5)
        ]
        shifted.append({**record, "offences": [*record["offences"], *extra]})
    _import(client, auth, shifted)

    report = _drift(client, auditor)
    row = {r["feature"]: r for r in report["drift"]["features"]}["open_proceedings"]
    assert row["level"] == "alert" and row["psi"] >= 0.25
    warning = next(
        w for w in report["warnings"] if w["code"] == "drift" and w["subject"] == "open_proceedings"
    )
    assert warning["level"] == "alert"
    assert "Eingangsdaten verschoben" in warning["message"]
    assert "offene Ermittlungs- und Strafverfahren" in warning["message"]
    # The plot shows it too.
    svg = client.get(f"/api/v1/monitoring/plots/drift.svg?as_of={AS_OF}", headers=auditor)
    assert svg.status_code == 200 and b"<svg" in svg.content
