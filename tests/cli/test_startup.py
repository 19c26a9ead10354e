"""Start-up of ``triage``: the help and the light commands import no heavy library.

Not a timing test: what makes ``triage --help`` slow is importing pandas, SQLAlchemy, MLflow
or scikit-learn, so the test looks at ``sys.modules`` of a fresh interpreter, for the help of
every command and group. pydantic is the one exception below the top level: Typer itself
imports it to convert the options of any command (``typer._adapters``), so only
``triage --help`` is free of it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer

from service.cli import app as cli_app
from texts import has

HEAVY = (
    "pandas",
    "sqlalchemy",
    "mlflow",
    "sklearn",
    "matplotlib",
    "pyarrow",
    "fastapi",
    "numpy",
    "scipy",
    "fairlearn",
    "cases",
    "rules",
)

#: Every command and group below ``triage``, as its words on the command line.
EVERY_COMMAND: tuple[tuple[str, ...], ...] = (
    ("rank",),
    ("explain",),
    ("validate",),
    ("generate",),
    ("serve",),
    ("replay",),
    ("fairness",),
    ("train",),
    ("simulate",),
    ("demo",),
    ("rules",),
    ("rules", "check"),
    ("rules", "diff"),
    ("rules", "test"),
    ("rules", "export"),
    ("db",),
    ("db", "upgrade"),
    ("db", "current"),
    ("db", "runtime-grants"),
    ("db", "scrub"),
    ("users",),
    ("users", "add"),
    ("users", "confirm"),
    ("users", "list"),
    ("users", "revoke"),
    ("users", "token"),
    ("audit",),
    ("audit", "verify"),
    ("audit", "checkpoint"),
    ("audit", "keys"),
    ("decisions",),
    ("decisions", "export"),
    ("cases",),
    ("cases", "export"),
    ("cases", "erase-request"),
    ("cases", "erase-confirm"),
    ("cases", "erase-list"),
    ("cases", "erase-withdraw"),
    ("docs",),
    ("docs", "build"),
    ("retention",),
    ("retention", "apply"),
    ("changes",),
    ("changes", "sweep"),
    ("policy",),
    ("policy", "list"),
    ("policy", "show"),
    ("policy", "draft"),
    ("policy", "approve"),
    ("policy", "withdraw"),
    ("policy", "reject"),
    ("policy", "activate"),
    ("policy", "simulate"),
)

_PROBE = """
import json, sys
from service.cli.app import main
sys.argv = ["triage", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as stop:
    code = stop.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules_after(*args: str) -> tuple[object, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["code"], {name.split(".")[0] for name in report["modules"]}


def test_importing_the_cli_app_imports_no_heavy_library() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, service.cli.app; print(json.dumps(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    loaded = {name.split(".")[0] for name in json.loads(done.stdout)}
    assert not loaded & {*HEAVY, "pydantic", "numpy", "cases", "rules"}


def test_the_top_level_help_imports_not_even_pydantic() -> None:
    code, loaded = _modules_after("--help")
    assert code == 0
    assert not loaded & {*HEAVY, "pydantic"}, sorted(loaded & {*HEAVY, "pydantic"})


@pytest.mark.parametrize("words", EVERY_COMMAND, ids=" ".join)
def test_the_help_of_every_command_imports_no_heavy_library(words: tuple[str, ...]) -> None:
    code, loaded = _modules_after(*words, "--help")
    assert code == 0
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_every_command_and_group_is_in_the_list_above() -> None:
    cli_app._register()
    group = typer.main.get_group(cli_app.app)
    found = set()
    for name, command in group.commands.items():
        found.add((name,))
        found |= {(name, sub) for sub in getattr(command, "commands", {})}
    assert found == set(EVERY_COMMAND)


def test_the_top_level_help_lists_every_command_without_importing_it() -> None:
    code, loaded = _modules_after("--help")
    assert code == 0 and "service" in loaded
    assert not {m for m in loaded if m.startswith("service.cli.") and m != "service.cli.app"}


def _modules_of(typer_instance: object) -> set[str]:
    return {
        command.callback.__module__.rsplit(".", 1)[1]
        for command in typer_instance.registered_commands  # type: ignore[attr-defined]
    }


def test_the_table_of_commands_says_what_the_modules_register() -> None:
    cli_app._register()
    app = cli_app.app
    registered: dict[str, tuple[set[str], str]] = {}
    for command in app.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        module = command.callback.__module__.rsplit(".", 1)[1]
        registered[name] = ({module}, f"cli.help.{name}")
    for group in app.registered_groups:
        instance = group.typer_instance
        assert instance.info.help == f"cli.help.{group.name}"
        registered[group.name] = (_modules_of(instance), f"cli.help.{group.name}")
    table = {name: (set(entry.modules), entry.help) for name, entry in cli_app.COMMANDS.items()}
    assert table == registered
    assert all(has(entry.help) for entry in cli_app.COMMANDS.values())


def test_the_defaults_named_by_the_cli_are_the_libraries_own() -> None:
    from fairness import DEFAULT_REFERENCE
    from fairness.suppression import MIN_CELL_SIZE
    from policy.simulation import MIN_GROUP_SIZE
    from rules import DEFAULT_RULESET
    from service.cli import fairness_command, options

    assert options.DEFAULT_RULES == DEFAULT_RULESET
    assert options.MIN_CELL_SIZE == MIN_CELL_SIZE
    assert options.MIN_GROUP_SIZE == MIN_GROUP_SIZE
    assert fairness_command.Reference.largest.value == DEFAULT_REFERENCE
