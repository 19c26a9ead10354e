"""What a simulation result may show: small cells hidden, the fairness breakdown only to those
allowed to see audit-only fields (issue #14, item 4).

The attack: simulating on consecutive ``as_of`` days and subtracting the two results revealed
one case's nationality, sex, region and tier. Two controls, both on the JSON of
:meth:`policy.simulation.SimulationResult.to_dict`:

* **Small cells.** Every count of people with ``0 < n < minimum`` (default
  :data:`fairness.suppression.MIN_CELL_SIZE`, 10) becomes ``null``, and so do further counts
  chosen by :func:`fairness.suppression.suppress_cells`, which sees every count the JSON
  publishes as one system of linked tables (the tier transition matrix with its tier totals,
  ``n_cases`` and ``n_changed``; the region x tier tables with region sizes, tier totals and
  workloads; for auditors the fairness groups) and hides until no hidden small count can be
  narrowed below ``minimum`` by a reader who knows all of it (the guarantees 1-4 of that
  module). Every number computed from a hidden cell is hidden with it (deltas, workload delta,
  utilisation, rates, ratios and p-values).
* **Audit-only fields.** The fairness breakdown (groups of nationality and sex) is removed
  unless the caller may see audit-only fields (``fairness=True``: auditors).

Differencing two dates (issue #14 item 4: simulating on consecutive ``as_of`` days and
subtracting revealed the one case received in between) is stopped by :func:`available_dates`:
callers who may not see audit-only fields simulate the open caseload only on the weekly grid
(Mondays), on the caseload as it stood at the end of the Monday (the service reads it from the
store's history, so the same Monday always has the same population), and only on a grid date
whose population differs from the last available date's, at every level that publishes counts,
by none or at least ``minimum`` cases that came, and none or at least ``minimum`` that came or
left. Every simulation is still audited with its parameters (date, versions, source, caller's
role).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from fairness.suppression import MIN_CELL_SIZE, Relation, suppress_cells, suppress_with_totals
from texts import text

__all__ = ["GRID_WEEKDAY", "HIDDEN", "available_dates", "on_grid", "protect"]

#: The value of a hidden count in the JSON.
HIDDEN = None

_Key = tuple[str, ...]


class _Cells:
    """Every count of people a simulation's JSON publishes, and the relations between them
    that a reader knows (a row adds up to its total, the regions to the state, ...): the
    linked tables :func:`fairness.suppression.suppress_cells` protects all at once."""

    def __init__(self) -> None:
        self.index: dict[_Key, int] = {}
        self.values: list[int] = []
        self.relations: list[Relation] = []
        self.known: dict[int, tuple[float, float]] = {}
        self.hideable: list[bool] = []
        self.latent: list[bool] = []
        self.fixed: list[bool] = []
        self.hidden: np.ndarray = np.zeros(0, dtype=bool)

    def add(
        self,
        key: _Key,
        value: Any,
        *,
        hideable: bool = True,
        latent: bool = False,
        fixed: bool | None = None,
    ) -> None:
        """A published count; ``hideable=False``: never chosen as a secondary cell;
        ``latent``: a count the result never publishes but its published cells add up from;
        ``fixed``: hidden (``True``) or shown (``False``) as another output decided, never
        chosen (``None``: as the suppression decides)."""
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            self.index[key] = len(self.values)
            self.values.append(value)
            self.hideable.append(hideable and fixed is None)
            self.latent.append(latent)
            self.fixed.append(bool(fixed))

    def relate(self, plus: Sequence[_Key], minus: Sequence[_Key]) -> None:
        """``sum(plus) == sum(minus)``, known to the reader - if every cell is published and
        the relation holds (a result without some part, e.g. no region, has fewer)."""
        if not plus or not all(k in self.index for k in (*plus, *minus)):
            return
        relation = Relation(tuple(self.index[k] for k in plus), tuple(self.index[k] for k in minus))
        if relation.holds(np.asarray(self.values, dtype=np.int64)):
            self.relations.append(relation)

    def bound(self, key: _Key, lower: float, upper: float) -> None:
        if key in self.index:
            self.known[self.index[key]] = (lower, upper)

    def protect(self, minimum: int) -> None:
        self.hidden = suppress_cells(
            self.values,
            self.relations,
            minimum,
            hidden=self.fixed,
            known=self.known,
            hideable=self.hideable,
            latent=self.latent,
        )

    def shown(self, key: _Key, value: Any) -> Any:
        """``value`` or :data:`HIDDEN` when the cell ``key`` is hidden."""
        i = self.index.get(key)
        return HIDDEN if i is not None and self.hidden[i] else value


def _tiers_and_regions(
    out: Mapping[str, Any], cells: _Cells, minimum: int, *, as_overview: bool
) -> None:
    """The tier transition matrix with its margins, ``n_cases``, ``n_changed`` and the region
    x tier tables with region sizes and workloads, as cells and relations."""
    tiers: list[str] = list(out.get("tiers", []))
    matrix: Mapping[str, Mapping[str, Any]] = out.get("matrix", {})
    regions: Mapping[str, Mapping[str, Any]] = out.get("by_region", {})
    selected = [t for t in tiers if t in set(out.get("selected_tiers", []))]
    overview = _overview_pattern(tiers, regions, minimum) if as_overview else {}
    cells.add(("n_cases",), out.get("n_cases"), fixed=overview.get(("n_cases",)))
    cells.add(("n_changed",), out.get("n_changed"))
    for a in tiers:
        for b in tiers:
            cells.add(("matrix", a, b), matrix.get(a, {}).get(b))
    for side in ("baseline", "proposal"):
        for t in tiers:
            cells.add((side, t), out.get(side, {}).get(t), fixed=overview.get((side, t)))
    for r, entry in regions.items():
        cells.add(("n", r), entry.get("n"), fixed=overview.get(("n", r)))
        moves: Mapping[str, Mapping[str, Any]] = entry.get("matrix", {})
        for a in tiers:
            for b in tiers:
                cells.add(("move", r, a, b), moves.get(a, {}).get(b), latent=True)
        for side in ("baseline", "proposal"):
            for t in tiers:
                key = ("region", r, side, t)
                cells.add(key, entry.get(side, {}).get(t), fixed=overview.get(key))
            cells.add(("workload", r, side), entry.get(f"workload_{side}"))
            capacity, over = entry.get("capacity"), entry.get(_OVER[side])
            if isinstance(capacity, int) and capacity >= minimum and isinstance(over, bool):
                # "over capacity" tells the reader on which side of the capacity it lies
                bounds = (capacity + 1, math.inf) if over else (0, capacity)
                cells.bound(("workload", r, side), *bounds)
    for a in tiers:
        cells.relate([("baseline", a)], [("matrix", a, b) for b in tiers])
        cells.relate([("proposal", a)], [("matrix", b, a) for b in tiers])
        for b in tiers:
            cells.relate([("matrix", a, b)], [("move", r, a, b) for r in regions])
        for r in regions:
            cells.relate([("region", r, "baseline", a)], [("move", r, a, b) for b in tiers])
            cells.relate([("region", r, "proposal", a)], [("move", r, b, a) for b in tiers])
    for side in ("baseline", "proposal"):
        cells.relate([("n_cases",)], [(side, t) for t in tiers])
        for t in tiers:
            cells.relate([(side, t)], [("region", r, side, t) for r in regions])
        for r in regions:
            cells.relate([("n", r)], [("region", r, side, t) for t in tiers])
            cells.relate([("workload", r, side)], [("region", r, side, t) for t in selected])
    cells.relate([("n_changed",)], [("matrix", a, b) for a in tiers for b in tiers if a != b])
    if regions:
        cells.relate([("n_cases",)], [("n", r) for r in regions])


_OVER = {"baseline": "over_capacity_baseline", "proposal": "over_capacity"}


def _overview_pattern(
    tiers: Sequence[str], regions: Mapping[str, Mapping[str, Any]], minimum: int
) -> dict[_Key, bool]:
    """Which of the baseline's region x tier cells and totals are hidden - exactly as the
    policy overview of the same Monday hides them (``GET /queue/summary``: the same table,
    :func:`fairness.suppression.suppress_with_totals`, whose pattern depends on the counts
    only). The simulation takes that pattern as it is and never hides another baseline
    count: otherwise the overview would show what the simulation hides, and the other way
    round (subtracting the two gave hidden counts away)."""
    table = pd.DataFrame(
        [[int(entry.get("baseline", {}).get(t) or 0) for t in tiers] for entry in regions.values()],
        index=list(regions),
        columns=list(tiers),
        dtype="int64",
    )
    if table.empty:
        return {}
    masks = suppress_with_totals(table, minimum)
    pattern: dict[_Key, bool] = {("n_cases",): masks.total}
    for r in regions:
        pattern[("n", r)] = bool(masks.row_totals[r])
        for t in tiers:
            pattern[("region", r, "baseline", t)] = bool(masks.cells.loc[r, t])
    for t in tiers:
        pattern[("baseline", t)] = bool(masks.column_totals[t])
    return pattern


def _fairness_cells(out: Mapping[str, Any], cells: _Cells) -> None:
    """Per audit field: each group's size and selected counts (under both rule sets), the
    not-selected counts they imply, and how they add up to the state's counts."""
    selected = [t for t in out.get("tiers", []) if t in set(out.get("selected_tiers", []))]
    for attribute, groups in out.get("fairness", {}).items():
        for group, entry in groups.items():
            n = entry.get("n")
            # the size of a group large enough to be judged stays: the breakdown is read by it
            cells.add(
                ("f", attribute, group, "n"), n, hideable=bool(entry.get("small_group", True))
            )
            for side in ("baseline", "proposal"):
                chosen = entry.get(f"selected_{side}")
                cells.add(("f", attribute, group, side), chosen)
                if isinstance(n, int) and isinstance(chosen, int):
                    cells.add(("f", attribute, group, side, "not"), n - chosen)
                cells.relate(
                    [("f", attribute, group, "n")],
                    [("f", attribute, group, side), ("f", attribute, group, side, "not")],
                )
        cells.relate([("n_cases",)], [("f", attribute, g, "n") for g in groups])
        for side in ("baseline", "proposal"):
            cells.relate([("f", attribute, g, side) for g in groups], [(side, t) for t in selected])


def _apply_tiers_and_regions(out: dict[str, Any], cells: _Cells) -> None:
    tiers: list[str] = list(out.get("tiers", []))
    matrix: Mapping[str, Mapping[str, int]] = out.get("matrix", {})
    out["matrix"] = {
        a: {b: cells.shown(("matrix", a, b), v) for b, v in matrix[a].items()} for a in matrix
    }
    out["transitions"] = {
        f"{a}->{b}": out["matrix"][a][b]
        for a in tiers
        for b in tiers
        if a != b and matrix.get(a, {}).get(b)
    }
    for side in ("baseline", "proposal"):
        out[side] = {t: cells.shown((side, t), v) for t, v in out.get(side, {}).items()}
    out["delta"] = {
        tier: HIDDEN
        if out["baseline"].get(tier) is HIDDEN or out["proposal"].get(tier) is HIDDEN
        else d
        for tier, d in out.get("delta", {}).items()
    }
    out["n_changed"] = cells.shown(("n_changed",), out.get("n_changed"))
    out["n_cases"] = cells.shown(("n_cases",), out.get("n_cases"))
    for r, entry in out.get("by_region", {}).items():
        entry.pop("matrix", None)  # the region's transitions: latent, never published
        entry["n"] = cells.shown(("n", r), entry.get("n"))
        for side in ("baseline", "proposal"):
            entry[side] = {
                t: cells.shown(("region", r, side, t), v) for t, v in entry[side].items()
            }
            workload = cells.shown(("workload", r, side), entry.get(f"workload_{side}"))
            entry[f"workload_{side}"] = workload
            if workload is HIDDEN:
                # No capacity claim over a hidden workload: it would bound the hidden count.
                entry[f"utilisation_{side}"] = HIDDEN
                entry[_OVER[side]] = HIDDEN
        if entry.get("workload_baseline") is HIDDEN or entry.get("workload_proposal") is HIDDEN:
            entry["workload_delta"] = HIDDEN


def _apply_fairness(out: dict[str, Any], cells: _Cells) -> None:
    """Hidden group counts and everything computed from them: rates, ratios, p-values; a
    group under the minimum is hidden whole. When a side's reference group is hidden, every
    ratio and p-value of that side goes too (each would give the reference's rate away)."""
    summary: Mapping[str, Any] = out.get("fairness_summary", {}).get("attributes", {})
    for attribute, groups in out.get("fairness", {}).items():
        hidden_reference = set()
        for side in ("baseline", "proposal"):
            reference = summary.get(attribute, {}).get(f"reference_{side}")
            if reference in groups and cells.shown(("f", attribute, reference, side), 0) is HIDDEN:
                hidden_reference.add(side)
        for group, entry in groups.items():
            if cells.shown(("f", attribute, group, "n"), 0) is HIDDEN:
                for key in list(entry):
                    if key not in ("small_group",):
                        entry[key] = HIDDEN
                continue
            for side in ("baseline", "proposal"):
                if cells.shown(("f", attribute, group, side), 0) is HIDDEN:
                    entry[f"selected_{side}"] = HIDDEN
                    entry[f"{side}_rate"] = HIDDEN
                if side in hidden_reference or entry[f"selected_{side}"] is HIDDEN:
                    entry[f"{side}_ratio"] = HIDDEN
                    entry[f"{side}_p_value"] = HIDDEN
                    entry[f"flag_{side}"] = HIDDEN  # no rating over hidden figures
        lists = summary.get(attribute, {})
        for side in ("baseline", "proposal"):
            key = f"flagged_{side}"
            if key in lists:
                lists[key] = [g for g in lists[key] if groups.get(g, {}).get(f"flag_{side}")]
        for key in ("newly_flagged", "no_longer_flagged"):
            if key in lists:
                lists[key] = [
                    g
                    for g in lists[key]
                    if groups.get(g, {}).get("flag_baseline") is not HIDDEN
                    and groups.get(g, {}).get("flag_proposal") is not HIDDEN
                ]


def protect(
    result: Mapping[str, Any], *, fairness: bool, minimum: int = MIN_CELL_SIZE
) -> dict[str, Any]:
    """A copy of a simulation's JSON fit for the caller: small cells ``null``; the fairness
    breakdown only when ``fairness`` (else ``{}``, and ``fairness_hidden`` true)."""
    out = copy.deepcopy(dict(result))
    out["min_cell_size"] = minimum
    cells = _Cells()
    # Callers who see the overview suppressed see the baseline exactly as it hides it; those
    # who may see audit-only fields read the overview unsuppressed anyway.
    _tiers_and_regions(out, cells, minimum, as_overview=not fairness)
    if fairness:
        _fairness_cells(out, cells)
    cells.protect(minimum)
    _apply_tiers_and_regions(out, cells)
    if fairness:
        _apply_fairness(out, cells)
    else:
        out["fairness"] = {}
        out["fairness_summary"] = {}
    out["fairness_hidden"] = not fairness
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
    *,
    left: Sequence[date | None] | np.ndarray | None = None,
    cases: Sequence[str] | np.ndarray | None = None,
) -> list[date]:
    """The grid dates up to ``until`` on which the caseload may be simulated by callers without
    audit-only access, oldest first (the differencing control of issue #14, item 4).

    Who is in the population of a date: without ``left``, one entry per case, in it from the
    day it was ``received`` on; with ``left`` (and ``cases``), one entry per *stay*: case
    ``cases[i]`` of region ``regions[i]`` is in the population of every date from
    ``received[i]`` up to the day before ``left[i]`` (``NaT``/``None``: still in it) - the open
    caseload as it stood on each date, cases leaving it by closure.

    Walking the grid from before the first case, a date is *available* when, at every level
    that publishes counts on it, the cases that entered that level's population since its last
    available date number none or at least ``minimum``, and so do the cases that entered or
    left it together (a case that left is only ever seen among ``minimum`` or more changes, and
    a level whose old members rarely leave cannot block the grid for good). The
    levels: the whole state, each region with at least ``minimum`` cases, and the pool of the
    smaller regions (whose cells are all hidden, but whose sum a reader can take from the
    state's totals). A level with fewer than ``minimum`` cases publishes nothing (all its counts
    are small) and never blocks. So two available dates differ, in every published table, by a
    group of ``minimum`` or more cases that came (or none), and by ``minimum`` or more changes
    in all (or none) - the bound of a single table - and subtracting two results singles out
    nobody who came; one who left shows only as part of a net change among ``minimum`` or more.
    """
    days = np.asarray(received, dtype="datetime64[D]")
    if not len(days):
        return [d for d in _grid(_grid_before(until), until)]
    names = np.asarray(regions, dtype=object)
    ends = np.asarray(
        [None] * len(days) if left is None else left, dtype="datetime64[D]"
    )  # None: NaT
    who = np.arange(len(days)) if cases is None else np.asarray(cases, dtype=object)
    first = _grid_before(days.min().astype(object)) - timedelta(days=7)  # nobody yet
    grid = _grid(first, until)
    stamps = np.asarray(grid, dtype="datetime64[D]")
    enter = np.searchsorted(stamps, days, side="left")  # first grid date in the population
    leave = np.where(np.isnat(ends), len(grid), np.searchsorted(stamps, ends, side="left"))
    stays = np.flatnonzero(enter < leave)
    labels, region = np.unique(names.astype(str), return_inverse=True)
    _, case = np.unique(who.astype(str), return_inverse=True)
    n_regions, n_cases = len(labels), int(case.max()) + 1
    by_enter = stays[np.argsort(enter[stays], kind="stable")]
    by_leave = stays[np.argsort(leave[stays], kind="stable")]
    enter_at = np.searchsorted(enter[by_enter], np.arange(len(grid) + 1), side="left")
    leave_at = np.searchsorted(leave[by_leave], np.arange(len(grid) + 1), side="left")

    def fine(change: np.ndarray | int) -> bool:
        values = np.atleast_1d(change)
        return bool(np.all((values == 0) | (values >= minimum)))

    now = np.full(n_cases, -1, dtype=np.int64)  # each case's region on the date, -1: not in
    nobody = np.full(n_cases, -1, dtype=np.int64)
    published: dict[int, np.ndarray] = {-1: nobody}  # populations of the last publications
    region_ref = np.full(n_regions, -1, dtype=np.int64)  # each region's last publication
    state_ref = -1
    out: list[date] = []
    for i, day in enumerate(grid):
        gone = by_leave[leave_at[i] : leave_at[i + 1]]
        now[case[gone]] = -1
        arrived = by_enter[enter_at[i] : enter_at[i + 1]]
        now[case[arrived]] = region[arrived]
        present = now >= 0
        pop = np.bincount(now[present], minlength=n_regions)
        total = int(present.sum())
        big = pop >= minimum
        ok = True
        for ref in np.unique(region_ref[big]).tolist():
            then = published[ref]
            moved = now != then
            entered = np.bincount(now[moved & present], minlength=n_regions)
            departed = np.bincount(then[moved & (then >= 0)], minlength=n_regions)
            level = big & (region_ref == ref)
            ok = ok and fine(entered[level]) and fine(entered[level] + departed[level])
        if total >= minimum:
            then = published[state_ref]
            came, went = int((present & (then < 0)).sum()), int(((then >= 0) & ~present).sum())
            ok = ok and fine(came) and fine(came + went)
            if state_ref >= 0:  # against the state's last publication (its first is a table)
                pooled = np.append(~big, False)  # index -1 (not in): not in the pool
                pool_now, pool_then = pooled[now], pooled[then]
                came = int((pool_now & ~pool_then).sum())
                went = int((pool_then & ~pool_now).sum())
                ok = ok and fine(came) and fine(came + went)
        if ok:
            out.append(day)
            published[i] = now.copy()
            region_ref[big] = i
            if total >= minimum:
                state_ref = i
            kept = {-1, state_ref, *region_ref.tolist()}
            published = {k: v for k, v in published.items() if k in kept}
    return out


def _grid(first: date, last: date) -> list[date]:
    day = first if on_grid(first) else _grid_before(first) + timedelta(days=7)
    out = []
    while day <= last:
        out.append(day)
        day += timedelta(days=7)
    return out
