"""The service's view of the model: load the champion, refuse what does not fit, score cases."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from pathlib import Path

import pytest

import models.runtime as runtime
from cases import generate_cases
from models.errors import (
    ModelCorruptedError,
    ModelError,
    ModelIncompatibleError,
    ModelInputError,
    ModelUnavailableError,
)
from models.features import FEATURE_NAMES
from models.runtime import ModelHandle, ModelScore, load_champion, load_model
from rules import load_ruleset
from rules.parameters import with_parameters
from tests.models.conftest import AS_OF


@pytest.fixture(scope="module")
def handle(trained, store) -> ModelHandle:
    return load_champion(tracking_uri=store.tracking_uri, ruleset=load_ruleset())


@pytest.fixture(scope="module")
def cases():
    return generate_cases(25, seed=31, as_of=AS_OF)


def test_load_champion_resolves_one_version(handle, trained) -> None:
    assert handle.version == trained.model_version
    assert handle.uri == f"models:/amit-priority/{trained.model_version}"
    assert handle.requested_uri == "models:/amit-priority@champion"
    assert handle.run_id == trained.run_id


def test_score_gives_points_probability_factors_and_reasons(handle, cases, trained) -> None:
    scores = handle.score(cases, AS_OF)
    assert [s.case_id for s in scores] == [c.case_id for c in cases]
    for score in scores:
        assert isinstance(score, ModelScore)
        assert list(score.factor_points) == list(FEATURE_NAMES)
        assert score.points == score.intercept_points + sum(score.factor_points.values())
        assert 0 < score.probability < 1
        assert score.model_version == trained.model_version
        assert {r.feature for r in score.reasons} == {
            f for f, p in score.factor_points.items() if p
        }
        json.dumps(score.as_dict())  # ready for the API as it is


def test_runtime_and_served_model_agree(handle, cases, store) -> None:
    import mlflow
    import pandas as pd

    mlflow.set_tracking_uri(store.tracking_uri)
    try:
        pyfunc = mlflow.pyfunc.load_model("models:/amit-priority@champion")
    finally:
        mlflow.set_tracking_uri(None)
    records = [c.model_dump(mode="json") for c in cases]
    served = pyfunc.predict(pd.DataFrame(records), params={"as_of": AS_OF.isoformat()})
    scores = handle.score(cases, AS_OF)
    assert list(served["points"]) == [s.points for s in scores]
    assert list(served["reasons"]) == [[r.as_dict() for r in s.reasons] for s in scores]


def test_score_of_no_cases_is_empty(handle) -> None:
    assert handle.score([], AS_OF) == []


def test_score_refuses_anything_but_cases(handle, cases) -> None:
    with pytest.raises(ModelInputError, match="Case objects"):
        handle.score([cases[0], {"case_id": "X"}], AS_OF)  # type: ignore[list-item]
    with pytest.raises(ModelInputError, match="as_of"):
        handle.score(cases, "2026-11-23")  # type: ignore[arg-type]


def test_info_describes_the_loaded_model(handle, trained) -> None:
    info = handle.info()
    json.dumps(info)
    assert info["version"] == trained.model_version
    assert info["features"] == list(FEATURE_NAMES)
    assert info["ruleset"]["name"] == "amit-nrw-default"
    assert info["gates_passed"] is True
    assert info["metrics"]["roc_auc"] == pytest.approx(trained.metrics["roc_auc"])
    assert info["as_of"] == AS_OF.isoformat()
    assert len(info["points_table"]) == len(trained.model.points_table_)


def test_a_missing_store_is_unavailable_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nothing.db"
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        load_champion(tracking_uri=f"sqlite:///{path}")
    assert not path.exists()


def test_a_missing_alias_or_model_is_unavailable(trained, store) -> None:
    with pytest.raises(ModelUnavailableError, match="no model under"):
        load_champion(tracking_uri=store.tracking_uri, alias="challenger")
    with pytest.raises(ModelUnavailableError, match="no model under"):
        load_champion(tracking_uri=store.tracking_uri, name="other-model")
    with pytest.raises(ModelUnavailableError, match="registry URI"):
        load_model("runs:/abc/model", tracking_uri=store.tracking_uri)


def test_a_rule_set_with_other_facts_is_incompatible(trained, store) -> None:
    changed = with_parameters(load_ruleset(), {"repeat_window_months": 24})
    with pytest.raises(ModelIncompatibleError, match="rule set facts differ") as caught:
        load_champion(tracking_uri=store.tracking_uri, ruleset=changed)
    assert caught.value.reason == "incompatible"
    assert caught.value.uri == "models:/amit-priority@champion"


def test_another_feature_schema_version_is_incompatible(trained, store, monkeypatch) -> None:
    monkeypatch.setattr("models.registry.FEATURE_SCHEMA_VERSION", 2)
    with pytest.raises(ModelIncompatibleError, match="feature schema version 1"):
        load_champion(tracking_uri=store.tracking_uri)


def _tamper_download(monkeypatch, edit) -> None:
    """Change the downloaded copy of the model (the store itself stays intact)."""
    original = runtime._download

    def download(*args, **kwargs) -> Path:
        local = original(*args, **kwargs)
        edit(local)
        return local

    monkeypatch.setattr(runtime, "_download", download)


def test_a_changed_scorecard_is_corrupted(trained, store, monkeypatch) -> None:
    def edit(local: Path) -> None:
        path = local / "artifacts" / "scorecard.json"
        document = json.loads(path.read_text())
        document["estimator"]["points"][0][-1] += 3  # one more point for serious convictions
        path.write_text(json.dumps(document))

    _tamper_download(monkeypatch, edit)
    with pytest.raises(ModelCorruptedError, match="checksum") as caught:
        load_champion(tracking_uri=store.tracking_uri)
    assert caught.value.reason == "corrupted"


def test_a_missing_scorecard_or_mlmodel_is_corrupted(trained, store, monkeypatch) -> None:
    _tamper_download(monkeypatch, lambda local: (local / "artifacts" / "scorecard.json").unlink())
    with pytest.raises(ModelCorruptedError, match="missing"):
        load_champion(tracking_uri=store.tracking_uri)
    _tamper_download(monkeypatch, lambda local: (local / "MLmodel").unlink())
    with pytest.raises(ModelCorruptedError, match="MLmodel"):
        load_champion(tracking_uri=store.tracking_uri)


def test_a_failing_self_test_is_incompatible(trained, store, monkeypatch) -> None:
    original = runtime._read_scorer

    def read(*args, **kwargs):
        scorer = original(*args, **kwargs)
        scorer.document["self_test"]["expected"][0]["points"] += 1
        return scorer

    monkeypatch.setattr(runtime, "_read_scorer", read)
    with pytest.raises(ModelIncompatibleError, match="self-test failed"):
        load_champion(tracking_uri=store.tracking_uri)


def test_every_load_error_is_a_model_error() -> None:
    for error in (
        ModelUnavailableError,
        ModelIncompatibleError,
        ModelCorruptedError,
        ModelInputError,
    ):
        assert issubclass(error, ModelError)


def test_a_previous_handle_keeps_working_when_a_reload_fails(
    handle, cases, store, monkeypatch
) -> None:
    """The pattern the service follows: try the new one, keep the old one on any ModelError."""
    current = handle
    changed = with_parameters(load_ruleset(), {"social_window_months": 6})
    with contextlib.suppress(ModelError):
        current = load_champion(tracking_uri=store.tracking_uri, ruleset=changed)
    assert current is handle
    assert len(current.score(cases[:3], date(2026, 11, 23))) == 3
