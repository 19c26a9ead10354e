"""Fixtures of the multi-worker tests: four ``triage serve`` processes on one PostgreSQL database.

Skipped, with the reason shown, when PostgreSQL is not reachable at 127.0.0.1:5432.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.cluster.cluster import PgDatabase, Worker, start_all
from tests.service.conftest import _pg_unreachable

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@dataclass
class Cluster:
    database: PgDatabase
    workers: list[Worker]
    tokens: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def pg_database() -> Iterator[PgDatabase]:
    reason = _pg_unreachable()
    if reason:
        pytest.skip(reason)
    database = PgDatabase()
    yield database
    database.close()


@pytest.fixture(scope="module")
def cluster(pg_database: PgDatabase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Four single-process workers (each its own port) sharing one database and secret."""
    logs = tmp_path_factory.mktemp("cluster-logs")
    tokens = {
        "admin": pg_database.user("admin", "admin"),
        "lead": pg_database.user("lead", "rrk_lead", "koeln,arnsberg,muenster"),
        "anna": pg_database.user("anna", "policy"),
        "ben": pg_database.user("ben", "policy"),
        "audrey": pg_database.user("audrey", "auditor"),
    }
    workers = start_all([Worker(pg_database.url, log_dir=logs) for _ in range(4)])
    try:
        yield Cluster(pg_database, workers, tokens)
    finally:
        for worker in workers:
            worker.stop()
