"""Figures and the filled model card of a training run, in one language each.

The model card text lives in ``models/model_card.md`` (German) and ``models/model_card.en.md``
(English), reviewed like code. Between the markers ``<!-- run:begin -->`` and
``<!-- run:end -->`` each holds the figures of one real run; every training run renders both
texts with *its own* figures and logs them as ``model_card.de.md`` and ``model_card.en.md``
(:func:`card_artifact`), with the plots once per language (:func:`plot_artifact`), so the
documentation of a registered version always states that version's performance, fairness and
gate results (EU AI Act Art. 11 and 13) in the language its reader chose, never in two at once.
Every word comes from the catalogue (:mod:`texts.messages.model_card`); numbers are written as
the language writes them (``0,795`` and ``12,5 %`` in German, ``0.795`` and ``12.5%`` in
English).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

# The object-oriented API (a Figure without pyplot) renders with Agg and changes no global
# backend: safe on servers, in CI and inside the service process.
from matplotlib.figure import Figure

from fairness.report import FairnessReport
from models.features import feature_titles
from models.gates import GateConfig, GateResult, group_selection_test, noise_justification
from models.points import PointsModel
from rules.language import RuleSet
from texts import LANGS, format_date, format_number, plural, text, text_or
from texts.labels import group_label

if TYPE_CHECKING:
    from models.training import TrainingConfig

__all__ = [
    "CARD_PATH",
    "CARD_PATHS",
    "PLOTS",
    "calibration_figure",
    "card_artifact",
    "data_description",
    "describe_data",
    "fairness_figure",
    "gate_name",
    "gate_verdict",
    "justification_in",
    "plot_artifact",
    "render_model_card",
    "render_model_cards",
    "run_section",
]

#: The German card (the working language of the deployers) and its English version.
CARD_PATHS = {
    "de": Path(__file__).with_name("model_card.md"),
    "en": Path(__file__).with_name("model_card.en.md"),
}
CARD_PATH = CARD_PATHS["de"]
BEGIN, END = "<!-- run:begin -->", "<!-- run:end -->"
#: The figures of a run, each logged once per language.
PLOTS = ("calibration", "fairness")


def card_artifact(lang: str) -> str:
    """The MLflow artifact of the run's card in ``lang`` (``model_card.de.md``)."""
    return f"model_card.{_lang(lang)}.md"


def plot_artifact(name: str, lang: str) -> str:
    """The MLflow artifact of the plot ``name`` in ``lang`` (``plots/calibration.de.png``)."""
    return f"plots/{name}.{_lang(lang)}.png"


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "de"


def _t(key: str, lang: str, /, **values: object) -> str:
    return text(f"model_card.{key}", lang, **values)


def _attribute(attribute: str, lang: str) -> str:
    return text_or(f"model_card.attribute.{attribute}", attribute, lang)


def calibration_figure(
    y_true: Any, probability: Any, points: Any, *, n_bins: int = 10, lang: str = "de"
) -> Figure:
    """Reliability diagram (held-out) and the share taken up per total of points."""
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(probability, dtype=float)
    totals = np.asarray(points)
    figure = Figure(figsize=(10, 4.2), layout="constrained")
    left, right = figure.subplots(1, 2)
    bins = np.minimum((p * n_bins).astype(int), n_bins - 1)
    xs, ys, ns = [], [], []
    for b in range(n_bins):
        mask = bins == b
        if mask.any():
            xs.append(p[mask].mean())
            ys.append(y[mask].mean())
            ns.append(int(mask.sum()))
    left.plot([0, 1], [0, 1], color="0.6", linestyle="--", label=_t("plot.ideal", lang))
    left.scatter(
        xs,
        ys,
        s=[max(12, min(300, n / 5)) for n in ns],
        color="#1f5f8b",
        label=_t("plot.held_out", lang),
    )
    left.plot(xs, ys, color="#1f5f8b")
    left.set(
        xlabel=_t("plot.predicted", lang),
        xlim=(0, 1),
        ylim=(0, 1),
        ylabel=_t("plot.observed_share", lang),
        title=_t("plot.calibration", lang),
    )
    left.legend(loc="upper left", fontsize=8)
    frame = (
        pd.DataFrame({"points": totals, "y": y, "p": p})
        .groupby("points")
        .agg(n=("y", "size"), observed=("y", "mean"), predicted=("p", "mean"))
    )
    right.bar(frame.index, frame["observed"], color="#9ecae1", label=_t("plot.observed", lang))
    right.plot(
        frame.index,
        frame["predicted"],
        color="#08519c",
        marker="o",
        label=_t("plot.table", lang),
    )
    right.set(
        xlabel=_t("plot.total_points", lang),
        ylabel=_t("plot.share", lang),
        title=_t("plot.points_title", lang),
        ylim=(0, 1),
    )
    right.legend(loc="upper left", fontsize=8)
    return figure


def fairness_figure(
    reports: Mapping[str, FairnessReport], config: GateConfig, *, lang: str = "de"
) -> Figure:
    """Selection rate per audit group with the four-fifths line of the most selected group.

    Blue: fine; orange: below the line but within chance; red: fails the gate; grey: group
    too small to judge. Each panel's title carries the chi-square p-value of its attribute.
    """
    from matplotlib.patches import Patch

    figure = Figure(figsize=(12, 4.6), layout="constrained")
    figure.suptitle(_t("plot.fairness_title", lang))
    axes = figure.subplots(
        1,
        len(reports),
        width_ratios=[max(5, len(r.by_group)) for r in reports.values()],
        squeeze=False,
    )[0]
    for axis, (attribute, report) in zip(axes, reports.items(), strict=True):
        table = group_selection_test(
            report,
            min_group_size=config.min_group_size,
            threshold=config.fairness_ratio,
            alpha=config.alpha,
        )
        colours = [
            "#cb181d"
            if row.failed
            else "#fd8d3c"
            if row.below
            else "#bdbdbd"
            if not row.eligible
            else "#3182bd"
            for row in table.itertuples()
        ]
        names = [group_label(attribute, g, lang) for g in table.index]
        axis.bar(names, table["selection_rate"], color=colours)
        reference = table.attrs.get("reference")
        if reference is not None:
            bar = table.loc[reference, "selection_rate"] * config.fairness_ratio
            axis.axhline(bar, color="#cb181d", linestyle="--", linewidth=1)
        p_value = table.attrs.get("p_value", math.nan)
        test = "" if math.isnan(p_value) else _t("plot.test", lang, p_value=_g(p_value, lang))
        axis.set(
            title=_t("plot.panel", lang, attribute=_attribute(attribute, lang), test=test),
            ylabel=_t("plot.selection_rate", lang),
        )
        axis.tick_params(axis="x", labelrotation=60, labelsize=8)
    threshold = _g(config.fairness_ratio, lang)
    figure.legend(
        handles=[
            Patch(color="#3182bd", label=_t("plot.ok", lang)),
            Patch(color="#fd8d3c", label=_t("plot.below", lang, threshold=threshold)),
            Patch(color="#cb181d", label=_t("plot.failed", lang)),
            Patch(
                color="#bdbdbd",
                label=_t("plot.small", lang, minimum=format_number(config.min_group_size, lang)),
            ),
        ],
        loc="outside lower center",
        ncols=4,
        fontsize=8,
    )
    return figure


# ------------------------------------------------------------------------ model card


def _decimal(shown: str, lang: str) -> str:
    return shown if lang == "en" else shown.replace(".", ",")


def _missing(value: float | None) -> bool:
    return value is None or math.isnan(value)


def _pct(value: float | None, lang: str) -> str:
    """``12,5 %`` in German, ``12.5%`` in English, ``–`` for none."""
    if value is None or _missing(value):
        return "–"
    number = _decimal(f"{100 * value:.1f}", lang)
    return f"{number} %" if lang != "en" else f"{number}%"


def _num(value: float | None, lang: str, digits: int = 3) -> str:
    """A figure with ``digits`` decimals, as ``lang`` writes it (``0,795`` / ``0.795``)."""
    if value is None or _missing(value):
        return "–"
    return _decimal(f"{value:.{digits}f}", lang)


def _g(value: float, lang: str) -> str:
    """A short number (``0,8``, ``0,0123``) as ``lang`` writes it."""
    return _decimal(f"{value:.3g}", lang)


def _count(value: float, lang: str) -> str:
    return format_number(int(value), lang)


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _points_table(model: PointsModel, lang: str) -> list[str]:
    titles = feature_titles(lang)
    lines = [_row(_t("col.feature", lang), _t("col.bins", lang)), "|---|---|"]
    for name in model.feature_names_in_:
        rows = model.points_table_[model.points_table_["feature"] == name]
        cells = " · ".join(
            f"{b} ({int(p):+d})" for b, p in zip(rows["bin"], rows["points"], strict=True)
        )
        lines.append(_row(f"`{name}` – {titles.get(str(name), str(name))}", cells))
    return lines


def _fairness_table(
    attribute: str, report: FairnessReport, config: GateConfig, lang: str
) -> list[str]:
    test = group_selection_test(
        report,
        min_group_size=config.min_group_size,
        threshold=config.fairness_ratio,
        alpha=config.alpha,
    )
    columns = ("group", "n", "selection", "ratio", "fpr", "fnr", "gate")
    lines = [_row(*(_t(f"col.{c}", lang) for c in columns)), "|---|---:|---:|---:|---:|---:|---|"]
    for group, row in report.by_group.iterrows():
        t = test.loc[group]
        verdict = (
            _t("verdict.small", lang)
            if not t["eligible"]
            else _t("verdict.flagged", lang)
            if t["failed"]
            else _t("verdict.below", lang, threshold=_g(config.fairness_ratio, lang))
            if t["below"]
            else _t("verdict.ok", lang)
        )
        lines.append(
            _row(
                group_label(attribute, group, lang),
                _count(row["count"], lang),
                _pct(row["selection_rate"], lang),
                _num(t["ratio"], lang, 2),
                _pct(row["false_positive_rate"], lang),
                _pct(row["false_negative_rate"], lang),
                verdict,
            )
        )
    return lines


def _label_source(config: TrainingConfig, lang: str) -> str:
    return _t(f"source.{config.label_source}", lang)


def data_description(config: TrainingConfig, n_cases: int, lang: str) -> str:
    """Where a run's labels came from, in ``lang`` (from the run's parameters, not stored
    text): the simulated history with its seed, date and any injected bias, or the files
    of recorded decisions."""
    bias = config.bias
    return describe_data(
        lang,
        source=config.label_source,
        n=n_cases if config.decisions is not None else config.n,
        seed=config.seed,
        as_of=config.reference_date,
        bias=None
        if bias is None
        else (bias.attribute, bias.group, bias.strength, bias.over_recording),
        files=None
        if config.decisions is None
        else (config.decisions.name, config.cases.name if config.cases is not None else "–"),
    )


def describe_data(
    lang: str,
    *,
    source: str,
    n: int,
    seed: int | str,
    as_of: date,
    bias: tuple[str, str, float, float] | None = None,
    files: tuple[str, str] | None = None,
) -> str:
    """The data of a run in ``lang`` from its facts: ``source`` ``simulated`` (``n`` cases,
    ``seed``, ``as_of``, ``bias`` as attribute, group, strength, extra records) or
    ``decisions`` (``n`` decided cases, the decision and case ``files`` when known)."""
    if source == "decisions":
        if files is None:
            return _t("description.recorded", lang, n=format_number(n, lang))
        return _t(
            "description.decisions",
            lang,
            n=format_number(n, lang),
            decisions=files[0],
            cases=files[1],
        )
    described = _t(
        "description.simulated",
        lang,
        n=format_number(n, lang),
        seed=seed,
        as_of=format_date(as_of, lang),
    )
    if bias is not None:
        attribute, group, strength, records = bias
        described += _t(
            "description.bias",
            lang,
            attribute=_attribute(attribute, lang),
            group=group_label(attribute, group, lang),
            strength=_decimal(f"{strength:+g}", lang),
            records=_decimal(f"{records:+g}", lang),
        )
    return described


def _zero_points(model: PointsModel, lang: str) -> list[str]:
    """The features with zero points in every bin, named (section 4 of the card says why)."""
    table = model.points_table_
    zero = [f for f, p in table.groupby("feature", sort=False)["points"] if (p == 0).all()]
    if not zero:
        return []
    titles = feature_titles(lang)
    names = ", ".join(f"`{f}` ({titles.get(str(f), f)})" for f in zero)
    return [plural("model_card.zero_points", len(zero), lang, names=names), ""]


def gate_verdict(gate: GateResult, lang: str) -> str:
    """``bestanden``, ``bestanden (begründet)`` or ``nicht bestanden`` (in bold), in ``lang``."""
    if gate.justified:
        return _t("gate.justified", lang)
    return _t("gate.passed" if gate.passed else "gate.failed", lang)


def gate_name(name: str, lang: str) -> str:
    """The readable name of a gate (``Mindest-AUC``); the code for a gate the catalogue lacks."""
    return text_or(f"model_card.gate.{name}", name, lang)


def justification_in(gates: Sequence[GateResult], config: GateConfig, lang: str) -> str | None:
    """Why a fairness gate below the threshold passed, in ``lang``: the written justification
    (a person's words, as written) or the significance test's figures; ``None`` if none was
    needed (:func:`models.gates.fairness_justification` gives the German text stored in the
    tags)."""
    for gate in gates:
        if gate.name != "fairness" or not gate.justified:
            continue
        if config.justification:
            return config.justification
        noise = gate.details.get("within_noise")
        if noise:
            return noise_justification(noise, gate.details, config, lang)
        found = gate.details.get("justification")
        return None if found is None else str(found)
    return None


def run_section(
    *,
    metrics: Mapping[str, float],
    gates: Sequence[GateResult],
    fairness: Mapping[str, FairnessReport],
    history_fairness: Mapping[str, FairnessReport],
    model: PointsModel,
    run_id: str,
    model_version: str | None,
    promoted: bool,
    config: TrainingConfig,
    ruleset: RuleSet,
    lang: str = "de",
) -> str:
    """The figures of one run, as Markdown for the model card in ``lang``."""
    tiers = "/".join(ruleset.priority_tiers())
    n_cases = int(metrics["n_train"] + metrics["n_test"])
    status = _t("status.champion" if promoted else "status.not_promoted", lang)
    measures = [
        ("metric.roc_auc", _num(metrics["roc_auc"], lang)),
        ("metric.baseline", _num(metrics["baseline_logistic_roc_auc"], lang)),
        ("metric.rules", _num(metrics["rules_roc_auc"], lang)),
        ("metric.brier", _num(metrics["brier_score"], lang)),
        ("metric.ece", _num(metrics["expected_calibration_error"], lang)),
        ("metric.base_rate", _pct(metrics["base_rate"], lang)),
        ("metric.selection_rate", _pct(metrics["selection_rate"], lang)),
        ("metric.tier_agreement", _pct(metrics["tier_agreement"], lang)),
        ("metric.tier_auc", _num(metrics["tier_auc"], lang)),
        ("metric.tier_spearman", _num(metrics["tier_spearman"], lang)),
    ]
    lines = [
        _t(
            "run",
            lang,
            run_id=run_id,
            version=model_version or "–",
            model=config.model_name,
            status=status,
        ),
        "",
        _t(
            "data",
            lang,
            source=_label_source(config, lang),
            description=data_description(config, n_cases, lang),
            ruleset=ruleset.label,
            n_train=_count(metrics["n_train"], lang),
            n_test=_count(metrics["n_test"], lang),
            seed=config.seed,
        ),
        "",
        _row(_t("col.measure", lang), _t("col.value", lang)),
        "|---|---:|",
        *(_row(_t(key, lang, tiers=tiers), value) for key, value in measures),
        "",
        _t("points_table", lang, intercept=f"{int(model.intercept_points_):+d}"),
        "",
        *_points_table(model, lang),
        "",
        *_zero_points(model, lang),
        _t("probability_table", lang),
        "",
        _row(_t("col.points", lang), _t("col.probability", lang), _t("col.train_cases", lang)),
        "|---:|---:|---:|",
    ]
    table = model.probability_table_
    shown = table[table["n_train"] > 0]
    for row in shown.itertuples(index=False):
        lines.append(
            _row(
                f"{int(row.points):+d}",
                _pct(float(row.probability), lang),
                _count(float(row.n_train), lang),
            )
        )
    lines += ["", _t("fairness", lang)]
    for attribute, report in fairness.items():
        lines += [
            "",
            _t(
                "fairness.attribute",
                lang,
                attribute=_attribute(attribute, lang),
                ratio=_num(report.min_selection_rate_ratio, lang, 2),
            ),
            "",
            *_fairness_table(attribute, report, config.gates, lang),
        ]
    lines += ["", _t("labels", lang), ""]
    none = _t("none", lang)
    for attribute, report in history_fairness.items():
        test = group_selection_test(
            report,
            min_group_size=config.gates.min_group_size,
            threshold=config.gates.fairness_ratio,
            alpha=config.gates.alpha,
        )
        significant = [group_label(attribute, g, lang) for g in test.index[test["failed"]]]
        below = [group_label(attribute, g, lang) for g in report.flagged_groups]
        lines.append(
            _t(
                "labels.attribute",
                lang,
                attribute=_attribute(attribute, lang),
                ratio=_num(report.min_selection_rate_ratio, lang, 2),
                threshold=_g(config.gates.fairness_ratio, lang),
                below=", ".join(below) or none,
                p_value=_num(test.attrs["p_value"], lang, 3),
                significant=", ".join(significant) or none,
            )
        )
    columns = ("gate", "result", "value", "threshold", "message")
    lines += [
        "",
        _t("gates", lang),
        "",
        _row(*(_t(f"col.{c}", lang) for c in columns)),
        "|---|---|---:|---:|---|",
    ]
    for gate in gates:
        lines.append(
            _row(
                gate_name(gate.name, lang),
                gate_verdict(gate, lang),
                _num(gate.value, lang),
                _num(gate.threshold, lang, 2),
                gate.message_in(lang).replace("|", "\\|"),
            )
        )
    justification = justification_in(gates, config.gates, lang)
    if justification:
        lines += ["", _t("justification", lang, justification=justification)]
    return "\n".join(lines)


def render_model_card(*, lang: str = "de", **run: Any) -> str:
    """The card in ``lang`` (``models/model_card.md``, ``models/model_card.en.md``) with the
    run section replaced by this run's figures."""
    lang = _lang(lang)
    template = CARD_PATHS[lang].read_text(encoding="utf-8")
    section = run_section(lang=lang, **run)
    if BEGIN in template and END in template:
        head, rest = template.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        return f"{head}{BEGIN}\n{section}\n{END}{tail}"
    return f"{template}\n\n{BEGIN}\n{section}\n{END}\n"


def render_model_cards(**run: Any) -> dict[str, str]:
    """The card of a run in every language, by language."""
    return {lang: render_model_card(lang=lang, **run) for lang in LANGS}
