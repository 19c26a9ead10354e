"""Ingest benchmark: ``python -m evaluation.bench_ingest``.

Whole processes, side by side in one run, each with its wall time and peak memory (the maximum
resident set of that process, from ``os.wait4`` in a small launcher process: a child forked from
this process would count this process' memory as its own):

* ``triage rank FILE --format jsonl --out q.jsonl`` on generated caseloads (100k and 1M cases
  by default) in JSON Lines, Parquet and CSV (a directory of the three files);
* the plain per-case Python baseline on the same JSON Lines (``evaluation.baseline_rank``:
  standard library ``json``, no validation, the per-case interpreter), at the sizes of
  ``--baseline-sizes`` (it takes minutes at 1M);
* the Arrow read floor: ``pyarrow.json.read_json`` (types inferred), ``pyarrow.parquet
  .read_table`` and ``pyarrow.csv.read_csv`` of the same files, nothing else.

It checks that every ``rank`` run and the baseline put the cases in the same order with the same
tiers and scores, and prints the targets of issue 13 (rank on 100k JSON Lines at least 4x and on
100k Parquet at least 10x faster than the baseline; 1M Parquet under 8 s, 1M JSON Lines under
30 s, every peak under 2 GiB) as met or not. Generated files are kept in ``--workdir`` and
reused. ``--formats parquet`` (or ``csv``, ``jsonl``, comma-separated) ranks those formats only;
``--baseline-sizes "" --api-sizes ""`` leaves out the baseline and the API import. Run it on a
quiet machine; ``--sizes 2000 --baseline-sizes 2000`` proves it works.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

AS_OF = date(2026, 11, 23)
GIB = 1024**3
console = Console(stderr=True)

_FLOORS = {
    "jsonl": "import pyarrow.json as j, sys; j.read_json(sys.argv[1])",
    "parquet": "import pyarrow.parquet as p, sys; p.read_table(sys.argv[1])",
    "csv": (
        "import pyarrow.csv as c, sys, pathlib; d = pathlib.Path(sys.argv[1]); "
        "[c.read_csv(d / n) for n in ('cases.csv', 'offences.csv', 'incidents.csv')]"
    ),
}


#: Runs argv[2:] and writes its wall time, peak RSS (KiB) and exit code as JSON to argv[1].
_LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
report = {"seconds": seconds, "maxrss_kib": usage.ru_maxrss,
          "code": os.waitstatus_to_exitcode(status)}
open(sys.argv[1], "w").write(json.dumps(report))
"""


def measure(argv: list[str]) -> dict[str, Any]:
    """Run one process to its end: wall seconds and peak resident memory (MiB)."""
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryFile() as errors:
        answer = Path(scratch) / "figures.json"
        launcher = subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCHER, str(answer), *argv],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            check=False,
        )
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace")[-2000:]
        report = json.loads(answer.read_text()) if answer.exists() else {}
    if launcher.returncode != 0 or report.get("code") != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {tail}")
    return {"seconds": report["seconds"], "peak_mib": report["maxrss_kib"] / 1024}


def _triage() -> list[str]:
    script = Path(sys.executable).with_name("triage")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from service.cli.app import main; main()"]


FORMATS = ("jsonl", "parquet", "csv")


def caseload_files(
    n: int, seed: int, workdir: Path, formats: tuple[str, ...] = FORMATS
) -> dict[str, Path]:
    """The caseload of ``n`` cases in each of ``formats`` (written once, then reused)."""
    from cases.generator import generate_frames
    from cases.io import write_frames

    paths = {
        "jsonl": workdir / f"c{n}-{seed}.jsonl",
        "parquet": workdir / f"c{n}-{seed}.parquet",
        "csv": workdir / f"c{n}-{seed}-csv",
    }
    paths = {fmt: path for fmt, path in paths.items() if fmt in formats}
    if all(path.exists() for path in paths.values()):
        return paths
    console.print(f"generating {n:,} cases …")
    frames = generate_frames(n, seed=seed, as_of=AS_OF)
    for fmt, path in paths.items():
        if not path.exists():
            console.print(f"  writing {path.name} …")
            write_frames(frames, path, fmt)
    return paths


def _queue(path: Path) -> list[tuple[str, str, int]]:
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [(r["case_id"], r["tier"], int(r["score"])) for r in rows]


def run(
    sizes: list[int],
    baseline_sizes: list[int],
    seed: int,
    workdir: Path,
    formats: tuple[str, ...] = FORMATS,
) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for n in sizes:
        needed = formats if n not in baseline_sizes else (*formats, "jsonl")
        paths = caseload_files(n, seed, workdir, tuple(dict.fromkeys(needed)))
        queues: dict[str, list[tuple[str, str, int]]] = {}
        for fmt, path in paths.items():
            if fmt not in formats:
                continue
            out = workdir / f"q{n}-{fmt}.jsonl"
            console.print(f"  {n:,} {fmt}: triage rank …")
            argv = [*_triage(), "rank", str(path), "--as-of", AS_OF.isoformat()]
            figures = measure([*argv, "--format", "jsonl", "--out", str(out)])
            rows.append({"cases": n, "path": f"triage rank ({fmt})", "format": fmt, **figures})
            queues[fmt] = _queue(out)
            console.print(f"  {n:,} {fmt}: Arrow read floor …")
            floor = measure([sys.executable, "-c", _FLOORS[fmt], str(path)])
            rows.append({"cases": n, "path": f"Arrow read ({fmt})", "format": fmt, **floor})
        if n in baseline_sizes:
            out = workdir / f"q{n}-baseline.jsonl"
            console.print(f"  {n:,}: per-case baseline …")
            argv = [sys.executable, "-m", "evaluation.baseline_rank", str(paths["jsonl"])]
            figures = measure([*argv, "--as-of", AS_OF.isoformat(), "--out", str(out)])
            rows.append(
                {"cases": n, "path": "per-case baseline (jsonl)", "format": "jsonl", **figures}
            )
            queues["baseline"] = _queue(out)
        first = next(iter(queues.values()), None)
        for name, queue in queues.items():
            if queue != first:
                raise RuntimeError(f"{n:,} cases: the queue of {name} differs from the others")
    _ratios(rows)
    return {"as_of": AS_OF.isoformat(), "seed": seed, "rows": rows, "targets": targets(rows)}


def _ratios(rows: list[dict[str, Any]]) -> None:
    baselines = {r["cases"]: r["seconds"] for r in rows if r["path"].startswith("per-case")}
    for row in rows:
        base = baselines.get(row["cases"])
        if base and row["path"].startswith("triage rank"):
            row["times_faster_than_baseline"] = base / row["seconds"]


def _row(rows: list[dict[str, Any]], n: int, path: str) -> dict[str, Any] | None:
    return next((r for r in rows if r["cases"] == n and r["path"] == path), None)


def targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The targets of issue 13 that this run measured, each met or not."""
    out: list[dict[str, Any]] = []
    for fmt, factor in (("jsonl", 4), ("parquet", 10)):
        row = _row(rows, 100_000, f"triage rank ({fmt})")
        if row and "times_faster_than_baseline" in row:
            ratio = row["times_faster_than_baseline"]
            out.append(
                {
                    "target": f"100k {fmt}: ≥ {factor}× baseline",
                    "value": f"{ratio:.1f}×",
                    "met": ratio >= factor,
                }
            )
    for fmt, limit in (("parquet", 8), ("jsonl", 30)):
        row = _row(rows, 1_000_000, f"triage rank ({fmt})")
        if row:
            out.append(
                {
                    "target": f"1M {fmt}: < {limit} s",
                    "value": f"{row['seconds']:.1f} s",
                    "met": row["seconds"] < limit,
                }
            )
    peak = max((r["peak_mib"] for r in rows if r["path"].startswith("triage")), default=None)
    if peak is not None:
        out.append(
            {"target": "peak < 2 GiB", "value": f"{peak:,.0f} MiB", "met": peak * 1024**2 < 2 * GIB}
        )
    return out


def render(report: dict[str, Any]) -> Table:
    table = Table(title=f"Ingest (whole processes, as of {report['as_of']})", header_style="bold")
    for column in ("cases", "path", "seconds", "cases/s", "peak MiB", "× baseline"):
        table.add_column(column, justify="right" if column != "path" else "left")
    for row in report["rows"]:
        ratio = row.get("times_faster_than_baseline")
        table.add_row(
            f"{row['cases']:,}",
            row["path"],
            f"{row['seconds']:.2f}",
            f"{row['cases'] / row['seconds']:,.0f}",
            f"{row['peak_mib']:,.0f}",
            f"{ratio:.1f}×" if ratio else "–",
        )
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--baseline-sizes", default="100000")
    parser.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help="file formats of triage rank, comma-separated (jsonl, parquet, csv)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="where the generated files are kept")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    parser.add_argument(
        "--api-sizes",
        default="100000",
        help="sizes of the API import (evaluation.bench_ingest_api); empty: none",
    )
    parser.add_argument("--no-postgres", action="store_true", help="API import on SQLite only")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    baseline_sizes = [int(s) for s in args.baseline_sizes.split(",") if s]
    workdir = args.workdir or Path(tempfile.gettempdir()) / "rrk-bench-ingest"
    workdir.mkdir(parents=True, exist_ok=True)
    formats = tuple(f for f in args.formats.split(",") if f)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        parser.error(f"unknown format(s) {', '.join(unknown)}; expected {', '.join(FORMATS)}")
    report = run(sizes, baseline_sizes, args.seed, workdir, formats)
    screen = Console(width=120)
    screen.print(render(report))
    for target in report["targets"]:
        mark = "met" if target["met"] else "NOT met"
        screen.print(f"{target['target']}: {target['value']} — {mark}")
    api_sizes = [int(s) for s in args.api_sizes.split(",") if s.strip()]
    if api_sizes:  # the API part: import through triage serve, the first queue read after it
        from evaluation import bench_ingest_api

        api = bench_ingest_api.run(
            api_sizes, postgres=not args.no_postgres, seed=args.seed, workdir=workdir
        )
        screen.print(bench_ingest_api.render(api))
        report["api"] = api
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
