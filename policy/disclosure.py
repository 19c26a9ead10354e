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

Differencing two dates (issue #14 item 4: simulating on consecutive ``as_of`` days and
subtracting revealed the one case received in between) is stopped by :func:`available_dates`:
callers who may not see audit-only fields simulate the open caseload only on the weekly grid
(Mondays), and only on a grid date whose population differs from that of every other available
date, at every level that publishes counts, by none or by at least ``minimum`` cases. Every
simulation is still audited with its parameters (date, versions, source, caller's role).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from fairness.suppression import MIN_CELL_SIZE, is_small, suppress_table
from texts import text

__all__ = ["GRID_WEEKDAY", "HIDDEN", "available_dates", "on_grid", "protect"]

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


# --------------------------------------------------------------------------- the date grid

#: Simulations of the open caseload by callers without audit-only access: Mondays only (the
#: week the RRK's capacity is counted for starts on Monday).
GRID_WEEKDAY = 0


def on_grid(day: date) -> bool:
    return day.weekday() == GRID_WEEKDAY


def _grid_before(day: date) -> date:
    """The grid date on or before ``day``."""
    return day - timedelta(days=(day.weekday() - GRID_WEEKDAY) % 7)


def available_dates(
    received: Sequence[date] | np.ndarray,
    regions: Sequence[str] | np.ndarray,
    until: date,
    minimum: int = MIN_CELL_SIZE,
) -> list[date]:
    """The grid dates up to ``until`` on which the caseload may be simulated by callers without
    audit-only access, oldest first (the differencing control of issue #14, item 4).

    ``received`` and ``regions`` describe the open cases (one entry per case); the population
    of a date is the cases received by it. Walking the grid from before the first case, a date
    is *available* when, at every level that publishes counts on it, the population differs
    from that level's population on its last available date by none or by at least
    ``minimum`` cases. The levels: the whole state, each region with at least ``minimum``
    cases, and the pool of the smaller regions (whose cells are all hidden, but whose sum a
    reader can take from the state's totals). A level with fewer than ``minimum`` cases
    publishes nothing (all its counts are small) and never blocks. So two available dates
    differ, in every published table, by a group of ``minimum`` or more cases - the same bound
    as a single table - and subtracting two results singles out nobody.
    """
    days = np.asarray(received, dtype="datetime64[D]")
    names = np.asarray(regions, dtype=object)
    if not len(days):
        return [d for d in _grid(_grid_before(until), until)]
    first = _grid_before(days.min().astype(object)) - timedelta(days=7)  # nobody yet
    grid = _grid(first, until)
    stamps = np.asarray(grid, dtype="datetime64[D]")
    index = np.searchsorted(stamps, days, side="left")  # first grid date counting the case
    labels = sorted(set(names.tolist()))
    counts = np.zeros((len(labels), len(grid)), dtype=np.int64)
    for r, label in enumerate(labels):
        chosen = index[names == label]
        counts[r] = np.bincount(chosen[chosen < len(grid)], minlength=len(grid))
    cumulative = counts.cumsum(axis=1)  # cases of each region received by each grid date
    region_at = np.zeros(len(labels), dtype=np.int64)  # population at the last publication
    state_at = 0
    last_state = 0  # index of the last available date on which the state published

    def fine(change: int) -> bool:
        return change == 0 or change >= minimum

    out: list[date] = []
    for i, day in enumerate(grid):
        pop = cumulative[:, i]
        total = int(pop.sum())
        big = pop >= minimum
        checks = [fine(int(p - a)) for p, a in zip(pop[big], region_at[big], strict=True)]
        if total >= minimum:
            checks.append(fine(total - state_at))
            if state_at:  # against the state's last publication (its first is a table alone)
                small = ~big
                checks.append(fine(int((pop[small] - cumulative[small, last_state]).sum())))
        if all(checks):
            out.append(day)
            region_at[big] = pop[big]
            if total >= minimum:
                state_at, last_state = total, i
    return out


def _grid(first: date, last: date) -> list[date]:
    day = first if on_grid(first) else _grid_before(first) + timedelta(days=7)
    out = []
    while day <= last:
        out.append(day)
        day += timedelta(days=7)
    return out
