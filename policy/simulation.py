"""What-if simulation: a draft rule set (the *proposal*) against the active one (the *baseline*).

Policy staff must see what a change of thresholds, windows or categories does before it takes
effect (DOMAIN.md): how many cases move between tiers, which ones, what it does to every
region's priority workload against its weekly capacity, and whether the selection into the
priority tiers becomes more unequal between groups of an audit-only field.

How it works: the caseload is evaluated twice with the vectorized engine
(:func:`rules.batch.evaluate`), once per rule set, at the same reference date; everything else
is counting over the two tier arrays with ``numpy.bincount`` (no per-case Python loop except
for building the list of changed cases that the caller asked for).

Conventions
-----------
* **Tiers** are the union of both rule sets' tier ids, the baseline's order first. Every tier
  appears in every count, with 0 where nothing is in it.
* **Workload** of a region is the number of its cases in the *selected tiers* (default ``P1``
  and ``P2``: the cases that go to a case conference first). It is compared with the region's
  weekly capacity from :mod:`policy.capacity`; ``over_capacity`` means workload > capacity.
* **Changed cases** are the cases whose tier differs, sorted by their rank in the proposal's
  queue (the order a lead would meet them in after the change).
* **Fairness delta**: for each audit field (default ``nationality`` and ``sex``) and each of
  its groups, the selection rate into the selected tiers under both versions, and the ratio of
  that rate to the reference group's rate: the *largest* group with at least
  ``min_group_size`` cases, the same definition as ``triage fairness``
  (:func:`fairness.report.reference_group`). The four-fifths rule flags a ratio below 0.8 or
  above 1.25 (:func:`fairness.report.four_fifths_flags`), and every large group gets the
  p-value of Fisher's exact two-sided test against the reference
  (:func:`fairness.report.proportion_test`; per group, no correction for several
  comparisons). Groups with fewer than ``min_group_size`` cases (default 30) are reported but
  marked ``small_group``: they are neither flagged, tested nor used as the reference group,
  because with a handful of cases one case more or less swings the rate and a flag would be
  noise. A missing value forms the group
  ``"unbekannt"`` so those cases stay visible.
* **Audit-only fields** are read in exactly one function, :func:`_audit_groups`. The rule
  engine gets a view of the caseload *without* those columns (:func:`_rule_view`), so a
  simulation cannot even by accident let them influence a tier.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from cases.frames import CaseFrames
from cases.model import AUDIT_ONLY_FIELDS, REGIONS
from fairness.report import (
    DEFAULT_REFERENCE,
    FOUR_FIFTHS,
    SIGNIFICANCE_TEST,
    four_fifths_flags,
    proportion_test,
    reference_group,
)
from policy.capacity import Capacity, load_capacity
from rules.batch import Evaluation, evaluate
from rules.language import RuleSet
from rules.parameters import changed_parameters

__all__ = [
    "DEFAULT_AUDIT_FIELDS",
    "MIN_GROUP_SIZE",
    "UNKNOWN_GROUP",
    "SimulationResult",
    "simulate",
]

#: Tiers whose cases count as priority workload and as "selected" in the fairness delta.
#: Audit-only fields compared by default.
DEFAULT_AUDIT_FIELDS: tuple[str, ...] = ("nationality", "sex")
#: Groups smaller than this are reported but never flagged nor used as the reference.
MIN_GROUP_SIZE = 30
#: The group of cases without a value in an audit field.
UNKNOWN_GROUP = "unbekannt"

_DIGITS = 6  # rates and ratios in the JSON: enough to recompute, short enough to read


def _ruleset_info(ruleset: RuleSet, label: str | None) -> dict[str, Any]:
    return {"name": ruleset.name, "version": ruleset.version, "label": label or ruleset.label}


def _plain(value: Any) -> Any:
    """JSON-ready value: tuples become lists, numpy scalars Python scalars, NaN ``None``."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, _DIGITS)
    return value


@dataclass
class SimulationResult:
    """Everything a what-if run found; :meth:`to_dict` is the JSON contract of CLI and API.

    ``matrix[i, j]`` is the number of cases in tier ``tiers[i]`` under the baseline and
    ``tiers[j]`` under the proposal, so its row sums are the baseline counts and its column
    sums the proposal counts.
    """

    as_of: date
    n_cases: int
    baseline_ruleset: dict[str, Any]
    proposal_ruleset: dict[str, Any]
    parameters_changed: dict[str, dict[str, Any]]
    tiers: tuple[str, ...]
    tier_labels: dict[str, dict[str, str]]
    selected_tiers: tuple[str, ...]
    matrix: np.ndarray
    n_changed: int
    changed_cases: list[dict[str, Any]]
    by_region: dict[str, dict[str, Any]]
    fairness: dict[str, dict[str, dict[str, Any]]]
    fairness_summary: dict[str, Any]
    capacity_source: str | None = None
    notes: list[str] = field(default_factory=list)
    catch_all_tiers: tuple[str, ...] = ()  # the last (``otherwise``) tier of either rule set

    @property
    def baseline(self) -> dict[str, int]:
        """Cases per tier under the baseline (every tier, 0 included)."""
        return dict(zip(self.tiers, self.matrix.sum(axis=1).tolist(), strict=True))

    @property
    def proposal(self) -> dict[str, int]:
        """Cases per tier under the proposal (every tier, 0 included)."""
        return dict(zip(self.tiers, self.matrix.sum(axis=0).tolist(), strict=True))

    @property
    def delta(self) -> dict[str, int]:
        """Proposal minus baseline per tier."""
        base = self.baseline
        return {tier: n - base[tier] for tier, n in self.proposal.items()}

    @property
    def transitions(self) -> dict[str, int]:
        """``"P1->P2": n`` for every pair of different tiers that at least one case takes."""
        out: dict[str, int] = {}
        for i, source in enumerate(self.tiers):
            for j, target in enumerate(self.tiers):
                if i != j and self.matrix[i, j]:
                    out[f"{source}->{target}"] = int(self.matrix[i, j])
        return out

    def matrix_dict(self) -> dict[str, dict[str, int]]:
        """The full transition matrix as ``{from: {to: n}}`` (for the UI)."""
        return {
            source: dict(zip(self.tiers, self.matrix[i].tolist(), strict=True))
            for i, source in enumerate(self.tiers)
        }

    @property
    def workload(self) -> tuple[int, int]:
        """Statewide cases in the selected tiers: (baseline, proposal)."""
        return (
            sum(r["workload_baseline"] for r in self.by_region.values()),
            sum(r["workload_proposal"] for r in self.by_region.values()),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data in the documented shape (docs/policy-simulation.md)."""
        return {
            "as_of": self.as_of.isoformat(),
            "n_cases": self.n_cases,
            "baseline_ruleset": dict(self.baseline_ruleset),
            "proposal_ruleset": dict(self.proposal_ruleset),
            "parameters_changed": {k: dict(v) for k, v in self.parameters_changed.items()},
            "tiers": list(self.tiers),
            "tier_labels": {k: dict(v) for k, v in self.tier_labels.items()},
            "selected_tiers": list(self.selected_tiers),
            "baseline": self.baseline,
            "proposal": self.proposal,
            "delta": self.delta,
            "transitions": self.transitions,
            "matrix": self.matrix_dict(),
            "n_changed": self.n_changed,
            "changed_cases": [dict(c) for c in self.changed_cases],
            "by_region": {
                region: {
                    key: copy.deepcopy(value) if isinstance(value, dict) else value
                    for key, value in entry.items()
                }
                for region, entry in self.by_region.items()
            },
            "fairness": {
                attribute: {group: dict(entry) for group, entry in groups.items()}
                for attribute, groups in self.fairness.items()
            },
            "fairness_summary": json.loads(json.dumps(self.fairness_summary)),
            "capacity_source": self.capacity_source,
            "notes": list(self.notes),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The result as JSON text (German text kept as is)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


# --------------------------------------------------------------------------- the isolation


def _rule_view(frames: CaseFrames, hidden: Iterable[str]) -> CaseFrames:
    """The caseload as the rule engine may see it: without any audit-only column.

    The loader already refuses rule sets that name an audit-only field; removing the columns
    here as well means the engine never even receives them (defence in depth). Offences,
    incidents and the cached case-id order are shared, not copied.
    """
    drop = [column for column in frames.cases.columns if column in set(hidden)]
    return CaseFrames(
        frames.cases.drop(columns=drop),
        frames.offences,
        frames.incidents,
        _id_rank=frames.id_rank(),
    )


def _audit_groups(frames: CaseFrames, fields: Sequence[str]) -> dict[str, np.ndarray]:
    """The group of every case in each audit-only field (missing -> ``"unbekannt"``).

    AUDIT-ONLY READ. This is the only place in the simulation, and with
    :mod:`fairness.report` the only place in the product, where ``nationality``, ``sex``
    and any other audit-only field are read. It is allowed here because the fairness audit is
    the purpose these fields are stored for (SPEC §1, DOMAIN.md: Art. 3 Abs. 3 GG, GDPR
    Art. 9): the groups are compared *after* both rule sets have set every tier, and the
    values returned here go into group counts only, never back into a rule, a fact, a score
    or an order. Do not pass them anywhere else.
    """
    groups: dict[str, np.ndarray] = {}
    for name in fields:
        if name not in frames.cases.columns:
            raise ValueError(
                f"audit field {name!r} is not a column of the caseload; "
                f"available: {', '.join(map(str, frames.cases.columns))}"
            )
        values = frames.cases[name].astype(object)
        missing = values.isna().to_numpy() | (values.astype(str).str.strip() == "").to_numpy()
        out = values.astype(str).to_numpy(dtype=object)
        out[missing] = UNKNOWN_GROUP
        groups[name] = out
    return groups


# --------------------------------------------------------------------------- pieces


def _tier_union(baseline: RuleSet, proposal: RuleSet) -> tuple[str, ...]:
    extra = [t for t in proposal.tier_ids if t not in baseline.tier_ids]
    return (*baseline.tier_ids, *extra)


def _tier_labels(
    tiers: Sequence[str], baseline: RuleSet, proposal: RuleSet
) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for tier_id in tiers:
        source = baseline if tier_id in baseline.tier_ids else proposal
        text = source.tier(tier_id).label
        labels[tier_id] = {"de": text.get("de"), "en": text.get("en")}
    return labels


def _union_tiers(evaluation: Evaluation, tiers: Sequence[str]) -> np.ndarray:
    """The evaluation's tier indices mapped onto positions in ``tiers``."""
    if len(evaluation.tier) and int(evaluation.tier.min()) < 0:
        rows = np.flatnonzero(evaluation.tier < 0)[:5].tolist()
        raise ValueError(
            f"{evaluation.ruleset.label}: {int((evaluation.tier < 0).sum())} "
            f"cases match no tier (rows {rows}); the rule set needs a catch-all "
            "tier"
        )
    lookup = np.array([tiers.index(t) for t in evaluation.ruleset.tier_ids], dtype=np.int64)
    return lookup[evaluation.tier.astype(np.int64)]


def _region_codes(frames: CaseFrames) -> np.ndarray:
    codes = pd.Categorical(frames.cases["region"], categories=list(REGIONS)).codes
    if len(codes) and codes.min() < 0:
        bad = frames.cases["region"][codes < 0].astype(str).unique()[:5].tolist()
        raise ValueError(f"unknown region(s) {bad}; expected one of {', '.join(REGIONS)}")
    out: np.ndarray = codes.astype(np.int64)
    return out


def _changed_cases(
    frames: CaseFrames,
    before: Evaluation,
    after: Evaluation,
    tiers: Sequence[str],
    tier_b: np.ndarray,
    tier_p: np.ndarray,
    limit: int | None,
) -> tuple[int, list[dict[str, Any]]]:
    changed = np.flatnonzero(tier_b != tier_p)
    rank_after = after.ranks
    changed = changed[np.argsort(rank_after[changed], kind="stable")]
    total = len(changed)
    if limit is not None:
        changed = changed[: max(limit, 0)]
    rank_before = before.ranks
    names = np.asarray(tiers, dtype=object)
    regions = frames.cases["region"].astype(str).to_numpy(dtype=object)
    columns = zip(
        before.case_ids[changed].tolist(),
        regions[changed].tolist(),
        names[tier_b[changed]].tolist(),
        names[tier_p[changed]].tolist(),
        before.score[changed].tolist(),
        after.score[changed].tolist(),
        rank_before[changed].tolist(),
        rank_after[changed].tolist(),
        strict=True,
    )
    keys = (
        "case_id",
        "region",
        "from",
        "to",
        "score_before",
        "score_after",
        "rank_before",
        "rank_after",
    )
    return total, [dict(zip(keys, row, strict=True)) for row in columns]


def _by_region(
    region: np.ndarray,
    tiers: Sequence[str],
    tier_b: np.ndarray,
    tier_p: np.ndarray,
    selected: np.ndarray,
    capacity: Mapping[str, int],
) -> dict[str, dict[str, Any]]:
    n_tiers, n_regions = len(tiers), len(REGIONS)
    counts_b = np.bincount(region * n_tiers + tier_b, minlength=n_regions * n_tiers)
    counts_p = np.bincount(region * n_tiers + tier_p, minlength=n_regions * n_tiers)
    counts_b = counts_b.reshape(n_regions, n_tiers)
    counts_p = counts_p.reshape(n_regions, n_tiers)
    moves = np.bincount(
        (region * n_tiers + tier_b) * n_tiers + tier_p, minlength=n_regions * n_tiers * n_tiers
    ).reshape(n_regions, n_tiers, n_tiers)
    out: dict[str, dict[str, Any]] = {}
    for r, name in enumerate(REGIONS):
        work_b = int(counts_b[r, selected].sum())
        work_p = int(counts_p[r, selected].sum())
        cap = capacity.get(name)
        out[name] = {
            "n": int(counts_b[r].sum()),
            "baseline": dict(zip(tiers, counts_b[r].tolist(), strict=True)),
            "proposal": dict(zip(tiers, counts_p[r].tolist(), strict=True)),
            "workload_baseline": work_b,
            "workload_proposal": work_p,
            "workload_delta": work_p - work_b,
            "capacity": cap,
            "utilisation_baseline": _plain(work_b / cap) if cap else None,
            "utilisation_proposal": _plain(work_p / cap) if cap else None,
            "over_capacity_baseline": None if cap is None else work_b > cap,
            "over_capacity": None if cap is None else work_p > cap,
            # the region's own transition matrix: never published by a protected result
            # (policy.disclosure hides it, and protects its small cells as latent ones)
            "matrix": {
                source: dict(zip(tiers, moves[r, i].tolist(), strict=True))
                for i, source in enumerate(tiers)
            },
        }
    return out


def _compare(
    counts: np.ndarray,
    chosen: np.ndarray,
    names: np.ndarray,
    large: np.ndarray,
    threshold: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, str | None]:
    """Ratios, four-fifths flags and p-values of every group against the reference group.

    The reference is :func:`fairness.report.reference_group` (the largest group with at least
    ``min_group_size`` cases, as in ``triage fairness``) and the flags are
    :func:`fairness.report.four_fifths_flags`, so both read one definition. A small group is
    divided by the same reference rate for information but never flagged nor tested; the
    p-value is Fisher's exact test (:func:`fairness.report.proportion_test`) of each large
    group against the reference.
    """
    rates = chosen / counts
    eligible = large if large.any() else counts > 0  # nothing large enough: compare, flag none
    index = pd.Index(names.tolist())
    reference = reference_group(
        pd.Series(np.where(eligible, counts, 0), index=index),
        pd.Series(rates, index=index),
        how=DEFAULT_REFERENCE,
        min_group_size=1,
    )
    if reference is None:
        nan = np.full(len(names), math.nan)
        return nan, np.zeros(len(names), dtype=bool), nan.copy(), None
    r = index.get_loc(reference)
    base = float(rates[r])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = rates / base if base > 0 else np.full(len(names), math.nan)
    flags = large & four_fifths_flags(ratios, threshold, DEFAULT_REFERENCE)
    p_values = np.array(
        [
            proportion_test(int(chosen[i]), int(counts[i]), int(chosen[r]), int(counts[r]))
            if large[i] and i != r
            else math.nan
            for i in range(len(names))
        ]
    )
    return ratios, flags, p_values, str(reference)


def _fairness(
    groups_by_field: Mapping[str, np.ndarray],
    selected_b: np.ndarray,
    selected_p: np.ndarray,
    min_group_size: int,
    threshold: float,
) -> tuple[dict[str, dict[str, dict[str, Any]]], dict[str, Any]]:
    fairness: dict[str, dict[str, dict[str, Any]]] = {}
    summary: dict[str, Any] = {}
    for attribute, groups in groups_by_field.items():
        if len(groups) == 0:
            fairness[attribute], summary[attribute] = {}, {}
            continue
        codes, names = pd.factorize(groups, sort=True)
        names = np.asarray(names, dtype=object)
        counts = np.bincount(codes, minlength=len(names))
        chosen_b = np.bincount(codes, weights=selected_b, minlength=len(names)).astype(np.int64)
        chosen_p = np.bincount(codes, weights=selected_p, minlength=len(names)).astype(np.int64)
        rate_b, rate_p = chosen_b / counts, chosen_p / counts
        large = counts >= min_group_size
        ratio_b, flag_b, p_b, ref_b = _compare(counts, chosen_b, names, large, threshold)
        ratio_p, flag_p, p_p, ref_p = _compare(counts, chosen_p, names, large, threshold)
        entries: dict[str, dict[str, Any]] = {}
        for i, name in enumerate(names.tolist()):
            entries[name] = {
                "n": int(counts[i]),
                "selected_baseline": int(chosen_b[i]),
                "selected_proposal": int(chosen_p[i]),
                "baseline_rate": _plain(float(rate_b[i])),
                "proposal_rate": _plain(float(rate_p[i])),
                "baseline_ratio": _plain(float(ratio_b[i])),
                "proposal_ratio": _plain(float(ratio_p[i])),
                "baseline_p_value": _plain(float(p_b[i])),
                "proposal_p_value": _plain(float(p_p[i])),
                "flag_baseline": bool(flag_b[i]),
                "flag_proposal": bool(flag_p[i]),
                "small_group": not bool(large[i]),
            }
        fairness[attribute] = entries
        flagged_b = names[flag_b].tolist()
        flagged_p = names[flag_p].tolist()
        summary[attribute] = {
            "reference_baseline": ref_b,
            "reference_proposal": ref_p,
            "flagged_baseline": flagged_b,
            "flagged_proposal": flagged_p,
            "newly_flagged": [g for g in flagged_p if g not in flagged_b],
            "no_longer_flagged": [g for g in flagged_b if g not in flagged_p],
            "small_groups": names[~large].tolist(),
        }
    return fairness, summary


# --------------------------------------------------------------------------- entry point


def simulate(
    frames: CaseFrames,
    baseline: RuleSet,
    proposal: RuleSet,
    as_of: date,
    *,
    capacity: Capacity | Mapping[str, int] | None = None,
    audit_fields: Sequence[str] = DEFAULT_AUDIT_FIELDS,
    selected_tiers: Sequence[str] | None = None,
    min_group_size: int = MIN_GROUP_SIZE,
    threshold: float = FOUR_FIFTHS,
    changed_limit: int | None = None,
    baseline_label: str | None = None,
    proposal_label: str | None = None,
) -> SimulationResult:
    """Evaluate ``baseline`` and ``proposal`` on the same caseload at ``as_of`` and compare.

    Parameters
    ----------
    frames : CaseFrames
        The caseload (the current open caseload or an uploaded file).
    baseline, proposal : RuleSet
        The active version and the draft.
    as_of : date
        Reference date of both evaluations.
    capacity : Capacity or mapping region -> cases a week, optional
        Weekly P1+P2 capacity per region; default: :func:`policy.capacity.load_capacity`.
        A region missing from a mapping has capacity ``None`` and is never over capacity.
    audit_fields : sequence of str
        Audit-only columns for the fairness delta (the only columns read for it).
    selected_tiers : sequence of str
        Tiers that count as workload and as "selected" (default: the baseline's priority
        tiers, ``queue.priority`` of its rule set file).
    min_group_size : int
        Smaller groups are reported but not flagged nor used as the reference.
    threshold : float
        Four-fifths threshold for the ratio flag.
    changed_limit : int, optional
        Keep at most this many changed cases (in proposal queue order); ``n_changed`` always
        counts all of them.
    baseline_label, proposal_label : str, optional
        Labels for the two versions (default: ``name vN``).
    """
    if selected_tiers is None:
        selected_tiers = baseline.priority_tiers()
    if capacity is None:
        capacity = load_capacity()
    capacity_source = capacity.source if isinstance(capacity, Capacity) else None
    weekly = capacity.weekly if isinstance(capacity, Capacity) else dict(capacity)
    audit_fields = tuple(audit_fields)
    view = _rule_view(frames, AUDIT_ONLY_FIELDS | set(audit_fields))
    before = evaluate(view, baseline, as_of)
    after = evaluate(view, proposal, as_of)

    tiers = _tier_union(baseline, proposal)
    tier_b = _union_tiers(before, tiers)
    tier_p = _union_tiers(after, tiers)
    n_tiers = len(tiers)
    matrix = np.bincount(tier_b * n_tiers + tier_p, minlength=n_tiers * n_tiers)
    matrix = matrix.reshape(n_tiers, n_tiers).astype(np.int64)

    selected_ids = tuple(t for t in selected_tiers if t in tiers)
    notes: list[str] = []
    missing = [t for t in selected_tiers if t not in tiers]
    if missing:
        notes.append(f"selected tier(s) {', '.join(missing)} exist in neither rule set")
    if (
        isinstance(capacity, Capacity)
        and capacity.tiers
        and tuple(capacity.tiers) != tuple(selected_tiers)
    ):
        notes.append(
            f"capacity is given for {'+'.join(capacity.tiers)}, workload counts "
            f"{'+'.join(selected_tiers)}"
        )
    selected_mask = np.isin(np.arange(n_tiers), [tiers.index(t) for t in selected_ids])
    selected_b = selected_mask[tier_b]
    selected_p = selected_mask[tier_p]

    n_changed, changed = _changed_cases(frames, before, after, tiers, tier_b, tier_p, changed_limit)
    by_region = _by_region(_region_codes(frames), tiers, tier_b, tier_p, selected_mask, weekly)
    fairness, summary = _fairness(
        _audit_groups(frames, audit_fields), selected_b, selected_p, min_group_size, threshold
    )
    params = {
        name: {"baseline": _plain(a), "proposal": _plain(b)}
        for name, (a, b) in changed_parameters(baseline, proposal).items()
    }
    return SimulationResult(
        as_of=as_of,
        n_cases=len(frames),
        baseline_ruleset=_ruleset_info(baseline, baseline_label),
        proposal_ruleset=_ruleset_info(proposal, proposal_label),
        parameters_changed=params,
        tiers=tiers,
        tier_labels=_tier_labels(tiers, baseline, proposal),
        selected_tiers=selected_ids,
        matrix=matrix,
        n_changed=n_changed,
        changed_cases=changed,
        by_region=by_region,
        fairness=fairness,
        fairness_summary={
            "threshold": threshold,
            "min_group_size": min_group_size,
            "reference": DEFAULT_REFERENCE,
            "test": SIGNIFICANCE_TEST,
            "unknown_group": UNKNOWN_GROUP,
            "attributes": summary,
        },
        capacity_source=capacity_source,
        notes=notes,
        catch_all_tiers=tuple(dict.fromkeys((baseline.tier_ids[-1], proposal.tier_ids[-1]))),
    )
