"""Fairness audit: selection and error rates per group, compared with a reference group.

The groups are an audit-only field (nationality, sex): they are read here and nowhere else,
never by a rule or the model.

Conventions
-----------
* A row is *selected* when its prediction equals ``positive`` (for the queue: prioritized).
* **Reference group** (:func:`reference_group`, the one definition ``triage fairness`` and the
  what-if simulation share): by default (:data:`DEFAULT_REFERENCE`) the *largest* group among
  those with at least ``min_group_size`` rows, ties to the group that sorts first; on request
  the most selected group (``highest``) or the rate over all rows (``overall``). Every ratio and
  difference compares a group with it: ``ratio = value / value of the reference``,
  ``difference = value - value of the reference``. One reference for every metric keeps a row
  readable.
* **Four-fifths flag** (:func:`four_fifths_flags`): a group's selection rate is below 0.8
  times the reference's; against the largest group or the overall rate also above 1.25 times
  it (here selection means closer scrutiny, so being selected more often needs a look as much
  as less often). Against the most selected group only the lower bound can be crossed.
* **Significance** (:func:`proportion_test`): the two-sided exact test of Fisher on the 2x2
  table (selected / not selected x group / reference group) gives the p-value of a group's
  difference from the reference. The p-values are per group, without a correction for
  several comparisons.
* Rates with an empty denominator are undefined (``NaN``, ``null`` in JSON), never 0: a group
  without true negatives has no false positive rate. When nothing is selected at all, every
  selection-rate ratio is undefined and no group is flagged.
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_REFERENCE",
    "FOUR_FIFTHS",
    "SIGNIFICANCE_TEST",
    "FairnessReport",
    "fairness_report",
    "four_fifths_flags",
    "proportion_test",
    "reference_group",
    "selection_rate_ratios",
]

#: A selection-rate ratio below this flags a group (the EEOC "four-fifths rule").
FOUR_FIFTHS = 0.8
#: What every group is compared with unless asked otherwise: the largest (large enough) group.
DEFAULT_REFERENCE = "largest"
#: The significance test of :func:`proportion_test` (named so that reports can say which).
SIGNIFICANCE_TEST = "fisher_exact_two_sided"
REFERENCES = ("largest", "highest", "overall")

_RATES = ("selection_rate", "false_positive_rate", "false_negative_rate")


@dataclass(frozen=True)
class FairnessReport:
    """Per-group rates and their comparison with the reference group.

    Attributes
    ----------
    by_group : pandas.DataFrame
        Indexed by group (sorted), columns ``count``, ``selection_rate``,
        ``false_positive_rate``, ``false_negative_rate``, for each rate ``<rate>_difference``
        and ``<rate>_ratio`` against the reference group, and ``four_fifths_flag``.
    overall : dict
        The same four figures over all rows.
    reference_group : Hashable or None
        The group every other is compared with (:func:`reference_group`; ``None`` for the
        overall rate, or when no group qualifies).
    positive : Any
        The prediction/label value that means "selected".
    group_name : str
        Name of the group column, for headings.
    """

    by_group: pd.DataFrame
    overall: dict[str, float | int]
    reference_group: Hashable | None
    positive: Any
    group_name: str = "group"
    threshold: float = FOUR_FIFTHS
    notes: list[str] = field(default_factory=list)
    #: How the reference was chosen: ``highest`` (most selected group), ``largest`` (the
    #: group with the most rows) or ``overall`` (the rate over all rows; no reference group).
    reference: str = "highest"
    #: Groups with fewer rows are not compared ("too small"): no ratio, never flagged.
    min_group_size: int = 0

    @property
    def small_groups(self) -> list[Hashable]:
        """Groups with fewer rows than :attr:`min_group_size` (not assessed)."""
        return [g for g, n in self.by_group["count"].items() if n < self.min_group_size]

    @property
    def flagged_groups(self) -> list[Hashable]:
        """Groups the four-fifths rule flags (:func:`four_fifths_flags`)."""
        return [g for g, flag in self.by_group["four_fifths_flag"].items() if flag]

    @property
    def min_selection_rate_ratio(self) -> float:
        """Lowest selection-rate ratio (fairlearn's demographic parity ratio)."""
        return _min_or_nan(self.by_group["selection_rate_ratio"])

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (``NaN`` becomes ``None``)."""
        groups = []
        for group, row in self.by_group.iterrows():
            entry: dict[str, Any] = {"group": _plain(group)}
            entry.update({column: _plain(value) for column, value in row.items()})
            groups.append(entry)
        return {
            "group_column": self.group_name,
            "positive": _plain(self.positive),
            "reference_group": _plain(self.reference_group),
            "four_fifths_threshold": self.threshold,
            "reference": self.reference,
            "min_group_size": self.min_group_size,
            "small_groups": [_plain(g) for g in self.small_groups],
            "flagged_groups": [_plain(g) for g in self.flagged_groups],
            "min_selection_rate_ratio": _plain(self.min_selection_rate_ratio),
            "max_false_positive_rate_gap": _plain(_spread(self.by_group["false_positive_rate"])),
            "max_false_negative_rate_gap": _plain(_spread(self.by_group["false_negative_rate"])),
            "overall": {key: _plain(value) for key, value in self.overall.items()},
            "groups": groups,
            "notes": list(self.notes),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def fairness_report(
    y_pred: Any,
    y_true: Any,
    groups: Any,
    *,
    positive: Any = 1,
    threshold: float = FOUR_FIFTHS,
    reference: str = "highest",
    min_group_size: int = 0,
) -> FairnessReport:
    """Selection rate, false positive and false negative rate per group.

    Parameters
    ----------
    y_pred, y_true : array-like of shape (n_samples,)
        Predictions (what was selected) and outcomes; a row counts as positive when it equals
        ``positive``.
    groups : array-like of shape (n_samples,)
        Group of each row (an audit-only field); a named ``pandas.Series`` names the report.
    positive : Any, default=1
        Value meaning "selected" / "positive". It must occur in ``y_pred`` or ``y_true``.
    threshold : float, default=0.8
        Selection-rate ratio below which a group is flagged.
    reference : {"highest", "largest", "overall"}, default="highest"
        What every group is compared with: the most selected group, the largest group, or
        the rate over all rows. Against ``largest`` or ``overall`` a group is also flagged when
        its rate is above ``1 / threshold`` times the reference (here selection means closer
        scrutiny, so being selected more often needs a look as much as less often).
    min_group_size : int, default=0
        Groups with fewer rows are not compared (no ratio, never flagged) and cannot be the
        reference: their rates are too unsteady to act on.

    Returns
    -------
    FairnessReport

    Examples
    --------
    >>> report = fairness_report([1, 0, 1, 1], [1, 0, 0, 1], ["a", "a", "b", "b"])
    >>> report.by_group["selection_rate"].to_dict()
    {'a': 0.5, 'b': 1.0}
    >>> report.reference_group, report.flagged_groups
    ('b', ['a'])
    """
    # fairlearn pulls in scikit-learn (seconds): import it where it is used, not at CLI start.
    from fairlearn.metrics import (
        MetricFrame,
        count,
        false_negative_rate,
        false_positive_rate,
        selection_rate,
    )

    pred, true, group_values, name = _validate(y_pred, y_true, groups, positive)
    frame = MetricFrame(
        metrics={
            "count": count,
            "selection_rate": selection_rate,
            "false_positive_rate": _defined(false_positive_rate, negatives=True),
            "false_negative_rate": _defined(false_negative_rate, negatives=False),
        },
        y_true=true,
        y_pred=pred,
        sensitive_features=pd.Series(group_values, name=name),
    )
    by_group = frame.by_group.astype(float).sort_index()
    by_group["count"] = by_group["count"].astype(np.int64)
    if reference not in REFERENCES:
        raise ValueError(f"reference must be highest, largest or overall; found {reference!r}.")
    eligible = by_group["count"] >= min_group_size
    overall_rates = {k: float(v) for k, v in frame.overall.items()}
    if reference == "overall":
        group = None
        bases = {rate: overall_rates[rate] for rate in _RATES}
    else:
        group = reference_group(
            by_group["count"],
            by_group["selection_rate"],
            how=reference,
            min_group_size=min_group_size,
        )
        bases = {r: by_group.loc[group, r] if group is not None else math.nan for r in _RATES}
    for rate in _RATES:
        base = bases[rate]
        by_group[f"{rate}_difference"] = by_group[rate] - base
        with np.errstate(divide="ignore", invalid="ignore"):
            by_group[f"{rate}_ratio"] = (
                by_group[rate] / base if base and not math.isnan(base) else math.nan
            )
        by_group.loc[~eligible, [f"{rate}_difference", f"{rate}_ratio"]] = math.nan
    flag = four_fifths_flags(by_group["selection_rate_ratio"], threshold, reference)
    by_group["four_fifths_flag"] = flag & eligible.to_numpy()
    by_group = by_group.astype({"four_fifths_flag": bool})
    notes = []
    if not bases["selection_rate"] or math.isnan(bases["selection_rate"]):
        notes.append("No row is selected: selection-rate ratios are undefined.")
    return FairnessReport(
        by_group=by_group,
        overall={
            key: int(value) if key == "count" else float(value)
            for key, value in frame.overall.items()
        },
        reference_group=group,
        positive=positive,
        group_name=name,
        threshold=threshold,
        notes=notes,
        reference=reference,
        min_group_size=min_group_size,
    )


def selection_rate_ratios(selected: Any, groups: Any) -> dict[Hashable, float]:
    """Selection rate of each group divided by the highest group selection rate.

    The lightweight form of :func:`fairness_report` for simulations that evaluate many
    policies: same reference group, same ratios, no error rates.

    Parameters
    ----------
    selected : array-like of bool, shape (n_samples,)
    groups : array-like of shape (n_samples,)

    Returns
    -------
    dict
        Group to ratio in ``[0, 1]``, groups sorted; ``NaN`` for every group when nothing is
        selected.

    Examples
    --------
    >>> selection_rate_ratios([True, False, True, True], ["a", "a", "b", "b"])
    {'a': 0.5, 'b': 1.0}
    """
    chosen = np.asarray(selected)
    if chosen.dtype != bool:
        raise TypeError(f"selected must be a boolean array, found dtype {chosen.dtype}.")
    _, _, group_values, _ = _validate(chosen, chosen, groups, True, require_positive=False)
    rates = pd.Series(chosen).groupby(pd.Series(group_values), sort=True).mean()
    best = rates.max()
    if best == 0:
        return {_plain(g): math.nan for g in rates.index}
    return {_plain(g): float(rate / best) for g, rate in rates.items()}


# ------------------------------------------------------------------------- helpers


def _validate(
    y_pred: Any, y_true: Any, groups: Any, positive: Any, *, require_positive: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    name = str(groups.name) if isinstance(groups, pd.Series) and groups.name else "group"
    pred = np.asarray(y_pred).ravel()
    true = np.asarray(y_true).ravel()
    group_values = np.asarray(groups).ravel()
    if not (len(pred) == len(true) == len(group_values)):
        raise ValueError(
            "y_pred, y_true and groups must have the same length; found "
            f"{len(pred)}, {len(true)} and {len(group_values)}."
        )
    if len(pred) == 0:
        raise ValueError("The fairness report needs at least one row; found none.")
    missing = pd.isna(group_values)
    if missing.any():
        rows = np.flatnonzero(missing)[:5].tolist()
        raise ValueError(
            f"{int(missing.sum())} rows have no group (first positions: {rows}); "
            "give them an explicit group such as '(missing)'."
        )
    selected = pred == positive
    actual = true == positive
    if require_positive and not (np.any(selected) or np.any(actual)):
        seen = sorted({str(v) for v in np.concatenate([pred, true])})[:10]
        raise ValueError(
            f"The positive value {positive!r} occurs neither in the predictions nor in the "
            f"labels; values seen: {', '.join(seen)}."
        )
    return selected.astype(int), actual.astype(int), group_values, name


def _defined(metric: Any, *, negatives: bool) -> Any:
    """Wrap an error rate so that an empty denominator gives NaN instead of fairlearn's 0."""

    def rate(y_true: np.ndarray, y_pred: np.ndarray) -> float:
        denominator = np.sum(np.asarray(y_true) == (0 if negatives else 1))
        if denominator == 0:
            return math.nan
        return float(metric(y_true, y_pred, pos_label=1))

    rate.__name__ = metric.__name__
    return rate


def reference_group(
    counts: pd.Series,
    rates: pd.Series,
    *,
    how: str = DEFAULT_REFERENCE,
    min_group_size: int = 0,
) -> Hashable | None:
    """The group every other is compared with (both indexed by group, sorted).

    Only groups with at least ``min_group_size`` rows qualify. ``largest``: the group with the
    most rows; ``highest``: the most selected group (``None`` when nothing is selected). Ties
    go to the group that sorts first. ``None`` when no group qualifies.

    >>> counts = pd.Series({"a": 40, "b": 60, "c": 5})
    >>> rates = pd.Series({"a": 0.5, "b": 0.2, "c": 1.0})
    >>> reference_group(counts, rates, min_group_size=30)
    'b'
    >>> reference_group(counts, rates, how="highest", min_group_size=30)
    'a'
    >>> reference_group(counts, rates, how="highest")
    'c'
    """
    eligible = counts >= min_group_size
    if how == "largest":
        sizes = counts[eligible & (counts > 0)]
        return sizes.idxmax() if len(sizes) else None
    if how == "highest":
        chosen = rates[eligible]
        if not len(chosen) or not chosen.max() > 0:
            return None
        return chosen.idxmax()  # type: ignore[no-any-return]
    raise ValueError(f"reference must be highest or largest; found {how!r}.")


def four_fifths_flags(ratios: Any, threshold: float, reference: str) -> np.ndarray:
    """Which selection-rate ratios the four-fifths rule flags (an undefined ratio never).

    Below ``threshold`` always; above ``1 / threshold`` too unless the reference is the most
    selected group (against which no group can be above).

    >>> four_fifths_flags([0.7, 1.0, 1.3, float("nan")], 0.8, "largest").tolist()
    [True, False, True, False]
    """
    ratio = np.asarray(ratios, dtype=float)
    with np.errstate(invalid="ignore"):
        flag = ratio < threshold
        if reference != "highest":
            flag |= ratio > 1 / threshold
    return flag


def proportion_test(selected: int, n: int, reference_selected: int, reference_n: int) -> float:
    """Two-sided p-value of Fisher's exact test: is a group selected as often as the reference?

    The 2x2 table is (selected, not selected) for the group and for the reference group; the
    exact test is valid for small and large counts alike. ``NaN`` when either group is empty.

    >>> round(proportion_test(10, 100, 30, 100), 6)
    0.00065
    >>> proportion_test(5, 10, 5, 10)
    1.0
    """
    from scipy.stats import fisher_exact  # only where a test is computed

    if n <= 0 or reference_n <= 0:
        return math.nan
    table = [[selected, n - selected], [reference_selected, reference_n - reference_selected]]
    return float(fisher_exact(table, alternative="two-sided").pvalue)


def _min_or_nan(values: pd.Series) -> float:
    return float(values.min()) if values.notna().any() else math.nan


def _spread(values: pd.Series) -> float:
    return float(values.max() - values.min()) if values.notna().any() else math.nan


def _plain(value: Any) -> Any:
    """Python scalars for JSON: numpy scalars unwrapped, NaN as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
