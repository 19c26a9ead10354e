"""``triage train``: metrics, the MLflow run's contents, registration, promotion, the CLI."""

from __future__ import annotations

import doctest
import json
import shutil
from datetime import date

import numpy as np
import pytest
from mlflow import MlflowClient
from typer.testing import CliRunner

import models.training
from models.features import FEATURE_NAMES
from models.registry import Tags, client_for, resolve_version
from models.training import TrainingConfig, expected_calibration_error, tier_agreement, train
from tests.models.conftest import AS_OF


def test_doctests() -> None:
    assert doctest.testmod(models.training).failed == 0


# ---------------------------------------------------------------- calibration error


def test_ece_is_zero_when_every_bin_matches_its_share() -> None:
    y = [0, 0, 0, 1] * 5 + [1, 1, 1, 0] * 5
    p = [0.25] * 20 + [0.75] * 20
    assert expected_calibration_error(y, p) == pytest.approx(0.0)


def test_ece_by_hand() -> None:
    # Bin [0.1, 0.2): p 0.1, 0.1, observed 1/2 -> gap 0.4, weight 2/4.
    # Bin [0.9, 1.0]: p 0.9, 1.0 (1.0 belongs to the last bin), observed 1 -> gap 0.05, 2/4.
    y = [1, 0, 1, 1]
    p = [0.1, 0.1, 0.9, 1.0]
    assert expected_calibration_error(y, p) == pytest.approx(0.5 * 0.4 + 0.5 * 0.05)


def test_ece_weights_bins_by_size() -> None:
    y = [1] + [0] * 9
    p = [0.0] * 9 + [0.95]  # the one positive sits with the nine zeros
    expected = 0.9 * abs(1 / 9 - 0.0) + 0.1 * abs(0.0 - 0.95)
    assert expected_calibration_error(np.array(y), np.array(p)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("y", "p", "message"),
    [
        ([1, 0], [0.5], "differ in length"),
        ([], [], "at least one"),
        ([1], [1.5], r"\[0, 1\]"),
    ],
)
def test_ece_refuses_bad_input(y, p, message) -> None:
    with pytest.raises(ValueError, match=message):
        expected_calibration_error(y, p)


def test_tier_agreement_definitions() -> None:
    tiers = np.array(["P1", "P2", "P3", "NONE"], dtype=object)
    priority = np.array([-0.0 + 55, -1000.0 + 40, -2000.0 + 15, -4000.0])  # tier, then score
    top = ("P1", "P2")
    perfect = tier_agreement([9, 5, 1, 0], [True, True, False, False], tiers, priority, top)
    assert perfect == {"tier_agreement": 1.0, "tier_auc": 1.0, "tier_spearman": 1.0}
    inverted = tier_agreement([0, 1, 5, 9], [False, False, True, True], tiers, priority, top)
    assert inverted == {"tier_agreement": 0.0, "tier_auc": 0.0, "tier_spearman": -1.0}


# --------------------------------------------------------------------- the MLflow run


@pytest.fixture(scope="module")
def run(trained, store):
    return MlflowClient(tracking_uri=store.tracking_uri).get_run(trained.run_id)


def test_held_out_metrics_are_logged_and_plausible(trained, run) -> None:
    metrics = run.data.metrics
    for key in (
        "roc_auc",
        "brier_score",
        "expected_calibration_error",
        "tier_agreement",
        "tier_auc",
        "tier_spearman",
        "baseline_logistic_roc_auc",
        "rules_roc_auc",
    ):
        assert key in metrics and metrics[key] == pytest.approx(trained.metrics[key])
    assert 0.7 < metrics["roc_auc"] < 0.95
    assert metrics["brier_score"] < metrics["base_rate"] * (1 - metrics["base_rate"])
    assert metrics["expected_calibration_error"] < 0.1
    assert metrics["tier_agreement"] > 0.8
    assert metrics["n_test"] == 750


def test_fairness_metrics_are_logged_per_audit_group(run) -> None:
    metrics = run.data.metrics
    for attribute in ("nationality", "sex"):
        assert f"fairness.{attribute}.min_selection_rate_ratio" in metrics
        assert f"history.{attribute}.min_selection_rate_ratio" in metrics
    for column in (
        "selection_rate",
        "false_positive_rate",
        "false_negative_rate",
        "selection_rate_ratio",
        "selection_rate_difference",
    ):
        assert f"fairness.sex.m.{column}" in metrics
    assert metrics["gate.fairness"] == 1.0


def test_parameters_and_tags_describe_the_run(run) -> None:
    params, tags = run.data.params, run.data.tags
    assert params["label_source"] == "simulated"
    assert params["as_of"] == AS_OF.isoformat()
    assert params["features"].split(",") == list(FEATURE_NAMES)
    assert params["ruleset"] == "amit-nrw-default"
    assert json.loads(params["thresholds"])["repeat_convictions"] == [1, 3, 6]
    assert tags[Tags.FEATURE_SCHEMA_VERSION] == "1"
    assert tags[Tags.GATES_PASSED] == "true"
    assert tags[Tags.PROMOTION] == "champion"
    assert len(tags[Tags.SCORECARD_SHA256]) == 64


def test_artifacts_hold_tables_plots_card_and_gates(trained, store) -> None:
    client = MlflowClient(tracking_uri=store.tracking_uri)
    listed = {a.path for a in client.list_artifacts(trained.run_id)}
    assert {
        "points_table.json",
        "probability_table.json",
        "model_card.de.md",
        "model_card.en.md",
        "gates.json",
        "feature_schema.json",
        "plots",
        "fairness",
    } <= listed
    plots = {a.path for a in client.list_artifacts(trained.run_id, "plots")}
    assert plots == {
        "plots/calibration.de.png",
        "plots/calibration.en.png",
        "plots/fairness.de.png",
        "plots/fairness.en.png",
    }
    card = trained.model_card  # German, the language of the run
    assert f"{trained.metrics['roc_auc']:.3f}".replace(".", ",") in card  # the run's own figures
    assert trained.run_id in card
    for heading in ("Zweck", "Eingaben", "Menschliche Aufsicht", "Automatisierungs", "Art. 86"):
        assert heading in card
    english = trained.model_cards["en"]
    assert f"{trained.metrics['roc_auc']:.3f}" in english
    assert trained.run_id in english
    for heading in ("Purpose", "Inputs", "Human oversight", "automation bias", "Art. 86"):
        assert heading in english


def test_training_data_is_logged_as_input_lineage_without_audit_fields(run) -> None:
    inputs = run.inputs.dataset_inputs
    contexts = {i.tags[0].value: i.dataset for i in inputs}
    assert set(contexts) == {"training", "evaluation"}
    schema = json.loads(contexts["training"].schema)["mlflow_colspec"]
    columns = {c["name"] for c in schema}
    assert columns == {"case_id", *FEATURE_NAMES, "prioritised"}
    assert contexts["training"].name == "amit-history-train"


def test_the_model_is_registered_and_promoted(trained, store) -> None:
    version = resolve_version(client_for(store.tracking_uri), "models:/amit-priority@champion")
    assert str(version.version) == trained.model_version
    assert version.run_id == trained.run_id


# ------------------------------------------------------------------------------ CLI


@pytest.fixture(scope="module")
def cli():
    from service.cli.app import _register, app

    _register()
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_cli_trains_registers_and_promotes(cli, new_store, monkeypatch) -> None:
    own = new_store("cli-plain")
    monkeypatch.chdir(own.root)  # the new experiment's artifacts go to ./mlruns
    result = cli(
        "train",
        "--simulated",
        "--n",
        "3000",
        "--seed",
        "1",
        "--as-of",
        AS_OF.isoformat(),
        "--tracking-uri",
        own.tracking_uri,
    )
    assert result.exit_code == 0, result.output
    assert "Training abgeschlossen" in result.stdout
    assert "ROC AUC" in result.stdout and "Brier" in result.stdout
    assert "Befördert: amit-priority Version 1" in result.stdout
    assert "Staatsangehörigkeit " in result.stdout and "Geschlecht " in result.stdout


def test_cli_bias_is_caught_by_the_fairness_gate(cli, trained, store) -> None:
    """A biased history fails the fairness gate; the version stays unpromoted, the champion
    (the session's ``trained`` model in the same store) stays where it was."""
    client = client_for(store.tracking_uri)
    biased = cli(
        "train",
        "--n",
        "6000",
        "--seed",
        "1",
        "--as-of",
        AS_OF.isoformat(),
        "--tracking-uri",
        store.tracking_uri,
        "--bias-group",
        "SYR",
        "--require-promotion",
    )
    assert biased.exit_code == 3, biased.output
    assert "Nicht befördert: amit-priority" in biased.stdout
    assert "nicht bestanden: fairness" in biased.stdout
    assert "Die Labels selbst" in biased.stdout
    number = biased.stdout.split("Nicht befördert: amit-priority Version ")[1]
    version = client.get_model_version("amit-priority", number.split()[0])
    assert version.tags[Tags.PROMOTION] == "not promoted: fairness"
    assert version.tags[Tags.GATES_PASSED] == "false"
    assert "champion" not in version.aliases
    champion = resolve_version(client, "models:/amit-priority@champion")
    assert str(champion.version) == trained.model_version


def test_a_justification_is_recorded_and_lets_the_version_through(new_store) -> None:
    from models.gates import GateConfig
    from models.history import Bias

    own = new_store("justified")
    reason = "Testlauf: Verzerrung absichtlich simuliert, kein Einsatz"
    result = train(
        TrainingConfig(
            n=6000,
            seed=1,
            as_of=AS_OF,
            bias=Bias("nationality", "SYR", 1.5, 1.0),
            tracking_uri=own.tracking_uri,
            artifact_location=own.artifact_location,
            gates=GateConfig(justification=reason),
        )
    )
    fairness = next(g for g in result.gates if g.name == "fairness")
    assert fairness.passed and fairness.justified
    assert result.promoted
    client = MlflowClient(tracking_uri=own.tracking_uri, registry_uri=own.tracking_uri)
    assert client.get_run(result.run_id).data.tags[Tags.JUSTIFICATION] == reason
    assert reason in client.get_model_version("amit-priority", result.model_version).description


def test_cli_trains_on_recorded_decisions(cli, new_store, tmp_path, monkeypatch) -> None:
    from cases import generate_frames, write_frames
    from models.history import simulate_decisions
    from rules import load_ruleset

    frames = generate_frames(2500, seed=4, as_of=AS_OF)
    labels = simulate_decisions(frames, load_ruleset(), AS_OF, seed=4)
    write_frames(frames, tmp_path / "cases.jsonl")
    kinds = {1: "case_conference", 0: "defer"}
    with open(tmp_path / "decisions.jsonl", "w", encoding="utf-8") as handle:
        for case_id, label in labels.items():
            handle.write(
                json.dumps(
                    {"case_id": case_id, "kind": kinds[int(label)], "as_of": AS_OF.isoformat()}
                )
                + "\n"
            )
    own = new_store("cli-decisions")
    monkeypatch.chdir(own.root)  # the new experiment's artifacts go to ./mlruns
    result = cli(
        "train",
        "--decisions",
        tmp_path / "decisions.jsonl",
        "--cases",
        tmp_path / "cases.jsonl",
        "--as-of",
        AS_OF.isoformat(),
        "--tracking-uri",
        own.tracking_uri,
    )
    assert result.exit_code == 0, result.output
    run_id = result.stdout.split("Lauf ")[1].split()[0]
    params = MlflowClient(tracking_uri=own.tracking_uri).get_run(run_id).data.params
    assert params["label_source"] == "decisions"
    assert params["n_cases"] == "2500"


def test_cli_without_recorded_decisions_trains_simulated_only_in_the_demo(
    cli, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    result = cli("train", "--n", "500")
    assert result.exit_code == 1
    assert "zu wenige erfasste Entscheidungen für das Training (0 entschiedene Fälle" in (
        result.output
    )
    assert "--simulated" in result.output


def test_cli_trains_on_the_databases_recorded_decisions_by_default(
    cli, new_store, tmp_path, monkeypatch
) -> None:
    from cases import generate_cases
    from cases.model import REGIONS
    from models.history import simulate_decisions
    from rules import load_ruleset
    from service.cases import service as case_service
    from service.db import migrate
    from service.db.engine import Database
    from service.decisions.models import Decision

    url = f"sqlite:///{tmp_path / 'triage.db'}"
    db = Database(url, create=True)
    migrate.upgrade(db.engine)
    cases = generate_cases(700, seed=6, as_of=AS_OF)
    from cases.frames import frames_from_cases

    labels = simulate_decisions(frames_from_cases(cases), load_ruleset(), AS_OF, seed=6)
    with db.write() as session:
        case_service.import_cases(
            db_session=session, cases=cases, actor="test", regions=REGIONS, source="test"
        )
    from datetime import UTC, datetime

    with db.write() as session:
        for k, case in enumerate(cases):
            session.add(
                Decision(
                    region=case.region,
                    case_id=case.case_id,
                    case_version=1,
                    kind="case_conference" if labels[case.case_id] else "defer",
                    reason="Test",
                    override=False,
                    rank=None,
                    tier="P1",
                    score=0,
                    as_of=AS_OF,
                    ruleset="amit-nrw-default@1",
                    decided_by="test",
                    decided_at=datetime(2026, 11, 23, 9, 0, k % 60, tzinfo=UTC),
                    audit_seq=0,
                )
            )
    db.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    own = new_store("cli-db-decisions")
    monkeypatch.chdir(own.root)
    result = cli("train", "--as-of", AS_OF.isoformat(), "--tracking-uri", own.tracking_uri)
    assert result.exit_code == 0, result.output
    assert "700 erfasste Entscheidungen aus der Datenbank" in result.output
    run_id = result.stdout.split("Lauf ")[1].split()[0]
    params = MlflowClient(tracking_uri=own.tracking_uri).get_run(run_id).data.params
    assert params["label_source"] == "decisions" and params["n_cases"] == "700"
    too_few = cli("train", "--min-decisions", "701", "--tracking-uri", own.tracking_uri)
    assert too_few.exit_code == 1 and "(700 entschiedene Fälle, mindestens 701" in too_few.output


def test_cli_refuses_bad_options(cli) -> None:
    result = cli("train", "--decisions", __file__)
    assert result.exit_code == 2
    assert "--cases" in result.output
    result = cli("train", "--bias-group", "SYR", "--bias-attribute", "region")
    assert result.exit_code == 2 and "kein Prüfmerkmal" in result.output
    result = cli("train", "--n", "500", "--bias-group", "XYZ")
    assert result.exit_code == 1
    assert "bias group 'XYZ' does not occur in nationality" in result.output


@pytest.mark.slow
def test_cli_works_with_no_arguments(cli, new_store, monkeypatch) -> None:
    """The issue's promise: ``triage train`` alone, default store ``sqlite:///mlflow.db``."""
    own = new_store("cli-default")
    monkeypatch.chdir(own.root)
    monkeypatch.delenv("MLFLOW_TRACKING_URI")
    monkeypatch.setenv("TRIAGE_MODE", "demo")  # a simulated history only in the demo
    result = cli("train")
    assert result.exit_code == 0, result.output
    assert "(sqlite:///mlflow.db)" in result.stdout
    assert "Version 1" in result.stdout
    assert (own.root / "mlruns").is_dir()  # artifacts beside the store, not in the repo
    run_id = result.stdout.split("Lauf ")[1].split()[0]
    params = MlflowClient(tracking_uri=own.tracking_uri).get_run(run_id).data.params
    assert params["n_cases"] == "20000" and params["as_of"] == date.today().isoformat()
    shutil.rmtree(own.root / "mlruns")
