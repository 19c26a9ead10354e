"""What the integer points cost: ROC AUC of PointsModel against LogisticRegression.

Run ``python -m evaluation.model_gap`` (about ten seconds). Every figure is a 5-fold
stratified cross-validated ROC AUC (mean ± standard deviation over the folds) on the same
features:

* ``logistic``: ``StandardScaler`` + unconstrained ``LogisticRegression`` (L2, ``C=1``) on the
  raw features, the usual strong linear baseline;
* ``binned L1``: ``PointsModel(max_points=100)``, the same bins and sparse fit with rounding
  that is too fine to matter, which separates the cost of binning and sparsity from the cost of
  rounding;
* ``points``: ``PointsModel()`` with its defaults (5 bins, at most 5 points per bin);
* ``points, monotone``: as ``points`` with the monotone declarations of the data set (only
  where the data set has a natural direction).

The data sets: ``make_classification`` (a linear problem, the baseline's home ground), the
Wisconsin breast cancer data bundled with scikit-learn (real measurements) and
``case_facts``, a synthetic table shaped like the derived facts the model will read (counts
of final convictions and open proceedings, longest sentence, incidents, custody, enforceable
departure obligation) with a label that has threshold effects. Its label is invented: it
shows the method on facts of the right shape, it is no statement about real cases.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit
from sklearn.base import ClassifierMixin
from sklearn.datasets import load_breast_cancer, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from models import PointsModel

__all__ = ["Benchmark", "benchmarks", "case_facts", "measure_gaps"]


@dataclass(frozen=True)
class Benchmark:
    """A named data set and the monotone declarations that make sense for it."""

    name: str
    load: Callable[[], tuple[pd.DataFrame, np.ndarray]]
    monotone: dict[str, int] | None = None


def case_facts(n_samples: int = 5000, *, random_state: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Synthetic derived facts of a caseload with an invented, threshold-shaped label."""
    rng = np.random.default_rng(random_state)
    convictions = rng.poisson(1.2, n_samples)
    has_sentence = rng.random(n_samples) < 1 - np.exp(-0.8 * convictions)
    sentence = np.where(has_sentence, np.round(rng.gamma(1.5, 8.0, n_samples)), 0.0)
    facts = pd.DataFrame(
        {
            "final_convictions_60m": convictions,
            "max_sentence_months": sentence,
            "open_proceedings": rng.poisson(0.6, n_samples),
            "incidents_12m": rng.poisson(0.8, n_samples),
            "max_incident_severity": rng.integers(0, 4, n_samples),
            "in_custody": (rng.random(n_samples) < 0.25).astype(int),
            "departure_enforceable": (rng.random(n_samples) < 0.55).astype(int),
        }
    )
    logit = (
        -3.0
        + 1.4 * (facts.max_sentence_months >= 12)
        + 0.9 * (facts.max_sentence_months >= 24)
        + 1.1 * (facts.final_convictions_60m >= 3)
        + 0.35 * np.minimum(facts.open_proceedings, 3)
        + 0.8 * (facts.max_incident_severity == 3)
        + 0.5 * facts.in_custody
        + 1.2 * facts.departure_enforceable
    )
    y = (rng.random(n_samples) < expit(logit)).astype(int)
    return facts, y


def _make_classification() -> tuple[pd.DataFrame, np.ndarray]:
    X, y = make_classification(
        n_samples=5000, n_features=10, n_informative=5, n_redundant=2, random_state=0
    )
    return pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])]), y


def _breast_cancer() -> tuple[pd.DataFrame, np.ndarray]:
    data = load_breast_cancer(as_frame=True)
    return data.data, data.target.to_numpy()


def benchmarks() -> list[Benchmark]:
    """The data sets of the comparison."""
    monotone_facts = {
        "final_convictions_60m": 1,
        "max_sentence_months": 1,
        "open_proceedings": 1,
        "incidents_12m": 1,
        "max_incident_severity": 1,
    }
    return [
        Benchmark("make_classification", _make_classification),
        Benchmark("breast_cancer", _breast_cancer),
        Benchmark("case_facts", case_facts, monotone_facts),
    ]


def _models(benchmark: Benchmark) -> dict[str, ClassifierMixin]:
    models: dict[str, Any] = {
        "logistic": make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)),
        "binned L1": PointsModel(max_points=100),
        "points": PointsModel(),
    }
    if benchmark.monotone:
        models["points, monotone"] = PointsModel(monotone=benchmark.monotone)
    return models


def measure_gaps(*, n_splits: int = 5, random_state: int = 0) -> pd.DataFrame:
    """Cross-validated ROC AUC per data set and model, and the gap to the logistic baseline.

    Returns
    -------
    pandas.DataFrame
        One row per data set and model: ``dataset``, ``model``, ``auc_mean``, ``auc_std``,
        ``gap`` (logistic mean minus this mean), ``nonzero_bins`` and ``bins`` (points models,
        fitted on all rows).
    """
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    rows = []
    for benchmark in benchmarks():
        X, y = benchmark.load()
        results = {}
        for name, model in _models(benchmark).items():
            scores = cross_val_score(model, X, y, cv=folds, scoring="roc_auc")
            results[name] = scores
            nonzero = bins = np.nan
            if isinstance(model, PointsModel):
                table = model.fit(X, y).points_table_
                nonzero, bins = int((table.points != 0).sum()), len(table)
            rows.append(
                {
                    "dataset": f"{benchmark.name} ({X.shape[0]}×{X.shape[1]})",
                    "model": name,
                    "auc_mean": scores.mean(),
                    "auc_std": scores.std(),
                    "nonzero_bins": nonzero,
                    "bins": bins,
                }
            )
        baseline = results["logistic"].mean()
        for row in rows[-len(results) :]:
            row["gap"] = baseline - row["auc_mean"]
    return pd.DataFrame(rows)


def to_markdown(frame: pd.DataFrame) -> str:
    """The table as GitHub markdown (no extra dependency)."""
    lines = [
        "| data set | model | ROC AUC (5-fold) | gap to logistic | bins with points |",
        "|---|---|---|---|---|",
    ]
    for row in frame.itertuples():
        bins = "–" if np.isnan(row.bins) else f"{int(row.nonzero_bins)} of {int(row.bins)}"
        gap = "–" if row.model == "logistic" else f"{row.gap:+.4f}"
        lines.append(
            f"| {row.dataset} | {row.model} | {row.auc_mean:.4f} ± {row.auc_std:.4f} "
            f"| {gap} | {bins} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=["markdown", "csv"], default="markdown")
    args = parser.parse_args(argv)
    frame = measure_gaps()
    print(to_markdown(frame) if args.format == "markdown" else frame.to_csv(index=False))


if __name__ == "__main__":
    main()
