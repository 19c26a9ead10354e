from __future__ import annotations

import pytest
from typer.testing import CliRunner

from service.cli.app import _register, app


@pytest.fixture(scope="session")
def cli():
    """Run ``triage ARGS``; returns the click Result (exit_code, stdout, stderr)."""
    _register()
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return run
