"""MLflow stores for the model tests: temporary, never the repository's ``mlflow.db``/``mlruns``.

Creating an MLflow SQLite store runs its schema migrations (several seconds), so one empty
store is migrated per session and copied for every store a test needs. One small model is
trained per session (``trained``) and shared by the read-only tests (pyfunc, runtime, serving);
tests that train or promote again use a store of their own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

AS_OF = date(2026, 11, 23)


@dataclass(frozen=True)
class Store:
    """A temporary tracking store: SQLite file plus artifact directory."""

    root: Path

    @property
    def tracking_uri(self) -> str:
        return f"sqlite:///{self.root / 'mlflow.db'}"

    @property
    def artifact_location(self) -> str:
        return str(self.root / "artifacts")


@pytest.fixture(scope="session")
def _migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mlflow import MlflowClient

    path = tmp_path_factory.mktemp("mlflow-template") / "mlflow.db"
    MlflowClient(tracking_uri=f"sqlite:///{path}").search_experiments()
    return path


@pytest.fixture(scope="session")
def new_store(_migrated_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """Factory: a fresh, already migrated store in its own directory."""

    def make(name: str = "store") -> Store:
        root = tmp_path_factory.mktemp(name)
        shutil.copy(_migrated_db, root / "mlflow.db")
        return Store(root)

    return make


@pytest.fixture(scope="session")
def store(new_store) -> Store:
    """The session's shared store holding the ``trained`` champion."""
    return new_store("shared")


@pytest.fixture(scope="session", autouse=True)
def _no_mlruns_in_the_repository() -> Iterator[None]:
    """Fail loudly if a model test writes MLflow artifacts into the working tree."""
    repository = Path(__file__).resolve().parents[2]
    existed = (repository / "mlruns").exists() or (repository / "mlflow.db").exists()
    yield
    if not existed:
        created = [p.name for p in (repository / "mlruns", repository / "mlflow.db") if p.exists()]
        assert not created, f"a model test wrote {created} into {repository}"


@pytest.fixture(scope="session")
def _guard_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('mlflow-guard') / 'mlflow.db'}"


@pytest.fixture(autouse=True)
def _tracking_env(_guard_uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No model test can reach the developer's store (or create ``./mlflow.db``): a test that
    forgets to name its store lands in a temporary one."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", _guard_uri)


@pytest.fixture(scope="session")
def trained(store: Store):
    """A small model (3,000 synthetic cases) trained, registered and promoted once."""
    from models.training import TrainingConfig, train

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MLFLOW_TRACKING_URI", store.tracking_uri)
        result = train(
            TrainingConfig(
                n=3000,
                seed=1,
                as_of=AS_OF,
                tracking_uri=store.tracking_uri,
                artifact_location=store.artifact_location,
            )
        )
    assert result.promoted, [g.message for g in result.failed_gates]
    return result
