"""``mlflow models serve -m models:/amit-priority@champion`` scores case records over HTTP."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cases import generate_cases
from models.runtime import load_champion
from tests.models.conftest import AS_OF

pytestmark = pytest.mark.slow

START_TIMEOUT = 90.0  # seconds until /ping answers (imports MLflow, loads the model)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(trained, store, tmp_path_factory) -> Iterator[str]:
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "server.log"
    # The scoring server runs `uvicorn` by name: the venv's bin must be on PATH even when
    # pytest was started by its path (as `make test` does).
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, "MLFLOW_TRACKING_URI": store.tracking_uri, "PATH": path}
    command = [
        sys.executable,
        "-m",
        "mlflow",
        "models",
        "serve",
        "-m",
        "models:/amit-priority@champion",
        "--env-manager",
        "local",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "--workers",
        "1",
    ]
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"mlflow models serve exited ({process.returncode}):\n"
                    f"{log.read_text(errors='replace')[-3000:]}"
                )
            try:
                if httpx.get(f"{url}/ping", timeout=2.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"no /ping within {START_TIMEOUT:.0f} s:\n"
                    f"{log.read_text(errors='replace')[-3000:]}"
                )
            time.sleep(0.3)
        yield url
    finally:
        # The server forks workers: end the whole process group it leads, nothing else.
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def test_scoring_server_returns_points_and_reasons(server, store) -> None:
    cases = generate_cases(6, seed=41, as_of=AS_OF)
    records = [case.model_dump(mode="json") for case in cases]
    response = httpx.post(
        f"{server}/invocations",
        timeout=30.0,
        json={"dataframe_records": records, "params": {"as_of": AS_OF.isoformat()}},
    )
    assert response.status_code == 200, response.text
    predictions = response.json()["predictions"]
    expected = load_champion(tracking_uri=store.tracking_uri).score(cases, AS_OF)
    assert [p["case_id"] for p in predictions] == [c.case_id for c in cases]
    assert [p["points"] for p in predictions] == [s.points for s in expected]
    for prediction, score in zip(predictions, expected, strict=True):
        assert prediction["probability"] == pytest.approx(score.probability)
        assert prediction["factor_points"] == score.factor_points
        assert [r["code"] for r in prediction["reasons"]] == [r.code for r in score.reasons]


def test_scoring_server_refuses_a_bad_record_with_the_field(server) -> None:
    record = generate_cases(1, seed=42, as_of=AS_OF)[0].model_dump(mode="json")
    record["offences"] = [
        {"offence_id": "O1", "date": "2026-01-10", "category": "theft", "status": "convicted"}
    ]  # a conviction needs sentence_months
    response = httpx.post(
        f"{server}/invocations",
        timeout=30.0,
        json={"dataframe_records": [record], "params": {"as_of": AS_OF.isoformat()}},
    )
    assert response.status_code == 400
    assert "offences[0].sentence_months" in response.text
