"""Simulation benchmark: ``python -m evaluation.bench_simulation [--cases N] [--repeat R]``.

The what-if simulation must answer within the time a person waits for a page (issue #5:
100,000 cases in under 2 s). This times :func:`policy.simulation.simulate` on a generated
caseload with a draft that moves many cases (the worst case for the changed-case list), the
JSON serialisation of the full result, and the chart, each on its own.

"Simulation" covers both evaluations with the vectorized engine (facts, criteria, tiers,
scores, the two queue orders, including the one-off string order of the case ids, whose cache
is cleared before every run), the transition matrix, the per-region counts, the fairness delta
and the list of every changed case. Not included: generating or loading the caseload (loading
is validation, measured by the engine benchmark).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from cases.generator import generate_frames
from evaluation.bench import best_of
from policy.simulation import simulate
from rules import load_ruleset, with_parameters

AS_OF = date(2026, 11, 23)
#: A draft that lowers three thresholds at once, so that several thousand cases change tier.
DRAFT = {"repeat_min_convictions": 2, "serious_sentence_months": 18, "social_min_incidents": 2}
TARGET_SECONDS = 2.0
TARGET_CASES = 100_000  # the target is stated for this size only


def run(n: int = 100_000, repeat: int = 5, seed: int = 7) -> dict[str, Any]:
    """Time one caseload; returns the figures (seconds are the best of ``repeat`` runs)."""
    frames = generate_frames(n, seed=seed, as_of=AS_OF)
    baseline = load_ruleset()
    proposal = with_parameters(baseline, DRAFT)

    def once() -> Any:
        frames._id_rank = None  # the string order of the ids is part of a first simulation
        return simulate(frames, baseline, proposal, AS_OF)

    seconds, result = best_of(once, repeat)
    json_seconds, text = best_of(result.to_json, repeat)
    from policy.plots import plot_bytes

    plot_seconds, _ = best_of(lambda: plot_bytes(result, "png"), 1)
    return {
        "cases": n,
        "offences": len(frames.offences),
        "incidents": len(frames.incidents),
        "draft": DRAFT,
        "changed_cases": result.n_changed,
        "simulate_seconds": round(seconds, 3),
        "to_json_seconds": round(json_seconds, 3),
        "json_mib": round(len(text.encode()) / 2**20, 1),
        "plot_png_seconds": round(plot_seconds, 3),
        "target_seconds": TARGET_SECONDS if n == TARGET_CASES else None,
        "within_target": seconds < TARGET_SECONDS if n == TARGET_CASES else None,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = run(args.cases, args.repeat)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"{figures['cases']:,} cases ({figures['offences']:,} offences, "
        f"{figures['incidents']:,} incidents), {figures['changed_cases']:,} change tier"
    )
    verdict = ""
    if figures["within_target"] is not None:
        verdict = f"; target < {TARGET_SECONDS:g} s: " + (
            "OK" if figures["within_target"] else "TOO SLOW"
        )
    print(f"simulate: {figures['simulate_seconds']:.3f} s (best of {args.repeat}{verdict})")
    print(
        f"to_json:  {figures['to_json_seconds']:.3f} s ({figures['json_mib']} MiB, every "
        "changed case)"
    )
    print(f"chart:    {figures['plot_png_seconds']:.3f} s (PNG)")
    if figures["within_target"] is False:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
