"""Recording a training run in MLflow: run, artifacts, lineage, model, registry, promotion.

:func:`record_run` takes what :func:`models.training.train` computed and writes it, in this
order, so that a failure part-way leaves an unpromoted trace rather than a promoted mystery:

1. the run: parameters, metrics (incl. fairness per group and the gate results), tags;
2. artifacts: points and probability tables, fairness reports, gate results, feature schema,
   calibration and fairness figures (once per language: ``plots/calibration.de.png``,
   ``plots/calibration.en.png``, ...);
3. input lineage: the training and held-out data (case id, features, label; no audit field);
4. the model: scorecard with self-test, logged as a pyfunc and registered;
5. the registry version's tags and description; the ``champion`` alias only if every gate
   passed;
6. the model card with this run's figures, once per language (``model_card.de.md``,
   ``model_card.en.md``), never both languages in one text.

The registry version's description is written in the language of the run (``lang``: the
command line's, German by default).
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import mlflow
import numpy as np
import pandas as pd
from mlflow.data.pandas_dataset import from_pandas

from cases.frames import cases_from_frames
from cases.generator import generate_frames
from fairness.report import FairnessReport
from models.dataset import TrainingData
from models.drift import bin_counts
from models.features import (
    FEATURE_SCHEMA_VERSION,
    build_features,
    feature_schema,
    features_of,
    monotone_constraints,
    ruleset_fingerprint,
    schema_fingerprint,
    thresholds_for,
)
from models.gates import GateResult, all_passed, failed, fairness_justification
from models.history import LABEL
from models.points import PointsModel
from models.pyfunc import log_points_model
from models.registry import Tags, client_for, ensure_experiment, promote
from models.reporting import (
    calibration_figure,
    card_artifact,
    data_description,
    fairness_figure,
    gate_name,
    justification_in,
    plot_artifact,
    render_model_cards,
)
from models.scoring import Scorer, SelfTest, scorecard_document, sha256_file
from rules.language import RuleSet
from texts import LANGS, format_percent, text

if TYPE_CHECKING:
    from models.training import TrainingConfig

__all__ = ["RecordedRun", "RunInputs", "record_run"]

_METRIC_NAME = re.compile(r"[^A-Za-z0-9_\-. /]")


@dataclass
class RunInputs:
    """Everything a training run computed, handed to :func:`record_run`."""

    config: TrainingConfig
    ruleset: RuleSet
    data: TrainingData
    model: PointsModel
    train_idx: np.ndarray
    test_idx: np.ndarray
    points: np.ndarray  # held-out totals
    probability: np.ndarray  # held-out probabilities
    metrics: dict[str, float]
    fairness: dict[str, FairnessReport]
    history_fairness: dict[str, FairnessReport]
    gates: list[GateResult]


@dataclass
class RecordedRun:
    """Where the run went and what became of the model."""

    run_id: str
    experiment_id: str
    model_uri: str
    model_version: str | None
    promoted: bool
    #: The run's model card by language, as logged.
    model_cards: dict[str, str]


def record_run(
    run: RunInputs,
    tracking_uri: str,
    report: Callable[[str], None] = lambda stage: None,
    stages: tuple[str, str, str] = ("run", "register", "promote"),
    lang: str = "de",
) -> RecordedRun:
    """Write the run to ``tracking_uri`` (see the module docstring); ``lang`` is the language
    of the registry version's description."""
    config = run.config
    report(stages[0])
    with _quiet_mlflow():
        client = client_for(tracking_uri)
        experiment_id = ensure_experiment(client, config.experiment, config.artifact_location)
    passed = all_passed(run.gates)
    with (
        _tracking(tracking_uri),
        _quiet_mlflow(),
        mlflow.start_run(experiment_id=experiment_id) as active,
        tempfile.TemporaryDirectory(prefix="amit-model-") as tmp,
    ):
        run_id = active.info.run_id
        tags = _log_run(run, passed)
        _log_inputs(run)

        report(stages[1])
        records = _fixture_records(run)
        scorecard, checksum = _write_scorecard(run, run_id, records, Path(tmp))
        mlflow.set_tag(Tags.SCORECARD_SHA256, checksum)
        with redirect_stderr(io.StringIO()):  # MLflow prints "Successfully registered ..."
            info = log_points_model(
                scorecard,
                checksum,
                input_example=pd.DataFrame(records),
                metadata={
                    **tags,
                    Tags.SCORECARD_SHA256: checksum,
                    "as_of": config.reference_date.isoformat(),
                },
                registered_model_name=config.model_name,
            )
        version = (
            None if info.registered_model_version is None else str(info.registered_model_version)
        )

        report(stages[2])
        promoted = False
        description = _description(run, promoted=passed, lang=lang)
        if version is not None:
            for key, value in {**tags, Tags.SCORECARD_SHA256: checksum, "run_id": run_id}.items():
                client.set_model_version_tag(config.model_name, version, key, value)
            if passed:
                promote(client, version, name=config.model_name)
                promoted = True
            state = (
                "champion"
                if promoted
                else "not promoted: " + ", ".join(g.name for g in failed(run.gates))
            )
            client.set_model_version_tag(config.model_name, version, Tags.PROMOTION, state)
            description = _description(run, promoted=promoted, lang=lang)
            client.update_model_version(config.model_name, version, description=description)
        mlflow.set_tag(Tags.PROMOTION, "champion" if promoted else "not promoted")
        mlflow.set_tag("mlflow.note.content", description)
        cards = render_model_cards(
            metrics=run.metrics,
            gates=run.gates,
            fairness=run.fairness,
            history_fairness=run.history_fairness,
            model=run.model,
            run_id=run_id,
            model_version=version,
            promoted=promoted,
            config=config,
            ruleset=run.ruleset,
        )
        for card_lang, card in cards.items():
            mlflow.log_text(card, card_artifact(card_lang))
    return RecordedRun(run_id, experiment_id, info.model_uri, version, promoted, cards)


# ------------------------------------------------------------------------- pieces


def _log_run(run: RunInputs, passed: bool) -> dict[str, str]:
    """Parameters, metrics, tags, tables, reports, figures; returns the tags."""
    config, ruleset = run.config, run.ruleset
    mlflow.log_params(_params(run))
    mlflow.log_metrics(run.metrics)
    mlflow.log_metrics(_fairness_metrics("fairness", run.fairness))
    mlflow.log_metrics(_fairness_metrics("history", run.history_fairness))
    mlflow.log_metrics({f"gate.{g.name}": 1.0 if g.passed else 0.0 for g in run.gates})
    tags = {
        Tags.FEATURE_SCHEMA_VERSION: str(FEATURE_SCHEMA_VERSION),
        Tags.FEATURE_SCHEMA_FINGERPRINT: schema_fingerprint(ruleset),
        Tags.RULESET_NAME: ruleset.name,
        Tags.RULESET_VERSION: str(ruleset.version),
        Tags.RULESET_FINGERPRINT: ruleset_fingerprint(ruleset),
        Tags.GATES_PASSED: str(passed).lower(),
        Tags.FAILED_GATES: ",".join(g.name for g in failed(run.gates)),
        Tags.LABEL_SOURCE: run.data.source,
    }
    justification = fairness_justification(run.gates, config.gates)
    if justification:
        tags[Tags.JUSTIFICATION] = justification
    if config.bias is not None:
        tags[Tags.BIAS] = json.dumps(config.bias.as_dict())
    mlflow.set_tags(tags)

    mlflow.log_table(run.model.points_table_, "points_table.json")
    mlflow.log_table(run.model.probability_table_, "probability_table.json")
    for attribute, report in run.fairness.items():
        mlflow.log_table(report.by_group.reset_index(names="group"), f"fairness/{attribute}.json")
        mlflow.log_dict(report.to_dict(), f"fairness/{attribute}_report.json")
        mlflow.log_dict(
            run.history_fairness[attribute].to_dict(), f"fairness/history_{attribute}_report.json"
        )
    mlflow.log_dict({"gates": [g.as_dict() for g in run.gates], "passed": passed}, "gates.json")
    mlflow.log_dict(feature_schema(run.ruleset), "feature_schema.json")
    y_test = run.data.y[run.test_idx]
    for lang in LANGS:
        mlflow.log_figure(
            calibration_figure(y_test, run.probability, run.points, lang=lang),
            plot_artifact("calibration", lang),
        )
        mlflow.log_figure(
            fairness_figure(run.fairness, config.gates, lang=lang),
            plot_artifact("fairness", lang),
        )
    return tags


def _log_inputs(run: RunInputs) -> None:
    """Training and held-out data as MLflow datasets: case id, features, label only."""
    for idx, name, context in (
        (run.train_idx, "amit-history-train", "training"),
        (run.test_idx, "amit-history-heldout", "evaluation"),
    ):
        frame = run.data.X.iloc[idx].reset_index().assign(**{LABEL: run.data.y[idx]})
        mlflow.log_input(from_pandas(frame, name=name, targets=LABEL), context=context)


def _fixture_records(run: RunInputs) -> list[dict[str, Any]]:
    """Two synthetic SPEC §1 records (top and bottom of a small queue), no audit fields:
    the model's input example and its self-test."""
    day = run.config.reference_date
    frames = generate_frames(200, seed=run.config.seed + 7919, as_of=day)
    ranks = build_features(frames, run.ruleset, day).evaluation.ranks
    picked = cases_from_frames(frames.take([int(np.argmin(ranks)), int(np.argmax(ranks))]))
    return [case.model_dump(mode="json", exclude={"nationality", "sex"}) for case in picked]


def _write_scorecard(
    run: RunInputs, run_id: str, records: list[dict[str, Any]], folder: Path
) -> tuple[Path, str]:
    """The scorecard JSON with the self-test's expected scores; returns path and SHA-256."""
    day = run.config.reference_date
    training = {
        "run_id": run_id,
        "trained_at": datetime.now(UTC).isoformat(),
        "as_of": day.isoformat(),
        "label_source": run.data.source,
        "data_description": run.data.description,
        "metrics": {
            k: run.metrics[k] for k in ("roc_auc", "brier_score", "expected_calibration_error")
        },
        # Cases per bin of every feature in the training split: the reference of the drift
        # monitoring (models.drift); counts only, no case.
        "distribution": bin_counts(run.model, run.data.X.iloc[run.train_idx]),
    }
    self_test = SelfTest(day, records)
    document = scorecard_document(
        run.model, run.ruleset, self_test=self_test.as_dict(), training=training
    )
    scored = Scorer(run.model, run.ruleset, document).score_records(records, day)
    self_test.expected = [
        {"case_id": r.case_id, "points": int(r.points), "probability": float(r.probability)}
        for r in scored.itertuples(index=False)
    ]
    document["self_test"] = self_test.as_dict()
    path = folder / "scorecard.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path, sha256_file(path)


def _params(run: RunInputs) -> dict[str, Any]:
    config, ruleset = run.config, run.ruleset
    params: dict[str, Any] = {
        "label_source": run.data.source,
        "n_cases": len(run.data.y),
        "seed": config.seed,
        "as_of": config.reference_date.isoformat(),
        "test_size": config.test_size,
        "ruleset": ruleset.name,
        "ruleset_version": ruleset.version,
        "feature_schema_version": FEATURE_SCHEMA_VERSION,
        "features": ",".join(f.name for f in features_of(ruleset)),
        "estimator": "PointsModel",
        "max_points": config.max_points,
        "C": config.C,
        "thresholds": json.dumps(thresholds_for(ruleset)),
        "monotone": json.dumps(monotone_constraints(ruleset)),
        **{f"gate_{k}": v for k, v in config.gates.as_dict().items() if k != "justification"},
    }
    if config.bias is not None:
        params.update({f"bias_{k}": v for k, v in config.bias.as_dict().items()})
    return params


def _metric_key(*parts: Any) -> str:
    return ".".join(_METRIC_NAME.sub("_", str(p)) for p in parts)


def _fairness_metrics(prefix: str, reports: dict[str, FairnessReport]) -> dict[str, float]:
    """``<prefix>.<attribute>.<group>.<rate>`` for every group and rate; NaN left out."""
    out: dict[str, float] = {}
    columns = (
        "count",
        "selection_rate",
        "false_positive_rate",
        "false_negative_rate",
        "selection_rate_difference",
        "selection_rate_ratio",
        "false_positive_rate_difference",
        "false_positive_rate_ratio",
        "false_negative_rate_difference",
        "false_negative_rate_ratio",
    )
    for attribute, report in reports.items():
        out[_metric_key(prefix, attribute, "min_selection_rate_ratio")] = (
            report.min_selection_rate_ratio
        )
        for group, row in report.by_group.iterrows():
            for column in columns:
                out[_metric_key(prefix, attribute, group, column)] = float(row[column])
    return {k: v for k, v in out.items() if not np.isnan(v)}


def _description(run: RunInputs, *, promoted: bool, lang: str = "de") -> str:
    """The registry version's description in ``lang``: data, figures, gates, status,
    justification."""
    m, config = run.metrics, run.config

    def number(value: float) -> str:
        shown = f"{value:.3f}"
        return shown if lang == "en" else shown.replace(".", ",")

    n_cases = int(m["n_train"] + m["n_test"])
    verdicts = "; ".join(
        text(
            "model_card.description.gate",
            lang,
            gate=gate_name(g.name, lang),
            verdict=text(f"model_card.description.{'passed' if g.passed else 'failed'}", lang),
        )
        for g in run.gates
    )
    lines = [
        text(
            "model_card.description.head",
            lang,
            source=text(f"model_card.source.{config.label_source}", lang),
            description=data_description(config, n_cases, lang),
        ),
        text(
            "model_card.description.figures",
            lang,
            auc=number(m["roc_auc"]),
            brier=number(m["brier_score"]),
            ece=number(m["expected_calibration_error"]),
            tiers="/".join(run.ruleset.queue.priority),
            agreement=format_percent(m["tier_agreement"], lang),
        ),
        text("model_card.description.gates", lang, gates=verdicts),
        text(f"model_card.description.{'champion' if promoted else 'not_promoted'}", lang),
    ]
    justification = justification_in(run.gates, config.gates, lang)
    if justification:
        lines.append(
            text("model_card.description.justification", lang, justification=justification)
        )
    return "\n".join(lines)


@contextmanager
def _tracking(uri: str) -> Iterator[None]:
    """Use ``uri`` for the fluent MLflow API inside the block, then restore the caller's.

    MLflow's registration resolves ``models:/m-…`` sources through the *global* tracking URI,
    so the fluent API must point at the run's store while the model is logged.
    """
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


@contextmanager
def _quiet_mlflow() -> Iterator[None]:
    """Keep MLflow's informational chatter (and pickling advice) out of the CLI output."""
    logger = logging.getLogger("mlflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
