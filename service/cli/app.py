"""The ``triage`` command line: one Typer app, one module per command group.

The command modules are imported only when their command runs (or shows its own help): the
top-level ``triage --help`` lists every command from :data:`COMMANDS` without importing a
single one of them, so it starts without pandas, SQLAlchemy, pydantic or the rule engine
(tested in ``tests/cli/test_startup.py``, which also checks that this table says what the
modules really register).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """A top-level command or group: the modules that register it and its short help."""

    modules: tuple[str, ...]
    help: str


#: Every top-level command and group, in the order ``triage --help`` lists them.
COMMANDS: dict[str, LazyCommand] = {
    "rank": LazyCommand(
        ("rank_commands",),
        "Fallliste in Reihenfolge: jsonl, csv und parquet mit Kennungen, table in Worten.",
    ),
    "explain": LazyCommand(
        ("rank_commands",), "Begründung eines Falls als Aktenvermerk / explain one case."
    ),
    "validate": LazyCommand(
        ("case_commands",),
        "Prüft eine Falldatei / check a case file: every problem, one per line (exit 1).",
    ),
    "generate": LazyCommand(
        ("case_commands",),
        "Erzeugt synthetische Fälle / write synthetic cases (all data invented).",
    ),
    "serve": LazyCommand(
        ("service_commands",),
        "Den Dienst starten / run the API under uvicorn (settings from TRIAGE_* and DATABASE_URL).",
    ),
    "replay": LazyCommand(
        ("engine_commands",),
        "Ereignisse nachspielen und je Ereignis zeigen, was es geändert hat.",
    ),
    "fairness": LazyCommand(
        ("fairness_command",),
        "Fairness-Audit: Größe, Auswahl- und Fehlerquoten und Verhältnis je Gruppe.",
    ),
    "train": LazyCommand(
        ("model_commands",),
        "Punktemodell trainieren und registrieren / train and register the points model.",
    ),
    "simulate": LazyCommand(
        ("simulate_command",),
        "Was-wäre-wenn: Entwurf gegen aktives Regelwerk / what-if simulation of a draft.",
    ),
    "demo": LazyCommand(
        ("demo_command",),
        "Demo aufbauen und starten: SQLite, Demo-Benutzer, synthetische Fälle, Web-Oberfläche.",
    ),
    "rules": LazyCommand(
        ("rank_commands", "authoring_commands"), "Regelwerke prüfen / check rule sets."
    ),
    "db": LazyCommand(("service_commands",), "Datenbank / database schema (Alembic)."),
    "users": LazyCommand(("service_commands",), "Benutzer und Tokens / users and bearer tokens."),
    "audit": LazyCommand(("service_commands",), "Protokoll / the hash-chained audit log."),
    "decisions": LazyCommand(("decision_commands",), "Entscheidungen / recorded triage decisions."),
    "cases": LazyCommand(
        ("privacy_commands",),
        "Fälle: Auskunft (Export) und Löschung / case export and erasure.",
    ),
    "docs": LazyCommand(
        ("docs_command",),
        "Dokumentation / the generated documentation pack (AI Act, GDPR, registers).",
    ),
    "retention": LazyCommand(
        ("privacy_commands",), "Aufbewahrungsfristen anwenden / apply retention periods."
    ),
    "changes": LazyCommand(
        ("changes_commands",), "Änderungen / recorded evaluations and what changed."
    ),
    "policy": LazyCommand(
        ("policy_commands",),
        "Regelwerksversionen: Entwurf, Simulation, Freigabe (Vier-Augen), Aktivierung / "
        "rule set versions with four eyes.",
    ),
}

#: Every command module (each adds its commands to ``app`` or a sub-app when imported).
COMMAND_MODULES: tuple[str, ...] = tuple(
    dict.fromkeys(module for entry in COMMANDS.values() for module in entry.modules)
)


class LazyGroup(TyperGroup):
    """The top-level group: imports a command's modules when the command is looked up.

    While the group's own help is written, a command that is not loaded yet is shown by a
    stand-in carrying its short help, so listing the commands imports nothing.
    """

    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(dict.fromkeys([*COMMANDS, *self.commands]))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return self.commands.get(cmd_name)
        entry = COMMANDS[cmd_name]
        if self._listing:
            return typer.core.TyperCommand(cmd_name, help=entry.help)
        for module in entry.modules:
            importlib.import_module(f"service.cli.{module}")
        self.commands.update(typer.main.get_group(app).commands)
        return self.commands.get(cmd_name)


app = typer.Typer(
    name="triage",
    cls=LazyGroup,
    help="rrk-triage: erklärbare Priorisierung der RRK-Fallliste (Fallmanagement NRW).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    # A callback makes Typer build a group even before any command module is imported.
    pass


def _register() -> None:
    """Import every command module (tests and tools that want the whole command tree)."""
    for module in COMMAND_MODULES:
        importlib.import_module(f"service.cli.{module}")


def main() -> None:
    app()
