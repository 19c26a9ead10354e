"""A model reload on one worker is followed by every worker (issue #15), on PostgreSQL.

Four ``triage serve`` processes share one database and one MLflow store. The champion alias is
moved to a new version, ``POST /model/reload`` goes to one worker, and every other worker
serves the same version within seconds; a worker started afterwards runs it too.
"""

from __future__ import annotations

import shutil
import time

import httpx
import pytest

from tests.cluster.cluster import PgDatabase, Worker, start_all
from tests.service.conftest import _pg_unreachable

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _version(worker: Worker, token: str) -> str | None:
    response = httpx.get(
        worker.url + "/api/v1/model", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()["version"]


def test_a_reload_on_one_worker_is_followed_by_every_worker(
    trained, store, tmp_path, monkeypatch
) -> None:
    reason = _pg_unreachable()
    if reason:
        pytest.skip(reason)
    from mlflow import MlflowClient

    from models.registry import CHAMPION_ALIAS, MODEL_NAME

    root = tmp_path / "store"
    shutil.copytree(store.root, root)  # this test moves the alias: a store of its own
    tracking = f"sqlite:///{root / 'mlflow.db'}"
    database = PgDatabase()
    workers: list[Worker] = []
    try:
        admin = database.user("admin", "admin")
        env = {
            "TRIAGE_MODEL_URI": f"models:/{MODEL_NAME}@{CHAMPION_ALIAS}",
            "MLFLOW_TRACKING_URI": tracking,
        }
        workers = start_all([Worker(database.url, env=env, log_dir=tmp_path) for _ in range(4)])
        first = {_version(w, admin) for w in workers}
        assert len(first) == 1 and first != {None}

        monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking)  # MLflow resolves the source there
        client = MlflowClient(tracking_uri=tracking)
        current = client.get_model_version_by_alias(MODEL_NAME, CHAMPION_ALIAS)
        newer = client.create_model_version(
            MODEL_NAME, source=current.source, run_id=current.run_id, tags=current.tags
        )
        client.set_registered_model_alias(MODEL_NAME, CHAMPION_ALIAS, newer.version)

        reloaded = httpx.post(
            workers[0].url + "/api/v1/model/reload",
            headers={"Authorization": f"Bearer {admin}"},
            timeout=120,
        )
        assert reloaded.status_code == 200, reloaded.text
        assert reloaded.json()["version"] == str(newer.version)
        deadline = time.monotonic() + 120  # bound for a loaded machine; the rule is 2 s polls
        pending = workers[1:]
        while pending and time.monotonic() < deadline:
            pending = [w for w in pending if _version(w, admin) != str(newer.version)]
            time.sleep(0.5)
        assert pending == [], "workers that did not follow the reload"
        # A worker that starts now runs the published version as well.
        workers[3].restart()
        assert _version(workers[3], admin) in (str(newer.version), str(current.version))
        deadline = time.monotonic() + 60
        while _version(workers[3], admin) != str(newer.version):
            assert time.monotonic() < deadline, "a restarted worker did not adopt the model"
            time.sleep(0.5)
    finally:
        for worker in workers:
            worker.stop()
        database.close()
