"""The points table gives exactly what the estimator gives (issue #13: model points from a table).

The service scores a few cases per request from :class:`models.scoring.PointsTable`, with
features from the per-case rule engine (or from the caller's own evaluation when its rule set
derives the same features). The reference is the estimator's own path: features from the batch
engine, ``decision_function``, ``predict_proba`` and ``explain`` of the fitted PointsModel.
Every field of every :class:`ModelScore` must be equal, reasons and probability included.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import generate_cases
from cases.frames import frames_from_cases
from models.features import build_features, monotone_constraints, thresholds_for
from models.points import PointsModel
from models.scoring import Scorer, scorecard_document
from rules import load_ruleset, with_parameters
from rules.interpreter import evaluate_case
from tests.strategies import as_of_dates, caseloads

AS_OF = date(2026, 11, 23)
RULESET = load_ruleset()


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    """A model with points on many features (labels drawn from a random linear score)."""
    cases = generate_cases(3000, seed=1, as_of=AS_OF)
    X = build_features(frames_from_cases(cases), RULESET, AS_OF).X
    rng = np.random.default_rng(0)
    logit = X.to_numpy(dtype=float) @ rng.normal(0, 0.6, X.shape[1]) - 0.5
    y = (rng.random(len(X)) < 1 / (1 + np.exp(-logit))).astype(int)
    model = PointsModel(
        thresholds=thresholds_for(RULESET), monotone=monotone_constraints(RULESET)
    ).fit(X, y)
    document = scorecard_document(model, RULESET, self_test={}, training={})
    restored = Scorer.from_document(json.loads(json.dumps(document, default=str)))
    assert sum(1 for p in restored.model.points_ if np.any(p != 0)) >= 4  # a real scorecard
    return restored


@pytest.mark.parametrize("seed", [3, 4])
@pytest.mark.parametrize("days_back", [0, 45, 800])
def test_table_scores_equal_the_estimator_on_generated_cases(scorer, seed, days_back) -> None:
    as_of = AS_OF - timedelta(days=days_back)
    cases = generate_cases(scorer.PER_CASE_LIMIT + 40, seed=seed, as_of=as_of)
    reference = scorer.score_cases_reference(cases, as_of, "7")
    for size in (1, 5, scorer.PER_CASE_LIMIT):  # per-case features
        for start in range(0, len(cases), size * 3):
            chunk = cases[start : start + size]
            assert scorer.score_cases(chunk, as_of, "7") == reference[start : start + size]
    assert scorer.score_cases(cases, as_of, "7") == reference  # batch features, same table
    frame = scorer.score_frames(frames_from_cases(cases), as_of)
    assert frame["points"].tolist() == [s.points for s in reference]
    assert frame["probability"].tolist() == [s.probability for s in reference]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), as_of=as_of_dates())
def test_table_scores_equal_the_estimator_on_edge_cases(scorer, data, as_of) -> None:
    cases = data.draw(caseloads(as_of))
    assert scorer.score_cases(cases, as_of, None) == scorer.score_cases_reference(
        cases, as_of, None
    )


def test_the_callers_evaluation_is_reused_only_by_a_rule_set_with_the_same_features(
    scorer,
) -> None:
    cases = generate_cases(40, seed=9, as_of=AS_OF)
    reference = scorer.score_cases_reference(cases, AS_OF)
    same = load_ruleset()  # another object, same fingerprint
    results = [evaluate_case(c, same, AS_OF) for c in cases]
    assert scorer.shares_features(same)
    assert scorer.score_cases(cases, AS_OF, results=results, ruleset=same) == reference
    # Another serious threshold: other facts, other features; its results must not be used.
    other = with_parameters(RULESET, {"serious_sentence_months": 6})
    assert not scorer.shares_features(other)
    results = [evaluate_case(c, other, AS_OF) for c in cases]
    assert scorer.score_cases(cases, AS_OF, results=results, ruleset=other) == reference
    # Results of another reference date are not used either.
    earlier = [evaluate_case(c, same, AS_OF - timedelta(days=400)) for c in cases]
    assert scorer.score_cases(cases, AS_OF, results=earlier, ruleset=same) == reference


def test_the_table_is_the_scorecard(scorer) -> None:
    table, model = scorer.table, scorer.model
    assert table.names == tuple(model.feature_names_in_)
    assert table.intercept == model.intercept_points_
    for j, name in enumerate(table.names):
        rows = model.points_table_[model.points_table_["feature"] == name]
        assert [r.points for r in table.reasons[j]] == rows["points"].tolist()
        assert [r.bin for r in table.reasons[j]] == rows["bin"].tolist()
