"""``triage train``: labels, features, a points model, held-out evidence, MLflow, promotion.

One function, :func:`train`, runs the whole pipeline so that the CLI, the tests and a notebook
do exactly the same thing:

1. **data** (:mod:`models.dataset`): a synthetic caseload with a simulated decision history
   (:mod:`models.history`), or recorded decisions joined to their case records;
2. **features**: derived facts only (:mod:`models.features`), checked against the allowlist;
3. **split**: stratified, seeded, ``test_size`` held out;
4. **fit**: :class:`models.points.PointsModel` with bin cuts from the rule set's parameters
   and the declared monotone directions; an unconstrained logistic regression on the same
   features as the yardstick;
5. **evaluate** on the held-out cases: ROC AUC, Brier score, expected calibration error,
   agreement with the rule tiers, fairness by audit group (fairlearn via
   :func:`fairness.report.fairness_report`), and the same fairness audit of the labels
   themselves (bias in the history is a data-governance finding, EU AI Act Art. 10);
6. **gates** (:mod:`models.gates`);
7. **MLflow** (:mod:`models.tracking`): one run in experiment ``amit-priority`` with
   parameters, metrics, tables, figures and the filled model card (each once per language),
   the data as input lineage and the model as a registered pyfunc; the ``champion`` alias
   moves only if every gate passed.

``models`` otherwise imports only ``cases`` and ``rules``; the training pipeline is the one
place that also reads ``fairness.report``, because the fairness audit must be the same
code the auditors run (``triage fairness``). The served model does not import this module.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from fairness.report import FairnessReport, fairness_report
from models.dataset import AUDIT_ATTRIBUTES, TrainingData, load_training_data
from models.features import assert_allowed, feature_titles, monotone_constraints, thresholds_for
from models.gates import GateConfig, GateResult, evaluate_gates, failed, group_selection_test
from models.history import Bias
from models.points import PointsModel
from models.registry import EXPERIMENT_NAME, MODEL_NAME, default_tracking_uri
from models.tracking import RunInputs, record_run
from rules import DEFAULT_RULESET, load_ruleset
from texts import text, text_or
from texts.labels import group_label

__all__ = [
    "STAGES",
    "TrainingConfig",
    "TrainingResult",
    "expected_calibration_error",
    "label_findings",
    "stage_title",
    "tier_agreement",
    "train",
]

#: The stages of a run, in order, as codes; :func:`stage_title` names one in a language.
STAGES = ("data", "features", "fit", "evaluation", "gates", "run", "register", "promote")


def stage_title(stage: str, lang: str = "de") -> str:
    """The name of a stage of :data:`STAGES` as the progress shows it in ``lang``.

    >>> stage_title("register"), stage_title("register", "en")
    ('Modell registrieren', 'Registering the model')
    """
    return text(f"model_card.stage.{stage}", lang)


@dataclass(frozen=True)
class TrainingConfig:
    """Everything a training run depends on (logged as run parameters)."""

    n: int = 20_000
    seed: int = 0
    as_of: date | None = None
    ruleset: str = DEFAULT_RULESET
    test_size: float = 0.25
    bias: Bias | None = None
    decisions: Path | None = None
    cases: Path | None = None
    gates: GateConfig = field(default_factory=GateConfig)
    max_points: int = 5
    C: float = 1.0
    tracking_uri: str | None = None
    artifact_location: str | None = None
    experiment: str = EXPERIMENT_NAME
    model_name: str = MODEL_NAME

    @property
    def reference_date(self) -> date:
        return self.as_of or date.today()

    @property
    def label_source(self) -> str:
        return "decisions" if self.decisions else "simulated"


@dataclass
class TrainingResult:
    """What a run produced; ``promoted`` says whether ``champion`` moved."""

    run_id: str
    experiment_id: str
    model_uri: str
    model_version: str | None
    promoted: bool
    metrics: dict[str, float]
    gates: list[GateResult]
    fairness: dict[str, FairnessReport]
    history_fairness: dict[str, FairnessReport]
    model: PointsModel
    config: TrainingConfig
    tracking_uri: str
    #: The run's model card by language (``de``, ``en``), as logged with the run.
    model_cards: dict[str, str]
    #: The language of the run (progress, registry description, :attr:`model_card`).
    lang: str = "de"

    @property
    def model_card(self) -> str:
        """The run's model card in the language of the run."""
        return self.model_cards[self.lang]

    @property
    def failed_gates(self) -> list[GateResult]:
        return failed(self.gates)

    @property
    def label_findings(self) -> list[str]:
        """Audit groups whose *labels* differ significantly (see :func:`label_findings`)."""
        return label_findings(self.history_fairness, self.config.gates)


# ------------------------------------------------------------------------ metrics


def expected_calibration_error(y_true: Any, probability: Any, *, n_bins: int = 10) -> float:
    """Expected calibration error with ``n_bins`` equal-width probability bins.

    ``sum_b (n_b / n) * |mean(y in b) - mean(p in b)|``; a probability of exactly 1 falls in
    the last bin. 0 means the probabilities match the observed shares in every bin.

    >>> expected_calibration_error([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])
    0.0
    >>> round(expected_calibration_error([1, 1], [0.25, 0.25]), 2)
    0.75
    """
    y = np.asarray(y_true, dtype=np.float64).ravel()
    p = np.asarray(probability, dtype=np.float64).ravel()
    if y.shape != p.shape:
        raise ValueError(f"y_true and probability differ in length: {y.size} vs {p.size}")
    if y.size == 0:
        raise ValueError("expected_calibration_error needs at least one row")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("probabilities must lie in [0, 1]")
    bins = np.minimum((p * n_bins).astype(np.int64), n_bins - 1)
    total = 0.0
    for b in np.unique(bins):
        mask = bins == b
        total += mask.sum() / y.size * abs(y[mask].mean() - p[mask].mean())
    return float(total)


def tier_agreement(
    points: Any, selected: Any, tiers: Any, priority: Any, top_tiers: Sequence[str]
) -> dict[str, float]:
    """How far the model's view agrees with the rules' (see ``docs/model.md``).

    ``top_tiers`` are the rule set's priority tiers (``queue.priority`` of its file, e.g. P1
    and P2 in the shipped one): the "selection" the model is compared with.

    * ``tier_agreement``: share of cases where "model selects" equals "rules put it in a
      priority tier";
    * ``tier_auc``: ROC AUC of the model's points for a priority tier (1 = the points put every
      priority case above every other case);
    * ``tier_spearman``: Spearman correlation of the points with the rules' order (tier, then
      score; ``priority``, higher = earlier in the queue): positive = high points where the
      rules rank high.
    """
    points = np.asarray(points, dtype=np.float64)
    top = np.isin(np.asarray(tiers, dtype=object), list(top_tiers))
    chosen = np.asarray(selected).astype(bool)
    out = {"tier_agreement": float(np.mean(chosen == top))}
    out["tier_auc"] = float(roc_auc_score(top, points)) if 0 < top.sum() < top.size else math.nan
    rho = spearmanr(points, np.asarray(priority, dtype=np.float64)).statistic
    out["tier_spearman"] = float(rho) if rho is not None else math.nan
    return out


def label_findings(
    reports: dict[str, FairnessReport], config: GateConfig, lang: str | None = None
) -> list[str]:
    """``attribute=group (ratio vs. reference)`` for groups the *labels* select significantly
    less than 0.8 times the most selected group (tested like the fairness gate); with ``lang``
    in words (``Staatsangehörigkeit Syrien: 0,62 gegenüber Türkei``).

    A data-governance finding about the history (EU AI Act Art. 10), whether or not the model
    reproduces it. The labels are compared with themselves: with a bias *against* one group
    (more scrutiny), that group is the reference and the others are listed.
    """
    findings = []
    for attribute, report in reports.items():
        table = group_selection_test(
            report,
            min_group_size=config.min_group_size,
            threshold=config.fairness_ratio,
            alpha=config.alpha,
        )
        reference = table.attrs.get("reference")
        for group, ratio in table.loc[table["failed"], "ratio"].items():
            if lang is None:
                findings.append(f"{attribute}={group} ({ratio:.2f} vs. {reference})")
                continue
            shown = f"{ratio:.2f}"
            findings.append(
                text(
                    "labels.finding",
                    lang,
                    attribute=text_or(f"monitoring.attribute.{attribute}", attribute, lang),
                    group=group_label(attribute, group, lang),
                    ratio=shown if lang == "en" else shown.replace(".", ","),
                    reference=group_label(attribute, reference, lang),
                )
            )
    return findings


def evaluate_model(
    model: PointsModel,
    baseline: Any,
    data: TrainingData,
    test_idx: np.ndarray,
    n_train: int,
    top_tiers: Sequence[str],
) -> tuple[dict[str, float], np.ndarray, np.ndarray, np.ndarray]:
    """Held-out metrics; also returns points, probabilities and selections of the held-out."""
    X_test, y_test = data.X.iloc[test_idx], data.y[test_idx]
    points = model.decision_function(X_test)
    probability = model.predict_proba(X_test)[:, 1]
    selected = model.predict(X_test)
    metrics: dict[str, float] = {
        "roc_auc": float(roc_auc_score(y_test, points)),
        "brier_score": float(brier_score_loss(y_test, probability)),
        "expected_calibration_error": expected_calibration_error(y_test, probability),
        "log_loss": float(log_loss(y_test, probability, labels=[0, 1])),
        "baseline_logistic_roc_auc": float(
            roc_auc_score(y_test, baseline.predict_proba(X_test)[:, 1])
        ),
        "rules_roc_auc": float(roc_auc_score(y_test, data.rule_priority[test_idx])),
        "base_rate": float(y_test.mean()),
        "selection_rate": float(selected.mean()),
        "n_train": float(n_train),
        "n_test": float(len(test_idx)),
        "intercept_points": float(model.intercept_points_),
        "bins_with_points": float((model.points_table_["points"] != 0).sum()),
        **tier_agreement(
            points, selected, data.tiers[test_idx], data.rule_priority[test_idx], top_tiers
        ),
    }
    return metrics, points, probability, selected


# -------------------------------------------------------------------------- training


def _titles(ruleset: Any) -> dict[str, tuple[str, str]]:
    """The German and English title of every feature ``ruleset`` declares (the gates name the
    features by them)."""
    german, english = feature_titles("de", ruleset), feature_titles("en", ruleset)
    return {name: (title, english.get(name, name)) for name, title in german.items()}


def train(
    config: TrainingConfig | None = None,
    *,
    progress: Callable[[str], None] | None = None,
    lang: str = "de",
) -> TrainingResult:
    """Run the whole pipeline (module docstring) in the language ``lang`` (German by default):
    ``progress`` is told the name of each of :data:`STAGES` in that language
    (:func:`stage_title`), and the registry version's description is written in it. The model
    card and its plots are logged in every language (:mod:`models.reporting`)."""
    config = config or TrainingConfig()
    if config.as_of is None:
        config = replace(config, as_of=date.today())
    lang = "en" if lang == "en" else "de"
    told = progress or (lambda stage: None)

    def report(stage: str) -> None:
        told(stage_title(stage, lang))

    tracking_uri = config.tracking_uri or default_tracking_uri()
    ruleset = load_ruleset(config.ruleset)

    report(STAGES[0])
    data = load_training_data(config, ruleset)
    report(STAGES[1])
    assert_allowed(data.X.columns, ruleset)
    if len(np.unique(data.y)) < 2:
        raise ValueError("the labels hold only one class: nothing to learn")
    train_idx, test_idx = train_test_split(
        np.arange(len(data.y)),
        test_size=config.test_size,
        stratify=data.y,
        random_state=config.seed,
    )
    X_train, y_train = data.X.iloc[train_idx], data.y[train_idx]

    report(STAGES[2])
    model = PointsModel(
        thresholds=thresholds_for(ruleset),
        monotone=monotone_constraints(ruleset),
        max_points=config.max_points,
        C=config.C,
        random_state=config.seed,
    ).fit(X_train, y_train)
    baseline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(
        X_train, y_train
    )

    report(STAGES[3])
    metrics, points, probability, selected = evaluate_model(
        model, baseline, data, test_idx, len(train_idx), ruleset.priority_tiers()
    )
    y_test = data.y[test_idx]
    fairness = {
        a: fairness_report(selected, y_test, pd.Series(data.audit[a].to_numpy()[test_idx], name=a))
        for a in AUDIT_ATTRIBUTES
    }
    history_fairness = {
        a: fairness_report(data.y, data.y, pd.Series(data.audit[a].to_numpy(), name=a))
        for a in AUDIT_ATTRIBUTES
    }

    report(STAGES[4])
    gates = evaluate_gates(
        auc=metrics["roc_auc"],
        baseline_auc=metrics["baseline_logistic_roc_auc"],
        fairness=fairness,
        points_table=model.points_table_,
        monotone=monotone_constraints(ruleset),
        config=config.gates,
        titles=_titles(ruleset),
    )

    recorded = record_run(
        RunInputs(
            config=config,
            ruleset=ruleset,
            data=data,
            model=model,
            train_idx=train_idx,
            test_idx=test_idx,
            points=points,
            probability=probability,
            metrics=metrics,
            fairness=fairness,
            history_fairness=history_fairness,
            gates=gates,
        ),
        tracking_uri,
        report,
        stages=(STAGES[5], STAGES[6], STAGES[7]),
        lang=lang,
    )
    return TrainingResult(
        run_id=recorded.run_id,
        experiment_id=recorded.experiment_id,
        model_uri=recorded.model_uri,
        model_version=recorded.model_version,
        promoted=recorded.promoted,
        metrics=metrics,
        gates=gates,
        fairness=fairness,
        history_fairness=history_fairness,
        model=model,
        config=config,
        tracking_uri=tracking_uri,
        model_cards=recorded.model_cards,
        lang=lang,
    )
