"""Texts of the policy pages of the web UI (key prefix ``web``): versions, drafts, simulation,
approval and activation."""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "policy_title": ("Regelwerk: Versionen", "Rule set versions"),
    "policy_intro": (
        "Schwellen und Zeitfenster ändern Sie über eine neue Version: Entwurf, "
        "Simulation, Freigabe durch eine zweite Person, Aktivierung. Jeder Schritt "
        "steht mit Begründung im Prüfprotokoll.",
        "Thresholds and windows change through a new version: draft, simulation, "
        "approval by a second person, activation. Every step is in the audit log "
        "with its reason.",
    ),
    "policy_in_force": ("In Kraft: {label}", "In force: {label}"),
    "new_draft": ("Neuen Entwurf anlegen", "Create a new draft"),
    "versions_caption": (
        "Versionen von {name}, neueste zuerst",
        "Versions of {name}, newest first",
    ),
    "col_version": ("Version", "Version"),
    "col_state": ("Status", "Status"),
    "col_author": ("Verfasst von", "Drafted by"),
    "col_approved": ("Freigegeben von", "Approved by"),
    "col_activated": ("Aktiviert von", "Activated by"),
    "col_changes": ("Änderungen", "Changes"),
    "state.draft": ("Entwurf", "draft"),
    "state.approved": ("freigegeben", "approved"),
    "state.scheduled": ("geplant", "scheduled"),
    "state.active": ("in Kraft", "in force"),
    "state.retired": ("abgelöst", "retired"),
    "no_changes": ("keine Änderung", "no change"),
    "version_title": ("{label}", "{label}"),
    "back_to_versions": ("Zurück zu den Versionen", "Back to the versions"),
    "base_version": ("Abgeleitet von", "Derived from"),
    "effective_from": ("Gültig ab", "Effective from"),
    "created_at": ("Angelegt", "Created"),
    "changed_caption": (
        "Geänderte Werte gegenüber der Ausgangsversion",
        "Values changed from the base version",
    ),
    "col_before": ("bisher", "before"),
    "col_after": ("Entwurf", "draft"),
    "all_parameters": ("Alle Parameter dieser Version", "All parameters of this version"),
    "derive": (
        "Neuen Entwurf auf Grundlage dieser Version anlegen",
        "Create a new draft based on this version",
    ),
    "draft_title": ("Neuer Entwurf auf Grundlage von {label}", "New draft based on {label}"),
    "draft_intro": (
        "Ändern Sie die Werte, die sich ändern sollen. Zulässige Bereiche stehen an "
        "jedem Feld; das Programm prüft den ganzen Entwurf, bevor es ihn speichert.",
        "Change the values that should change. Each field names its allowed range; "
        "the whole draft is checked before it is stored.",
    ),
    "parameters_legend": ("Parameter", "Parameters"),
    "points_legend": ("Punkte der Kriterien", "Points of the criteria"),
    "points_hint": ("0 bis 1000 Punkte", "0 to 1000 points"),
    "range_hint": ("zulässig: {min} bis {max}{unit}", "allowed: {min} to {max}{unit}"),
    "set_hint": (
        "Mehrfachauswahl mit Strg/Umschalt bzw. Leertaste",
        "Select several with Ctrl/Shift or the space bar",
    ),
    "draft_reason": (
        "Begründung der Änderung (Pflichtangabe)",
        "Reason for the change (required)",
    ),
    "draft_button": ("Entwurf speichern", "Save draft"),
    "draft_saved": (
        "Der Entwurf ist gespeichert. Simulieren Sie ihn; freigeben muss eine zweite Person.",
        "The draft is saved. Simulate it; a second person must approve it.",
    ),
    "bad_number": (
        "Bitte eine ganze Zahl im zulässigen Bereich eingeben.",
        "Please enter a whole number in the allowed range.",
    ),
    "bad_points": (
        "Punkte: eine ganze Zahl von 0 bis 1000.",
        "Points: a whole number from 0 to 1000.",
    ),
    "draft_invalid": (
        "Der Entwurf ist kein gültiges Regelwerk:",
        "The draft is not a valid rule set:",
    ),
    "simulation": ("Simulation: Wirkung auf die Fallliste", "Simulation: effect on the queue"),
    "simulate_intro": (
        "Vergleicht diese Version mit der Version in Kraft auf den offenen Fällen "
        "aller Bezirksregierungen zum Stichtag. Nur Zahlen, keine Falldaten.",
        "Compares this version with the version in force on the open cases of "
        "every district government at the reference date. Counts only, no case "
        "data.",
    ),
    "simulate_button": ("Simulieren", "Simulate"),
    "sim_summary": (
        "{n} offene Fälle zum Stichtag {as_of}; {changed} wechseln die Stufe. "
        "Vergleich: {baseline} → {proposal}.",
        "{n} open cases at {as_of}; {changed} change tier. Comparison: {baseline} → {proposal}.",
    ),
    "tiers_caption": (
        "Fälle je Stufe: bisher, Entwurf, Differenz",
        "Cases per tier: before, draft, difference",
    ),
    "col_delta": ("Differenz", "Difference"),
    "matrix_caption": (
        "Übergangstabelle: Zeilen = Stufe bisher, Spalten = Stufe mit dem Entwurf",
        "Transition table: rows = tier before, columns = tier with the draft",
    ),
    "matrix_corner": ("bisher \\ Entwurf", "before \\ draft"),
    "regions_caption": (
        "Arbeitslast je Bezirksregierung (Fälle in {tiers}) gegen die Wochenkapazität",
        "Workload per district government (cases in {tiers}) against weekly capacity",
    ),
    "col_capacity": ("Kapazität/Woche", "Capacity/week"),
    "col_over": ("Über Kapazität?", "Over capacity?"),
    "over_yes": ("ja, über Kapazität", "yes, over capacity"),
    "chart_title": ("Diagramm je Bezirksregierung", "Chart per district government"),
    "chart_alt": (
        "Balkendiagramm: Fälle je Bezirksregierung und Stufe, bisher und mit dem "
        "Entwurf, mit der Wochenkapazität als gestrichelter Linie. Die Zahlen stehen "
        "in den Tabellen oben.",
        "Bar chart: cases per district government and tier, "
        "before and with the draft, with the weekly capacity as a dashed line. The "
        "figures are in the tables above.",
    ),
    "chart_svg": ("Diagramm als SVG", "Chart as SVG"),
    "chart_png": ("Diagramm als PNG", "Chart as PNG"),
    "fairness": (
        "Fairness-Prüfung (Auswahlquote in {tiers} je Prüfgruppe)",
        "Fairness check (selection rate into {tiers} per audit group)",
    ),
    "fairness_intro": (
        "Prüfgruppen stammen aus Feldern, die nur der Prüfung dienen und nie in "
        "die Bewertung eingehen. Warnung, wenn eine Gruppe weniger als {th} der "
        "Quote der am häufigsten ausgewählten Gruppe erreicht.",
        "Audit groups come from audit-only fields that never enter the "
        "assessment. Flagged when a group's rate is below {th} of the most "
        "selected group's rate.",
    ),
    "col_attribute": ("Prüfmerkmal", "Audit field"),
    "col_flag_before": ("Auffällig bisher", "Flagged before"),
    "col_flag_after": ("Auffällig mit Entwurf", "Flagged with draft"),
    "col_newly": ("Neu auffällig", "Newly flagged"),
    "fairness_caption": ("Gruppen unter der Schwelle", "Groups below the threshold"),
    "approve_title": ("Freigeben (zweite Person)", "Approve (second person)"),
    "approve_reason": (
        "Begründung der Freigabe (Pflichtangabe)",
        "Reason for approval (required)",
    ),
    "approve_button": ("Entwurf freigeben", "Approve draft"),
    "approve_confirm": ("Diesen Entwurf wirklich freigeben?", "Really approve this draft?"),
    "own_draft": (
        "Sie haben diesen Entwurf verfasst. Nach dem Vier-Augen-Prinzip muss eine "
        "zweite Person des Fachreferats ihn freigeben.",
        "You drafted this version. Under the four-eyes rule a second person of the "
        "policy unit must approve it.",
    ),
    "approved_notice": ("Die Version ist freigegeben.", "The version is approved."),
    "activate_title": ("Aktivieren", "Activate"),
    "activate_reason": (
        "Begründung der Aktivierung (Pflichtangabe)",
        "Reason for activation (required)",
    ),
    "activate_date_hint": (
        "leer = sofort; ein späterer Tag plant die Aktivierung",
        "empty = now; a later day schedules the activation",
    ),
    "activate_button": ("Version aktivieren", "Activate version"),
    "activate_confirm": (
        "Diese Version wirklich in Kraft setzen? Die Fallliste aller "
        "Bezirksregierungen ändert sich.",
        "Really put this version in force? The queue of every district government changes.",
    ),
    "activated_notice": ("Die Version ist aktiviert.", "The version is activated."),
    "needs_approval": (
        "Vor der Aktivierung muss eine zweite Person den Entwurf freigeben.",
        "A second person must approve the draft before it can be activated.",
    ),
    "read_only": (
        "Nur das Fachreferat legt Entwürfe an, gibt frei und aktiviert.",
        "Only policy staff draft, approve and activate.",
    ),
    "reason_label": ("Begründung", "Reason"),
    "audit_field.nationality": (
        "Staatsangehörigkeit (nur Prüfung)",
        "nationality (audit only)",
    ),
    "audit_field.sex": ("Geschlecht (nur Prüfung)", "sex (audit only)"),
}
