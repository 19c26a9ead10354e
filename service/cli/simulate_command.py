"""``triage simulate``: what a draft rule set would change, before it takes effect.

Policy staff give the caseload and either parameter changes (``--set NAME=VALUE``, applied to
the baseline ``--rules``) or a whole proposed rule set (``--proposal FILE``; ``--set`` then
changes that). The command evaluates both on the same cases at the same ``--as-of`` and shows
tier counts, the transition matrix, the workload of every region against its weekly capacity,
the fairness delta and the cases that change tier (see docs/policy-simulation.md).

Exit codes: 0 done; 1 bad input, rule set, parameter value (the message gives the allowed
range) or capacity file; 2 wrong usage (no draft given, unknown format, bad chart suffix).
"""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from policy.capacity import CapacityError, load_capacity
from policy.simulation import MIN_GROUP_SIZE, SimulationResult  # fairlearn: see below
from rules import DEFAULT_RULESET, load_ruleset
from rules.labels import label
from rules.language import RuleSet
from rules.parameters import parse_assignments, with_parameters
from service.cli.app import app
from service.cli.files import write_atomic
from service.cli.options import AsOf, InputPath, as_date, err, out, user_errors, with_status
from texts import text, text_or

#: Chart suffixes (as policy.plots.PLOT_FORMATS; checked here without importing matplotlib).
_PLOT_SUFFIXES = (".png", ".svg")
#: Width of the tables when the output is not a terminal (a file, a pipe).
_FILE_WIDTH = 140


class SimulateFormat(StrEnum):
    table = "table"
    json = "json"


def _proposal(
    baseline: RuleSet, proposal_file: Path | None, assignments: list[str] | None
) -> tuple[RuleSet, str]:
    """The draft and its label: ``--proposal`` (or the baseline) with ``--set`` applied."""
    proposal = load_ruleset(proposal_file) if proposal_file is not None else baseline
    name = proposal.label
    if assignments:
        proposal = with_parameters(
            proposal, parse_assignments(assignments, proposal), source="--set"
        )
        changes = ", ".join(a.strip() for a in assignments)
        name = f"{name} mit {changes}"
    if proposal_file is None or name == baseline.label:
        name = f"Entwurf ({name})"
    return proposal, name


# --------------------------------------------------------------------------- table output


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _signed(value: int) -> str:
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "−") + _number(abs(value))


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %".replace(".", ",")


def _percent0(value: float | None) -> str:
    """A utilisation: whole percent is precise enough and keeps the column narrow."""
    return "–" if value is None else f"{100 * value:.0f} %"


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


def _tier_table(result: SimulationResult) -> Table:
    table = Table(title="Fälle je Stufe: bisher, mit dem Entwurf, Änderung", title_justify="left")
    table.add_column("Stufe", no_wrap=True)
    table.add_column("Bezeichnung", no_wrap=True)
    for heading in ("Bisher", "Entwurf", "Änderung"):
        table.add_column(heading, justify="right", no_wrap=True)
    base, draft, delta = result.baseline, result.proposal, result.delta
    for tier in result.tiers:
        style = "bold" if delta[tier] else ""
        table.add_row(
            tier,
            result.tier_labels[tier]["de"],
            _number(base[tier]),
            _number(draft[tier]),
            Text(_signed(delta[tier]), style=style),
        )
    table.add_section()
    table.add_row("gesamt", "", _number(result.n_cases), _number(result.n_cases), "")
    return table


def _matrix_table(result: SimulationResult) -> Table:
    table = Table(
        title="Übergänge: Zeile = Stufe bisher, Spalte = Stufe mit dem Entwurf",
        title_justify="left",
        caption=(
            "1 Fall wechselt die Stufe."
            if result.n_changed == 1
            else f"{_number(result.n_changed)} Fälle wechseln die Stufe."
        ),
        caption_justify="left",
    )
    table.add_column("von \\ nach")
    for tier in result.tiers:
        table.add_column(tier, justify="right")
    for i, source in enumerate(result.tiers):
        cells: list[RenderableType] = []
        for j in range(len(result.tiers)):
            n = int(result.matrix[i, j])
            style = "dim" if i == j or n == 0 else "bold"
            cells.append(Text(_number(n), style=style))
        table.add_row(source, *cells)
    return table


def _capacity_status(entry: dict[str, Any]) -> Text:
    over, before = entry["over_capacity"], entry["over_capacity_baseline"]
    if over is None:
        return Text("keine Kapazität angegeben", style="dim")
    if over and not before:
        return Text("über Kapazität (neu)", style="bold red")
    if over:
        return Text("über Kapazität", style="red")
    if before:
        return Text("wieder im Rahmen", style="green")
    return Text("im Rahmen")


def _region_table(result: SimulationResult) -> Table:
    work = "+".join(result.selected_tiers)
    table = Table(
        title=f"Arbeitslast {work} je Region gegen die Wochenkapazität",
        title_justify="left",
        caption=(
            f"Bisher/Entwurf = Fälle in {work}; Kapazität = {work}-Fälle je "
            "Woche (policy/capacity.yaml); Auslastung = Fälle / Kapazität."
        ),
        caption_justify="left",
    )
    table.add_column("Region", no_wrap=True)
    for heading in (
        "Fälle",
        "Bisher",
        "Entwurf",
        "Änderung",
        "Kapazität",
        "Ausl. bisher",
        "Ausl. Entwurf",
    ):
        table.add_column(heading, justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for region, entry in result.by_region.items():
        table.add_row(
            label("region", region),
            _number(entry["n"]),
            _number(entry["workload_baseline"]),
            _number(entry["workload_proposal"]),
            _signed(entry["workload_delta"]),
            "–" if entry["capacity"] is None else _number(entry["capacity"]),
            _percent0(entry["utilisation_baseline"]),
            _percent0(entry["utilisation_proposal"]),
            _capacity_status(entry),
        )
    base, draft = result.workload
    capacities = [e["capacity"] for e in result.by_region.values()]
    total = sum(c for c in capacities if c is not None)
    table.add_section()
    table.add_row(
        "NRW gesamt",
        _number(result.n_cases),
        _number(base),
        _number(draft),
        _signed(draft - base),
        _number(total),
        _percent0(base / total) if total else "–",
        _percent0(draft / total) if total else "–",
        "",
    )
    return table


def _fairness_flag(entry: dict[str, Any], lang: str) -> Text:
    if entry["small_group"]:
        return Text(text("cli.simulate.small", lang), style="dim")
    if entry["flag_proposal"] and not entry["flag_baseline"]:
        return Text(text("cli.simulate.flag_new", lang), style="bold red")
    if entry["flag_proposal"]:
        return Text(text("cli.simulate.flag", lang), style="red")
    if entry["flag_baseline"]:
        return Text(text("cli.simulate.flag_cleared", lang), style="green")
    return Text(text("cli.simulate.flag_ok", lang))


def _p_value(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    shown = "< 0.001" if value < 0.001 else f"{value:.3f}"
    return shown if lang == "en" else shown.replace(".", ",")


def _fairness_tables(result: SimulationResult, lang: str = "de") -> list[Table]:
    settings = result.fairness_summary
    work = "+".join(result.selected_tiers)
    tables = []
    for attribute, groups in result.fairness.items():
        summary = settings["attributes"][attribute]
        name = text_or(f"cli.simulate.field.{attribute}", attribute, lang)
        reference = summary["reference_proposal"]
        table = Table(
            title=text("cli.simulate.fair_title", lang, tiers=work, field=name),
            title_justify="left",
            caption_justify="left",
            caption=text(
                "cli.simulate.fair_caption",
                lang,
                ref_before=label(attribute, summary["reference_baseline"], lang)
                if summary["reference_baseline"]
                else "–",
                ref_after=label(attribute, reference, lang) if reference else "–",
                low=_ratio(settings["threshold"]),
                high=_ratio(1 / settings["threshold"]),
                min=settings["min_group_size"],
            ),
        )
        table.add_column(text("cli.simulate.col.group", lang), no_wrap=True)
        for key in ("n", "rate_before", "rate_after", "ratio_before", "ratio_after", "p_after"):
            table.add_column(text(f"cli.simulate.col.{key}", lang), justify="right", no_wrap=True)
        table.add_column(text("cli.simulate.col.rule", lang), no_wrap=True)
        ordered = sorted(groups.items(), key=lambda item: (-item[1]["n"], item[0]))
        for group, entry in ordered:
            table.add_row(
                label(attribute, group, lang),
                _number(entry["n"]),
                _percent(entry["baseline_rate"]),
                _percent(entry["proposal_rate"]),
                _ratio(entry["baseline_ratio"]),
                _ratio(entry["proposal_ratio"]),
                text("cli.simulate.reference", lang)
                if group == reference
                else _p_value(entry.get("proposal_p_value"), lang),
                _fairness_flag(entry, lang),
            )
        tables.append(table)
    return tables


def _changed_table(result: SimulationResult, top: int) -> Table:
    shown = result.changed_cases[:top]
    table = Table(
        title="Fälle mit neuer Stufe, in der neuen Reihenfolge (changed cases)",
        title_justify="left",
        caption_justify="left",
        caption=(
            f"{len(shown)} von {_number(result.n_changed)} gezeigt (--top N)."
            if result.n_changed > len(shown)
            else None
        ),
    )
    for heading, justify in (
        ("Rang neu", "right"),
        ("Rang bisher", "right"),
        ("Fall", "left"),
        ("Region", "left"),
        ("von", "left"),
        ("nach", "left"),
        ("Punkte bisher", "right"),
        ("Punkte Entwurf", "right"),
    ):
        table.add_column(heading, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for case in shown:
        table.add_row(
            _number(case["rank_after"]),
            _number(case["rank_before"]),
            case["case_id"],
            label("region", case["region"]),
            case["from"],
            case["to"],
            str(case["score_before"]),
            str(case["score_after"]),
        )
    return table


def render_tables(result: SimulationResult, top: int = 20) -> list[RenderableType]:
    """Everything of a simulation as rich renderables, German headings first."""
    head = Text()
    head.append("Simulation: ", style="bold")
    head.append(f"{result.baseline_ruleset['label']} → {result.proposal_ruleset['label']}")
    head.append(f"\nStichtag {result.as_of.strftime('%d.%m.%Y')} · {_number(result.n_cases)} Fälle")
    if result.parameters_changed:
        head.append("\nGeänderte Parameter: ")
        head.append(
            "; ".join(
                f"{name}: {v['baseline']} → {v['proposal']}"
                for name, v in result.parameters_changed.items()
            )
        )
    else:
        head.append("\nKeine Parameteränderung.")
    parts: list[RenderableType] = [
        head,
        _tier_table(result),
        _matrix_table(result),
        _region_table(result),
        *_fairness_tables(result),
    ]
    if result.n_changed:
        parts.append(_changed_table(result, top))
    for note in result.notes:
        parts.append(Text(f"Hinweis: {note}", style="yellow"))
    return parts


# --------------------------------------------------------------------------- command


@app.command("simulate")
def simulate_command(
    input: InputPath,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="NAME=VALUE",
            help="Geänderter Parameter des Entwurfs / parameter change of the draft.",
        ),
    ] = None,
    as_of: AsOf = None,
    rules: Annotated[
        str,
        typer.Option(
            "--rules",
            help="Aktives Regelwerk (Vergleichsbasis): Name oder YAML-Datei / "
            "active rule set (baseline).",
        ),
    ] = DEFAULT_RULESET,
    proposal_file: Annotated[
        Path | None,
        typer.Option(
            "--proposal",
            exists=True,
            dir_okay=False,
            show_default=False,
            help="Entwurf als ganze Regelwerksdatei (YAML) statt --set / whole draft rule set.",
        ),
    ] = None,
    fmt: Annotated[
        SimulateFormat, typer.Option("--format", help="table oder json.")
    ] = SimulateFormat.table,
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Ausgabedatei statt Bildschirm / write the output to this file."
        ),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            metavar="FILE",
            help="Diagramm Stufen je Region (.png oder .svg) / chart of tiers per region.",
        ),
    ] = None,
    capacity_file: Annotated[
        Path | None,
        typer.Option(
            "--capacity",
            exists=True,
            dir_okay=False,
            show_default=False,
            help="Wochenkapazität je Region (YAML/JSON); Standard: policy/capacity.yaml.",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            help="Höchstens N geänderte Fälle im JSON / at most N changed cases "
            "in JSON (default: all).",
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option(
            "--top", min=0, help="Geänderte Fälle in der Tabelle / changed cases in the table."
        ),
    ] = 20,
    min_group_size: Annotated[
        int,
        typer.Option(
            "--min-group-size",
            min=1,
            help="Kleinere Gruppen werden nicht bewertet / smaller groups are not flagged.",
        ),
    ] = MIN_GROUP_SIZE,
) -> None:
    """Was-wäre-wenn: Entwurf gegen aktives Regelwerk / what-if simulation of a draft.

    Vergleicht Stufen, Übergänge, Arbeitslast je Region gegen die Wochenkapazität und die
    Auswahlquoten je Audit-Gruppe (4/5-Regel).
    """
    if not set_ and proposal_file is None:
        raise typer.BadParameter(
            "kein Entwurf: --set NAME=VALUE oder --proposal FILE angeben "
            "/ give --set NAME=VALUE or --proposal FILE",
            param_hint="'--set' / '--proposal'",
        )
    if plot is not None and plot.suffix.lower() not in _PLOT_SUFFIXES:
        raise typer.BadParameter(
            f"{plot.name}: .png oder .svg erwartet / expected .png or .svg", param_hint="'--plot'"
        )
    from cases.io import load_frames
    from policy.simulation import simulate

    day = as_date(as_of)
    with user_errors():
        baseline = load_ruleset(rules)
        proposal, proposal_label = _proposal(baseline, proposal_file, set_)
        try:
            capacity = load_capacity(capacity_file)
        except CapacityError as error:
            for problem in error.problems:
                err.print(f"error: {error.source}: {problem}", markup=False)
            raise typer.Exit(1) from None
        frames = with_status("Fälle laden und prüfen …", lambda: load_frames(input))
    result = with_status(
        f"{len(frames)} Fälle simulieren …",
        lambda: simulate(
            frames,
            baseline,
            proposal,
            day,
            capacity=capacity,
            min_group_size=min_group_size,
            changed_limit=limit if fmt is SimulateFormat.json else None,
            proposal_label=proposal_label,
        ),
    )
    if plot is not None:
        from policy.plots import changes_in_words, plot_regions

        plot_regions(result, plot, changes=changes_in_words(result, baseline, proposal))
        err.print(f"Diagramm / chart → {plot}", markup=False)
    if fmt is SimulateFormat.json:
        text = result.to_json() + "\n"
        if out_path is None:
            typer.echo(text, nl=False)
        else:
            write_atomic(out_path, lambda p: p.write_text(text, encoding="utf-8", newline="\n"))
            err.print(f"Simulation → {out_path}", markup=False)
        return
    parts = render_tables(result, top)
    if out_path is None:
        # A terminal gets its own width; a pipe gets room for the widest table.
        console = out if out.is_terminal else Console(width=_FILE_WIDTH, highlight=False)
        for part in parts:
            console.print(part)
        return
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=_FILE_WIDTH, no_color=True, highlight=False, force_terminal=False
    )
    for part in parts:
        console.print(part)
    write_atomic(
        out_path, lambda p: p.write_text(buffer.getvalue(), encoding="utf-8", newline="\n")
    )
    err.print(f"Simulation → {out_path}", markup=False)
