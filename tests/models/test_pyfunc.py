"""The logged MLflow model: case records in, points, probability, factors and reasons out."""

from __future__ import annotations

import json

import mlflow
import numpy as np
import pandas as pd
import pytest
from mlflow.exceptions import MlflowException

from cases import generate_cases, generate_frames
from models.features import FEATURE_NAMES, build_features
from models.points import PointsModel
from models.pyfunc import model_signature, pip_requirements, records_from_dataframe
from models.scoring import Scorer, points_model_state, restore_points_model
from rules import load_ruleset
from tests.models.conftest import AS_OF

PARAMS = {"as_of": AS_OF.isoformat()}


@pytest.fixture(scope="module")
def pyfunc_model(trained, store):
    mlflow.set_tracking_uri(store.tracking_uri)
    try:
        yield mlflow.pyfunc.load_model("models:/amit-priority@champion")
    finally:
        mlflow.set_tracking_uri(None)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [c.model_dump(mode="json") for c in generate_cases(12, seed=21, as_of=AS_OF)]


def test_predict_returns_points_probability_factors_and_reasons(
    pyfunc_model, records, trained
) -> None:
    out = pyfunc_model.predict(pd.DataFrame(records), params=PARAMS)
    assert list(out.columns) == ["case_id", "points", "probability", "factor_points", "reasons"]
    assert list(out["case_id"]) == [r["case_id"] for r in records]
    model = trained.model
    for row in out.itertuples(index=False):
        assert set(row.factor_points) == set(FEATURE_NAMES)
        assert row.points == model.intercept_points_ + sum(row.factor_points.values())
        table = model.probability_table_.set_index("points")["probability"]
        assert row.probability == pytest.approx(table[row.points])
        nonzero = {f: p for f, p in row.factor_points.items() if p}
        assert {r["feature"]: r["points"] for r in row.reasons} == nonzero
        magnitudes = [abs(r["points"]) for r in row.reasons]
        assert magnitudes == sorted(magnitudes, reverse=True)
        for reason in row.reasons:
            assert reason["code"].startswith(reason["feature"])
            assert "Punkt" in reason["text_de"] and "point" in reason["text_en"]


def test_points_equal_the_estimator_on_the_training_features(pyfunc_model, trained) -> None:
    frames = generate_frames(40, seed=22, as_of=AS_OF)
    X = build_features(frames, load_ruleset(), AS_OF).X
    from cases.frames import cases_from_frames

    records = [c.model_dump(mode="json") for c in cases_from_frames(frames)]
    out = pyfunc_model.predict(pd.DataFrame(records), params=PARAMS)
    np.testing.assert_array_equal(out["points"], trained.model.decision_function(X))
    np.testing.assert_allclose(out["probability"], trained.model.predict_proba(X)[:, 1])


def test_offences_as_json_text_score_like_lists(pyfunc_model, records) -> None:
    as_lists = pyfunc_model.predict(pd.DataFrame(records), params=PARAMS)
    as_text = pd.DataFrame(records)
    for column in ("offences", "incidents"):
        as_text[column] = as_text[column].map(json.dumps)
    pd.testing.assert_frame_equal(pyfunc_model.predict(as_text, params=PARAMS), as_lists)


def test_audit_fields_may_be_absent_or_anything_without_changing_scores(
    pyfunc_model, records
) -> None:
    base = pyfunc_model.predict(pd.DataFrame(records), params=PARAMS)
    stripped = [{k: v for k, v in r.items() if k not in ("nationality", "sex")} for r in records]
    swapped = [{**r, "nationality": "POL", "sex": "f"} for r in records]
    for variant in (stripped, swapped):
        out = pyfunc_model.predict(pd.DataFrame(variant), params=PARAMS)
        pd.testing.assert_series_equal(out["points"], base["points"])


def test_the_reference_date_changes_the_facts(pyfunc_model, records) -> None:
    now = pyfunc_model.predict(pd.DataFrame(records), params=PARAMS)
    later = pyfunc_model.predict(pd.DataFrame(records), params={"as_of": "2031-11-23"})
    assert not now["points"].equals(later["points"])  # windows have moved on


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"in_custody": "yes"}, "in_custody"),
        ({"birth_date": "2026-02-30"}, "birth_date"),
        ({"region": "bayern"}, "region"),
    ],
)
def test_bad_records_are_refused_naming_case_and_field(
    pyfunc_model, records, change, message
) -> None:
    bad = [dict(records[0]), {**records[1], **change}]
    with pytest.raises(MlflowException, match=message) as caught:
        pyfunc_model.predict(pd.DataFrame(bad), params=PARAMS)
    assert records[1]["case_id"] in str(caught.value) or "schema" in str(caught.value)


def test_an_offence_after_the_reference_date_is_refused(pyfunc_model, records) -> None:
    future = {
        **records[0],
        "offences": [
            {"offence_id": "F1", "date": "2027-01-05", "category": "theft", "status": "charged"}
        ],
    }
    with pytest.raises(MlflowException, match=r"offences\[0\].date"):
        pyfunc_model.predict(pd.DataFrame([future]), params=PARAMS)


def test_a_bad_reference_date_is_refused(pyfunc_model, records) -> None:
    with pytest.raises(MlflowException, match="as_of"):
        pyfunc_model.predict(pd.DataFrame(records[:1]), params={"as_of": "23.11.2026"})


def test_records_from_dataframe_normalises_pandas_values() -> None:
    frame = pd.DataFrame(
        [
            {
                "case_id": "A",
                "in_custody": np.bool_(True),
                "release_date": "2026-12-01",
                "offences": "[]",
                "incidents": np.array([], dtype=object),
            },
            {
                "case_id": "B",
                "in_custody": np.bool_(False),
                "release_date": None,
                "offences": [{"offence_id": "O1", "sentence_months": np.float64("nan")}],
                "incidents": [],
            },
        ]
    )
    first, second = records_from_dataframe(frame)
    assert first["in_custody"] is True and first["offences"] == [] and first["incidents"] == []
    assert "release_date" not in second  # a missing optional value is simply absent
    assert second["offences"] == [{"offence_id": "O1", "sentence_months": None}]


def test_signature_declares_every_case_field_and_the_reference_date() -> None:
    signature = model_signature()
    names = set(signature.inputs.input_names())
    from cases.model import CASE_FIELDS

    assert names == set(CASE_FIELDS)
    assert [p.name for p in signature.params] == ["as_of"]
    assert {c.name for c in signature.outputs.inputs} == {
        "case_id",
        "points",
        "probability",
        "factor_points",
        "reasons",
    }


def test_requirements_are_pinned() -> None:
    pins = pip_requirements()
    assert any(p.startswith("mlflow==") for p in pins)
    assert any(p.startswith("scikit-learn==") for p in pins)
    assert all("==" in p for p in pins)


def test_estimator_state_round_trips_through_json(trained) -> None:
    frames = generate_frames(300, seed=23, as_of=AS_OF)
    X = build_features(frames, load_ruleset(), AS_OF).X
    state = json.loads(json.dumps(points_model_state(trained.model)))
    restored = restore_points_model(state)
    assert isinstance(restored, PointsModel)
    np.testing.assert_array_equal(restored.decision_function(X), trained.model.decision_function(X))
    np.testing.assert_array_equal(restored.predict_proba(X), trained.model.predict_proba(X))
    pd.testing.assert_frame_equal(restored.explain(X), trained.model.explain(X))
    pd.testing.assert_frame_equal(restored.points_table_, trained.model.points_table_)


def test_logged_model_carries_the_scorecard_checksum_and_code(pyfunc_model) -> None:
    metadata = pyfunc_model.metadata
    assert len(metadata.metadata["scorecard_sha256"]) == 64
    assert metadata.metadata["feature_schema_version"] == "1"
    flavor = metadata.flavors["python_function"]
    assert flavor["code"] == "code"
    scorer = pyfunc_model.unwrap_python_model().scorer
    assert isinstance(scorer, Scorer)
