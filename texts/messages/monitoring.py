"""Texts of the post-market monitoring (key prefix ``monitoring``): the page, the API's warnings,
the plots' titles and axes."""

from __future__ import annotations

from texts.forms import Entry

#: Texts the web layout reads under its own prefix (``web.``): the navigation entry.
WEB_MESSAGES: dict[str, Entry] = {
    "nav_monitoring": ("Beobachtung", "Monitoring"),
}

MESSAGES: dict[str, Entry] = {
    "title": ("Beobachtung im Betrieb", "Post-market monitoring"),
    "intro": (
        "Wie die Fallliste im Betrieb genutzt wird und ob Regeln, Punktemodell und "
        "Entscheidungen zusammenpassen (KI-Verordnung Art. 72 und 14). Stichtag {as_of}, "
        "die letzten {weeks} Wochen. Zahlen unter {min_cell} Personen sind ausgeblendet.",
        "How the queue is used in operation and whether the rules, the points model and the "
        "decisions agree (AI Act Art. 72 and 14). Reference date {as_of}, the last {weeks} "
        "weeks. Small cells (fewer than {min_cell} people) are hidden.",
    ),
    "sources": (
        "Quellen: Regelwerk {ruleset} (Prüfsumme {checksum}), {model}; erstellt am {generated}.",
        "Sources: rule set {ruleset} (checksum {checksum}), {model}; generated {generated}.",
    ),
    "model_version": ("Punktemodell Version {version}", "points model version {version}"),
    "no_model": ("kein Punktemodell in Betrieb", "no points model in use"),
    "model_title": ("Punktemodell in Betrieb", "Points model in use"),
    "trained_on": ("trainiert auf", "trained on"),
    "simulated_notice": (
        "Dieses Modell ist auf einer simulierten Entscheidungshistorie trainiert (nur Demo). Seine "
        "Zahlen sagen nichts über die Praxis.",
        "This model is trained on a simulated decision history (demo only). Its figures say "
        "nothing about practice.",
    ),
    "justification": (
        "Begründung der Freigabeprüfung Gleichbehandlung",
        "Fairness gate justification",
    ),
    "warnings_title": ("Warnungen", "Warnings"),
    "no_warnings": (
        "Keine Schwelle überschritten.",
        "No threshold crossed.",
    ),
    "level.warning": ("Warnung", "Warning"),
    "level.alert": ("Alarm", "Alert"),
    "warning.departures": (
        "Abweichungen von der Reihenfolge ({subject}): {value} der Entscheidungen, "
        "Schwelle {threshold}.",
        "Deviations from the order ({subject}): {value} of decisions, threshold {threshold}.",
    ),
    "warning.agreement": (
        "Geringe Übereinstimmung ({subject}): {value}, Schwelle {threshold}.",
        "Low agreement ({subject}): {value}, threshold {threshold}.",
    ),
    "warning.drift": (
        "Eingangsdaten verschoben: „{subject}“ hat einen PSI von {value} (Schwelle "
        "{threshold}); das Punktemodell beschreibt die heutigen Fälle womöglich nicht mehr.",
        "Input drift: “{subject}” has a PSI of {value} (threshold {threshold}); the points "
        "model may no longer describe today's cases.",
    ),
    "warning.fairness": (
        "Auswahl nach {subject} ungleich: Verhältnis {value} zur größten Gruppe (Schwelle "
        "{threshold}), über den Zufall hinaus.",
        "Uneven selection by {subject}: ratio {value} to the largest group (threshold "
        "{threshold}), beyond what chance explains.",
    ),
    "pair.rules_decisions": ("Regeln und Entscheidungen", "rules and decisions"),
    "pair.model_decisions": ("Punktemodell und Entscheidungen", "points model and decisions"),
    "pair.rules_model": ("Regeln und Punktemodell", "rules and points model"),
    "subject.total": ("insgesamt", "in total"),
    "departures_title": ("Abweichungen von der Reihenfolge", "Deviations from the order"),
    "departures_intro": (
        "Entscheidungen, die einen höher eingestuften Fall ohne Entscheidung übergehen oder "
        "einen Fall der obersten Stufe zurückstellen, zählen als Abweichung. Abweichen ist "
        "erlaubt und begründet; viele Abweichungen können heißen, dass die Regeln nicht "
        "zur Praxis passen – oder dass die Reihenfolge nicht beachtet wird.",
        "Decisions that pass over a higher-ranked undecided case or hold back a top-tier case "
        "count as deviations. Deviating is allowed and comes with a reason; many deviations may "
        "mean that the rules do not fit practice – or that the order is being ignored.",
    ),
    "by.tier": ("nach Stufe", "by tier"),
    "by.criterion": ("nach Kriterium", "by criterion"),
    "by.region": ("nach Bezirksregierung", "by district government"),
    "by.week": ("nach Woche", "by week"),
    "col.key": ("Gruppe", "Group"),
    "col.decisions": ("Entscheidungen", "Decisions"),
    "col.departures": ("Abweichungen", "Deviations"),
    "col.rate": ("Anteil", "Share"),
    "col.cases": ("Fälle", "Cases"),
    "col.selected": ("priorisiert", "prioritised"),
    "col.ratio": ("Verhältnis", "Ratio"),
    "col.feature": ("Merkmal", "Feature"),
    "col.psi": ("PSI", "PSI"),
    "col.level": ("Bewertung", "Assessment"),
    "col.pair": ("Vergleich", "Comparison"),
    "col.group": ("Gruppe", "Group"),
    "suppressed": ("ausgeblendet", "hidden"),
    "none": ("keine", "none"),
    "agreement_title": (
        "Übereinstimmung von Regeln, Punktemodell und Entscheidungen",
        "Agreement of rules, points model and decisions",
    ),
    "agreement_intro": (
        "Je Fall die erste Entscheidung, die Stellung bezieht (Fall aufgegriffen oder "
        "zurückgestellt), verglichen mit der Stufe nach den Regeln (Prioritätsstufe oder nicht) "
        "und dem Punktemodell (positive Punkte oder nicht). Fälle: {cases}.",
        "For each case, the first decision that takes a position (taken up or held back), "
        "compared with the tier under the rules (priority tier or not) and with the points "
        "model (positive points or not). Cases: {cases}.",
    ),
    "agreement_empty": (
        "Zu wenige Entscheidungen für einen Vergleich.",
        "Too few decisions for a comparison.",
    ),
    "drift_title": ("Verschiebung der Eingangsdaten", "Drift of the input data"),
    "drift_intro": (
        "Populationsstabilitätsindex (PSI) je Merkmal des Punktemodells: heutige offene Fälle "
        "gegen die Trainingsdaten des Modells in Betrieb ({source}). Unter {warn} keine "
        "nennenswerte Änderung, ab {warn} prüfen, ab {alert} beschreibt das Modell die Fälle "
        "nicht mehr.",
        "Population stability index (PSI) per feature of the points model: today's open cases "
        "against the training data of the model in use ({source}). Below {warn}, no notable "
        "change; from {warn}, review; from {alert}, the model no longer describes the "
        "cases.",
    ),
    "drift_unavailable": (
        "Keine Drift-Messung: {reason}",
        "No drift measurement: {reason}",
    ),
    "drift_reason.no_model": (
        "kein Punktemodell in Betrieb (die Reihenfolge folgt allein den Regeln).",
        "no points model in use (the order follows the rules alone).",
    ),
    "drift_reason.no_distribution": (
        "das Modell in Betrieb wurde trainiert, bevor die Verteilung der Trainingsdaten "
        "aufgezeichnet wurde; bitte neu trainieren.",
        "the model in use was trained before the training distribution was recorded; "
        "please retrain.",
    ),
    "drift_reason.no_cases": ("keine offenen Fälle.", "no open cases."),
    "level.ok": ("unauffällig", "stable"),
    "fairness_title": (
        "Gleichbehandlung der Fallliste im Zeitverlauf",
        "Fairness of the queue over time",
    ),
    "fairness_intro": (
        "Anteil der Fälle je Gruppe in einer Prioritätsstufe ({tiers}) zu jedem Wochenstichtag "
        "und das Verhältnis zur Referenzgruppe, der größten Gruppe mit mindestens {min_group} "
        "Fällen (wie in der Simulation und bei triage fairness). Auffällig ist ein Verhältnis "
        "unter {ratio} oder über {upper}, wenn sich die Anteile über den Zufall hinaus "
        "unterscheiden (Chi-Quadrat, α = {alpha}). Die Merkmale dienen nur dieser "
        "Prüfung; die Regeln lesen sie nie. Berechnet mit den heutigen Fassungen der offenen "
        "Fälle.",
        "Share of each group's cases in a priority tier ({tiers}) on each weekly reference "
        "date, and the ratio to the reference group, the largest group with at least "
        "{min_group} cases (as in the simulation and in triage fairness). A ratio below {ratio} "
        "or above {upper} is flagged when the shares differ beyond chance (chi-square, "
        "α = {alpha}). These attributes serve this check only; the rules never read them. "
        "Computed from today's versions of the open cases.",
    ),
    "attribute.nationality": ("Staatsangehörigkeit", "nationality"),
    "attribute.sex": ("Geschlecht", "sex"),
    "lowest_ratio": ("niedrigstes Verhältnis", "lowest ratio"),
    "highest_ratio": ("höchstes Verhältnis", "highest ratio"),
    "reference": ("Referenzgruppe", "reference group"),
    "flagged": ("auffällig", "flagged"),
    "plot.departures_title": (
        "Abweichungen von der Reihenfolge je Woche",
        "Deviations from the order per week",
    ),
    "plot.decisions": ("Entscheidungen", "decisions"),
    "plot.departure_rate": ("Anteil Abweichungen", "share of deviations"),
    "plot.threshold": ("Schwelle", "threshold"),
    "plot.drift_title": (
        "Verschiebung der Eingangsdaten (PSI je Merkmal)",
        "Input drift (PSI per feature)",
    ),
    "plot.fairness_title": (
        "Niedrigstes und höchstes Auswahlverhältnis je Woche",
        "Lowest and highest selection ratio per week",
    ),
    "plot.ratio": ("Verhältnis zur größten Gruppe", "ratio to the largest group"),
    "plot.lowest": ("{attribute}, niedrigstes", "{attribute}, lowest"),
    "plot.highest": ("{attribute}, höchstes", "{attribute}, highest"),
    "plot.empty": ("keine Daten", "no data"),
    "plot_alt.departures": (
        "Balken: Entscheidungen je Woche; Linie: Anteil der Abweichungen mit Schwelle.",
        "Bars: decisions per week; line: share of deviations, with the threshold.",
    ),
    "plot_alt.drift": (
        "Balken: PSI je Merkmal mit den Schwellen für Prüfung und Alarm.",
        "Bars: PSI per feature with the thresholds for review and alert.",
    ),
    "plot_alt.fairness": (
        "Linien: niedrigstes und höchstes Auswahlverhältnis zur größten Gruppe je Woche und "
        "Merkmal, Schwellen 0,8 und 1,25.",
        "Lines: lowest and highest selection ratio to the largest group per week and "
        "attribute, thresholds 0.8 and 1.25.",
    ),
    "label_source.simulated": (
        "simulierte Entscheidungshistorie (nur Demo)",
        "simulated decision history (demo only)",
    ),
    "label_source.decisions": ("erfasste Entscheidungen", "recorded decisions"),
    # --- who sees what (issue #14, item 4: small cells, audit-only fields, differencing)
    "fairness_hidden": (
        "Die Aufschlüsselung nach Staatsangehörigkeit und Geschlecht sehen nur Prüferinnen und "
        "Prüfer: diese Merkmale dienen allein der Gleichbehandlungsprüfung, und Zahlen je "
        "Gruppe an nahe beieinander liegenden Stichtagen verrieten einzelne Personen.",
        "Only auditors see the breakdown by nationality and sex: these attributes serve the "
        "fairness audit alone, and figures per group on close reference dates would give "
        "individuals away.",
    ),
    "grid_note": (
        "Stichtag auf dem Wochenraster: Gezeigt wird der offene Bestand, wie er am Ende des "
        "Montags {as_of} stand (wie in der Simulation). Andere Stichtage sind für Ihre Rolle "
        "nicht möglich (Schutz vor Differenzbildung).",
        "Reference date on the weekly grid: the open caseload as it stood at the end of Monday "
        "{as_of} (as in the simulation). Other reference dates are not possible for your role "
        "(protection against differencing).",
    ),
    "date_grid": (
        "Die Beobachtung ist für Ihre Rolle am {day} nicht möglich: nur montags, und nur an "
        "Stichtagen, die sich von jedem anderen möglichen um keinen oder mindestens {n} Fälle je "
        "Region unterscheiden (Schutz vor Differenzbildung). Nächster möglicher Stichtag davor: "
        "{earlier}",
        "Monitoring is not possible on {day} for your role: Mondays only, and only on reference "
        "dates that differ from every other possible one by either no cases or at least {n} "
        "cases per district government (protection against differencing). Nearest possible "
        "reference date before that: {earlier}",
    ),
    "date_not_ended": (
        "Die Beobachtung ist für Ihre Rolle am {day} nicht möglich: gezeigt wird der Bestand, "
        "wie er am Ende eines vergangenen Montags stand, und dieser Tag ist noch nicht zu Ende "
        "(Schutz vor Differenzbildung). Nächster möglicher Stichtag davor: {earlier}",
        "Monitoring is not possible on {day} for your role: it shows the caseload as it stood "
        "at the end of a past Monday, and this day has not ended yet (protection against "
        "differencing). Nearest possible reference date before that: {earlier}",
    ),
    "plot_hidden": (
        "Diese Grafik zeigt Gruppen nach Staatsangehörigkeit und Geschlecht; sie ist nur für "
        "Prüferinnen und Prüfer.",
        "This plot shows groups by nationality and sex; it is for auditors only.",
    ),
}
