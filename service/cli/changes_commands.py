"""``triage changes sweep``: record what the passing of time changed (run once a day)."""

from __future__ import annotations

import typer

from service.cli.app import app
from service.cli.language import current, plural, say
from service.cli.options import AsOf, as_date, err
from service.cli.service_commands import database, load_settings

changes_app = typer.Typer(help="cli.help.changes", no_args_is_help=True)
app.add_typer(changes_app, name="changes")


@changes_app.command("sweep")
def sweep(as_of: AsOf = None) -> None:
    """Fälle neu bewerten, deren Fristen abgelaufen sind / record what time changed.

    Only cases whose next calendar date has come are evaluated; run it daily (cron, timer).
    """
    from service.changes.feed_views import run_sweep

    settings = load_settings()
    day = as_date(as_of)
    with database(settings) as db:
        result = run_sweep(db, as_of=day, ruleset_name=settings.ruleset, actor="triage-cli")
    from texts import format_date

    message = say(
        "changes.swept",
        day=format_date(day, current()),
        ruleset=result.ruleset,
        checked=plural("count.cases", result.checked),
        recorded=result.recorded,
        first=plural("count.first_evaluations", result.first),
    )
    err.print(message, markup=False)
