"""The durable_rules event path on a whole caseload, next to the batch engine.

``bench_durable(n, seed)`` is called by ``python -m evaluation.bench`` (``--durable-size``);
``python -m evaluation.bench_durable --n 100000`` runs it alone. Engine time is what the event
path does per case -- derive the facts (:func:`rules.interpreter.derive_facts`), let
durable_rules decide every rule (one fact per stage), order the queue -- on
:class:`cases.model.Case` objects; turning frames into case objects is reported apart as
"prepare", like the batch engine's id order. The batch engine is timed on the same frames so
the ratio is measured, not assumed.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from datetime import date
from typing import Any

from cases.frames import cases_from_frames
from cases.generator import generate_frames
from rules import load_ruleset
from rules.batch import evaluate
from rules.durable import engine_for
from rules.interpreter import derive_facts, sort_key

AS_OF = date(2026, 11, 23)


def bench_durable(n: int, seed: int) -> dict[str, Any]:
    """Cases per second of the durable path on ``n`` generated cases (and of batch, same cases)."""
    ruleset = load_ruleset()
    frames = generate_frames(n, seed=seed, as_of=AS_OF)
    engine = engine_for(ruleset)  # compiled and registered once, outside the timing

    gc.collect()
    start = time.perf_counter()
    cases = cases_from_frames(frames)
    prepare = time.perf_counter() - start

    gc.collect()
    start = time.perf_counter()
    derived = [derive_facts(case, ruleset, AS_OF) for case in cases]
    facts_s = time.perf_counter() - start
    start = time.perf_counter()
    results = [
        engine.decide(case, AS_OF, facts, evidence)
        for case, (facts, evidence) in zip(cases, derived, strict=True)
    ]
    rules_s = time.perf_counter() - start
    start = time.perf_counter()
    order = sorted(range(n), key=lambda i: sort_key(results[i], cases[i], ruleset))
    order_s = time.perf_counter() - start
    seconds = facts_s + rules_s + order_s

    gc.collect()
    start = time.perf_counter()
    batch = evaluate(frames, ruleset, AS_OF)
    batch_s = time.perf_counter() - start
    agree = [results[i].case_id for i in order] == list(batch.case_ids[batch.order])
    return {
        "engine": "durable_rules",
        "cases": n,
        "offences": len(frames.offences),
        "incidents": len(frames.incidents),
        "seconds": seconds,
        "prepare_seconds": prepare,
        "facts_seconds": facts_s,
        "rules_seconds": rules_s,
        "order_seconds": order_s,
        "cases_per_s": n / seconds if seconds else float("inf"),
        "rules_cases_per_s": n / rules_s if rules_s else float("inf"),
        "batch_seconds": batch_s,
        "batch_cases_per_s": n / batch_s if batch_s else float("inf"),
        "ratio_batch_over_durable": seconds / batch_s if batch_s else float("inf"),
        "same_queue_order_as_batch": agree,
        "peak_mib": None,
        "durable_ruleset": engine.name,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="durable_rules path vs batch engine")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print(json.dumps(bench_durable(args.n, args.seed), indent=2))


if __name__ == "__main__":
    main()
