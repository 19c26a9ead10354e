"""The points model: a sparse, monotone scorecard of small integer points per feature bin.

A caseworker can recompute every score by hand: look up the bin of each feature in
``points_table_``, add the points and the intercept points, look the total up in
``probability_table_``. The method is described in ``docs/points-model.md``; in short:

1. every numeric feature is cut into ordered bins (quantiles, equal widths or given
   thresholds; a feature with two distinct values keeps two bins),
2. a sparse logistic model (L1, strength ``C`` as in :class:`~sklearn.linear_model.
   LogisticRegression`) is fitted on the *cumulative* one-hot encoding of the bins, so each
   coefficient is the step in log-odds from one bin to the next; a declared monotone feature
   gets a sign bound on its steps, which makes the constraint exact instead of a repair,
3. the per-bin log-odds are scaled so that the largest magnitude maps to ``max_points`` and
   rounded to integers (rounding is monotone, so monotonicity survives it),
4. the probability table is refitted on the integer totals (Platt scaling with a
   non-negative slope), and the intercept points put the 50 % boundary at a total of 0.
"""

from __future__ import annotations

import difflib
import itertools
import warnings
from collections.abc import Hashable, Mapping, Sequence
from numbers import Integral, Real
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.sparse import csr_matrix
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import Tags, check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["PointsModel"]


class PointsModel(ClassifierMixin, BaseEstimator):
    """Binary classifier whose score is a sum of small integer points per feature bin.

    Parameters
    ----------
    n_bins : int, default=5
        Largest number of bins per feature. Ties can merge bins; a feature with at most
        ``n_bins`` distinct values gets one bin per value; a feature with two distinct values
        always gets two bins.
    binning : {"quantile", "uniform"}, default="quantile"
        How thresholds are chosen for features not listed in ``thresholds``: training-data
        quantiles or equal-width bins between the training minimum and maximum. Thresholds of
        integer-valued features are rounded up to integers (same partition of the training
        data, readable bins).
    thresholds : dict, default=None
        Given thresholds per feature, ``{feature: [t1, t2, ...]}``; a feature is a column index
        or, when fitted on a DataFrame, a column name. Bins are ``x < t1``, ``t1 ≤ x < t2``,
        ..., ``x ≥ tk``.
    monotone : dict or list, default=None
        Declared monotone features. A dict maps a feature (index or name) to ``+1`` (points
        never decrease as the value grows) or ``-1`` (points never increase); a list declares
        its features ``+1``.
    C : float, default=1.0
        Inverse L1 regularization strength, as in ``LogisticRegression``: the fit minimizes
        ``C * sum(log_loss) + sum(|step|)``. Smaller values give fewer non-zero steps.
    max_points : int, default=5
        Points of the bin with the largest absolute log-odds contribution. Smaller values give
        coarser, sparser scorecards.
    max_iter : int, default=1000
        Maximum number of L-BFGS-B iterations of the sparse logistic fit.
    tol : float, default=1e-6
        Tolerance on the projected gradient of the per-sample objective.
    subsample : int or None, default=200_000
        Number of rows used to compute quantile thresholds; ``None`` uses all rows.
    random_state : int, RandomState instance or None, default=None
        Seeds the row subsample for quantile thresholds. Only used when the training data has
        more than ``subsample`` rows; the rest of the fit is deterministic.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        Class labels; ``classes_[1]`` is the class the points argue for.
    n_features_in_ : int
        Number of features seen in ``fit``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, only when ``X`` was a DataFrame with string column names.
    thresholds_ : list of ndarray
        Sorted thresholds per feature; feature ``j`` has ``len(thresholds_[j]) + 1`` bins.
    monotone_ : ndarray of shape (n_features_in_,)
        Declared direction per feature: ``+1``, ``-1`` or ``0`` (free).
    bin_log_odds_ : list of ndarray
        Fitted log-odds contribution per bin before rounding; the lowest bin is the reference
        (0).
    intercept_log_odds_ : float
        Intercept of the sparse logistic fit before rounding (the points do not use it; the
        probability table is refitted on the integer totals).
    scale_ : float
        Points per unit of log-odds used for rounding (0 when every contribution is 0).
    points_ : list of ndarray of int
        Integer points per bin and feature; the lowest bin of each feature has 0 points.
    points_table_ : pandas.DataFrame
        One row per feature and bin: ``feature``, ``bin`` (e.g. ``"2 ≤ x < 4"``), ``lower``
        (inclusive), ``upper`` (exclusive), ``points``.
    intercept_points_ : int
        Points every row starts with. They place the decision boundary at a total of 0:
        ``predict`` returns ``classes_[1]`` exactly when the total is positive, which is exactly
        when the table probability exceeds 0.5.
    calibration_coef_, calibration_intercept_ : float
        Probability of ``classes_[1]`` is ``sigmoid(calibration_coef_ * total +
        calibration_intercept_)``, total as returned by ``decision_function``;
        ``calibration_coef_ >= 0``.
    probability_table_ : pandas.DataFrame
        Every reachable total: ``points``, ``probability`` and ``n_train`` (training rows with
        that total).
    n_iter_ : int
        Iterations of the sparse logistic fit.

    See Also
    --------
    sklearn.linear_model.LogisticRegression : The unconstrained model the points approximate.

    Notes
    -----
    ``decision_function(X) = intercept_points_ + explain(X).sum(axis=1)``, an integer per row.
    Binary targets only: more classes raise ``ValueError``.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from models import PointsModel
    >>> X, y = make_classification(n_samples=400, n_features=4, random_state=0)
    >>> model = PointsModel(n_bins=3, max_points=3, monotone=[0]).fit(X, y)
    >>> list(model.points_table_.columns)
    ['feature', 'bin', 'lower', 'upper', 'points']
    >>> total = model.decision_function(X[:1])
    >>> bool(total[0] == model.intercept_points_ + model.explain(X[:1]).to_numpy().sum())
    True
    >>> model.predict_proba(X[:1]).shape
    (1, 2)
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "n_bins": [Interval(Integral, 2, None, closed="left")],
        "binning": [StrOptions({"quantile", "uniform"})],
        "thresholds": [dict, None],
        "monotone": [dict, list, tuple, None],
        "C": [Interval(Real, 0, None, closed="neither")],
        "max_points": [Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="neither")],
        "subsample": [Interval(Integral, 1, None, closed="left"), None],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        n_bins: int = 5,
        binning: str = "quantile",
        thresholds: Mapping[Any, Sequence[float]] | None = None,
        monotone: Mapping[Any, int] | list[int | str] | tuple[int | str, ...] | None = None,
        C: float = 1.0,
        max_points: int = 5,
        max_iter: int = 1000,
        tol: float = 1e-6,
        subsample: int | None = 200_000,
        random_state: int | np.random.RandomState | None = None,
    ) -> None:
        self.n_bins = n_bins
        self.binning = binning
        self.thresholds = thresholds
        self.monotone = monotone
        self.C = C
        self.max_points = max_points
        self.max_iter = max_iter
        self.tol = tol
        self.subsample = subsample
        self.random_state = random_state

    def __sklearn_tags__(self) -> Tags:
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    # ------------------------------------------------------------------ fit

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any) -> PointsModel:
        """Fit bins, sparse monotone log-odds, integer points and the probability table.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Numeric features without missing values.
        y : array-like of shape (n_samples,)
            Binary target.

        Returns
        -------
        self : PointsModel
            The fitted model.
        """
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        classes = np.unique(y)
        if len(classes) < 2:
            raise ValueError(
                "PointsModel needs samples of two classes; y contains only one class "
                f"({classes[0]!r})."
            )
        y_type = type_of_target(y, input_name="y", raise_unknown=True)
        if y_type != "binary":
            raise ValueError(
                "Only binary classification is supported. The type of the target is "
                f"{y_type} ({len(classes)} classes); a points model scores one outcome."
            )
        self.classes_ = classes
        target = (y == self.classes_[1]).astype(np.float64)
        n_features = X.shape[1]

        self.monotone_ = self._resolve_monotone(n_features)
        given = self._resolve_thresholds(n_features)
        rng = check_random_state(self.random_state)
        sample = X
        if self.subsample is not None and X.shape[0] > self.subsample:
            sample = X[rng.choice(X.shape[0], self.subsample, replace=False)]
        self.thresholds_ = [
            given[j] if j in given else _thresholds(sample[:, j], self.n_bins, self.binning)
            for j in range(n_features)
        ]

        bins = self._bin_indices(X)
        log_odds, self.intercept_log_odds_, self.n_iter_ = _fit_monotone_l1_logistic(
            bins,
            [len(t) + 1 for t in self.thresholds_],
            target,
            self.monotone_,
            C=self.C,
            max_iter=self.max_iter,
            tol=self.tol,
        )
        self.bin_log_odds_ = log_odds

        largest = max((float(np.abs(lo).max()) for lo in log_odds), default=0.0)
        self.scale_ = self.max_points / largest if largest > 0 else 0.0
        self.points_ = [
            _enforce_monotone(_round_half_away(self.scale_ * lo), direction)
            for lo, direction in zip(log_odds, self.monotone_, strict=True)
        ]

        raw_totals = self._raw_totals(bins)
        slope, offset = _platt(raw_totals, target)
        reachable = _reachable_totals(self.points_)
        probability = expit(slope * reachable + offset)
        above = np.flatnonzero(probability > 0.5)
        # Shift totals so that "total > 0" is exactly "table probability > 0.5".
        if above.size:
            self.intercept_points_ = int(1 - reachable[above[0]])
        else:
            self.intercept_points_ = int(-reachable[-1])
        self.calibration_coef_ = float(slope)
        self.calibration_intercept_ = float(offset - slope * self.intercept_points_)

        totals = reachable + self.intercept_points_
        counts = pd.Series(raw_totals + self.intercept_points_).value_counts()
        self.probability_table_ = pd.DataFrame(
            {
                "points": totals.astype(np.int64),
                "probability": probability,
                "n_train": counts.reindex(totals, fill_value=0).to_numpy(dtype=np.int64),
            }
        )
        self.points_table_ = self._build_points_table()
        return self

    # ------------------------------------------------------------ predicting

    def decision_function(self, X: Any) -> np.ndarray:
        """Total integer points per row: ``intercept_points_`` plus the points of each bin.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,), dtype int64
            Positive totals predict ``classes_[1]``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return self._raw_totals(self._bin_indices(X)) + self.intercept_points_

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities looked up in ``probability_table_`` by total points.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Columns in the order of ``classes_``; rows sum to 1.
        """
        check_is_fitted(self)
        totals = self.decision_function(X)
        table_points = self.probability_table_["points"].to_numpy()
        table_probability = self.probability_table_["probability"].to_numpy()
        positive = table_probability[np.searchsorted(table_points, totals)]
        return np.column_stack([1.0 - positive, positive])

    def predict_log_proba(self, X: Any) -> np.ndarray:
        """Logarithm of :meth:`predict_proba`."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X: Any) -> np.ndarray:
        """Predict ``classes_[1]`` where the total points are positive, else ``classes_[0]``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        return self.classes_[(self.decision_function(X) > 0).astype(np.intp)]

    # ------------------------------------------------------------ explaining

    def explain(self, X: Any) -> pd.DataFrame:
        """Points per row and feature.

        ``explain(X).sum(axis=1) + intercept_points_`` equals ``decision_function(X)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        pandas.DataFrame of shape (n_samples, n_features), dtype int64
            Columns are the feature names (``x0``, ``x1``, ... without names); the index is
            the index of ``X`` when it is a DataFrame.
        """
        check_is_fitted(self)
        index = X.index if isinstance(X, pd.DataFrame) else None
        X = validate_data(self, X, reset=False, dtype=np.float64)
        bins = self._bin_indices(X)
        points = np.column_stack([self.points_[j][bins[:, j]] for j in range(self.n_features_in_)])
        return pd.DataFrame(points, index=index, columns=self._feature_names())

    def reasons(self, X: Any) -> pd.DataFrame:
        """Per row, every feature with its bin and points, highest points first.

        The service renders these as reason codes ("feature in bin: +n points").

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        pandas.DataFrame
            Columns ``row`` (index label of ``X``, or position), ``feature``, ``bin``,
            ``points``; ``n_samples * n_features`` rows.
        """
        check_is_fitted(self)
        index = X.index if isinstance(X, pd.DataFrame) else None
        X = validate_data(self, X, reset=False, dtype=np.float64)
        bins = self._bin_indices(X)
        n_samples, n_features = bins.shape
        labels = np.column_stack(
            [
                np.asarray(_bin_labels(t), dtype=object)[bins[:, j]]
                for j, t in enumerate(self.thresholds_)
            ]
        )
        points = np.column_stack([self.points_[j][bins[:, j]] for j in range(n_features)])
        rows = np.arange(n_samples) if index is None else index.to_numpy()
        long = pd.DataFrame(
            {
                "row": np.repeat(rows, n_features),
                "position": np.repeat(np.arange(n_samples), n_features),
                "feature": np.tile(self._feature_names(), n_samples),
                "bin": labels.ravel(),
                "points": points.ravel().astype(np.int64),
            }
        )
        long = long.sort_values(["position", "points"], ascending=[True, False], kind="stable")
        return long.drop(columns="position").reset_index(drop=True)

    # --------------------------------------------------------------- helpers

    def _feature_names(self) -> list[str]:
        if hasattr(self, "feature_names_in_"):
            return [str(name) for name in self.feature_names_in_]
        return [f"x{j}" for j in range(self.n_features_in_)]

    def _resolve_feature(self, key: Any, n_features: int, parameter: str) -> int:
        """Column index of a feature named by index or, after a DataFrame fit, by name."""
        if isinstance(key, Integral) and not isinstance(key, bool):
            if not 0 <= int(key) < n_features:
                raise ValueError(
                    f"{parameter}: feature index {key} is out of range for {n_features} features."
                )
            return int(key)
        if isinstance(key, str):
            names = list(getattr(self, "feature_names_in_", []))
            if not names:
                raise ValueError(
                    f"{parameter}: feature {key!r} is named, but X has no column names; "
                    "name features by column index or fit on a DataFrame."
                )
            if key not in names:
                close = difflib.get_close_matches(key, names, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ValueError(f"{parameter}: unknown feature {key!r}{hint}.")
            return names.index(key)
        raise ValueError(
            f"{parameter}: a feature is a column index or a column name, "
            f"found {type(key).__name__} {key!r}."
        )

    def _resolve_monotone(self, n_features: int) -> np.ndarray:
        directions = np.zeros(n_features, dtype=np.int8)
        if self.monotone is None:
            return directions
        if isinstance(self.monotone, Mapping):
            items: list[tuple[Hashable, Any]] = list(self.monotone.items())
        else:
            items = [(key, 1) for key in self.monotone]
        for key, direction in items:
            if isinstance(direction, bool) or direction not in (1, -1):
                raise ValueError(
                    f"monotone: direction of feature {key!r} must be +1 or -1, found {direction!r}."
                )
            j = self._resolve_feature(key, n_features, "monotone")
            if directions[j] not in (0, direction):
                raise ValueError(f"monotone: feature {key!r} is declared in both directions.")
            directions[j] = direction
        return directions

    def _resolve_thresholds(self, n_features: int) -> dict[int, np.ndarray]:
        given: dict[int, np.ndarray] = {}
        for key, values in (self.thresholds or {}).items():
            j = self._resolve_feature(key, n_features, "thresholds")
            cuts = np.asarray(values, dtype=np.float64).ravel()
            if not np.all(np.isfinite(cuts)):
                raise ValueError(f"thresholds: feature {key!r} has a non-finite threshold.")
            if j in given:
                raise ValueError(f"thresholds: feature {key!r} is given twice.")
            given[j] = np.unique(cuts)
        return given

    def _bin_indices(self, X: np.ndarray) -> np.ndarray:
        """Bin of each value: the number of thresholds at or below it."""
        bins = np.empty(X.shape, dtype=np.intp)
        for j, cuts in enumerate(self.thresholds_):
            bins[:, j] = np.searchsorted(cuts, X[:, j], side="right")
        return bins

    def _raw_totals(self, bins: np.ndarray) -> np.ndarray:
        totals = np.zeros(bins.shape[0], dtype=np.int64)
        for j, points in enumerate(self.points_):
            totals += points[bins[:, j]]
        return totals

    def _build_points_table(self) -> pd.DataFrame:
        rows = []
        names = self._feature_names()
        for name, cuts, points in zip(names, self.thresholds_, self.points_, strict=True):
            edges = np.concatenate([[-np.inf], cuts, [np.inf]])
            for b, label in enumerate(_bin_labels(cuts)):
                rows.append((name, label, edges[b], edges[b + 1], int(points[b])))
        table = pd.DataFrame(rows, columns=["feature", "bin", "lower", "upper", "points"])
        return table.astype({"points": np.int64})


# ---------------------------------------------------------------------------- binning


def _thresholds(values: np.ndarray, n_bins: int, strategy: str) -> np.ndarray:
    """Thresholds ``t`` with ``min < t <= max`` so that no bin is empty by construction."""
    distinct = np.unique(values)
    if distinct.size <= n_bins:
        return distinct[1:]
    if strategy == "quantile":
        cuts = np.quantile(values, np.linspace(0, 1, n_bins + 1)[1:-1])
    else:
        cuts = np.linspace(distinct[0], distinct[-1], n_bins + 1)[1:-1]
    if np.all(distinct == np.round(distinct)):
        # For integer-valued facts "x >= 2.4" and "x >= 3" split the data alike; 3 reads better.
        cuts = np.ceil(cuts)
    cuts = np.unique(cuts)
    return cuts[(cuts > distinct[0]) & (cuts <= distinct[-1])]


def _format_number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}"


def _bin_labels(cuts: np.ndarray) -> list[str]:
    if cuts.size == 0:
        return ["any x"]
    text = [_format_number(c) for c in cuts]
    middle = [f"{low} ≤ x < {high}" for low, high in itertools.pairwise(text)]
    return [f"x < {text[0]}", *middle, f"x ≥ {text[-1]}"]


# ------------------------------------------------------------------------ fitting


def _fit_monotone_l1_logistic(
    bins: np.ndarray,
    n_bins: list[int],
    target: np.ndarray,
    monotone: np.ndarray,
    *,
    C: float,
    max_iter: int,
    tol: float,
) -> tuple[list[np.ndarray], float, int]:
    """L1 logistic regression on cumulative bin indicators with sign-bounded steps.

    The coefficient of step ``k`` of feature ``j`` is the change in log-odds from bin ``k - 1``
    to bin ``k``. Every step is split into a non-negative up part and down part (only the
    allowed one for a monotone feature), so ``|step|`` is linear and L-BFGS-B solves the L1
    problem exactly under bounds. Minimizes ``(C * sum(log_loss) + sum(|steps|)) / n``, the
    objective of ``LogisticRegression(l1_ratio=1)`` divided by ``n`` (same minimizer).

    Returns the per-bin log-odds (lowest bin 0) for each feature, the intercept and the
    iteration count.
    """
    n_samples, n_features = bins.shape
    offsets = np.concatenate([[0], np.cumsum(n_bins)[:-1]]).astype(np.intp)
    total_bins = int(np.sum(n_bins))
    # One-hot of the bins, one column per bin of every feature (sparse: n_features per row).
    one_hot = csr_matrix(
        (
            np.ones(bins.size),
            (bins + offsets).ravel(),
            np.arange(0, bins.size + 1, n_features),
        ),
        shape=(n_samples, total_bins),
    )
    # Global index of the bin each step leads into (every bin but each feature's first).
    step_bin = np.concatenate([offsets[j] + np.arange(1, n_bins[j]) for j in range(n_features)])
    step_feature = np.repeat(np.arange(n_features), np.asarray(n_bins) - 1)
    direction = monotone[step_feature] if step_feature.size else np.zeros(0, dtype=np.int8)
    up = np.flatnonzero(direction >= 0)
    down = np.flatnonzero(direction <= 0)
    n_steps = step_bin.size

    sizes = np.asarray(n_bins, dtype=np.intp)
    ends = offsets + sizes

    def bin_values(steps: np.ndarray) -> np.ndarray:
        # Cumulative sum within each feature: a global cumsum minus the sum before the feature.
        values = np.zeros(total_bins)
        values[step_bin] = steps
        running = np.cumsum(values)
        return running - np.repeat(running[offsets], sizes)

    def unpack(params: np.ndarray) -> tuple[np.ndarray, float]:
        steps = np.zeros(n_steps)
        steps[up] += params[: up.size]
        steps[down] -= params[up.size : up.size + down.size]
        return steps, params[-1]

    def objective(params: np.ndarray) -> tuple[float, np.ndarray]:
        steps, intercept = unpack(params)
        values = bin_values(steps)
        logit = intercept + one_hot @ values
        loss = np.sum(np.logaddexp(0.0, logit) - target * logit)
        residual = C * (expit(logit) - target)
        per_bin = one_hot.T @ residual
        # d loss / d step k of feature j = residual mass of bins k, k+1, ... of feature j.
        from_here = np.append(np.cumsum(per_bin[::-1])[::-1], 0.0)
        tail = from_here[:-1] - np.repeat(from_here[ends], sizes)
        grad_steps = tail[step_bin]
        grad = np.concatenate([grad_steps[up] + 1.0, -grad_steps[down] + 1.0, [residual.sum()]])
        value = C * loss + params[:-1].sum()
        return value / n_samples, grad / n_samples

    base_rate = float(np.clip(target.mean(), 1e-12, 1 - 1e-12))
    start = np.zeros(up.size + down.size + 1)
    start[-1] = np.log(base_rate / (1 - base_rate))
    bounds = [(0.0, None)] * (up.size + down.size) + [(None, None)]
    result = minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": max_iter, "gtol": tol, "ftol": 64 * np.finfo(float).eps},
    )
    if not result.success:
        warnings.warn(
            f"PointsModel: the sparse logistic fit did not converge ({result.message}); "
            "increase max_iter or tol.",
            ConvergenceWarning,
            stacklevel=3,
        )
    steps, intercept = unpack(result.x)
    values = bin_values(steps)
    per_feature = [values[start:end].copy() for start, end in zip(offsets, ends, strict=True)]
    return per_feature, float(intercept), int(result.nit)


def _round_half_away(values: np.ndarray) -> np.ndarray:
    """Round to the nearest integer, halves away from zero (as taught in school)."""
    return (np.sign(values) * np.floor(np.abs(values) + 0.5)).astype(np.int64)


def _enforce_monotone(points: np.ndarray, direction: int) -> np.ndarray:
    # A no-op after the sign-bounded fit (rounding is monotone); kept so the guarantee does
    # not hinge on solver details.
    if direction > 0:
        return np.maximum.accumulate(points)
    if direction < 0:
        return np.minimum.accumulate(points)
    return points


def _reachable_totals(points: list[np.ndarray]) -> np.ndarray:
    """Every total a row can reach: sums of one bin's points per feature, sorted."""
    totals = {0}
    for feature_points in points:
        options = set(feature_points.tolist())
        totals = {total + p for total in totals for p in options}
    return np.array(sorted(totals), dtype=np.int64)


def _platt(totals: np.ndarray, target: np.ndarray) -> tuple[float, float]:
    """Logistic calibration ``p = sigmoid(a * total + b)`` with ``a >= 0``.

    Platt's smoothed targets keep ``a`` finite when the totals separate the classes.
    """
    positives = float(target.sum())
    negatives = float(target.size - positives)
    smoothed = np.where(target > 0, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    if np.ptp(totals) == 0:
        rate = float(smoothed.mean())
        return 0.0, float(np.log(rate / (1 - rate)))
    centre = float(totals.mean())
    spread = float(totals.std())
    z = (totals - centre) / spread

    def objective(params: np.ndarray) -> tuple[float, np.ndarray]:
        logit = params[0] * z + params[1]
        loss = np.sum(np.logaddexp(0.0, logit) - smoothed * logit)
        residual = expit(logit) - smoothed
        return loss / z.size, np.array([residual @ z, residual.sum()]) / z.size

    result = minimize(
        objective, np.zeros(2), jac=True, method="L-BFGS-B", bounds=[(0.0, None), (None, None)]
    )
    slope = result.x[0] / spread
    return float(slope), float(result.x[1] - slope * centre)
