"""The per-case baseline of ``evaluation.bench_ingest``: ``python -m evaluation.baseline_rank``.

What a straightforward Python script does to rank a JSON Lines caseload by SPEC §3: read the
file line by line with the standard library's ``json``, build each case as plain objects (no
validation), evaluate every case in a Python loop (the per-case interpreter,
``rules.interpreter.rank_cases``, the same rules as the engine), sort by the queue key and write
one JSON line per case. It validates nothing, so it is a floor for any per-record approach.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from cases.model import Case, Incident, Offence
from rules import load_ruleset
from rules.interpreter import rank_cases


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _case(raw: dict[str, Any]) -> Case:
    offences = [
        Offence.model_construct(**{**item, "date": _day(item["date"])}) for item in raw["offences"]
    ]
    incidents = [
        Incident.model_construct(**{**item, "date": _day(item["date"])})
        for item in raw["incidents"]
    ]
    values = {
        **raw,
        "received_on": _day(raw["received_on"]),
        "birth_date": _day(raw["birth_date"]),
        "release_date": _day(raw.get("release_date")),
        "offences": offences,
        "incidents": incidents,
    }
    return Case.model_construct(**values)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("--as-of", required=True, type=date.fromisoformat)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    with args.input.open(encoding="utf-8") as lines:
        cases = [_case(json.loads(line)) for line in lines if line.strip()]
    results = rank_cases(cases, load_ruleset(), args.as_of)
    with args.out.open("w", encoding="utf-8") as out:
        for rank, result in enumerate(results, start=1):
            row = {"rank": rank, "case_id": result.case_id, "tier": result.tier}
            out.write(json.dumps({**row, "score": result.score}) + "\n")


if __name__ == "__main__":
    main()
