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
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from service.cli.app import app
from service.cli.files import write_atomic
from service.cli.language import BadValue, current, say
from service.cli.options import (
    DEFAULT_RULES,
    MIN_GROUP_SIZE,
    AsOf,
    InputPath,
    as_date,
    err,
    out,
    user_errors,
    with_status,
)
from texts import text, text_or
from texts.labels import group_label

if TYPE_CHECKING:  # the rules and the simulation load when the command runs, not for its help
    from policy.simulation import SimulationResult
    from rules.language import RuleSet


def label(kind: str, value: str | int | None, lang: str = "de") -> str:
    """:func:`rules.labels.label`, imported when a table is drawn."""
    from rules.labels import label as vocabulary_label

    return vocabulary_label(kind, value, lang)


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
    from rules import load_ruleset
    from rules.parameters import parse_assignments, with_parameters

    proposal = load_ruleset(proposal_file) if proposal_file is not None else baseline
    name = proposal.label
    if assignments:
        values = parse_assignments(assignments, proposal)
        proposal = with_parameters(proposal, values, source="--set")
        changes = ", ".join(_parameter(proposal, name, value) for name, value in values.items())
        name = say("simulate.label_with", label=name, changes=changes)
    if proposal_file is None or name == baseline.label:
        name = say("simulate.label_draft", label=name)
    return proposal, name


# --------------------------------------------------------------------------- table output


def _number(value: int) -> str:
    shown = f"{value:,}"
    return shown if current() == "en" else shown.replace(",", ".")


def _signed(value: int) -> str:
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "−") + _number(abs(value))


def _percent(value: float | None) -> str:
    from texts import format_percent

    return "–" if value is None else format_percent(value, current())


def _percent0(value: float | None) -> str:
    """A utilisation: whole percent is precise enough and keeps the column narrow."""
    from texts import format_percent

    return "–" if value is None else format_percent(value, current(), digits=0)


def _ratio(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if current() == "en" else f"{value:.2f}".replace(".", ",")


def _tier(result: SimulationResult, tier: str) -> str:
    """A tier in words (the rule sets' own labels)."""
    return str(result.tier_labels.get(tier, {}).get(current()) or tier)


def _tier_table(result: SimulationResult) -> Table:
    table = Table(title=say("simulate.tiers_title"), title_justify="left")
    table.add_column(say("simulate.col.tier"), no_wrap=True)
    for key in ("before", "draft", "change"):
        table.add_column(say(f"simulate.col.{key}"), justify="right", no_wrap=True)
    base, draft, delta = result.baseline, result.proposal, result.delta
    for tier in result.tiers:
        style = "bold" if delta[tier] else ""
        table.add_row(
            _tier(result, tier),
            _number(base[tier]),
            _number(draft[tier]),
            Text(_signed(delta[tier]), style=style),
        )
    table.add_section()
    table.add_row(say("simulate.total"), _number(result.n_cases), _number(result.n_cases), "")
    return table


def _matrix_table(result: SimulationResult) -> Table:
    from texts import plural

    table = Table(
        title=say("simulate.matrix_title"),
        title_justify="left",
        caption=plural("cli.simulate.moved", result.n_changed, current()),
        caption_justify="left",
    )
    table.add_column(say("simulate.col.from_to"))
    for tier in result.tiers:
        table.add_column(_tier(result, tier), justify="right")
    for i, source in enumerate(result.tiers):
        cells: list[RenderableType] = []
        for j in range(len(result.tiers)):
            n = int(result.matrix[i, j])
            style = "dim" if i == j or n == 0 else "bold"
            cells.append(Text(_number(n), style=style))
        table.add_row(_tier(result, source), *cells)
    return table


def _capacity_status(entry: dict[str, Any]) -> Text:
    over, before = entry["over_capacity"], entry["over_capacity_baseline"]
    if over is None:
        return Text(say("simulate.capacity_none"), style="dim")
    if over and not before:
        return Text(say("simulate.capacity_over_new"), style="bold red")
    if over:
        return Text(say("simulate.capacity_over"), style="red")
    if before:
        return Text(say("simulate.capacity_back"), style="green")
    return Text(say("simulate.capacity_ok"))


def _region_table(result: SimulationResult) -> Table:
    work = _work(result)
    table = Table(
        title=say("simulate.regions_title", tiers=work),
        title_justify="left",
        caption=say("simulate.regions_caption", tiers=work),
        caption_justify="left",
    )
    table.add_column(say("simulate.col.region"), no_wrap=True)
    for key in ("cases", "before", "draft", "change", "capacity", "use_before", "use_draft"):
        table.add_column(say(f"simulate.col.{key}"), justify="right", no_wrap=True)
    table.add_column(say("simulate.col.status"), no_wrap=True)
    for region, entry in result.by_region.items():
        table.add_row(
            label("region", region, current()),
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
        say("simulate.nrw_total"),
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
    work = _work(result)
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
                ref_before=group_label(attribute, summary["reference_baseline"], lang)
                if summary["reference_baseline"]
                else "–",
                ref_after=group_label(attribute, reference, lang) if reference else "–",
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
                group_label(attribute, group, lang),
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
        title=say("simulate.changed_title"),
        title_justify="left",
        caption_justify="left",
        caption=(
            say("simulate.changed_shown", shown=len(shown), n=_number(result.n_changed))
            if result.n_changed > len(shown)
            else None
        ),
    )
    for key, justify in (
        ("rank_after", "right"),
        ("rank_before", "right"),
        ("case", "left"),
        ("region", "left"),
        ("from", "left"),
        ("to", "left"),
        ("score_before", "right"),
        ("score_after", "right"),
    ):
        table.add_column(say(f"simulate.col.{key}"), justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for case in shown:
        table.add_row(
            _number(case["rank_after"]),
            _number(case["rank_before"]),
            case["case_id"],
            label("region", case["region"], current()),
            _tier(result, case["from"]),
            _tier(result, case["to"]),
            str(case["score_before"]),
            str(case["score_after"]),
        )
    return table


def _parameter(ruleset: RuleSet, name: str, value: Any) -> str:
    """``Label = value`` of a parameter in words (its id if the rule set does not know it)."""
    from rules.wording import parameter_label, parameter_value

    if name not in ruleset.parameters:
        return f"{name} = {value}"
    lang = current()
    return f"{parameter_label(ruleset, name, lang)} = {parameter_value(ruleset, name, value, lang)}"


def _change(ruleset: RuleSet | None, name: str, before: Any, after: Any) -> str:
    if ruleset is None or name not in ruleset.parameters:
        return f"{name}: {before} → {after}"
    from rules.wording import parameter_label, parameter_value

    lang = current()
    was, now = (parameter_value(ruleset, name, v, lang) for v in (before, after))
    return f"{parameter_label(ruleset, name, lang)}: {was} → {now}"


def _work(result: SimulationResult) -> str:
    """The selected tiers in words (``Priorität 1 + Priorität 2``)."""
    return " + ".join(_tier(result, tier) for tier in result.selected_tiers)


def render_tables(
    result: SimulationResult, top: int = 20, ruleset: RuleSet | None = None
) -> list[RenderableType]:
    """Everything of a simulation as rich renderables, in the language of the run."""
    from texts import format_date

    lang = current()
    head = Text()
    head.append(say("simulate.head"), style="bold")
    head.append(f"{result.baseline_ruleset['label']} → {result.proposal_ruleset['label']}")
    day = format_date(result.as_of, lang)
    head.append("\n" + say("simulate.head_day", day=day, n=result.n_cases))
    if result.parameters_changed:
        changed = "; ".join(
            _change(ruleset, name, v["baseline"], v["proposal"])
            for name, v in result.parameters_changed.items()
        )
        head.append("\n" + say("simulate.head_params", changes=changed))
    else:
        head.append("\n" + say("simulate.head_no_params"))
    parts: list[RenderableType] = [
        head,
        _tier_table(result),
        _matrix_table(result),
        _region_table(result),
        *_fairness_tables(result, lang),
    ]
    if result.n_changed:
        parts.append(_changed_table(result, top))
    for note in result.notes:
        parts.append(Text(say("hint", message=note), style="yellow"))
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
            help="cli.help.simulate.set",
        ),
    ] = None,
    as_of: AsOf = None,
    rules: Annotated[
        str,
        typer.Option(
            "--rules",
            help="cli.help.simulate.rules",
        ),
    ] = DEFAULT_RULES,
    proposal_file: Annotated[
        Path | None,
        typer.Option(
            "--proposal",
            exists=True,
            dir_okay=False,
            show_default=False,
            help="cli.help.simulate.proposal",
        ),
    ] = None,
    fmt: Annotated[
        SimulateFormat, typer.Option("--format", help="cli.help.simulate.format")
    ] = SimulateFormat.table,
    out_path: Annotated[
        Path | None,
        typer.Option("--out", help="cli.help.simulate.out"),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            metavar="FILE",
            help="cli.help.simulate.plot",
        ),
    ] = None,
    capacity_file: Annotated[
        Path | None,
        typer.Option(
            "--capacity",
            exists=True,
            dir_okay=False,
            show_default=False,
            help="cli.help.simulate.capacity",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            help="cli.help.simulate.limit",
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option("--top", min=0, help="cli.help.simulate.top"),
    ] = 20,
    min_group_size: Annotated[
        int,
        typer.Option(
            "--min-group-size",
            min=1,
            help="cli.help.simulate.min_group_size",
        ),
    ] = MIN_GROUP_SIZE,
) -> None:
    """Was-wäre-wenn: Entwurf gegen aktives Regelwerk / what-if simulation of a draft.

    Vergleicht Stufen, Übergänge, Arbeitslast je Region gegen die Wochenkapazität und die
    Auswahlquoten je Audit-Gruppe (4/5-Regel).
    """
    if not set_ and proposal_file is None:
        raise BadValue(say("simulate.no_draft"), param_hint="'--set' / '--proposal'")
    if plot is not None and plot.suffix.lower() not in _PLOT_SUFFIXES:
        raise BadValue(say("simulate.bad_plot", name=plot.name), param_hint="'--plot'")
    from cases.io import load_frames
    from policy.capacity import CapacityError, load_capacity
    from policy.simulation import simulate
    from rules import load_ruleset

    day = as_date(as_of)
    with user_errors():
        baseline = load_ruleset(rules)
        proposal, proposal_label = _proposal(baseline, proposal_file, set_)
        try:
            capacity = load_capacity(capacity_file)
        except CapacityError as error:
            for problem in error.problems:
                message = f"{error.source}: {problem}"
                err.print(say("error", message=message), markup=False)
            raise typer.Exit(1) from None
        frames = with_status(say("simulate.loading"), lambda: load_frames(input))
    result = with_status(
        say("simulate.running", n=len(frames)),
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
        err.print(say("simulate.chart", path=plot), markup=False)
    if fmt is SimulateFormat.json:
        text = result.to_json() + "\n"
        if out_path is None:
            typer.echo(text, nl=False)
        else:
            write_atomic(out_path, lambda p: p.write_text(text, encoding="utf-8", newline="\n"))
            err.print(say("simulate.written", path=out_path), markup=False)
        return
    parts = render_tables(result, top, baseline)
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
    err.print(say("simulate.written", path=out_path), markup=False)
