"""Start-up of ``triage``: the help and the light commands import no heavy library.

Not a timing test: what makes ``triage --help`` slow is importing pandas, SQLAlchemy, MLflow
or scikit-learn, so the test looks at ``sys.modules`` of a fresh interpreter.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest

from service.cli import app as cli_app

HEAVY = ("pandas", "sqlalchemy", "mlflow", "sklearn", "matplotlib", "pyarrow", "fastapi")

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


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("rank", "--help"),
        ("explain", "--help"),
        ("validate", "--help"),
        ("generate", "--help"),
        ("replay", "--help"),
    ],
)
def test_help_and_light_commands_import_no_heavy_library(args: tuple[str, ...]) -> None:
    code, loaded = _modules_after(*args)
    assert code == 0
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


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
        doc = inspect.getdoc(command.callback) or ""
        registered[name] = ({command.callback.__module__.rsplit(".", 1)[1]}, doc.split("\n")[0])
    for group in app.registered_groups:
        instance = group.typer_instance
        registered[group.name] = (_modules_of(instance), instance.info.help)
    table = {name: (set(entry.modules), entry.help) for name, entry in cli_app.COMMANDS.items()}
    assert table == registered


def test_the_default_rule_set_named_by_the_cli_is_the_rules_default() -> None:
    from rules import DEFAULT_RULESET
    from service.cli.options import DEFAULT_RULES

    assert DEFAULT_RULES == DEFAULT_RULESET
