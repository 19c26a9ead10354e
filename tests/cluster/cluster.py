"""Real worker processes on one PostgreSQL database, for the multi-worker tests.

``Worker`` runs ``triage serve`` in a subprocess on a free 127.0.0.1 port (``workers`` uvicorn
processes behind it); every worker of a test shares the database and the session secret, as a
deployment with ``--workers N`` or several hosts does. Tests reach a *particular* worker through
its port, so "log out here, reuse the cookie there" is deterministic.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

import httpx

from service.auth import service as user_service
from service.db import migrate
from service.db.engine import Database
from tests.service.conftest import _pg_url, pg_admin_connection

SECRET = "cluster-test-session-secret-0123456789"
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgDatabase:
    """A uniquely named, migrated PostgreSQL database, dropped by ``close``."""

    def __init__(self) -> None:
        self.name = f"rrk_cluster_{uuid.uuid4().hex[:12]}"
        with pg_admin_connection() as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        self.url = _pg_url(self.name)
        self.db = Database(self.url)
        migrate.upgrade(self.db.engine)

    def user(self, name: str, role: str, regions: str | None = None) -> str:
        with self.db.write() as session:
            _, token = user_service.create(
                db_session=session, name=name, role=role, regions=regions, actor="test"
            )
        return token

    def close(self) -> None:
        self.db.dispose()
        with pg_admin_connection() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Worker:
    """``triage serve`` on its own port; ``restart()`` is a new process on the same port."""

    def __init__(
        self,
        database_url: str,
        *,
        workers: int = 1,
        env: Mapping[str, str] | None = None,
        log_dir: Path,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.log = log_dir / f"worker-{self.port}.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "TRIAGE_MODE": "production",
            "TRIAGE_SESSION_SECRET": SECRET,
            "TRIAGE_COOKIE_SECURE": "never",
            "TRIAGE_MODEL_URI": "",
            "TRIAGE_LOG_LEVEL": "WARNING",
            "TRIAGE_SYNC_SECONDS": "0.5",
            **(env or {}),
        }
        self.env.pop("TRIAGE_DATABASE_URL", None)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        command = [sys.executable, "-c", "from service.cli.app import main; main()", "serve"]
        command += ["--port", str(self.port), "--workers", str(self.workers)]
        self.process = subprocess.Popen(
            command, env=self.env, cwd=ROOT, stdout=self.log.open("ab"), stderr=subprocess.STDOUT
        )
        return self

    def wait_ready(self, timeout: float = 300) -> None:
        """Until /readyz answers 200 (a bound for a loaded machine, not a speed check)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"worker on {self.port} not ready: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start().wait_ready()

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, follow_redirects=False)


def start_all(workers: list[Worker]) -> list[Worker]:
    """Start every worker at once (they import in parallel), then wait for each."""
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.wait_ready()
    return workers


def triage(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``triage`` command line against the database."""
    env = {**os.environ, "DATABASE_URL": database_url, "TRIAGE_MODE": "production"}
    env.pop("TRIAGE_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "from service.cli.app import main; main()", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
