"""PointsModel: integer points, exact monotonicity, hand-recomputable scores, calibrated table."""

from __future__ import annotations

import doctest
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

import models.points
from models import PointsModel


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    return make_classification(
        n_samples=600, n_features=5, n_informative=3, n_redundant=1, random_state=7
    )


@pytest.fixture(scope="module")
def fitted(data: tuple[np.ndarray, np.ndarray]) -> PointsModel:
    X, y = data
    return PointsModel(n_bins=4, max_points=5).fit(X, y)


def _adversarial(n: int = 3000, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """``proxy`` rises with the outcome on its own but lowers it given ``driver``."""
    rng = np.random.default_rng(seed)
    driver = rng.normal(size=n)
    proxy = driver + 0.4 * rng.normal(size=n)
    logit = 3.0 * driver - 1.5 * proxy
    y = (rng.random(n) < expit(logit)).astype(int)
    return pd.DataFrame({"driver": driver, "proxy": proxy}), y


def _points_by_hand(model: PointsModel, row: pd.Series) -> int:
    """What a caseworker does: find each feature's bin in the table and add the points."""
    table = model.points_table_
    total = model.intercept_points_
    for feature, value in row.items():
        rows = table[(table.feature == feature) & (table.lower <= value) & (value < table.upper)]
        assert len(rows) == 1, (feature, value)
        total += int(rows.points.iloc[0])
    return total


# ------------------------------------------------------------------ integers


def test_points_are_small_integers(fitted: PointsModel) -> None:
    assert fitted.points_table_["points"].dtype == np.int64
    assert all(p.dtype == np.int64 for p in fitted.points_)
    assert isinstance(fitted.intercept_points_, int)
    assert np.abs(fitted.points_table_["points"]).max() == fitted.max_points
    assert all(p[0] == 0 for p in fitted.points_), "the lowest bin is the reference"


def test_decision_function_is_integer_total(
    fitted: PointsModel, data: tuple[np.ndarray, np.ndarray]
) -> None:
    X, _ = data
    totals = fitted.decision_function(X)
    assert totals.dtype == np.int64
    explained = fitted.explain(X)
    np.testing.assert_array_equal(totals, explained.sum(axis=1) + fitted.intercept_points_)


def test_decision_function_matches_hand_computation_from_points_table() -> None:
    X, y = _adversarial(n=800, seed=3)
    model = PointsModel(n_bins=4).fit(X, y)
    totals = model.decision_function(X)
    for i in [0, 1, 17, 250, 799]:
        assert totals[i] == _points_by_hand(model, X.iloc[i])


def test_fewer_max_points_never_gives_bigger_points(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    coarse = PointsModel(n_bins=4, max_points=2).fit(X, y)
    assert set(np.unique(coarse.points_table_["points"])) <= {-2, -1, 0, 1, 2}


# --------------------------------------------------------------- monotonicity


def test_adversarial_feature_would_lose_points_without_constraint() -> None:
    X, y = _adversarial()
    free = PointsModel(n_bins=5, C=10.0).fit(X, y)
    proxy = free.points_[1]
    assert proxy[-1] < proxy[0], "the test data must make the free fit go down"


@pytest.mark.parametrize("monotone", [["proxy"], {"proxy": 1}, [1], {1: 1}])
def test_increasing_feature_never_loses_points(monotone: list | dict) -> None:
    X, y = _adversarial()
    model = PointsModel(n_bins=5, C=10.0, monotone=monotone).fit(X, y)
    np.testing.assert_array_equal(model.monotone_, [0, 1])
    assert np.all(np.diff(model.bin_log_odds_[1]) >= 0), "the fit itself is constrained"
    assert np.all(np.diff(model.points_[1]) >= 0)
    # Raising proxy on every row, all else equal, never lowers the score.
    for raised in (X.assign(proxy=X.proxy + step) for step in (0.1, 0.5, 2.0)):
        assert np.all(model.decision_function(raised) >= model.decision_function(X))


def test_decreasing_feature_never_gains_points() -> None:
    X, y = _adversarial()
    X = X.assign(proxy=-X.proxy)  # now proxy alone lowers the outcome, given driver it raises
    model = PointsModel(n_bins=5, C=10.0, monotone={"proxy": -1}).fit(X, y)
    assert np.all(np.diff(model.bin_log_odds_[1]) <= 0)
    assert np.all(np.diff(model.points_[1]) <= 0)
    raised = X.assign(proxy=X.proxy + 1.0)
    assert np.all(model.decision_function(raised) <= model.decision_function(X))


def test_monotone_constraint_costs_little_when_it_is_true() -> None:
    X, y = _adversarial()
    free = PointsModel(n_bins=5).fit(X, y)
    constrained = PointsModel(n_bins=5, monotone={"driver": 1}).fit(X, y)
    np.testing.assert_array_equal(free.points_[0], constrained.points_[0])


# ------------------------------------------------------------- probabilities


def test_predict_proba_rows_sum_to_one_and_rise_with_points(
    fitted: PointsModel, data: tuple[np.ndarray, np.ndarray]
) -> None:
    X, _ = data
    proba = fitted.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    order = np.argsort(fitted.decision_function(X), kind="stable")
    assert np.all(np.diff(proba[order, 1]) >= 0)
    table = fitted.probability_table_
    assert table["points"].is_monotonic_increasing
    assert table["probability"].is_monotonic_increasing
    assert fitted.calibration_coef_ >= 0


def test_probability_table_is_the_logistic_calibration_of_points(fitted: PointsModel) -> None:
    table = fitted.probability_table_
    expected = expit(fitted.calibration_coef_ * table.points + fitted.calibration_intercept_)
    np.testing.assert_allclose(table.probability, expected, rtol=1e-12)


def test_probability_table_lists_every_reachable_total(
    fitted: PointsModel, data: tuple[np.ndarray, np.ndarray]
) -> None:
    X, _ = data
    table = fitted.probability_table_
    reachable = {0}
    for points in fitted.points_:
        reachable = {t + p for t in reachable for p in set(points.tolist())}
    assert sorted(t + fitted.intercept_points_ for t in reachable) == table.points.tolist()
    assert table.n_train.sum() == len(X)


def test_predict_is_positive_total_and_argmax_of_proba(
    fitted: PointsModel, data: tuple[np.ndarray, np.ndarray]
) -> None:
    X, _ = data
    predicted = fitted.predict(X)
    np.testing.assert_array_equal(
        predicted, fitted.classes_[(fitted.decision_function(X) > 0).astype(int)]
    )
    np.testing.assert_array_equal(predicted, fitted.classes_[fitted.predict_proba(X).argmax(1)])


def test_string_labels_and_positive_class_is_classes_1() -> None:
    X, y = _adversarial(n=500)
    labels = np.where(y == 1, "prioritized", "later")
    model = PointsModel().fit(X, labels)
    assert model.classes_.tolist() == ["later", "prioritized"]
    hit = model.predict(X) == "prioritized"
    assert np.mean(hit == (y == 1)) > 0.7


# ---------------------------------------------------------------------- bins


def test_binary_and_integer_features_get_readable_bins() -> None:
    rng = np.random.default_rng(1)
    n = 400
    X = pd.DataFrame(
        {
            "in_custody": rng.integers(0, 2, n),
            "convictions": rng.poisson(2.5, n),
            "sentence_months": rng.gamma(2.0, 6.0, n),
        }
    )
    y = (X.convictions + 3 * X.in_custody + rng.normal(size=n) > 3).astype(int)
    model = PointsModel(n_bins=4).fit(X, y)
    table = model.points_table_.set_index("feature")
    assert table.loc["in_custody", "bin"].tolist() == ["x < 1", "x ≥ 1"]
    assert all(float(t).is_integer() for t in model.thresholds_[1])
    assert len(model.thresholds_[2]) == 3
    assert model.feature_names_in_.tolist() == ["in_custody", "convictions", "sentence_months"]


def test_given_thresholds_override_binning() -> None:
    X, y = _adversarial(n=500)
    model = PointsModel(thresholds={"proxy": [1.0, -1.0, 0.0]}).fit(X, y)
    np.testing.assert_array_equal(model.thresholds_[1], [-1.0, 0.0, 1.0])
    proxy_bins = model.points_table_.query("feature == 'proxy'").bin.tolist()
    assert proxy_bins == ["x < -1", "-1 ≤ x < 0", "0 ≤ x < 1", "x ≥ 1"]


def test_constant_feature_gets_one_bin_and_no_points() -> None:
    X, y = _adversarial(n=300)
    model = PointsModel().fit(X.assign(constant=5.0), y)
    assert model.points_table_.query("feature == 'constant'").bin.tolist() == ["any x"]
    assert model.points_[2].tolist() == [0]


# ---------------------------------------------------------------- explaining


def test_explain_keeps_names_and_index() -> None:
    X, y = _adversarial(n=300)
    model = PointsModel().fit(X, y)
    part = X.iloc[[5, 9]].set_axis(["A-1", "A-2"])
    explained = model.explain(part)
    assert explained.columns.tolist() == ["driver", "proxy"]
    assert explained.index.tolist() == ["A-1", "A-2"]


def test_reasons_name_bin_and_points_highest_first() -> None:
    X, y = _adversarial(n=300)
    model = PointsModel().fit(X, y)
    part = X.iloc[[5, 9]].set_axis(["A-1", "A-2"])
    reasons = model.reasons(part)
    assert reasons.columns.tolist() == ["row", "feature", "bin", "points"]
    assert reasons.row.tolist() == ["A-1", "A-1", "A-2", "A-2"]
    for case, rows in reasons.groupby("row"):
        assert rows.points.is_monotonic_decreasing
        assert rows.points.sum() == model.explain(part).loc[case].sum()
    assert set(reasons.bin) <= set(model.points_table_.bin)


def test_unnamed_features_are_x0_x1() -> None:
    X, y = _adversarial(n=300)
    model = PointsModel().fit(X.to_numpy(), y)
    assert model.points_table_.feature.unique().tolist() == ["x0", "x1"]
    assert not hasattr(model, "feature_names_in_")


# ---------------------------------------------------------- fit and contract


def test_reproducible_with_random_state() -> None:
    X, y = _adversarial(n=2000)
    first = PointsModel(subsample=500, random_state=11).fit(X, y)
    second = PointsModel(subsample=500, random_state=11).fit(X, y)
    pd.testing.assert_frame_equal(first.points_table_, second.points_table_)
    pd.testing.assert_frame_equal(first.probability_table_, second.probability_table_)


def test_sparse_fit_solves_the_logistic_regression_l1_problem() -> None:
    """Without constraints the solver reaches sklearn's L1 optimum on the same design."""
    X, y = _adversarial(n=400, seed=5)
    C = 0.05
    model = PointsModel(n_bins=4, C=C, tol=1e-10).fit(X, y)
    bins = model._bin_indices(X.to_numpy())
    design = np.column_stack(
        [bins[:, j] >= k for j, t in enumerate(model.thresholds_) for k in range(1, len(t) + 1)]
    ).astype(float)
    reference = LogisticRegression(
        C=C, l1_ratio=1.0, solver="saga", tol=1e-12, max_iter=200_000
    ).fit(design, y)

    def objective(coef: np.ndarray, intercept: float) -> float:
        logit = design @ coef + intercept
        return C * np.sum(np.logaddexp(0, logit) - y * logit) + np.abs(coef).sum()

    steps = np.concatenate([np.diff(lo) for lo in model.bin_log_odds_])
    ours = objective(steps, model.intercept_log_odds_)
    theirs = objective(reference.coef_.ravel(), reference.intercept_[0])
    assert ours <= theirs + 1e-6 * abs(theirs)
    np.testing.assert_allclose(steps, reference.coef_.ravel(), atol=0.05)


def test_more_than_two_classes_is_refused_clearly() -> None:
    X, y = make_classification(n_samples=90, n_classes=3, n_informative=3, random_state=0)
    with pytest.raises(ValueError, match="Only binary classification is supported"):
        PointsModel().fit(X, y)


def test_one_class_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="only one class"):
        PointsModel().fit(np.ones((5, 2)), np.zeros(5))


@pytest.mark.parametrize(
    ("monotone", "message"),
    [
        ({"proxxy": 1}, r"unknown feature 'proxxy' \(did you mean 'proxy'\?\)"),
        ({"proxy": 2}, "must be \\+1 or -1"),
        ([7], "index 7 is out of range"),
        ({1: 1, "proxy": -1}, "both directions"),
    ],
)
def test_bad_monotone_declarations_say_what_is_wrong(monotone: dict | list, message: str) -> None:
    X, y = _adversarial(n=200)
    with pytest.raises(ValueError, match=message):
        PointsModel(monotone=monotone).fit(X, y)


def test_feature_names_need_a_dataframe() -> None:
    X, y = _adversarial(n=200)
    with pytest.raises(ValueError, match="X has no column names"):
        PointsModel(monotone=["proxy"]).fit(X.to_numpy(), y)


def test_fit_does_not_warn_on_ordinary_data(data: tuple[np.ndarray, np.ndarray]) -> None:
    X, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        PointsModel().fit(X, y)


def test_docstring_example_runs() -> None:
    result = doctest.testmod(models.points, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
