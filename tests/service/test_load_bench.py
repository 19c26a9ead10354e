"""The load benchmark still runs end to end (tiny numbers; the figures are in docs/service.md).

It starts ``triage serve`` as a subprocess with one and with two worker processes, so this also
proves the serve command and ``--workers`` work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from evaluation import load_bench


@pytest.mark.slow
def test_load_bench_runs_against_a_served_app(tmp_path):
    out = tmp_path / "bench.json"
    code = load_bench.main(
        [
            "--open-cases",
            "60",
            "--clients",
            "4",
            "--score-requests",
            "12",
            "--rates",
            "8",
            "--rate-seconds",
            "1",
            "--queue-requests",
            "4",
            "--workers",
            "1,2",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    report = json.loads(out.read_text())
    assert report["backend"] == "sqlite"
    assert all(r["errors"] == 0 for r in report["results"]), report["results"]
    assert {r["name"].split()[0] for r in report["results"]} == {"/score", "/queue"}
    assert report["workers"] == [1, 2]
    by_workers = [[r["name"] for r in report["results"] if r["workers"] == n] for n in (1, 2)]
    assert by_workers[0] == by_workers[1] and by_workers[0]
    # CPU per request of the server (both workers counted with two) and of the client.
    assert all(r["server_cpu_ms"] > 0 for r in report["results"]), report["results"]
    assert all(r["client_cpu_ms"] >= 0 for r in report["results"])
    assert report["model"] is False


def test_cpu_seconds_counts_the_worker_processes() -> None:
    """Server CPU is the CPU of the serving process and its live descendants (workers)."""
    busy = (
        "import sys, time\n"
        "t = time.process_time()\n"
        "while time.process_time() - t < 0.2: pass\n"
        "print('done', flush=True)\n"
        "sys.stdin.read()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", busy], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"done"
        assert child.pid in load_bench._process_tree(os.getpid())
        own = load_bench.cpu_seconds(child.pid)
        assert own > 0
        assert load_bench.cpu_seconds(os.getpid()) > own  # this process's own time added
    finally:
        child.communicate(b"")
