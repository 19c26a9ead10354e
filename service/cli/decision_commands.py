"""``triage decisions export``: the recorded human decisions as training labels."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from service.cli.app import app
from service.cli.language import plural, say
from service.cli.options import err
from service.cli.service_commands import database, load_settings

decisions_app = typer.Typer(help="cli.help.decisions", no_args_is_help=True)
app.add_typer(decisions_app, name="decisions")


@decisions_app.command("export")
def export(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="cli.help.decisions.out",
            file_okay=False,
        ),
    ] = Path("var/labels"),
) -> None:
    """Entscheidungen und entschiedene Fallversionen exportieren (für triage train)."""
    from service.decisions.export import export_decisions

    settings = load_settings()
    out.mkdir(parents=True, exist_ok=True)
    decisions_path, cases_path = out / "decisions.jsonl", out / "cases.jsonl"
    with database(settings) as db, db.read() as session:
        n_decisions, n_cases = export_decisions(
            db_session=session, decisions_path=decisions_path, cases_path=cases_path
        )
    message = say(
        "decisions.exported",
        decisions=plural("count.decisions", n_decisions),
        cases=plural("count.cases", n_cases),
        out=out,
        decisions_path=decisions_path,
        cases_path=cases_path,
    )
    err.print(message, markup=False)
