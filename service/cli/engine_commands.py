"""``triage replay``: apply a file of events to a caseload on the event path and show changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from service.cli.app import app
from service.cli.options import DEFAULT_RULES, AsOf, InputPath, as_date, err, user_errors

EventsPath = Annotated[
    Path,
    typer.Argument(
        help="Ereignisse / events: JSON Lines, one event per line (docs/event-path.md).",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]


@app.command()
def replay(
    cases: InputPath,
    events: EventsPath,
    as_of: AsOf = None,
    rules: Annotated[
        str,
        typer.Option("--rules", help="Regelwerk: Name oder YAML-Datei / rule set name or file."),
    ] = DEFAULT_RULES,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Parameter für diesen Lauf / parameter override NAME=VALUE.",
            metavar="NAME=VALUE",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or jsonl.")] = "text",
    only_changes: Annotated[
        bool,
        typer.Option(
            "--only-changes", help="Nur Ereignisse, die etwas ändern / hide unchanged cases."
        ),
    ] = False,
) -> None:
    """Ereignisse nachspielen / replay events and print what each one changed.

    Each event is applied in file order to its case, the case is re-evaluated with
    durable_rules, and one line per event shows the change, e.g.
    ``R-000123: P2 -> P1 (ENFORCEABLE)``. A file with any bad event changes nothing.
    """
    from cases.io import load_cases
    from rules import load_ruleset
    from rules.events import replay_file
    from rules.parameters import parse_assignments, with_parameters

    if fmt not in ("text", "jsonl"):
        raise typer.BadParameter(f"{fmt!r} is not text or jsonl", param_hint="'--format'")
    day = as_date(as_of)
    with user_errors():
        ruleset = load_ruleset(rules)
        if set_:
            ruleset = with_parameters(ruleset, parse_assignments(set_, ruleset), source="--set")
        caseload = load_cases(cases, today=day)
        changes = replay_file(caseload, events, ruleset, day)
    shown = [c for c in changes if c.changed or not only_changes]
    for change in shown:
        if fmt == "jsonl":
            typer.echo(json.dumps(change.as_dict(), ensure_ascii=False))
        else:
            typer.echo(change.describe())
    moved = sum(1 for c in changes if c.before.tier != c.after.tier)
    err.print(
        f"{len(changes)} Ereignisse, {sum(c.changed for c in changes)} mit Änderung, "
        f"{moved} Stufenwechsel ({ruleset.label}, Stichtag {day.isoformat()}, "
        "durable_rules)",
        markup=False,
    )
