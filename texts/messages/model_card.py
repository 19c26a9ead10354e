"""Texts of a training run as a person reads them (key prefix ``model_card``): the run's section
of the model card, the labels of its calibration and fairness plots, the registry version's
description and the stages of the training progress (:mod:`models.reporting`,
:mod:`models.tracking`, :mod:`models.training`). Each run renders them once per language.
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # ------------------------------------------------------------ training progress
    "stage.data": ("Daten", "Data"),
    "stage.features": ("Merkmale", "Features"),
    "stage.fit": ("Training", "Fitting"),
    "stage.evaluation": ("Bewertung", "Evaluation"),
    "stage.gates": ("Freigabeprüfungen", "Quality gates"),
    "stage.run": ("MLflow-Lauf", "MLflow run"),
    "stage.register": ("Modell registrieren", "Registering the model"),
    "stage.promote": ("Befördern", "Promotion"),
    # ------------------------------------------------------------ the run's section
    "run": (
        "*Lauf `{run_id}`, Version {version} von `{model}`, Status: {status}.*",
        "*Run `{run_id}`, version {version} of `{model}`, status: {status}.*",
    ),
    "status.champion": ("**befördert** (`champion`)", "**promoted** (`champion`)"),
    "status.not_promoted": ("**nicht befördert**", "**not promoted**"),
    "data": (
        "**Daten:** {source}{description}; Regelwerk {ruleset}; {n_train} Fälle Training, "
        "{n_test} Fälle zurückgehalten (stratifiziert, seed {seed}).",
        "**Data:** {source}{description}; rule set {ruleset}; {n_train} cases for training, "
        "{n_test} cases held out (stratified, seed {seed}).",
    ),
    "source.simulated": (
        "**simulierte Entscheidungshistorie – nur Demo**: ",
        "**simulated decision history – demo only**: ",
    ),
    "source.decisions": ("erfasste Entscheidungen: ", "recorded decisions: "),
    "description.simulated": (
        "{n} synthetische Fälle (seed {seed}, Stichtag {as_of}) mit simulierten früheren "
        "Entscheidungen",
        "{n} synthetic cases (seed {seed}, reference date {as_of}) with simulated past decisions",
    ),
    "description.bias": (
        ", mit eingespeister Verzerrung gegen {attribute} {group} (Entscheidungen "
        "{strength} Log-Odds, Akten {records} zusätzliche offene Ermittlungen je Fall)",
        ", with an injected bias against {attribute} {group} (decisions {strength} log-odds, "
        "records {records} extra open investigations per case)",
    ),
    "description.decisions": (
        "{n} Fälle mit erfasster Entscheidung ({decisions}, Akten aus {cases})",
        "{n} cases with a recorded decision ({decisions}, records from {cases})",
    ),
    "description.recorded": (
        "{n} Fälle mit erfasster Entscheidung",
        "{n} cases with a recorded decision",
    ),
    "col.measure": ("Kennzahl (zurückgehaltene Fälle)", "Measure (held-out cases)"),
    "col.value": ("Wert", "Value"),
    "metric.roc_auc": ("ROC AUC Punktemodell", "ROC AUC of the points model"),
    "metric.baseline": (
        "ROC AUC logistische Regression (Vergleich)",
        "ROC AUC of a logistic regression (baseline)",
    ),
    "metric.rules": (
        "ROC AUC Regeln allein (Stufe, dann Regelpunkte)",
        "ROC AUC of the rules alone (tier, then rule points)",
    ),
    "metric.brier": ("Brier-Score", "Brier score"),
    "metric.ece": (
        "Erwarteter Kalibrierungsfehler (ECE, 10 Klassen)",
        "Expected calibration error (ECE, 10 bins)",
    ),
    "metric.base_rate": ("Anteil aufgenommen (Labels)", "Share taken up (labels)"),
    "metric.selection_rate": (
        "Anteil vom Modell ausgewählt (Punkte > 0)",
        "Share selected by the model (points > 0)",
    ),
    "metric.tier_agreement": (
        "Übereinstimmung Auswahl ↔ Regelstufe {tiers}",
        "Agreement of the selection with rule tier {tiers}",
    ),
    "metric.tier_auc": ("ROC AUC der Punkte für {tiers}", "ROC AUC of the points for {tiers}"),
    "metric.tier_spearman": (
        "Spearman Punkte ↔ Reihenfolge der Regeln",
        "Spearman correlation between the points and the rules' order",
    ),
    "points_table": (
        "**Punktetabelle** (Startpunkte {intercept}; Summe > 0 heißt Wahrscheinlichkeit > 50 %):",
        "**Points table** (intercept {intercept}; a total > 0 means a probability > 50%):",
    ),
    "col.feature": ("Merkmal", "Feature"),
    "col.bins": ("Bereiche (Punkte)", "Ranges (points)"),
    "zero_points": Plural(
        one=(
            "**Merkmal ohne Punkte:** {names} – geprüft, ohne Einfluss auf die Punkte (siehe "
            "Abschnitt 4, „Merkmale mit null Punkten“).",
            "**Feature with zero points:** {names} – checked, with no effect on the points (see "
            "section 4, “Features with zero points”).",
        ),
        other=(
            "**Merkmale ohne Punkte:** {names} – geprüft, ohne Einfluss auf die Punkte (siehe "
            "Abschnitt 4, „Merkmale mit null Punkten“).",
            "**Features with zero points:** {names} – checked, with no effect on the points (see "
            "section 4, “Features with zero points”).",
        ),
    ),
    "probability_table": (
        "**Wahrscheinlichkeitstabelle** (Auszug):",
        "**Probability table** (excerpt):",
    ),
    "col.points": ("Punkte", "Points"),
    "col.probability": ("Wahrscheinlichkeit", "Probability"),
    "col.train_cases": ("Trainingsfälle", "Training cases"),
    "fairness": (
        "**Fairness (zurückgehaltene Fälle, Auswahl = Punkte > 0)**",
        "**Fairness (held-out cases, selection = points > 0)**",
    ),
    "fairness.attribute": (
        "*{attribute}* – niedrigstes Verhältnis {ratio} (fairlearn, gegen die meistausgewählte "
        "Gruppe):",
        "*{attribute}* – lowest ratio {ratio} (fairlearn, compared with the most selected group):",
    ),
    "attribute.nationality": ("Staatsangehörigkeit", "nationality"),
    "attribute.sex": ("Geschlecht", "sex"),
    "col.group": ("Gruppe", "Group"),
    "col.n": ("n", "n"),
    "col.selection": ("Auswahl", "Selected"),
    "col.ratio": ("Verhältnis", "Ratio"),
    "col.fpr": ("FPR", "FPR"),
    "col.fnr": ("FNR", "FNR"),
    "col.gate": ("Prüfung", "Gate"),
    "verdict.small": ("zu klein", "too small"),
    "verdict.flagged": ("**auffällig**", "**flagged**"),
    "verdict.below": ("unter {threshold} (Zufall)", "below {threshold} (within chance)"),
    "verdict.ok": ("ok", "ok"),
    "labels": (
        "**Fairness der Labels selbst** (alle Fälle; Anteil aufgenommen je Gruppe, Verhältnis "
        "zur höchsten):",
        "**Fairness of the labels themselves** (all cases; share taken up per group, ratio to "
        "the highest share):",
    ),
    "labels.attribute": (
        "- {attribute}: niedrigstes Verhältnis {ratio}; unter {threshold} (Punktschätzung): "
        "{below}; davon signifikant (Chi-Quadrat p = {p_value}): {significant}",
        "- {attribute}: lowest ratio {ratio}; below {threshold} (point estimate): {below}; of "
        "these significant (chi-square p = {p_value}): {significant}",
    ),
    "none": ("keine", "none"),
    "gates": ("**Freigabeprüfungen**", "**Quality gates**"),
    "col.result": ("Ergebnis", "Result"),
    "col.threshold": ("Schwelle", "Threshold"),
    "col.message": ("Meldung", "Message"),
    "gate.min_auc": ("Mindest-AUC", "Minimum AUC"),
    "gate.auc_gap": ("Abstand zur logistischen Regression", "Gap to the logistic regression"),
    "gate.fairness": ("Fairness", "Fairness"),
    "gate.monotonicity": ("Monotonie", "Monotonicity"),
    "gate.justified": ("bestanden (begründet)", "passed (justified)"),
    "gate.passed": ("bestanden", "passed"),
    "gate.failed": ("**nicht bestanden**", "**failed**"),
    "justification": (
        "**Begründung Freigabeprüfung Gleichbehandlung:** {justification}",
        "**Justification of the fairness gate:** {justification}",
    ),
    # ------------------------------------------------------------ the plots
    "plot.ideal": ("ideal", "ideal"),
    "plot.held_out": (
        "zurückgehaltene Fälle (Fläche ~ Anzahl)",
        "held-out cases (area ~ number)",
    ),
    "plot.predicted": ("vorhergesagte Wahrscheinlichkeit", "predicted probability"),
    "plot.observed_share": ("beobachteter Anteil aufgenommen", "observed share taken up"),
    "plot.calibration": ("Kalibrierung", "Calibration"),
    "plot.observed": ("beobachtet", "observed"),
    "plot.table": ("Wahrscheinlichkeitstabelle", "probability table"),
    "plot.total_points": ("Punkte gesamt", "total points"),
    "plot.share": ("Anteil aufgenommen", "share taken up"),
    "plot.points_title": (
        "Punkte → Wahrscheinlichkeit (zurückgehaltene Fälle)",
        "Points → probability (held-out cases)",
    ),
    "plot.fairness_title": (
        "Auswahlquote je Prüfgruppe (zurückgehaltene Fälle)",
        "Selection rate per audit group (held-out cases)",
    ),
    "plot.selection_rate": ("Auswahlquote", "selection rate"),
    "plot.panel": ("{attribute}{test}", "{attribute}{test}"),
    "plot.test": (", χ² p = {p_value}", ", χ² p = {p_value}"),
    "plot.ok": ("ok", "ok"),
    "plot.below": (
        "< {threshold} × Referenz, Zufall",
        "< {threshold} × reference, within chance",
    ),
    "plot.failed": ("Prüfung nicht bestanden", "gate failed"),
    "plot.small": ("n < {minimum}: nicht beurteilt", "n < {minimum}: not judged"),
    # ------------------------------------------------------------ the registry version
    "description.head": (
        "Punktemodell für die aMIT-Fallliste; Daten: {source}{description}.",
        "Points model for the aMIT queue; data: {source}{description}.",
    ),
    "description.figures": (
        "Zurückgehaltene Fälle: ROC AUC {auc}, Brier {brier}, ECE {ece}, Übereinstimmung mit "
        "{tiers} {agreement}.",
        "Held-out cases: ROC AUC {auc}, Brier {brier}, ECE {ece}, agreement with {tiers} "
        "{agreement}.",
    ),
    "description.gates": ("Freigabeprüfungen: {gates}", "Gates: {gates}"),
    "description.gate": ("{gate}: {verdict}", "{gate}: {verdict}"),
    "description.passed": ("bestanden", "passed"),
    "description.failed": ("NICHT BESTANDEN", "FAILED"),
    "description.champion": ("Status: befördert (champion)", "Status: promoted (champion)"),
    "description.not_promoted": ("Status: nicht befördert", "Status: not promoted"),
    "description.justification": (
        "Begründung Freigabeprüfung Gleichbehandlung: {justification}",
        "Justification of the fairness gate: {justification}",
    ),
}

#: The model card and its plots on the model page ``/model`` (key prefix ``web``).
WEB_MESSAGES: dict[str, Entry] = {
    "model_card_title": ("Modellkarte und Abbildungen", "Model card and figures"),
    "model_card_intro": (
        "Die technische Dokumentation dieser Version (KI-VO Art. 11 und 13) mit den Zahlen "
        "ihres Trainingslaufs: Zweck, Eingaben, Leistung, Punktetabelle, Fairness, "
        "Freigabeprüfungen, Grenzen und menschliche Aufsicht.",
        "The technical documentation of this version (AI Act Art. 11 and 13) with the "
        "figures of its training run: purpose, inputs, performance, points table, fairness, "
        "gates, limitations and human oversight.",
    ),
    "model_card_download": (
        "Modellkarte herunterladen (Markdown, Deutsch)",
        "Download the model card (Markdown, English)",
    ),
    "model_card_combined": (
        "Diese Version wurde trainiert, bevor Karte und Abbildungen je Sprache gespeichert "
        "wurden: Sie liegen nur in einer deutsch-englischen Fassung vor. Ein neues Training "
        "legt sie je Sprache ab.",
        "This version was trained before the card and figures were stored per language: they "
        "exist only as a single combined German and English version. Training the model again "
        "stores them per language.",
    ),
    "model_card_none": (
        "Zu dieser Version sind keine Modellkarte und keine Abbildungen gespeichert.",
        "No model card and no figures are stored with this version.",
    ),
    "model_card_unreadable": (
        "Modellkarte und Abbildungen sind gerade nicht lesbar (MLflow-Speicher nicht erreichbar).",
        "The model card and figures cannot be read right now (MLflow store not reachable).",
    ),
    "model_plot_calibration": (
        "Kalibrierung auf zurückgehaltenen Fällen: vorhergesagte Wahrscheinlichkeit gegen "
        "beobachteten Anteil aufgenommener Fälle, und Anteil aufgenommen je Punktzahl",
        "Calibration on held-out cases: predicted probability against the observed share of "
        "cases taken up, and the share taken up per total of points",
    ),
    "model_plot_fairness": (
        "Auswahlquote je Prüfgruppe auf zurückgehaltenen Fällen, mit der Vier-Fünftel-Linie "
        "der meistausgewählten Gruppe",
        "Selection rate per audit group on held-out cases, with the four-fifths line of the "
        "most selected group",
    ),
}
