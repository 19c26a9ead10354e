"""Engine benchmark: ``python -m evaluation.bench``.

Ranks generated caseloads (10k, 100k, 1M by default) with the vectorized batch engine and,
in the same run, with a plain per-case Python loop over the same rules (the interpreter) as
baseline; prints cases/s, engine time and peak memory, and the speed-up. With the durable path
installed it also runs the durable_rules engine on the same 100k cases.

Engine time is the rule evaluation and the total queue order on columnar input (facts, criteria,
blockers, actions, tiers, score, order) — not generating, loading or writing files. The string
order of the case ids is computed once per caseload (``CaseFrames.id_rank``) and reported apart
as "prepare". Peak memory
is the peak of traced allocations (numpy and Python) during the engine run, measured with
``tracemalloc`` in a separate pass so tracing does not slow the timed one; the process' peak RSS
is printed too.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from cases.frames import CaseFrames, cases_from_frames
from cases.generator import generate_frames
from rules import load_ruleset
from rules.batch import evaluate
from rules.interpreter import rank_cases

AS_OF = date(2026, 11, 23)
console = Console(stderr=True)


def best_of(work: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs of ``work`` (seconds) and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def _peak_bytes(work: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bench_batch(frames: CaseFrames, repeat: int) -> dict[str, Any]:
    ruleset = load_ruleset()
    # Once per caseload (not per evaluation): the string order of the case ids.
    start = time.perf_counter()
    frames.id_rank()
    prepare = time.perf_counter() - start
    seconds, _ = best_of(lambda: evaluate(frames, ruleset, AS_OF), repeat)
    peak = _peak_bytes(lambda: evaluate(frames, ruleset, AS_OF))
    return {
        "engine": "batch",
        "cases": len(frames),
        "offences": len(frames.offences),
        "incidents": len(frames.incidents),
        "seconds": seconds,
        "prepare_seconds": prepare,
        "cases_per_s": len(frames) / seconds,
        "peak_mib": peak / 2**20,
    }


def bench_loop(frames: CaseFrames) -> dict[str, Any]:
    ruleset = load_ruleset()
    cases = cases_from_frames(frames)
    seconds, _ = best_of(lambda: rank_cases(cases, ruleset, AS_OF), 1)
    return {
        "engine": "per-case loop",
        "cases": len(frames),
        "offences": len(frames.offences),
        "incidents": len(frames.incidents),
        "seconds": seconds,
        "cases_per_s": len(frames) / seconds,
        "peak_mib": None,
    }


def run(
    sizes: list[int], loop_sizes: list[int], durable_size: int | None, seed: int, repeat: int
) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for n in sizes:
        console.print(f"generating {n:,} cases …")
        start = time.perf_counter()
        frames = generate_frames(n, seed=seed, as_of=AS_OF)
        generate_s = time.perf_counter() - start
        console.print(f"  generated in {generate_s:.2f} s; batch engine …")
        batch = bench_batch(frames, repeat if n < 1_000_000 else max(1, repeat - 1))
        batch["generate_seconds"] = generate_s
        rows.append(batch)
        if n in loop_sizes:
            console.print("  per-case loop …")
            loop = bench_loop(frames)
            loop["speedup_of_batch"] = loop["seconds"] / batch["seconds"]
            batch["speedup_vs_loop"] = loop["seconds"] / batch["seconds"]
            rows.append(loop)
        if durable_size == n:
            try:
                from evaluation.bench_durable import bench_durable
            except ImportError:
                console.print("  durable path not available; skipped")
            else:
                console.print("  durable_rules engine …")
                durable = bench_durable(n, seed)
                durable["ratio_batch_over_durable"] = batch["cases_per_s"] / durable["cases_per_s"]
                rows.append(durable)
        del frames
        gc.collect()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"as_of": AS_OF.isoformat(), "seed": seed, "rows": rows, "process_peak_rss_mib": rss}


def render(report: dict[str, Any]) -> Table:
    table = Table(title="rrk-triage engine benchmark (this machine)")
    for column in (
        "engine",
        "cases",
        "offences",
        "prepare s",
        "engine s",
        "cases/s",
        "peak MiB",
        "speed-up",
    ):
        table.add_column(column, justify="right")
    for row in report["rows"]:
        speed = row.get("speedup_vs_loop") or row.get("ratio_batch_over_durable")
        speed_text = (
            f"{speed:,.0f}x"
            if row.get("speedup_vs_loop")
            else (f"batch {speed:,.0f}x faster" if speed else "")
        )
        prepare = row.get("prepare_seconds")
        table.add_row(
            row["engine"],
            f"{row['cases']:,}",
            f"{row['offences']:,}",
            f"{prepare:.3f}" if prepare is not None else "–",
            f"{row['seconds']:.3f}",
            f"{row['cases_per_s']:,.0f}",
            f"{row['peak_mib']:,.0f}" if row.get("peak_mib") else "–",
            speed_text,
        )
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument(
        "--loop-sizes",
        default="10000,100000",
        help="sizes at which the per-case loop runs as baseline",
    )
    parser.add_argument("--durable-size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    loop_sizes = [int(s) for s in args.loop_sizes.split(",") if s]
    report = run(sizes, loop_sizes, args.durable_size or None, args.seed, args.repeat)
    Console(width=140).print(render(report))
    Console().print(f"process peak RSS: {report['process_peak_rss_mib']:,.0f} MiB")
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
