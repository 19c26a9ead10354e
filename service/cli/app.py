"""The ``triage`` command line: one Typer app, one module per command group."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="triage",
    help="rrk-triage: erklärbare Priorisierung der RRK-Fallliste (Fallmanagement NRW).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Each module adds its commands to ``app`` (or a sub-app) when imported.
    from service.cli import case_commands  # noqa: F401
    from service.cli import engine_commands  # noqa: F401
    from service.cli import fairness_command  # noqa: F401
    from service.cli import model_commands  # noqa: F401
    from service.cli import rank_commands  # noqa: F401
    from service.cli import service_commands  # noqa: F401
    from service.cli import simulate_command  # noqa: F401


def main() -> None:
    _register()
    app()
