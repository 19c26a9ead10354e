"""The ``triage`` command line: one Typer app, one module per command group."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="triage",
    help="rrk-triage: erklärbare Priorisierung der RRK-Fallliste (Fallmanagement NRW).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


#: Command modules; each adds its commands to ``app`` (or a sub-app) when imported.
COMMAND_MODULES = (
    "authoring_commands",
    "case_commands",
    "decision_commands",
    "engine_commands",
    "fairness_command",
    "model_commands",
    "policy_commands",
    "rank_commands",
    "service_commands",
    "simulate_command",
)


def _register() -> None:
    for module in COMMAND_MODULES:
        importlib.import_module(f"service.cli.{module}")
    # Modules added later may also import themselves here, one line each.
    importlib.import_module("service.cli.demo_command")


def main() -> None:
    _register()
    app()
