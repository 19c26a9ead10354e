"""The ``triage`` command line: one Typer app, one module per command group.

Every text it shows comes from the catalogue (``texts/messages/cli.py`` and the areas it
shares with the web pages), in the language of ``triage --lang de|en`` or ``TRIAGE_LANG``,
German by default (:mod:`service.cli.language`).

The command modules are imported only when their command runs (or shows its own help): the
top-level ``triage --help`` lists every command from :data:`COMMANDS` without importing a
single one of them, so it starts without pandas, SQLAlchemy, pydantic or the rule engine
(tested in ``tests/cli/test_startup.py``, which also checks that this table says what the
modules really register).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from service.cli.parse_errors import TriageContext


@dataclass(frozen=True)
class LazyCommand:
    """A top-level command or group: the modules that register it and its short help (a
    catalogue key, shown in the language of the run)."""

    modules: tuple[str, ...]
    help: str


#: Every top-level command and group, in the order ``triage --help`` lists them, with the
#: catalogue key of its short help.
COMMANDS: dict[str, LazyCommand] = {
    "rank": LazyCommand(("rank_commands",), "cli.help.rank"),
    "explain": LazyCommand(("rank_commands",), "cli.help.explain"),
    "validate": LazyCommand(("case_commands",), "cli.help.validate"),
    "generate": LazyCommand(("case_commands",), "cli.help.generate"),
    "serve": LazyCommand(("service_commands",), "cli.help.serve"),
    "replay": LazyCommand(("engine_commands",), "cli.help.replay"),
    "fairness": LazyCommand(("fairness_command",), "cli.help.fairness"),
    "train": LazyCommand(("model_commands",), "cli.help.train"),
    "simulate": LazyCommand(("simulate_command",), "cli.help.simulate"),
    "demo": LazyCommand(("demo_command",), "cli.help.demo"),
    "rules": LazyCommand(("rank_commands", "authoring_commands"), "cli.help.rules"),
    "db": LazyCommand(("service_commands",), "cli.help.db"),
    "users": LazyCommand(("service_commands",), "cli.help.users"),
    "audit": LazyCommand(("service_commands",), "cli.help.audit"),
    "decisions": LazyCommand(("decision_commands",), "cli.help.decisions"),
    "cases": LazyCommand(("privacy_commands",), "cli.help.cases"),
    "docs": LazyCommand(("docs_command",), "cli.help.docs"),
    "retention": LazyCommand(("privacy_commands",), "cli.help.retention"),
    "changes": LazyCommand(("changes_commands",), "cli.help.changes"),
    "policy": LazyCommand(("policy_commands",), "cli.help.policy"),
}

#: Every command module (each adds its commands to ``app`` or a sub-app when imported).
COMMAND_MODULES: tuple[str, ...] = tuple(
    dict.fromkeys(module for entry in COMMANDS.values() for module in entry.modules)
)


class LazyGroup(TyperGroup):
    """The top-level group: imports a command's modules when the command is looked up.

    While the group's own help is written, a command that is not loaded yet is shown by a
    stand-in carrying its short help, so listing the commands imports nothing.

    Every usage error of the run (of this group and of the commands below it) passes
    through :func:`service.cli.parse_errors.localised` on its way out, so Typer shows its own
    parse errors in the language of the run too.
    """

    _listing = False
    context_class = TriageContext

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except ClickException as error:
            _raise_localised(error)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ClickException as error:
            _raise_localised(error)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(dict.fromkeys([*COMMANDS, *self.commands]))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from service.cli.language import choose_early, localise, reset

        reset()  # a new run (tests invoke many in one process): only this run's --lang counts
        choose_early(args)  # errors in the arguments are in the language of their --lang
        localise(self, path="triage")  # errors in the arguments are framed in TRIAGE_LANG
        return super().parse_args(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from service.cli.language import localise

        localise(self, path="triage")
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        from service.cli.language import help_text, localise

        if cmd_name not in COMMANDS:
            return self.commands.get(cmd_name)
        entry = COMMANDS[cmd_name]
        if self._listing and cmd_name not in self.commands:
            return typer.core.TyperCommand(cmd_name, help=help_text(entry.help))
        if cmd_name not in self.commands:
            for module in entry.modules:
                importlib.import_module(f"service.cli.{module}")
            self.commands.update(typer.main.get_group(app).commands)
        command = self.commands.get(cmd_name)
        return localise(command, path=cmd_name) if command is not None else None


def _raise_localised(error: ClickException) -> NoReturn:
    from service.cli.parse_errors import localised

    translated = localised(error)
    if translated is error:
        raise error
    raise translated from error


app = typer.Typer(
    name="triage",
    cls=LazyGroup,
    help="cli.help.triage",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _choose_lang(ctx: typer.Context, param: Any, value: str | None) -> str:
    from service.cli.language import lang_callback

    return lang_callback(ctx, param, value)


@app.callback()
def _root(
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="cli.help.lang",
            metavar="de|en",
            is_eager=True,
            callback=_choose_lang,
            show_default=False,
        ),
    ] = None,
) -> None:
    # A callback makes Typer build a group even before any command module is imported; its
    # one option chooses the language of every command (service.cli.language).
    from service.cli.language import BadValue, check_environment

    problem = check_environment()
    if problem is not None:
        raise BadValue(problem, param_hint="TRIAGE_LANG")


def _register() -> None:
    """Import every command module (tests and tools that want the whole command tree)."""
    for module in COMMAND_MODULES:
        importlib.import_module(f"service.cli.{module}")


def main() -> None:
    app(prog_name="triage")
