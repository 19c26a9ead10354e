"""Quality gates: the conditions under which a trained model may become the champion.

A registered version gets the ``champion`` alias only when **every** gate passes. The gates
and why they exist:

``min_auc``
    Held-out ROC AUC of the points against the labels at least ``min_auc`` (default 0.70).
    Below that the model orders the queue little better than chance and its reasons mislead.
``auc_gap``
    Held-out AUC of an unconstrained logistic regression on the same features minus the points
    model's AUC at most ``max_auc_gap`` (default 0.05): integer points and monotonicity must
    not cost more accuracy than a person gains in readability (``docs/points-model.md``).
``fairness``
    For every audit attribute (``nationality``, ``sex``), every group with at least
    ``min_group_size`` held-out cases is selected (model predicts "take up") at least
    ``threshold`` (0.8, four fifths) times as often as the most selected such group, **unless
    the differences are within sampling noise**: a group fails only when its ratio is below
    the threshold *and* the attribute's selection rates differ significantly (Pearson's
    chi-square test of group vs. selection over the eligible groups, ``alpha`` 0.01). Without
    that test an unbiased model fails on noise alone: with fifteen nationalities of 150-800
    held-out cases and a selection rate near 10 %, the lowest point ratio of an unbiased model
    is below 0.8 in every one of 20 seeds (median 0.53; see ``docs/model.md``). Groups below
    the minimum size are reported, not judged. An explicit written ``justification`` lets a
    failed fairness gate pass; it is recorded on the run and in the registry version's
    description.
``monotonicity``
    Points never decrease with a count or severity declared ``+1`` and never increase with a
    legal obstacle declared ``-1``, checked on the fitted points table (the estimator enforces
    it by construction; the gate proves it for the version that is promoted).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

from fairness.report import FOUR_FIFTHS, FairnessReport
from texts import text, text_or
from texts.labels import group_label

__all__ = [
    "GateConfig",
    "GateResult",
    "all_passed",
    "auc_gap_gate",
    "auc_gate",
    "evaluate_gates",
    "failed",
    "fairness_gate",
    "fairness_justification",
    "group_selection_test",
    "monotonicity_gate",
    "noise_justification",
    "recorded_message",
]


@dataclass(frozen=True)
class GateConfig:
    """Thresholds of the gates (``triage train`` options)."""

    min_auc: float = 0.70
    max_auc_gap: float = 0.05
    fairness_ratio: float = FOUR_FIFTHS
    min_group_size: int = 100
    alpha: float = 0.01
    justification: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "min_auc": self.min_auc,
            "max_auc_gap": self.max_auc_gap,
            "fairness_ratio": self.fairness_ratio,
            "min_group_size": self.min_group_size,
            "alpha": self.alpha,
            "justification": self.justification,
        }


@dataclass(frozen=True)
class GateResult:
    """The outcome of one gate: passed or not, the value against its threshold, and why."""

    name: str
    passed: bool
    value: float | None
    threshold: float | None
    message: str
    justified: bool = False
    details: dict[str, Any] = field(default_factory=dict)
    #: The message as catalogue pieces ``(key, values)``: :meth:`message_in` renders it in
    #: either language; :attr:`message` is the German text recorded with the model.
    pieces: tuple[tuple[str, dict[str, Any]], ...] = ()

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (``de``/``en``)."""
        if not self.pieces:
            return self.message
        return _render(self.pieces, lang)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "passed": self.passed,
            "value": _plain(self.value),
            "threshold": self.threshold,
            "message": self.message,
            "justified": self.justified,
            "details": self.details,
            # Codes and values: :func:`recorded_message` renders them in the reader's language.
            "pieces": _jsonable(self.pieces),
        }


def recorded_message(gate: Mapping[str, Any], lang: str) -> str:
    """The message of a gate as ``gates.json`` records it, in ``lang``: rendered from its
    codes and values; a run recorded before those were stored keeps its German text, marked
    as stored."""
    pieces = gate.get("pieces")
    if pieces:
        return _render(pieces, lang)
    return text("gates.stored", lang, message=str(gate.get("message", "")))


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, float | np.floating):
        return _plain(float(value))
    if isinstance(value, np.integer):
        return int(value)
    return value


#: Digits of each number in a message (``None``: as short as it is, ``0.8``, ``0.01``).
_DIGITS: dict[str, int | None] = {
    "auc": 3,
    "baseline": 3,
    "gap": 3,
    "min": 2,
    "max": 2,
    "ratio": 2,
    "threshold": None,
    "alpha": None,
    "p": 3,
}


def decimal(value: float | None, lang: str, digits: int | None = 2, *, sign: bool = False) -> str:
    """A number with the language's decimal mark: ``0,65`` in German, ``0.65`` in English
    (``digits=None``: as short as it is, ``0,8``).

    >>> decimal(0.654, "de"), decimal(0.654, "en"), decimal(0.8, "de", None)
    ('0,65', '0.65', '0,8')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    spec = ("+" if sign else "") + ("g" if digits is None else f".{digits}f")
    number = format(value, spec)
    return number if lang == "en" else number.replace(".", ",")


def _groups(items: Sequence[Mapping[str, Any]], lang: str) -> str:
    """``Staatsangehörigkeit Algerien (0,65), Geschlecht weiblich (0,75)``."""
    return ", ".join(
        text(
            "gates.group",
            lang,
            attribute=attribute_label(str(item["attribute"]), lang),
            group=group_label(str(item["attribute"]), item["group"], lang),
            ratio=decimal(item.get("ratio"), lang),
        )
        for item in items
    )


def attribute_label(attribute: str, lang: str) -> str:
    """``Staatsangehörigkeit``/``nationality``: the name of an audit attribute."""
    return text_or(f"model_card.attribute.{attribute}", attribute, lang)


def _shown(key: str, value: Any, lang: str) -> Any:
    if key == "violations" and isinstance(value, tuple | list):
        return _violations(value, lang)
    if isinstance(value, tuple | list):
        if value and isinstance(value[0], Mapping):
            return _groups(value, lang)
        if value and isinstance(value[0], tuple | list):
            return _render(value, lang)
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool) and key in _DIGITS:
        return decimal(float(value), lang, _DIGITS[key], sign=key == "gap")
    return value


def _significant(value: float | None) -> float | None:
    """Three significant digits (a p-value)."""
    return None if value is None else float(f"{value:.3g}")


def _render(pieces: Sequence[Sequence[Any]], lang: str) -> str:
    out = []
    for key, values in pieces:
        shown = {k: _shown(k, v, lang) for k, v in values.items()}
        out.append(text(f"gates.{key}", lang, **shown))
    return "".join(out)


def _item(entry: str | Mapping[str, Any]) -> dict[str, Any]:
    """A listed group as ``{attribute, group, ratio}``; the strings of runs recorded so far
    (``nationality=DZA (0.65)``) are read as such."""
    if isinstance(entry, Mapping):
        return dict(entry)
    attribute, _, rest = entry.partition("=")
    group, _, tail = rest.rpartition(" (")
    try:
        ratio: float | None = float(tail.rstrip(")"))
    except ValueError:
        ratio = None
    return {"attribute": attribute, "group": group or rest, "ratio": ratio}


def _gate(
    name: str,
    passed: bool,
    value: float | None,
    threshold: float | None,
    pieces: tuple[tuple[str, dict[str, Any]], ...],
    *,
    justified: bool = False,
    details: dict[str, Any] | None = None,
) -> GateResult:
    return GateResult(
        name,
        passed,
        value,
        threshold,
        _render(pieces, "de"),
        justified=justified,
        details=details or {},
        pieces=pieces,
    )


def _verdict(ok: bool) -> tuple[tuple[str, dict[str, Any]], ...]:
    return (("passed" if ok else "failed", {}),)


def _plain(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def all_passed(results: Sequence[GateResult]) -> bool:
    """True when every gate passed (a justified fairness gate counts as passed)."""
    return all(r.passed for r in results)


def failed(results: Sequence[GateResult]) -> list[GateResult]:
    return [r for r in results if not r.passed]


def auc_gate(auc: float, min_auc: float) -> GateResult:
    ok = not math.isnan(auc) and auc >= min_auc
    values = {
        "auc": float(auc),
        "sign": "≥" if ok else "<",
        "min": float(min_auc),
        "verdict": _verdict(ok),
    }
    return _gate("min_auc", ok, auc, min_auc, (("auc", values),))


def auc_gap_gate(auc: float, baseline_auc: float, max_gap: float) -> GateResult:
    gap = baseline_auc - auc
    ok = not math.isnan(gap) and gap <= max_gap
    values = {
        "gap": float(gap),
        "baseline": float(baseline_auc),
        "auc": float(auc),
        "sign": "≤" if ok else ">",
        "max": float(max_gap),
        "verdict": _verdict(ok),
    }
    return _gate("auc_gap", ok, gap, max_gap, (("auc_gap", values),))


def group_selection_test(
    report: FairnessReport, *, min_group_size: int, threshold: float, alpha: float
) -> pd.DataFrame:
    """Per group: size, selection rate and ratio to the most selected eligible group.

    Columns ``count``, ``selection_rate``, ``eligible`` (``count >= min_group_size``),
    ``ratio``, ``below`` (eligible and ratio < threshold) and ``failed`` (below, and the
    attribute's selection rates differ beyond chance). The reference is the most selected
    *eligible* group, so that a handful of cases in a tiny group cannot set the bar.

    "Beyond chance" is Pearson's chi-square test of independence between group and selection
    over the eligible groups, significant at ``alpha``. One test per attribute keeps the false
    alarm rate at ``alpha`` whatever the number of groups; testing each group against the most
    selected one would not, because that group was picked for being high. The statistic, its
    p-value and the verdict are in ``table.attrs`` (``chi2``, ``p_value``, ``significant``,
    ``reference``).
    """
    groups = report.by_group[["count", "selection_rate"]].copy()
    groups["eligible"] = groups["count"] >= min_group_size
    groups["ratio"] = np.nan
    groups.attrs.update(
        {"reference": None, "chi2": math.nan, "p_value": math.nan, "significant": False}
    )
    eligible = groups[groups["eligible"]]
    if eligible.empty or eligible["selection_rate"].max() == 0:
        groups["below"] = False
        groups["failed"] = False
        return groups
    reference = eligible["selection_rate"].idxmax()
    groups["ratio"] = groups["selection_rate"] / groups.loc[reference, "selection_rate"]
    chosen = np.rint(eligible["count"] * eligible["selection_rate"])
    contingency = np.column_stack([chosen, eligible["count"] - chosen])
    significant = False
    if len(eligible) >= 2 and contingency[:, 1].sum() > 0:
        result = chi2_contingency(contingency, correction=False)
        significant = bool(result.pvalue < alpha)
        groups.attrs.update({"chi2": float(result.statistic), "p_value": float(result.pvalue)})
    groups["below"] = groups["eligible"] & (groups["ratio"] < threshold)
    groups["failed"] = groups["below"] & significant
    groups.attrs.update({"reference": reference, "significant": significant})
    return groups


def fairness_gate(reports: Mapping[str, FairnessReport], config: GateConfig) -> GateResult:
    """Selection-rate ratio of every audit group (see the module docstring)."""
    failures: list[str] = []
    noise: list[str] = []
    failed_items: list[dict[str, Any]] = []
    noise_items: list[dict[str, Any]] = []
    small: list[str] = []
    lowest = math.inf
    details: dict[str, Any] = {}
    for attribute, report in reports.items():
        table = group_selection_test(
            report,
            min_group_size=config.min_group_size,
            threshold=config.fairness_ratio,
            alpha=config.alpha,
        )
        eligible = table[table["eligible"]]
        if not eligible.empty and eligible["ratio"].notna().any():
            lowest = min(lowest, float(eligible["ratio"].min()))
        failures += [
            f"{attribute}={g} ({r:.2f})" for g, r in table.loc[table["failed"], "ratio"].items()
        ]
        noise += [
            f"{attribute}={g} ({r:.2f})"
            for g, r in table.loc[table["below"] & ~table["failed"], "ratio"].items()
        ]
        failed_items += [
            {"attribute": attribute, "group": str(g), "ratio": float(r)}
            for g, r in table.loc[table["failed"], "ratio"].items()
        ]
        noise_items += [
            {"attribute": attribute, "group": str(g), "ratio": float(r)}
            for g, r in table.loc[table["below"] & ~table["failed"], "ratio"].items()
        ]
        small += [
            f"{attribute}={g} (n={int(n)})"
            for g, n in table.loc[~table["eligible"], "count"].items()
        ]
        details[attribute] = {
            "reference": None
            if table.attrs["reference"] is None
            else str(table.attrs["reference"]),
            "chi2": _plain(table.attrs["chi2"]),
            "p_value": _plain(table.attrs["p_value"]),
            "significant": table.attrs["significant"],
            "groups": {
                str(g): {
                    k: (
                        _plain(float(v))
                        if isinstance(v, float | np.floating)
                        else bool(v)
                        if isinstance(v, bool | np.bool_)
                        else int(v)
                    )
                    for k, v in row.items()
                }
                for g, row in table.iterrows()
            },
        }
    lowest_value = None if math.isinf(lowest) else lowest
    details.update({"failed_groups": failures, "within_noise": noise, "too_small": small})
    lead: tuple[tuple[str, dict[str, Any]], ...] = (
        (("lowest", {"ratio": lowest_value}),) if lowest_value is not None else (("no_ratio", {}),)
    )
    threshold = float(config.fairness_ratio)
    if not failures:
        pieces: tuple[tuple[str, dict[str, Any]], ...] = (("fair_passed", {"lead": lead}),)
        if noise:
            pieces += (("fair_noise", {"threshold": threshold, "groups": noise_items}),)
            # Passed through the significance test although a ratio is below the threshold:
            # the reason is recorded with the model (tag, registry description, model page).
            details["justification"] = noise_justification(noise_items, details, config)
        return _gate(
            "fairness",
            True,
            lowest_value,
            config.fairness_ratio,
            pieces,
            justified=bool(noise),
            details=details,
        )
    listing = failed_items
    if config.justification:
        values: dict[str, Any] = {
            "lead": lead,
            "groups": listing,
            "justification": config.justification,
        }
        return _gate(
            "fairness",
            True,
            lowest_value,
            config.fairness_ratio,
            (("fair_justified", values),),
            justified=True,
            details=details,
        )
    values = {"lead": lead, "groups": listing, "threshold": threshold, "alpha": config.alpha}
    return _gate(
        "fairness",
        False,
        lowest_value,
        config.fairness_ratio,
        (("fair_failed", values),),
        details=details,
    )


def noise_justification(
    noise: Sequence[str | Mapping[str, Any]],
    details: Mapping[str, Any],
    config: GateConfig,
    lang: str = "de",
) -> str:
    """Why a fairness gate with a ratio below the threshold passed: the test's figures, in
    ``lang`` (groups by name, decimal comma in German). ``noise`` lists the groups as
    ``{attribute, group, ratio}`` or, as runs recorded them so far, ``nationality=DZA (0.65)``.

    >>> text = noise_justification(["sex=f (0.74)"], {"sex": {"p_value": 0.2}}, GateConfig())
    >>> "Geschlecht p = 0,2 ≥ α = 0,01" in text and "weiblich (0,74)" in text
    True
    """
    items = [_item(entry) for entry in noise]
    attributes = sorted({str(item["attribute"]) for item in items})
    tests = ", ".join(
        f"{attribute_label(a, lang)} p = "
        f"{decimal(_significant(details.get(a, {}).get('p_value')), lang, None)}"
        for a in attributes
    )
    return text(
        "gates.noise_justification",
        lang,
        threshold=decimal(config.fairness_ratio, lang, None),
        groups=_groups(items, lang),
        tests=tests,
        alpha=decimal(config.alpha, lang, None),
    )


def fairness_justification(results: Sequence[GateResult], config: GateConfig) -> str | None:
    """The justification to record with a model: the written one that let a failed fairness
    gate pass, or the significance test's reasons when a ratio below the threshold passed as
    noise; ``None`` when the fairness gate needed none."""
    for result in results:
        if result.name == "fairness" and result.justified:
            return config.justification or result.details.get("justification")
    return None


def monotonicity_gate(
    points_table: pd.DataFrame,
    monotone: Mapping[str, int],
    titles: Mapping[str, tuple[str, str]] | None = None,
) -> GateResult:
    """Points along the bins of every declared feature move only in the declared direction.

    A violation names the feature by its title (``titles``: feature -> German and English
    title, as the rule set declares them; the default rule set's when not given), the
    declared direction in words and the points along its bins: „Richtung verletzt:
    „Asylverfahren anhängig“ (soll fallen: 0/2)“. ``details`` keeps the codes."""
    if titles is None:
        titles = _default_titles()
    violations = []
    shown = []
    for feature, direction in monotone.items():
        points = points_table.loc[points_table["feature"] == feature, "points"].to_numpy()
        steps = np.diff(points) * direction
        if np.any(steps < 0):
            along = "/".join(str(int(p)) for p in points)
            violations.append(f"{feature} ({'+1' if direction > 0 else '-1'}: {along})")
            title_de, title_en = titles.get(feature, (feature, feature))
            shown.append(
                {
                    "feature": feature,
                    "title_de": title_de,
                    "title_en": title_en,
                    "direction": 1 if direction > 0 else -1,
                    "points": along,
                }
            )
    ok = not violations
    pieces = (
        (("monotone_ok", {"n": len(monotone)}),)
        if ok
        else (("monotone_failed", {"violations": shown}),)
    )
    return _gate(
        "monotonicity",
        ok,
        float(len(violations)),
        0.0,
        pieces,
        details={"violations": violations},
    )


def _default_titles() -> dict[str, tuple[str, str]]:
    """The German and English title of every feature of the default rule set."""
    from models.features import feature_titles

    german, english = feature_titles("de"), feature_titles("en")
    return {name: (german[name], english.get(name, name)) for name in german}


def _violations(items: Sequence[Mapping[str, Any]], lang: str) -> str:
    """``„in Haft“ (soll fallen: 0/2); …`` in ``lang``."""
    return "; ".join(
        text(
            "gates.monotone_violation",
            lang,
            feature=str(item.get(f"title_{lang}") or item.get("feature", "")),
            direction=text(
                "gates.monotone_up" if int(item.get("direction", 1)) > 0 else "gates.monotone_down",
                lang,
            ),
            points=item.get("points", ""),
        )
        for item in items
    )


def evaluate_gates(
    *,
    auc: float,
    baseline_auc: float,
    fairness: Mapping[str, FairnessReport],
    points_table: pd.DataFrame,
    monotone: Mapping[str, int],
    config: GateConfig,
    titles: Mapping[str, tuple[str, str]] | None = None,
) -> list[GateResult]:
    """Every gate, in a fixed order (the CLI prints them in this order); ``titles`` names the
    features of the rule set (:func:`monotonicity_gate`)."""
    return [
        auc_gate(auc, config.min_auc),
        auc_gap_gate(auc, baseline_auc, config.max_auc_gap),
        fairness_gate(fairness, config),
        monotonicity_gate(points_table, monotone, titles),
    ]
