"""What a simulation result may show: small cells hidden, the fairness breakdown only to those
allowed to see audit-only fields (issue #14, item 4).

The attack: simulating on consecutive ``as_of`` days and subtracting the two results revealed
one case's nationality, sex, region and tier. Two controls, both on the JSON of
:meth:`policy.simulation.SimulationResult.to_dict`:

* **Small cells.** Every count of people with ``0 < n < minimum`` (default
  :data:`fairness.suppression.MIN_CELL_SIZE`, 10) becomes ``null``, with the secondary
  suppression of :func:`fairness.suppression.suppress_table` wherever totals are shown (the
  tier transition matrix with its tier totals, the region × tier tables with the region and tier
  totals), and every number computed from a hidden cell is hidden with it (deltas, workload,
  utilisation, rates and ratios).
* **Audit-only fields.** The fairness breakdown (groups of nationality and sex) is removed
  unless the caller may see audit-only fields (``fairness=True``: auditors).

What it does not stop: differences of large cells between two dates (a new case in a region
of 200 changes that cell by one). That residual risk is why every simulation is audited with
its parameters (date, versions, source, caller's role): stepping through dates shows in the
audit log.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from fairness.suppression import MIN_CELL_SIZE, is_small, suppress_table
from texts import text

__all__ = ["HIDDEN", "protect"]

#: The value of a hidden count in the JSON.
HIDDEN = None


def _hide_small(value: Any, minimum: int) -> Any:
    return HIDDEN if isinstance(value, int) and is_small(value, minimum) else value


def _mask(rows: list[list[int]], minimum: int) -> np.ndarray:
    if not rows or not rows[0]:
        return np.zeros((len(rows), 0), dtype=bool)
    mask: np.ndarray = np.asarray(suppress_table(pd.DataFrame(rows), minimum), dtype=bool)
    return mask


def _lone(hidden: np.ndarray, axis: int) -> np.ndarray:
    """Lines (rows: axis 1, columns: axis 0) with exactly one hidden cell: their total would
    give it away (secondary suppression found no other non-zero cell to hide)."""
    result: np.ndarray = hidden.sum(axis=axis) == 1
    return result


def _hide_margins(totals: dict[str, Any], forced: set[str], minimum: int) -> None:
    """Hide the small totals and ``forced`` ones; then, if exactly one non-zero total is
    hidden, also the smallest other non-zero one (the grand total is shown)."""
    for key, value in totals.items():
        if key in forced or (isinstance(value, int) and is_small(value, minimum)):
            totals[key] = HIDDEN
    hidden = [k for k, v in totals.items() if v is HIDDEN]
    if len(hidden) == 1:
        others = [(v, k) for k, v in totals.items() if isinstance(v, int) and v > 0]
        if others:
            totals[min(others)[1]] = HIDDEN


def _protect_tiers(out: dict[str, Any], minimum: int, extra: dict[str, set[str]]) -> None:
    tiers: list[str] = list(out.get("tiers", []))
    matrix: Mapping[str, Mapping[str, int]] = out.get("matrix", {})
    rows = [[int(matrix[a][b]) for b in tiers] for a in tiers]
    hidden = _mask(rows, minimum)
    out["matrix"] = {
        a: {b: HIDDEN if hidden[i, j] else rows[i][j] for j, b in enumerate(tiers)}
        for i, a in enumerate(tiers)
    }
    out["transitions"] = {
        f"{a}->{b}": HIDDEN if hidden[i, j] else rows[i][j]
        for i, a in enumerate(tiers)
        for j, b in enumerate(tiers)
        if i != j and rows[i][j]
    }
    forced = {
        "baseline": {t for i, t in enumerate(tiers) if _lone(hidden, 1)[i]} | extra["baseline"],
        "proposal": {t for j, t in enumerate(tiers) if _lone(hidden, 0)[j]} | extra["proposal"],
    }
    for side in ("baseline", "proposal"):
        out[side] = dict(out.get(side, {}))
        _hide_margins(out[side], forced[side], minimum)
    out["delta"] = {
        tier: HIDDEN
        if out["baseline"].get(tier) is HIDDEN or out["proposal"].get(tier) is HIDDEN
        else d
        for tier, d in out.get("delta", {}).items()
    }
    out["n_changed"] = _hide_small(out.get("n_changed"), minimum)
    out["n_cases"] = _hide_small(out.get("n_cases"), minimum)


def _protect_regions(out: dict[str, Any], minimum: int) -> dict[str, set[str]]:
    """Hide the region × tier cells; returns the statewide tier totals that must be hidden."""
    regions: dict[str, dict[str, Any]] = out.get("by_region", {})
    tier_totals: dict[str, set[str]] = {"baseline": set(), "proposal": set()}
    lone_region: set[str] = set()
    tiers: list[str] = list(out.get("tiers", []))
    selected = set(out.get("selected_tiers", []))
    names = list(regions)
    hidden_any: dict[str, bool] = dict.fromkeys(names, False)
    for side in ("baseline", "proposal"):
        rows = [[int(regions[r][side].get(t, 0)) for t in tiers] for r in names]
        hidden = _mask(rows, minimum)
        for i, region in enumerate(names):
            entry = regions[region]
            entry[side] = {t: HIDDEN if hidden[i, j] else rows[i][j] for j, t in enumerate(tiers)}
            if any(hidden[i, j] for j, t in enumerate(tiers) if t in selected):
                hidden_any[region] = True
            if _lone(hidden, 1)[i] if len(tiers) else False:
                lone_region.add(region)
        if len(names) and len(tiers):
            tier_totals[side] |= {t for j, t in enumerate(tiers) if _lone(hidden, 0)[j]}
    sizes = {region: regions[region].get("n") for region in names}
    _hide_margins(sizes, lone_region, minimum)
    for region in names:
        entry = regions[region]
        entry["n"] = sizes[region]
        workload = ("workload_baseline", "workload_proposal")
        if hidden_any[region] or any(is_small(int(entry.get(k) or 0), minimum) for k in workload):
            for key in (*workload, "workload_delta"):
                entry[key] = HIDDEN
            entry["utilisation_baseline"] = entry["utilisation_proposal"] = HIDDEN
    return tier_totals


def _protect_fairness(out: dict[str, Any], minimum: int) -> None:
    for groups in out.get("fairness", {}).values():
        for entry in groups.values():
            n = int(entry.get("n") or 0)
            if is_small(n, minimum):
                for key in list(entry):
                    if key not in ("small_group",):
                        entry[key] = HIDDEN
                continue
            for side in ("baseline", "proposal"):
                chosen = int(entry.get(f"selected_{side}") or 0)
                if is_small(chosen, minimum) or is_small(n - chosen, minimum):
                    entry[f"selected_{side}"] = HIDDEN
                    entry[f"{side}_rate"] = HIDDEN
                    entry[f"{side}_ratio"] = HIDDEN
                    entry[f"{side}_p_value"] = HIDDEN


def protect(
    result: Mapping[str, Any], *, fairness: bool, minimum: int = MIN_CELL_SIZE
) -> dict[str, Any]:
    """A copy of a simulation's JSON fit for the caller: small cells ``null``; the fairness
    breakdown only when ``fairness`` (else ``{}``, and ``fairness_hidden`` true)."""
    out = copy.deepcopy(dict(result))
    tier_totals = _protect_regions(out, minimum)
    _protect_tiers(out, minimum, tier_totals)
    if fairness:
        _protect_fairness(out, minimum)
    else:
        out["fairness"] = {}
        out["fairness_summary"] = {}
    out["fairness_hidden"] = not fairness
    out["min_cell_size"] = minimum
    out["notes"] = [*out.get("notes", []), text("security.aggregates_note", "de", n=minimum)]
    if not fairness:
        out["notes"].append(text("security.fairness_hidden", "de"))
    return out
