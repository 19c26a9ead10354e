"""``triage train``: labels, features, a points model, held-out evidence, MLflow, promotion.

One function, :func:`train`, runs the whole pipeline so that the CLI, the tests and a notebook
do exactly the same thing:

1. **data**: a synthetic caseload and a simulated decision history (:mod:`models.history`),
   or recorded decisions (``decisions``) joined to their case records (``cases``);
2. **features**: derived facts only (:mod:`models.features`), checked against the allowlist;
3. **split**: stratified, seeded, ``test_size`` held out;
4. **fit**: :class:`models.points.PointsModel` with bin cuts from the rule set's parameters
   and the declared monotone directions; an unconstrained logistic regression on the same
   features as the yardstick;
5. **evaluate** on the held-out cases: ROC AUC, Brier score, expected calibration error,
   agreement with the rule tiers, fairness by audit group (fairlearn via
   :func:`evaluation.fairness.fairness_report`), and the same fairness audit of the labels
   themselves (bias in the history is a data-governance finding, EU AI Act Art. 10);
6. **gates** (:mod:`models.gates`);
7. **MLflow**: one run in experiment ``amit-priority`` with parameters, metrics, the points and
   probability tables, calibration and fairness figures, the filled model card, the training
   and held-out data as input lineage, and the model as a pyfunc, registered as
   ``amit-priority``;
8. **promotion**: the ``champion`` alias moves to the new version only when every gate passed.

``models`` otherwise imports only ``cases`` and ``rules``; the training pipeline is the one
place that also reads ``evaluation.fairness``, because the fairness audit must be the same
code the auditors run (``triage fairness``). The served model does not import this module.
"""

from __future__ import annotations

import io
import json
import logging
import math
import os
import re
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import mlflow
import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from cases.frames import CaseFrames, frames_from_cases
from cases.generator import generate_frames
from cases.io import load_cases
from evaluation.fairness import FairnessReport, fairness_report
from models.features import (
    FEATURE_NAMES,
    FEATURE_SCHEMA_VERSION,
    assert_allowed,
    build_features,
    feature_schema,
    monotone_constraints,
    ruleset_fingerprint,
    schema_fingerprint,
    thresholds_for,
)
from models.gates import (
    GateConfig,
    GateResult,
    all_passed,
    evaluate_gates,
    failed,
    group_selection_test,
)
from models.history import LABEL, Bias, first_decisions, simulate_history
from models.points import PointsModel
from models.pyfunc import log_points_model
from models.registry import (
    EXPERIMENT_NAME,
    MODEL_NAME,
    Tags,
    client_for,
    default_tracking_uri,
    ensure_experiment,
    promote,
)
from models.reporting import (
    calibration_figure,
    fairness_figure,
    render_model_card,
)
from models.scoring import Scorer, SelfTest, scorecard_document, sha256_file
from rules import load_ruleset
from rules.language import RuleSet

__all__ = [
    "AUDIT_ATTRIBUTES",
    "STAGES",
    "TrainingConfig",
    "TrainingData",
    "TrainingResult",
    "expected_calibration_error",
    "label_findings",
    "load_training_data",
    "tier_agreement",
    "train",
]

#: Audit-only fields the fairness audit groups by (never features).
AUDIT_ATTRIBUTES = ("nationality", "sex")
MISSING_GROUP = "(ohne Angabe)"
#: Tiers the rules put at the top of the queue: the "selection" the model is compared with.
TOP_TIERS = ("P1", "P2")

#: Stage names reported to the progress callback, in order.
STAGES = (
    "Daten / data",
    "Merkmale / features",
    "Training / fit",
    "Bewertung / evaluation",
    "Gates",
    "MLflow-Lauf / run",
    "Modell registrieren / register",
    "Befördern / promote",
)

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainingConfig:
    """Everything a training run depends on (logged as run parameters)."""

    n: int = 20_000
    seed: int = 0
    as_of: date | None = None
    ruleset: str = "amit-nrw-default"
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
class TrainingData:
    """Features, labels, rule tiers and audit groups of every case, row-aligned."""

    X: pd.DataFrame
    y: np.ndarray
    tiers: np.ndarray  # rule tier id per case
    ranks: np.ndarray  # rule queue rank per case (within its reference date)
    audit: pd.DataFrame  # audit-only fields, for the fairness audit only
    source: str
    description: str


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
    model_card: str

    @property
    def failed_gates(self) -> list[GateResult]:
        return failed(self.gates)

    @property
    def label_findings(self) -> list[str]:
        """Audit groups whose *labels* were taken up significantly less often than the most
        taken-up group's (< 0.8, Holm-tested like the fairness gate): a data-governance
        finding about the history (EU AI Act Art. 10), whether or not the model reproduces it.
        """
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


def tier_agreement(points: Any, selected: Any, tiers: Any, ranks: Any) -> dict[str, float]:
    """How far the model's view agrees with the rules' (see ``docs/model.md``).

    * ``tier_agreement``: share of cases where "model selects" equals "rules put it in P1/P2";
    * ``tier_auc``: ROC AUC of the model's points for rule tier P1/P2 (1 = the points put every
      P1/P2 case above every other case);
    * ``tier_spearman``: Spearman correlation of the points with the rules' queue order
      (positive = high points where the rules rank high).
    """
    points = np.asarray(points, dtype=np.float64)
    top = np.isin(np.asarray(tiers, dtype=object), TOP_TIERS)
    chosen = np.asarray(selected).astype(bool)
    out = {"tier_agreement": float(np.mean(chosen == top))}
    out["tier_auc"] = float(roc_auc_score(top, points)) if 0 < top.sum() < top.size \
        else math.nan
    rho = spearmanr(points, -np.asarray(ranks, dtype=np.float64)).statistic
    out["tier_spearman"] = float(rho) if rho is not None else math.nan
    return out


def label_findings(reports: dict[str, FairnessReport], config: GateConfig) -> list[str]:
    """``attribute=group (ratio)`` for every significantly under-selected group of the labels.

    The labels are compared with themselves, so "under-selected" means the *other* groups were
    taken up more often: with a bias against one group, that group is the reference and the
    others are listed.
    """
    findings = []
    for attribute, report in reports.items():
        table = group_selection_test(report, min_group_size=config.min_group_size,
                                     threshold=config.fairness_ratio, alpha=config.alpha)
        reference = table.attrs.get("reference")
        findings += [f"{attribute}={group} ({ratio:.2f} vs. {reference})"
                     for group, ratio in table.loc[table["failed"], "ratio"].items()]
    return findings


# ---------------------------------------------------------------------------- data


def _audit_frame(frames: CaseFrames) -> pd.DataFrame:
    audit = pd.DataFrame(index=frames.cases["case_id"].to_numpy(dtype=object))
    for attribute in AUDIT_ATTRIBUTES:
        values = frames.cases[attribute].astype(object).to_numpy()
        audit[attribute] = np.where(pd.isna(values), MISSING_GROUP, values)
    return audit


def _from_decisions(config: TrainingConfig, ruleset: RuleSet) -> TrainingData:
    if config.cases is None:
        raise ValueError("--decisions needs --cases: the case records the decisions refer to")
    decisions = []
    with open(config.decisions, encoding="utf-8") as handle:  # type: ignore[arg-type]
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    decisions.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise ValueError(f"{config.decisions}: line {number}: not JSON "
                                     f"({error.msg})") from None
    first = first_decisions(decisions)
    cases = {case.case_id: case for case in load_cases(config.cases)}
    unknown = sorted(set(first["case_id"]) - set(cases))
    if unknown:
        raise ValueError(f"{len(unknown)} decided case(s) missing from {config.cases}: "
                         f"{', '.join(unknown[:5])}")
    parts = []
    for day, group in first.groupby(first["as_of"].fillna(config.reference_date)):
        subset = [cases[cid] for cid in group["case_id"]]
        frames = frames_from_cases(subset)
        table = build_features(frames, ruleset, day)
        parts.append((table, group[LABEL].to_numpy(), _audit_frame(frames)))
    if not parts:
        raise ValueError(f"{config.decisions}: no decision with a label (case_conference, "
                         "prepare_measure, defer, monitor, close)")
    return TrainingData(
        X=pd.concat([p[0].X for p in parts]),
        y=np.concatenate([p[1] for p in parts]).astype(np.int64),
        tiers=np.concatenate([p[0].tier_ids() for p in parts]),
        ranks=np.concatenate([p[0].evaluation.ranks for p in parts]),
        audit=pd.concat([p[2] for p in parts]),
        source="decisions",
        description=f"{len(first)} recorded decisions ({config.decisions.name}) on "  # type: ignore[union-attr]
                    f"{config.cases.name}",
    )


def load_training_data(config: TrainingConfig, ruleset: RuleSet) -> TrainingData:
    """Features and labels for a run: recorded decisions if given, else a simulated history."""
    if config.decisions is not None:
        return _from_decisions(config, ruleset)
    as_of = config.reference_date
    frames = generate_frames(config.n, seed=config.seed, as_of=as_of)
    history = simulate_history(frames, ruleset, as_of, seed=config.seed, bias=config.bias)
    table = build_features(history.frames, ruleset, as_of)
    bias = f", bias {config.bias.as_dict()}" if config.bias else ""
    return TrainingData(
        X=table.X, y=history.labels.to_numpy(), tiers=table.tier_ids(),
        ranks=table.evaluation.ranks, audit=_audit_frame(history.frames), source="simulated",
        description=f"{config.n} synthetic cases (seed {config.seed}, as of "
                    f"{as_of.isoformat()}) with simulated past decisions{bias}",
    )


# --------------------------------------------------------------------------- MLflow


@contextmanager
def _tracking(uri: str) -> Iterator[None]:
    """Use ``uri`` for the fluent MLflow API inside the block, then restore the previous one."""
    from mlflow.tracking._tracking_service import utils as tracking_utils

    previous = tracking_utils._tracking_uri
    previous_env = os.environ.get("MLFLOW_TRACKING_URI")
    mlflow.set_tracking_uri(uri)
    try:
        yield
    finally:
        mlflow.set_tracking_uri(previous)  # type: ignore[arg-type]
        # set_tracking_uri also writes the environment variable; give the caller's back.
        if previous_env is None:
            os.environ.pop("MLFLOW_TRACKING_URI", None)
        else:
            os.environ["MLFLOW_TRACKING_URI"] = previous_env


_METRIC_NAME = re.compile(r"[^A-Za-z0-9_\-. /]")


def _metric_key(*parts: Any) -> str:
    return ".".join(_METRIC_NAME.sub("_", str(p)) for p in parts)


def _fairness_metrics(prefix: str, reports: dict[str, FairnessReport]) -> dict[str, float]:
    out: dict[str, float] = {}
    columns = ("count", "selection_rate", "false_positive_rate", "false_negative_rate",
               "selection_rate_difference", "selection_rate_ratio",
               "false_positive_rate_difference", "false_positive_rate_ratio",
               "false_negative_rate_difference", "false_negative_rate_ratio")
    for attribute, report in reports.items():
        out[_metric_key(prefix, attribute, "min_selection_rate_ratio")] = \
            report.min_selection_rate_ratio
        for group, row in report.by_group.iterrows():
            for column in columns:
                out[_metric_key(prefix, attribute, group, column)] = float(row[column])
    return {k: v for k, v in out.items() if not math.isnan(v)}


def _self_test_records(frames_cases: list[Any]) -> list[dict[str, Any]]:
    """SPEC §1 records of fixture cases, without the audit-only fields (not needed to score)."""
    return [case.model_dump(mode="json", exclude={"nationality", "sex"})
            for case in frames_cases]


def _fixture_records(config: TrainingConfig, ruleset: RuleSet) -> list[dict[str, Any]]:
    """Two small synthetic cases for the self-test and the input example: one scored high."""
    from cases.frames import cases_from_frames

    frames = generate_frames(200, seed=config.seed + 7919, as_of=config.reference_date)
    table = build_features(frames, ruleset, config.reference_date)
    top = int(np.argmin(table.evaluation.ranks))
    plain = int(np.argmax(table.evaluation.ranks))
    return _self_test_records(cases_from_frames(frames.take([top, plain])))


def _params(config: TrainingConfig, ruleset: RuleSet, data: TrainingData) -> dict[str, Any]:
    params: dict[str, Any] = {
        "label_source": data.source,
        "n_cases": len(data.y),
        "seed": config.seed,
        "as_of": config.reference_date.isoformat(),
        "test_size": config.test_size,
        "ruleset": ruleset.name,
        "ruleset_version": ruleset.version,
        "feature_schema_version": FEATURE_SCHEMA_VERSION,
        "features": ",".join(FEATURE_NAMES),
        "estimator": "PointsModel",
        "max_points": config.max_points,
        "C": config.C,
        "thresholds": json.dumps(thresholds_for(ruleset)),
        "monotone": json.dumps(monotone_constraints()),
        **{f"gate_{k}": v for k, v in config.gates.as_dict().items() if k != "justification"},
    }
    if config.bias is not None:
        params.update({f"bias_{k}": v for k, v in config.bias.as_dict().items()})
    return params


# -------------------------------------------------------------------------- training


def train(config: TrainingConfig | None = None, *,
          progress: Callable[[str], None] | None = None) -> TrainingResult:
    """Run the whole pipeline (module docstring); ``progress`` is told each :data:`STAGES`."""
    config = config or TrainingConfig()
    if config.as_of is None:
        config = replace(config, as_of=date.today())
    report = progress or (lambda stage: None)
    tracking_uri = config.tracking_uri or default_tracking_uri()
    ruleset = load_ruleset(config.ruleset)

    report(STAGES[0])
    data = load_training_data(config, ruleset)
    report(STAGES[1])
    assert_allowed(data.X.columns)
    positions = np.arange(len(data.y))
    if len(np.unique(data.y)) < 2:
        raise ValueError("the labels hold only one class: nothing to learn")
    train_idx, test_idx = train_test_split(positions, test_size=config.test_size,
                                           stratify=data.y, random_state=config.seed)
    X_train, X_test = data.X.iloc[train_idx], data.X.iloc[test_idx]
    y_train, y_test = data.y[train_idx], data.y[test_idx]

    report(STAGES[2])
    model = PointsModel(thresholds=thresholds_for(ruleset), monotone=monotone_constraints(),
                        max_points=config.max_points, C=config.C,
                        random_state=config.seed).fit(X_train, y_train)
    baseline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(
        X_train, y_train)

    report(STAGES[3])
    points = model.decision_function(X_test)
    probability = model.predict_proba(X_test)[:, 1]
    selected = model.predict(X_test)
    baseline_auc = float(roc_auc_score(y_test, baseline.predict_proba(X_test)[:, 1]))
    metrics: dict[str, float] = {
        "roc_auc": float(roc_auc_score(y_test, points)),
        "brier_score": float(brier_score_loss(y_test, probability)),
        "expected_calibration_error": expected_calibration_error(y_test, probability),
        "log_loss": float(log_loss(y_test, probability, labels=[0, 1])),
        "baseline_logistic_roc_auc": baseline_auc,
        "rules_roc_auc": float(roc_auc_score(y_test, -data.ranks[test_idx])),
        "base_rate": float(y_test.mean()),
        "selection_rate": float(selected.mean()),
        "n_train": float(len(train_idx)),
        "n_test": float(len(test_idx)),
        "intercept_points": float(model.intercept_points_),
        "bins_with_points": float((model.points_table_["points"] != 0).sum()),
        **tier_agreement(points, selected, data.tiers[test_idx], data.ranks[test_idx]),
    }
    fairness = {a: fairness_report(selected, y_test, pd.Series(
        data.audit[a].to_numpy()[test_idx], name=a)) for a in AUDIT_ATTRIBUTES}
    history_fairness = {a: fairness_report(data.y, data.y, pd.Series(
        data.audit[a].to_numpy(), name=a)) for a in AUDIT_ATTRIBUTES}

    report(STAGES[4])
    gates = evaluate_gates(auc=metrics["roc_auc"], baseline_auc=baseline_auc,
                           fairness=fairness, points_table=model.points_table_,
                           monotone=monotone_constraints(), config=config.gates)
    passed = all_passed(gates)

    report(STAGES[5])
    justification = config.gates.justification
    with _quiet_mlflow():
        client = client_for(tracking_uri)
        experiment_id = ensure_experiment(client, config.experiment, config.artifact_location)
    with _tracking(tracking_uri), _quiet_mlflow(), \
            mlflow.start_run(experiment_id=experiment_id) as run, \
            tempfile.TemporaryDirectory(prefix="amit-model-") as tmp:
        run_id = run.info.run_id
        mlflow.log_params(_params(config, ruleset, data))
        mlflow.log_metrics(metrics)
        mlflow.log_metrics(_fairness_metrics("fairness", fairness))
        mlflow.log_metrics(_fairness_metrics("history", history_fairness))
        mlflow.log_metrics({f"gate.{g.name}": 1.0 if g.passed else 0.0 for g in gates})
        tags = {
            Tags.FEATURE_SCHEMA_VERSION: str(FEATURE_SCHEMA_VERSION),
            Tags.FEATURE_SCHEMA_FINGERPRINT: schema_fingerprint(),
            Tags.RULESET_NAME: ruleset.name,
            Tags.RULESET_VERSION: str(ruleset.version),
            Tags.RULESET_FINGERPRINT: ruleset_fingerprint(ruleset),
            Tags.GATES_PASSED: str(passed).lower(),
            Tags.FAILED_GATES: ",".join(g.name for g in failed(gates)),
            Tags.LABEL_SOURCE: data.source,
        }
        if justification:
            tags[Tags.JUSTIFICATION] = justification
        if config.bias is not None:
            tags[Tags.BIAS] = json.dumps(config.bias.as_dict())
        mlflow.set_tags(tags)

        mlflow.log_table(model.points_table_, "points_table.json")
        mlflow.log_table(model.probability_table_, "probability_table.json")
        for attribute, rep in fairness.items():
            mlflow.log_table(rep.by_group.reset_index(names="group"),
                             f"fairness/{attribute}.json")
            mlflow.log_dict(rep.to_dict(), f"fairness/{attribute}_report.json")
            mlflow.log_dict(history_fairness[attribute].to_dict(),
                            f"fairness/history_{attribute}_report.json")
        mlflow.log_dict({"gates": [g.as_dict() for g in gates], "passed": passed},
                        "gates.json")
        mlflow.log_dict(feature_schema(), "feature_schema.json")
        figure = calibration_figure(y_test, probability, points)
        mlflow.log_figure(figure, "plots/calibration.png")
        figure = fairness_figure(fairness, config.gates)
        mlflow.log_figure(figure, "plots/fairness.png")

        train_frame = X_train.reset_index().assign(**{LABEL: y_train})
        test_frame = X_test.reset_index().assign(**{LABEL: y_test})
        mlflow.log_input(mlflow.data.from_pandas(train_frame, name="amit-history-train",
                                                 targets=LABEL), context="training")
        mlflow.log_input(mlflow.data.from_pandas(test_frame, name="amit-history-heldout",
                                                 targets=LABEL), context="evaluation")

        report(STAGES[6])
        records = _fixture_records(config, ruleset)
        scorecard = Path(tmp) / "scorecard.json"
        trained = {"run_id": run_id, "trained_at": datetime.now(UTC).isoformat(),
                   "as_of": config.reference_date.isoformat(), "label_source": data.source,
                   "metrics": {k: metrics[k] for k in ("roc_auc", "brier_score",
                                                       "expected_calibration_error")}}
        self_test = SelfTest(config.reference_date, records)
        document = scorecard_document(model, ruleset, self_test=self_test.as_dict(),
                                      training=trained)
        scorer = Scorer(model, ruleset, document)
        scored = scorer.score_records(records, config.reference_date)
        self_test.expected = [{"case_id": r.case_id, "points": int(r.points),
                               "probability": float(r.probability)}
                              for r in scored.itertuples(index=False)]
        document["self_test"] = self_test.as_dict()
        scorecard.write_text(json.dumps(document, ensure_ascii=False, indent=1),
                             encoding="utf-8")
        checksum = sha256_file(scorecard)
        mlflow.set_tag(Tags.SCORECARD_SHA256, checksum)
        with redirect_stderr(io.StringIO()):  # "Successfully registered model ..."
            info = log_points_model(
                scorecard, checksum, input_example=pd.DataFrame(records),
                metadata={**tags, Tags.SCORECARD_SHA256: checksum,
                          "as_of": config.reference_date.isoformat()},
                registered_model_name=config.model_name)
        version = None if info.registered_model_version is None else \
            str(info.registered_model_version)

        report(STAGES[7])
        promoted = False
        if version is not None:
            for key, value in {**tags, Tags.SCORECARD_SHA256: checksum,
                               "run_id": run_id}.items():
                client.set_model_version_tag(config.model_name, version, key, value)
            if passed:
                promote(client, version, name=config.model_name)
                promoted = True
            state = "champion" if promoted else \
                "not promoted: " + ", ".join(g.name for g in failed(gates))
            client.set_model_version_tag(config.model_name, version, Tags.PROMOTION, state)
            client.update_model_version(config.model_name, version,
                                        description=_version_description(
                                            metrics, gates, data, justification, promoted))
        mlflow.set_tag(Tags.PROMOTION, "champion" if promoted else "not promoted")
        card = render_model_card(
            metrics=metrics, gates=gates, fairness=fairness, history_fairness=history_fairness,
            model=model, data_description=data.description, run_id=run_id,
            model_version=version, promoted=promoted, config=config, ruleset=ruleset)
        mlflow.log_text(card, "model_card.md")
        mlflow.set_tag("mlflow.note.content", _version_description(
            metrics, gates, data, justification, promoted))
    return TrainingResult(
        run_id=run_id, experiment_id=experiment_id, model_uri=info.model_uri,
        model_version=version, promoted=promoted, metrics=metrics, gates=gates,
        fairness=fairness, history_fairness=history_fairness, model=model, config=config,
        tracking_uri=tracking_uri, model_card=card)


def _version_description(metrics: dict[str, float], gates: list[GateResult],
                         data: TrainingData, justification: str | None,
                         promoted: bool) -> str:
    lines = [
        f"Punktemodell für die aMIT-Fallliste; Daten: {data.description}.",
        f"Held-out: ROC AUC {metrics['roc_auc']:.3f}, Brier {metrics['brier_score']:.3f}, "
        f"ECE {metrics['expected_calibration_error']:.3f}, "
        f"Übereinstimmung mit P1/P2 {metrics['tier_agreement']:.1%}.",
        "Gates: " + "; ".join(f"{g.name}: {'ok' if g.passed else 'FAILED'}" for g in gates),
        "Status: champion" if promoted else "Status: nicht befördert / not promoted",
    ]
    if justification:
        lines.append(f"Begründung Fairness-Gate / fairness justification: {justification}")
    return "\n".join(lines)


@contextmanager
def _quiet_mlflow() -> Iterator[None]:
    """Keep MLflow's informational chatter (and pickling advice) out of the CLI output."""
    logger = logging.getLogger("mlflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        # MLflow prints "Successfully registered model ..." with print(); the CLI says it better.
        with warnings.catch_warnings(), redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
