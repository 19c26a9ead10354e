"""``triage train``: train, evaluate, log and (only if every gate passes) promote the model.

Where the labels come from (issue 17, item 5): ``--decisions``/``--cases`` files; otherwise the
**recorded decisions in the service's database** (``DATABASE_URL``, or the demo database) when
at least ``--min-decisions`` cases have one; a **simulated decision history** only in demo mode
(``TRIAGE_MODE=demo``) or when asked for explicitly (``--simulated``, or a simulated
``--bias-group``), and then labelled as such in the run, the registry, the model card and
everywhere the model is shown. The store is ``MLFLOW_TRACKING_URI`` or ``sqlite:///mlflow.db``.
Exit codes: 0 when the run finished
(promoted or not; the summary says which gate failed), 3 with ``--require-promotion`` when the
version was not promoted, 1 for bad input (decisions, cases, rule set), 2 for bad options.
"""

from __future__ import annotations

import json
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rules import DEFAULT_RULESET
from service.cli.app import app
from service.cli.options import AsOf, as_date, err, is_terminal, out, user_errors

#: Exit code of ``--require-promotion`` when a gate failed.
NOT_PROMOTED = 3


@app.command("train")
def train_command(
    n: Annotated[
        int,
        typer.Option(
            "--n", min=200, help="Synthetische Fälle / synthetic cases (ohne --decisions)."
        ),
    ] = 20_000,
    seed: Annotated[int, typer.Option("--seed", help="Zufallsstartwert / random seed.")] = 0,
    as_of: AsOf = None,
    rules: Annotated[
        str, typer.Option("--rules", help="Regelwerk / rule set (name or file).")
    ] = DEFAULT_RULESET,
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            exists=True,
            dir_okay=False,
            metavar="FILE.jsonl",
            help="Erfasste Entscheidungen (JSON Lines: case_id, kind, as_of) statt Simulation / "
            "recorded decisions instead of the simulated history.",
        ),
    ] = None,
    cases: Annotated[
        Path | None,
        typer.Option(
            "--cases",
            exists=True,
            metavar="FILE",
            help="Fälle zu --decisions / case records the decisions refer to.",
        ),
    ] = None,
    bias_group: Annotated[
        str | None,
        typer.Option(
            "--bias-group",
            help="Simulierte Verzerrung gegen diese Gruppe (z. B. SYR) / inject a "
            "simulated bias against this audit group.",
        ),
    ] = None,
    bias_attribute: Annotated[
        str,
        typer.Option(
            "--bias-attribute", help="Audit-Feld der Gruppe / audit field: nationality or sex."
        ),
    ] = "nationality",
    bias_strength: Annotated[
        float,
        typer.Option(
            "--bias-strength",
            help="Log-Odds in den Entscheidungen / log-odds added to past decisions for the group.",
        ),
    ] = 1.5,
    bias_records: Annotated[
        float,
        typer.Option(
            "--bias-records",
            min=0.0,
            help="Zusätzliche offene Ermittlungen je Fall der Gruppe "
            "(Überkontrolle) / extra open investigations per case "
            "of the group.",
        ),
    ] = 1.0,
    justification: Annotated[
        str | None,
        typer.Option(
            "--justification",
            help="Schriftliche Begründung, die ein nicht bestandenes "
            "Fairness-Gate freigibt (wird protokolliert) / recorded "
            "justification for a failed fairness gate.",
        ),
    ] = None,
    min_auc: Annotated[
        float,
        typer.Option("--min-auc", min=0.5, max=1.0, help="Mindest-AUC / minimum held-out ROC AUC."),
    ] = 0.70,
    max_auc_gap: Annotated[
        float,
        typer.Option(
            "--max-auc-gap",
            min=0.0,
            max=0.5,
            help="Höchster AUC-Abstand zur logistischen Regression / maximum AUC gap.",
        ),
    ] = 0.05,
    min_group_size: Annotated[
        int,
        typer.Option(
            "--min-group-size",
            min=1,
            help="Mindestgröße einer Gruppe im Fairness-Gate / "
            "smallest group the fairness gate judges.",
        ),
    ] = 100,
    tracking_uri: Annotated[
        str | None,
        typer.Option(
            "--tracking-uri",
            help="MLflow-Speicher / tracking store (default: "
            "$MLFLOW_TRACKING_URI or sqlite:///mlflow.db).",
        ),
    ] = None,
    simulated: Annotated[
        bool,
        typer.Option(
            "--simulated",
            help="Auf simulierter Entscheidungshistorie trainieren (Demo, Tests) / train on a "
            "simulated decision history.",
        ),
    ] = False,
    min_decisions: Annotated[
        int,
        typer.Option(
            "--min-decisions",
            min=1,
            help="So viele entschiedene Fälle braucht das Training auf erfassten "
            "Entscheidungen / decided cases needed to train on recorded decisions.",
        ),
    ] = 500,
    require_promotion: Annotated[
        bool,
        typer.Option(
            "--require-promotion",
            help=f"Exit {NOT_PROMOTED}, wenn nicht befördert / exit "
            f"{NOT_PROMOTED} if the version is not promoted.",
        ),
    ] = False,
) -> None:
    """Punktemodell trainieren und registrieren / train and register the points model.

    Befördert die neue Version nur dann zu @champion, wenn alle Gates bestehen.
    Promotes the new version to @champion only when every quality gate passes.
    """
    from models.gates import GateConfig
    from models.history import Bias, DecisionError
    from models.registry import default_tracking_uri
    from models.training import STAGES, TrainingConfig, train

    if bias_group is not None and bias_attribute not in ("nationality", "sex"):
        raise typer.BadParameter(
            f"{bias_attribute!r} is not an audit field (nationality, sex)",
            param_hint="'--bias-attribute'",
        )
    if decisions is not None and cases is None:
        raise typer.BadParameter(
            "--decisions needs --cases (the decided case records)", param_hint="'--cases'"
        )
    if decisions is not None and bias_group is not None:
        raise typer.BadParameter(
            "a bias can only be simulated, not injected into recorded decisions",
            param_hint="'--bias-group'",
        )
    bias = (
        None
        if bias_group is None
        else Bias(bias_attribute, bias_group, bias_strength, bias_records)
    )
    exported = None
    if decisions is None and not simulated and bias is None:
        exported = _recorded_decisions(min_decisions)
        if exported is not None:
            decisions, cases = exported.decisions, exported.cases
            err.print(
                f"Trainingsdaten: {exported.count} erfasste Entscheidungen aus der Datenbank",
                markup=False,
            )
    if decisions is None:
        err.print(
            "Trainingsdaten: simulierte Entscheidungshistorie (nur Demo) / simulated decision "
            "history (demo only)",
            markup=False,
        )
    config = TrainingConfig(
        n=n,
        seed=seed,
        as_of=as_date(as_of),
        ruleset=rules,
        bias=bias,
        decisions=decisions,
        cases=cases,
        tracking_uri=tracking_uri or default_tracking_uri(),
        gates=GateConfig(
            min_auc=min_auc,
            max_auc_gap=max_auc_gap,
            min_group_size=min_group_size,
            justification=justification,
        ),
    )
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not is_terminal(),
        transient=True,
    ) as progress:
        task = progress.add_task(STAGES[0], total=len(STAGES))
        seen: list[str] = []

        def advance(stage: str) -> None:
            progress.update(task, completed=len(seen), description=f"{stage} …")
            seen.append(stage)

        with user_errors():
            try:
                result = train(config, progress=advance)
            except (DecisionError, ValueError, FileNotFoundError) as error:
                err.print(f"error: {error}", markup=False)
                raise typer.Exit(1) from None
        progress.update(task, completed=len(STAGES))
    if exported is not None:
        exported.folder.cleanup()
    _summary(result)
    if require_promotion and not result.promoted:
        raise typer.Exit(NOT_PROMOTED)


@dataclass
class _Exported:
    folder: tempfile.TemporaryDirectory[str]
    decisions: Path
    cases: Path
    count: int


def _recorded_decisions(minimum: int) -> _Exported | None:
    """The service's recorded decisions, exported for training, when at least ``minimum``
    cases have a label-bearing decision; otherwise ``None`` in demo mode and exit 1 outside
    it (a simulated history is for the demo only)."""
    from models.history import first_decisions
    from service.cli.service_commands import database, load_settings
    from service.decisions.export import export_decisions
    from service.settings import Settings

    count = 0
    folder = tempfile.TemporaryDirectory(prefix="triage-labels-")
    target = Path(folder.name)
    demo = False
    try:
        settings = Settings()
        demo = settings.is_demo
        present = not (
            settings.sqlalchemy_url.startswith("sqlite:///")
            and not Path(settings.sqlalchemy_url.removeprefix("sqlite:///")).is_file()
        )
    except Exception:  # no database configured: nothing recorded to train on
        present = False
    if present:
        with database(load_settings()) as db, db.read() as session:
            export_decisions(
                db_session=session,
                decisions_path=target / "decisions.jsonl",
                cases_path=target / "cases.jsonl",
            )
        with open(target / "decisions.jsonl", encoding="utf-8") as handle:
            count = len(first_decisions(json.loads(line) for line in handle if line.strip()))
    if count >= minimum:
        return _Exported(folder, target / "decisions.jsonl", target / "cases.jsonl", count)
    folder.cleanup()
    if demo:
        return None
    err.print(
        f"error: zu wenige erfasste Entscheidungen für das Training ({count} entschiedene "
        f"Fälle, mindestens {minimum}; --min-decisions). Auf einer simulierten Historie wird "
        "nur im Demo-Betrieb (TRIAGE_MODE=demo) oder ausdrücklich mit --simulated trainiert / "
        f"too few recorded decisions ({count} < {minimum}); a simulated history only in demo "
        "mode or with --simulated",
        markup=False,
    )
    raise typer.Exit(1)


def _fmt(value: float | None, digits: int = 3) -> str:
    return (
        "–"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:.{digits}f}"
    )


def _summary(result: object) -> None:
    """German summary of the run (English in the gate messages)."""
    from models.training import TrainingResult

    assert isinstance(result, TrainingResult)
    m = result.metrics
    out.print(
        f"[bold]Training abgeschlossen[/] – Lauf {result.run_id} im Experiment "
        f"{result.config.experiment} ({result.tracking_uri})"
    )
    out.print(
        f"Daten: {int(m['n_train'])} Fälle Training, {int(m['n_test'])} zurückgehalten; "
        f"Anteil aufgenommen {m['base_rate']:.1%}, vom Modell ausgewählt "
        f"{m['selection_rate']:.1%}"
    )
    out.print(
        f"Held-out: ROC AUC {_fmt(m['roc_auc'])} (logistische Regression "
        f"{_fmt(m['baseline_logistic_roc_auc'])}, Regeln allein "
        f"{_fmt(m['rules_roc_auc'])}) · Brier {_fmt(m['brier_score'])} · ECE "
        f"{_fmt(m['expected_calibration_error'])} · Übereinstimmung mit P1/P2 "
        f"{m['tier_agreement']:.1%}"
    )
    ratios = " · ".join(
        f"{a} {_fmt(r.min_selection_rate_ratio, 2)}" for a, r in result.fairness.items()
    )
    history = " · ".join(
        f"{a} {_fmt(r.min_selection_rate_ratio, 2)}" for a, r in result.history_fairness.items()
    )
    out.print(
        f"Fairness, niedrigstes Auswahlverhältnis (Modell, held-out): {ratios}; "
        f"in den Labels: {history}"
    )
    findings = result.label_findings
    if findings:
        out.print(
            f"[yellow]Hinweis / note:[/] die Labels selbst wählen Gruppen signifikant "
            f"ungleich aus (Datenqualität, Art. 10 KI-VO) / the labels themselves are "
            f"skewed: {', '.join(findings[:6])}{' …' if len(findings) > 6 else ''}"
        )
    table = Table(title="Gates", show_header=True, header_style="bold")
    for column in ("Gate", "Ergebnis", "Wert", "Schwelle", "Meldung"):
        table.add_column(column, overflow="fold")
    for gate in result.gates:
        verdict = (
            "[green]bestanden (begründet)[/]"
            if gate.justified
            else "[green]bestanden[/]"
            if gate.passed
            else "[bold red]nicht bestanden[/]"
        )
        table.add_row(gate.name, verdict, _fmt(gate.value), _fmt(gate.threshold, 2), gate.message)
    (out if out.is_terminal else Console(width=160, highlight=False, soft_wrap=True)).print(table)
    name = result.config.model_name
    if result.promoted:
        out.print(
            f"[bold green]Befördert / promoted:[/] {name} Version "
            f"{result.model_version} ist jetzt @champion (models:/{name}@champion)."
        )
    else:
        names = ", ".join(g.name for g in result.failed_gates) or "–"
        out.print(
            f"[bold red]Nicht befördert / not promoted:[/] {name} Version "
            f"{result.model_version} bleibt ohne Alias; Gate(s) nicht bestanden / "
            f"gate(s) failed: {names}. @champion bleibt unverändert."
        )
