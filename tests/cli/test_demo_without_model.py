"""`triage demo --no-train` says in the reader's language that it runs without the points model.

The line is the model runtime's warning (Python's logging prints it on the console: the demo
sets up no log handler before it serves); its technical reason stays an English developer log
one level below, at INFO, which the console does not show.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _demo(tmp_path: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRIAGE_", "MLFLOW_"))}
    env.pop("DATABASE_URL", None)
    env["PYTHONPATH"] = str(ROOT)
    if lang is not None:
        env["TRIAGE_LANG"] = lang
    code = "from service.cli.app import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args, "demo", "--no-train", "--no-serve", "--n", "5"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "lang", "expected"),
    [
        (
            (),
            None,
            "Punktemodell nicht geladen (models:/amit-priority@champion: noch kein Modell "
            "trainiert und registriert): die Fallliste folgt allein den Regeln.",
        ),
        (
            ("--lang", "en"),
            None,
            "Points model not loaded (models:/amit-priority@champion: no model trained and "
            "registered yet): the queue follows the rules alone.",
        ),
        ((), "en", "Points model not loaded (models:/amit-priority@champion"),
    ],
)
def test_the_demo_without_a_model_says_so_in_the_reader_s_language(
    tmp_path: Path, args: tuple[str, ...], lang: str | None, expected: str
) -> None:
    result = _demo(tmp_path, *args, lang=lang)
    assert result.returncode == 0, result.stderr
    console = result.stdout + result.stderr
    assert expected in console
    assert "points model not loaded" not in console
    assert "tracking store" not in console and "does not exist" not in console


def test_the_developer_log_keeps_the_technical_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from service.model_runtime import load_model_runtime
    from service.settings import Settings

    settings = Settings(
        mode="demo",
        model_uri="models:/amit-priority@champion",
        mlflow_tracking_uri=f"sqlite:///{tmp_path / 'none.db'}",
        sqlite_path=tmp_path / "demo.db",
    )
    with caplog.at_level(logging.INFO, logger="service.model_runtime"):
        runtime = load_model_runtime(settings)
    assert not runtime.available
    warning = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert warning == [
        "Punktemodell nicht geladen (models:/amit-priority@champion: noch kein Modell trainiert "
        "und registriert): die Fallliste folgt allein den Regeln."
    ]
    assert len(info) == 1 and info[0].startswith("points model not loaded (models:/")
    assert "does not exist" in info[0]
