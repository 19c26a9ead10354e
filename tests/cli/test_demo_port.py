"""`triage demo` and `make demo` on another port; a busy port named before anything is built."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_a_busy_port_is_one_german_sentence_with_the_fix_and_nothing_is_built(
    cli, busy_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("demo", "--port", busy_port, "--no-train", "--n", "5")
    assert result.exit_code == 1
    message = result.output.strip()
    assert message.startswith(f"Port {busy_port} auf 127.0.0.1 ist schon belegt")
    assert "make demo PORT=8123" in message and "triage demo --port 8123" in message
    assert "Traceback" not in message and "Errno" not in message
    assert "\n" not in message and message.endswith(").")
    assert list(tmp_path.iterdir()) == []  # no var/, no database, no model store


def test_triage_port_sets_the_demo_port(
    cli, busy_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRIAGE_PORT", str(busy_port))
    result = cli("demo", "--no-train", "--n", "5")
    assert result.exit_code == 1 and f"Port {busy_port} auf" in result.output


def test_a_free_port_is_accepted() -> None:
    from service.cli.demo_command import port_problem

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    assert port_problem("127.0.0.1", free) is None
    assert "unbekannt" in (port_problem("no-such-host.invalid", free) or "")


def test_make_demo_passes_the_port() -> None:
    dry = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "demo", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "triage demo --port 8123" in dry
    plain = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "demo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "triage demo" in plain and "--port" not in plain
