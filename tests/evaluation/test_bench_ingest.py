"""The ingest benchmark runs end to end at a tiny size (figures are the lead's, on a quiet
machine; here only that every process runs, the queues agree and the report is complete)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation import bench_ingest


@pytest.mark.slow
def test_bench_ingest_runs_every_path_and_agrees(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    bench_ingest.main(
        ["--sizes", "300", "--baseline-sizes", "300", "--workdir", str(tmp_path), "--out", str(out)]
    )
    report = json.loads(out.read_text())
    paths = {row["path"] for row in report["rows"]}
    assert paths == {
        "triage rank (jsonl)",
        "triage rank (parquet)",
        "triage rank (csv)",
        "Arrow read (jsonl)",
        "Arrow read (parquet)",
        "Arrow read (csv)",
        "per-case baseline (jsonl)",
    }
    assert all(row["seconds"] > 0 and row["peak_mib"] > 10 for row in report["rows"])
    assert all("times_faster_than_baseline" in r for r in report["rows"] if "rank" in r["path"])


@pytest.mark.slow
def test_bench_ingest_runs_the_chosen_formats_only(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    argv = ["--sizes", "200", "--baseline-sizes", "", "--api-sizes", "", "--formats", "parquet"]
    bench_ingest.main([*argv, "--workdir", str(tmp_path), "--out", str(out)])
    report = json.loads(out.read_text())
    assert {row["path"] for row in report["rows"]} == {
        "triage rank (parquet)",
        "Arrow read (parquet)",
    }
    assert not (tmp_path / "c200-7.jsonl").exists()  # no caseload written for other formats
    with pytest.raises(SystemExit):
        bench_ingest.main(["--formats", "xml", "--sizes", "200"])
