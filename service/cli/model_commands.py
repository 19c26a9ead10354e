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
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from service.cli.app import app
from service.cli.language import BadValue, current, say
from service.cli.options import DEFAULT_RULES, AsOf, as_date, err, is_terminal, out, user_errors
from texts import has, text_or

#: Exit code of ``--require-promotion`` when a gate failed.
NOT_PROMOTED = 3


@app.command("train")
def train_command(
    n: Annotated[
        int,
        typer.Option("--n", min=200, help="cli.help.train.n"),
    ] = 20_000,
    seed: Annotated[int, typer.Option("--seed", help="cli.help.train.seed")] = 0,
    as_of: AsOf = None,
    rules: Annotated[str, typer.Option("--rules", help="cli.help.common.rules")] = DEFAULT_RULES,
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            exists=True,
            dir_okay=False,
            metavar="FILE.jsonl",
            help="cli.help.train.decisions",
        ),
    ] = None,
    cases: Annotated[
        Path | None,
        typer.Option(
            "--cases",
            exists=True,
            metavar="FILE",
            help="cli.help.train.cases",
        ),
    ] = None,
    bias_group: Annotated[
        str | None,
        typer.Option(
            "--bias-group",
            help="cli.help.train.bias_group",
        ),
    ] = None,
    bias_attribute: Annotated[
        str,
        typer.Option("--bias-attribute", help="cli.help.train.bias_attribute"),
    ] = "nationality",
    bias_strength: Annotated[
        float,
        typer.Option(
            "--bias-strength",
            help="cli.help.train.bias_strength",
        ),
    ] = 1.5,
    bias_records: Annotated[
        float,
        typer.Option(
            "--bias-records",
            min=0.0,
            help="cli.help.train.bias_records",
        ),
    ] = 1.0,
    justification: Annotated[
        str | None,
        typer.Option(
            "--justification",
            help="cli.help.train.justification",
        ),
    ] = None,
    min_auc: Annotated[
        float,
        typer.Option("--min-auc", min=0.5, max=1.0, help="cli.help.train.min_auc"),
    ] = 0.70,
    max_auc_gap: Annotated[
        float,
        typer.Option(
            "--max-auc-gap",
            min=0.0,
            max=0.5,
            help="cli.help.train.max_auc_gap",
        ),
    ] = 0.05,
    min_group_size: Annotated[
        int,
        typer.Option(
            "--min-group-size",
            min=1,
            help="cli.help.train.min_group_size",
        ),
    ] = 100,
    tracking_uri: Annotated[
        str | None,
        typer.Option(
            "--tracking-uri",
            help="cli.help.train.tracking_uri",
        ),
    ] = None,
    simulated: Annotated[
        bool,
        typer.Option(
            "--simulated",
            help="cli.help.train.simulated",
        ),
    ] = False,
    min_decisions: Annotated[
        int,
        typer.Option(
            "--min-decisions",
            min=1,
            help="cli.help.train.min_decisions",
        ),
    ] = 500,
    require_promotion: Annotated[
        bool,
        typer.Option(
            "--require-promotion",
            help="cli.help.train.require_promotion",
        ),
    ] = False,
) -> None:
    """Train and register the points model; promote it to @champion only when every gate
    passes (the help shown is ``cli.help.train`` in the language of the run)."""
    from models.gates import GateConfig
    from models.history import Bias, DecisionError
    from models.registry import default_tracking_uri
    from models.training import STAGES, TrainingConfig, stage_title, train

    if bias_group is not None and bias_attribute not in ("nationality", "sex"):
        raise BadValue(
            say("train.bad_attribute", value=bias_attribute), param_hint="'--bias-attribute'"
        )
    if decisions is not None and cases is None:
        raise BadValue(say("train.decisions_need_cases"), param_hint="'--cases'")
    if decisions is not None and bias_group is not None:
        raise BadValue(say("train.bias_recorded"), param_hint="'--bias-group'")
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
            err.print(say("train.data_recorded", n=exported.count), markup=False)
    if decisions is None:
        err.print(say("train.data_simulated"), markup=False)
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
        task = progress.add_task(stage_title(STAGES[0], current()), total=len(STAGES))
        seen: list[str] = []

        def advance(stage: str) -> None:
            progress.update(task, completed=len(seen), description=f"{stage} …")
            seen.append(stage)

        with user_errors():
            try:
                result = train(config, progress=advance, lang=current())
            except (DecisionError, ValueError, FileNotFoundError) as error:
                err.print(say("error", message=str(error)), markup=False)
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
    message = say("train.too_few", n=count, minimum=minimum)
    err.print(say("error", message=message), markup=False)
    raise typer.Exit(1)


def _fmt(value: float | None, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    shown = f"{value:.{digits}f}"
    return shown if current() == "en" else shown.replace(".", ",")


def _pct(value: float) -> str:
    from texts import format_percent

    return format_percent(value, current())


def _summary(result: object) -> None:
    """The summary of the run, in the language of the run."""
    from models.training import TrainingResult, label_findings

    assert isinstance(result, TrainingResult)
    lang = current()
    m = result.metrics
    title = say("train.done", run=result.run_id, experiment=result.config.experiment)
    out.print(f"[bold]{escape(title)}[/] {escape(f'({result.tracking_uri})')}")
    data = say(
        "train.data",
        train=int(m["n_train"]),
        test=int(m["n_test"]),
        base=_pct(m["base_rate"]),
        selected=_pct(m["selection_rate"]),
    )
    out.print(data, markup=False)
    metrics = say(
        "train.metrics",
        auc=_fmt(m["roc_auc"]),
        logistic=_fmt(m["baseline_logistic_roc_auc"]),
        rules=_fmt(m["rules_roc_auc"]),
        brier=_fmt(m["brier_score"]),
        ece=_fmt(m["expected_calibration_error"]),
        agreement=_pct(m["tier_agreement"]),
    )
    out.print(metrics, markup=False)

    def attribute(name: str) -> str:  # Staatsangehörigkeit, not nationality
        return text_or(f"monitoring.attribute.{name}", name, lang)

    ratios = " · ".join(
        f"{attribute(a)} {_fmt(r.min_selection_rate_ratio, 2)}" for a, r in result.fairness.items()
    )
    history = " · ".join(
        f"{attribute(a)} {_fmt(r.min_selection_rate_ratio, 2)}"
        for a, r in result.history_fairness.items()
    )
    out.print(say("train.fairness", model=ratios, labels=history), markup=False)
    findings = label_findings(result.history_fairness, result.config.gates, lang)
    if findings:
        groups = f"{', '.join(findings[:6])}{' …' if len(findings) > 6 else ''}"
        out.print(f"[yellow]{escape(say('train.labels_skewed', groups=groups))}[/]")
    table = Table(title=say("train.gates"), show_header=True, header_style="bold")
    for column in ("gate", "result", "value", "threshold", "message"):
        table.add_column(say(f"train.col.{column}"), overflow="fold")
    for gate in result.gates:
        if gate.justified:
            verdict = f"[green]{escape(say('train.justified'))}[/]"
        elif gate.passed:
            verdict = f"[green]{escape(say('train.passed'))}[/]"
        else:
            verdict = f"[bold red]{escape(say('train.failed'))}[/]"
        named = f"cli.train.gate.{gate.name}"
        table.add_row(
            say(named.removeprefix("cli.")) if has(named) else gate.name,
            verdict,
            _fmt(gate.value),
            _fmt(gate.threshold, 2),
            escape(gate.message_in(lang)),
        )
    (out if out.is_terminal else Console(width=160, highlight=False, soft_wrap=True)).print(table)
    name = result.config.model_name
    if result.promoted:
        promoted = say("train.promoted", name=name, version=result.model_version)
        out.print(f"[bold green]{escape(promoted)}[/]")
    else:
        names = ", ".join(g.name for g in result.failed_gates) or "–"
        kept = say("train.not_promoted", name=name, version=result.model_version, gates=names)
        out.print(f"[bold red]{escape(kept)}[/]")
