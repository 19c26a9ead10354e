"""Figures and the filled model card of a training run.

The model card text lives in ``models/model_card.md`` (reviewed like code). Between the markers
``<!-- run:begin -->`` and ``<!-- run:end -->`` it holds the figures of one real run; every
training run renders the same text with *its own* figures and logs it as ``model_card.md``, so
the documentation of a registered version always states that version's performance, fairness
and gate results (EU AI Act Art. 11 and 13).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

# The object-oriented API (a Figure without pyplot) renders with Agg and changes no global
# backend: safe on servers, in CI and inside the service process.
from matplotlib.figure import Figure

from fairness.report import FairnessReport
from models.features import feature_titles
from models.gates import GateConfig, GateResult, fairness_justification, group_selection_test
from models.points import PointsModel
from rules.language import RuleSet

if TYPE_CHECKING:
    from models.training import TrainingConfig

__all__ = ["CARD_PATH", "calibration_figure", "fairness_figure", "render_model_card", "run_section"]

CARD_PATH = Path(__file__).with_name("model_card.md")
BEGIN, END = "<!-- run:begin -->", "<!-- run:end -->"


def calibration_figure(y_true: Any, probability: Any, points: Any, *, n_bins: int = 10) -> Figure:
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
    left.plot([0, 1], [0, 1], color="0.6", linestyle="--", label="ideal")
    left.scatter(
        xs,
        ys,
        s=[max(12, min(300, n / 5)) for n in ns],
        color="#1f5f8b",
        label="Held-out (Fläche ~ Fälle)",
    )
    left.plot(xs, ys, color="#1f5f8b")
    left.set(
        xlabel="vorhergesagte Wahrscheinlichkeit / predicted",
        xlim=(0, 1),
        ylim=(0, 1),
        ylabel="beobachteter Anteil aufgenommen / observed",
        title="Kalibrierung",
    )
    left.legend(loc="upper left", fontsize=8)
    frame = (
        pd.DataFrame({"points": totals, "y": y, "p": p})
        .groupby("points")
        .agg(n=("y", "size"), observed=("y", "mean"), predicted=("p", "mean"))
    )
    right.bar(frame.index, frame["observed"], color="#9ecae1", label="beobachtet / observed")
    right.plot(
        frame.index, frame["predicted"], color="#08519c", marker="o", label="Tabelle / table"
    )
    right.set(
        xlabel="Punkte gesamt / total points",
        ylabel="Anteil aufgenommen / share",
        title="Punkte → Wahrscheinlichkeit (held-out)",
        ylim=(0, 1),
    )
    right.legend(loc="upper left", fontsize=8)
    return figure


def fairness_figure(reports: Mapping[str, FairnessReport], config: GateConfig) -> Figure:
    """Selection rate per audit group with the four-fifths line of the most selected group.

    Blue: fine; orange: below the line but within chance; red: fails the gate; grey: group
    too small to judge. Each panel's title carries the chi-square p-value of its attribute.
    """
    from matplotlib.patches import Patch

    figure = Figure(figsize=(12, 4.6), layout="constrained")
    figure.suptitle("Auswahlquote je Audit-Gruppe (held-out) / selection rate per audit group")
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
        axis.bar([str(g) for g in table.index], table["selection_rate"], color=colours)
        reference = table.attrs.get("reference")
        if reference is not None:
            bar = table.loc[reference, "selection_rate"] * config.fairness_ratio
            axis.axhline(bar, color="#cb181d", linestyle="--", linewidth=1)
        p_value = table.attrs.get("p_value", math.nan)
        test = "" if math.isnan(p_value) else f", χ² p = {p_value:.3g}"
        axis.set(title=f"{attribute}{test}", ylabel="Auswahlquote / selection rate")
        axis.tick_params(axis="x", labelrotation=60, labelsize=8)
    figure.legend(
        handles=[
            Patch(color="#3182bd", label="ok"),
            Patch(color="#fd8d3c", label=f"< {config.fairness_ratio:g} × Referenz, Zufall"),
            Patch(color="#cb181d", label="Gate nicht bestanden"),
            Patch(color="#bdbdbd", label=f"n < {config.min_group_size}: nicht beurteilt"),
        ],
        loc="outside lower center",
        ncols=4,
        fontsize=8,
    )
    return figure


# ------------------------------------------------------------------------ model card


def _pct(value: float) -> str:
    return "–" if value is None or math.isnan(value) else f"{100 * value:.1f} %"


def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _points_table(model: PointsModel) -> list[str]:
    titles = feature_titles("de")
    lines = ["| Merkmal / feature | Bereiche (Punkte) |", "|---|---|"]
    for name in model.feature_names_in_:
        rows = model.points_table_[model.points_table_["feature"] == name]
        cells = " · ".join(
            f"{b} ({int(p):+d})" for b, p in zip(rows["bin"], rows["points"], strict=True)
        )
        lines.append(f"| `{name}` – {titles.get(str(name), str(name))} | {cells} |")
    return lines


def _fairness_table(report: FairnessReport, config: GateConfig) -> list[str]:
    test = group_selection_test(
        report,
        min_group_size=config.min_group_size,
        threshold=config.fairness_ratio,
        alpha=config.alpha,
    )
    lines = [
        "| Gruppe | n | Auswahl | Verhältnis | FPR | FNR | Gate |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for group, row in report.by_group.iterrows():
        t = test.loc[group]
        verdict = (
            "zu klein"
            if not t["eligible"]
            else "**auffällig**"
            if t["failed"]
            else "unter 0,8 (Zufall)"
            if t["below"]
            else "ok"
        )
        lines.append(
            f"| {group} | {int(row['count'])} | {_pct(row['selection_rate'])} | "
            f"{_num(t['ratio'], 2)} | {_pct(row['false_positive_rate'])} | "
            f"{_pct(row['false_negative_rate'])} | {verdict} |"
        )
    return lines


def _label_source(config: TrainingConfig) -> str:
    if config.label_source == "simulated":
        return "**simulierte Entscheidungshistorie – nur Demo / simulated history, demo only**: "
    return "erfasste Entscheidungen / recorded decisions: "


def _zero_points(model: PointsModel) -> list[str]:
    """The features with zero points in every bin, named (section 4 of the card says why)."""
    table = model.points_table_
    zero = [f for f, p in table.groupby("feature", sort=False)["points"] if (p == 0).all()]
    if not zero:
        return []
    titles = feature_titles("de")
    names = ", ".join(f"`{f}` ({titles.get(str(f), f)})" for f in zero)
    return [
        f"**Merkmale ohne Punkte / features with zero points:** {names} – geprüft, ohne "
        "Einfluss auf die Punkte (siehe Abschnitt 4, „Merkmale mit null Punkten“).",
        "",
    ]


def run_section(
    *,
    metrics: Mapping[str, float],
    gates: Sequence[GateResult],
    fairness: Mapping[str, FairnessReport],
    history_fairness: Mapping[str, FairnessReport],
    model: PointsModel,
    data_description: str,
    run_id: str,
    model_version: str | None,
    promoted: bool,
    config: TrainingConfig,
    ruleset: RuleSet,
) -> str:
    """The figures of one run, as Markdown for the model card."""
    lines = [
        f"*Lauf / run `{run_id}`, Version {model_version or '–'} von `{config.model_name}`, "
        f"Status: {'**champion**' if promoted else '**nicht befördert / not promoted**'}.*",
        "",
        f"**Daten / data:** {_label_source(config)}{data_description}; Regelwerk {ruleset.label}; "
        f"{int(metrics['n_train'])} Fälle Training, {int(metrics['n_test'])} Fälle "
        f"zurückgehalten (stratifiziert, seed {config.seed}).",
        "",
        "| Kennzahl (held-out) | Wert |",
        "|---|---:|",
        f"| ROC AUC Punktemodell | {_num(metrics['roc_auc'])} |",
        f"| ROC AUC logistische Regression (Vergleich) | "
        f"{_num(metrics['baseline_logistic_roc_auc'])} |",
        f"| ROC AUC Regeln allein (Stufe, dann Regelpunkte) | {_num(metrics['rules_roc_auc'])} |",
        f"| Brier-Score | {_num(metrics['brier_score'])} |",
        f"| Erwarteter Kalibrierungsfehler (ECE, 10 Klassen) | "
        f"{_num(metrics['expected_calibration_error'])} |",
        f"| Anteil aufgenommen (Labels) | {_pct(metrics['base_rate'])} |",
        f"| Anteil vom Modell ausgewählt (Punkte > 0) | {_pct(metrics['selection_rate'])} |",
        f"| Übereinstimmung Auswahl ↔ Regelstufe P1/P2 | {_pct(metrics['tier_agreement'])} |",
        f"| ROC AUC der Punkte für P1/P2 | {_num(metrics['tier_auc'])} |",
        f"| Spearman Punkte ↔ Reihenfolge der Regeln | {_num(metrics['tier_spearman'])} |",
        "",
        f"**Punktetabelle / points table** (Startpunkte / intercept "
        f"{int(model.intercept_points_):+d}; Summe > 0 heißt Wahrscheinlichkeit > 50 %):",
        "",
        *_points_table(model),
        "",
        *_zero_points(model),
        "**Wahrscheinlichkeitstabelle / probability table** (Auszug):",
        "",
        "| Punkte | Wahrscheinlichkeit | Trainingsfälle |",
        "|---:|---:|---:|",
    ]
    table = model.probability_table_
    shown = table[table["n_train"] > 0]
    for row in shown.itertuples(index=False):
        lines.append(f"| {int(row.points):+d} | {_pct(row.probability)} | {int(row.n_train)} |")
    lines += ["", "**Fairness (held-out, Auswahl = Punkte > 0)**"]
    for attribute, report in fairness.items():
        lines += [
            "",
            f"*{attribute}* — niedrigstes Verhältnis "
            f"{_num(report.min_selection_rate_ratio, 2)} (fairlearn, gegen die "
            "meistausgewählte Gruppe):",
            "",
            *_fairness_table(report, config.gates),
        ]
    lines += [
        "",
        "**Fairness der Labels selbst / of the labels themselves** (alle Fälle; "
        "Anteil aufgenommen je Gruppe, Verhältnis zur höchsten):",
        "",
    ]
    for attribute, report in history_fairness.items():
        test = group_selection_test(
            report,
            min_group_size=config.gates.min_group_size,
            threshold=config.gates.fairness_ratio,
            alpha=config.gates.alpha,
        )
        significant = [str(g) for g in test.index[test["failed"]]]
        lines.append(
            f"- {attribute}: niedrigstes Verhältnis "
            f"{_num(report.min_selection_rate_ratio, 2)}; unter 0,8 (Punktschätzung): "
            f"{', '.join(map(str, report.flagged_groups)) or 'keine'}; davon "
            f"signifikant (Chi-Quadrat p = {_num(test.attrs['p_value'], 3)}): "
            f"{', '.join(significant) or 'keine'}"
        )
    lines += [
        "",
        "**Gates**",
        "",
        "| Gate | Ergebnis | Wert | Schwelle | Meldung |",
        "|---|---|---:|---:|---|",
    ]
    for gate in gates:
        verdict = (
            "bestanden (begründet)"
            if gate.justified
            else "bestanden"
            if gate.passed
            else "**nicht bestanden**"
        )
        lines.append(
            f"| {gate.name} | {verdict} | {_num(gate.value)} | "
            f"{_num(gate.threshold, 2)} | {gate.message.replace('|', '/')} |"
        )
    justification = fairness_justification(gates, config.gates)
    if justification:
        lines += ["", f"**Begründung Fairness-Gate / fairness justification:** {justification}"]
    return "\n".join(lines)


def render_model_card(**run: Any) -> str:
    """``models/model_card.md`` with the run section replaced by this run's figures."""
    text = CARD_PATH.read_text(encoding="utf-8")
    section = run_section(**run)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        return f"{head}{BEGIN}\n{section}\n{END}{tail}"
    return f"{text}\n\n{BEGIN}\n{section}\n{END}\n"
