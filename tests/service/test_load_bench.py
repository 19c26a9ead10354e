"""The load benchmark still runs end to end (tiny numbers; the figures are in docs/service.md).

It starts ``triage serve`` as a subprocess with one and with two worker processes, so this also
proves the serve command and ``--workers`` work.
"""

from __future__ import annotations

import json

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
