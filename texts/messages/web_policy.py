"""Texts of the policy pages of the web UI (key prefix ``web``): versions, drafts, simulation,
approval and activation."""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    "policy_title": ("Regelwerk: Versionen", "Rule set versions"),
    "policy_intro": (
        "Schwellen und Zeitfenster ändern Sie über eine neue Version: Entwurf, "
        "Simulation, Freigabe durch eine zweite Person, Aktivierung. Jeder Schritt "
        "steht mit Begründung im Prüfprotokoll.",
        "You change thresholds and windows through a new version: draft, simulation, approval "
        "by a second person (four-eyes principle), activation. Every step is recorded in the "
        "audit log with its reason.",
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
    "state.retired": ("abgelöst", "superseded"),
    "no_changes": ("keine Änderung", "no change"),
    "first_version": ("erste Version", "first version"),
    # --- the policy overview (/queue for policy staff), issue #14 item 4
    "summary_grid": (
        "Die Zahlen gelten für den Bestand, wie er am Ende eines Montags stand. Wie bei der "
        "Simulation sind nur bestimmte Montage möglich, und kleine Zahlen sind verdeckt (Schutz "
        "vor dem Erkennen einzelner Fälle).",
        "The figures are for the caseload as it stood at the end of a Monday. As for the "
        "simulation, only certain Mondays are possible, and small figures are hidden "
        "(protection against identifying individual cases).",
    ),
    "summary_not_on_grid": (
        "Für Ihre Rolle ist die Übersicht nur an bestimmten Montagen möglich (Schutz vor dem "
        "Erkennen einzelner Fälle).",
        "For your role the overview is available on certain Mondays only (protection against "
        "identifying individual cases).",
    ),
    "simulation_not_on_grid": (
        "Für Ihre Rolle sind Simulationen nur an bestimmten Montagen möglich (Schutz vor dem "
        "Erkennen einzelner Fälle).",
        "For your role simulations are possible on certain Mondays only (protection against "
        "identifying individual cases).",
    ),
    "summary_latest": (
        "Letzter möglicher Stichtag: Montag, {day}. Ohne Angabe gilt dieser.",
        "Latest possible reference date: Monday, {day}. It applies if you leave the field empty.",
    ),
    "back_to_versions": ("Zurück zu den Versionen", "Back to the versions"),
    "base_version": ("Abgeleitet von", "Derived from"),
    "effective_from": ("Gültig ab", "Effective from"),
    "created_at": ("Angelegt", "Created"),
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
        "Change only the values you want to change. Each field names its allowed range; "
        "the whole draft is checked before it is stored.",
    ),
    "parameters_legend": ("Parameter", "Parameters"),
    "points_legend": ("Punkte der Kriterien", "Points of the criteria"),
    "points_hint": ("0 bis 1000 Punkte", "0 to 1000 points"),
    "range_hint": ("zulässig: {min} bis {max}{unit}", "allowed: {min} to {max}{unit}"),
    "set_hint": (
        "Alle zutreffenden ankreuzen (mindestens eine).",
        "Tick every one that applies (at least one).",
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
        "Compares this version with the version in force on the open cases of every district "
        "government on the reference date. Counts only, no case data.",
    ),
    "simulate_button": ("Simulieren", "Simulate"),
    "sim_summary": (
        "{n} offene Fälle zum Stichtag {as_of}; Stufenwechsel: {changed}. "
        "Vergleich: {baseline} → {proposal}.",
        "{n} open cases on the reference date {as_of}; tier changes: {changed}. Comparison: "
        "{baseline} → {proposal}.",
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
        "Workload per district government (cases in {tiers}) against the weekly capacity",
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
        "You drafted this version. Under the four-eyes principle, a second person of the "
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
        "empty = now; a later date schedules the activation",
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
    # issue #16: rule authoring
    "state.withdrawn": ("zurückgezogen", "withdrawn"),
    "state.rejected": ("abgelehnt", "rejected"),
    "draft_unchanged": (
        "Der Entwurf ändert nichts gegenüber der Version in Kraft. Ändern Sie mindestens einen "
        "Wert.",
        "The draft changes nothing compared with the version in force. Change at least one value.",
    ),
    "upload_link": (
        "Ganzes Regelwerk hochladen oder bearbeiten",
        "Upload or edit a whole rule set",
    ),
    "derive_document": ("Als ganzes Regelwerk bearbeiten", "Edit as a whole rule set"),
    "export_dmn": ("Als DMN 1.3 herunterladen", "Download as DMN 1.3"),
    "diff_in_force": ("Gegenüber {label} (in Kraft)", "Compared with {label} (in force)"),
    "diff_base": (
        "Gegenüber der Ausgangsversion {label}",
        "Compared with the base version {label}",
    ),
    "diff_other": ("Gegenüber {label}", "Compared with {label}"),
    "compare_label": ("Mit einer anderen Version vergleichen", "Compare with another version"),
    "compare_button": ("Vergleichen", "Compare"),
    "scenarios_title": ("Testszenarien", "Test scenarios"),
    "scenarios_intro": (
        "Die Szenarien der Version in Kraft und die eigenen Szenarien dieser Version "
        "laufen auf dieser Version. Schlägt eines fehl, braucht die Freigabe eine "
        "ausdrückliche Begründung.",
        "The scenarios of the version in force and this version's own scenarios run against "
        "this version. If one fails, approval needs an explicit reason.",
    ),
    "scenarios_caption": ("Ergebnis je Szenario: {label}", "Result per scenario: {label}"),
    "col_scenario": ("Szenario", "Scenario"),
    "col_scenario_result": ("Ergebnis", "Result"),
    "col_scenario_details": ("Stufe, Punkte oder Abweichung", "Tier, score or difference"),
    "scenario_passed": ("bestanden", "passed"),
    "scenario_failed": ("fehlgeschlagen", "failed"),
    "expectation_changed": ("Erwartung geändert", "expectation changed"),
    "expectations_changed": (
        "Gegenüber den Szenarien der Version in Kraft – geänderte Erwartungen: {changed}, "
        "neue Szenarien: {added}, entfallene Szenarien: {removed}.",
        "Compared with the scenarios of the version in force – expectations changed: {changed}, "
        "scenarios added: {added}, scenarios removed: {removed}.",
    ),
    "expectations_changed_names": ("Geändert: {names}.", "Changed: {names}."),
    "coverage_caption": (
        "Abdeckung: in wie vielen Szenarien eine Regel oder Stufe zutrifft und in wie vielen nicht",
        "Coverage: in how many scenarios a rule or tier applies and in how many it does not",
    ),
    "col_rule": ("Regel oder Stufe", "Rule or tier"),
    "col_fired": ("trifft zu", "applies"),
    "col_not_fired": ("trifft nicht zu", "does not apply"),
    "no_scenarios": ("Keine Testszenarien.", "No test scenarios."),
    "failing_scenarios": Plural(
        (
            "{n} Testszenario schlägt auf diesem Entwurf fehl. Freigeben können Sie nur "
            "mit einer ausdrücklichen Begründung; sie steht im Prüfprotokoll.",
            "{n} test scenario fails on this draft. You can approve only with an explicit "
            "reason; it goes into the audit log.",
        ),
        (
            "{n} Testszenarien schlagen auf diesem Entwurf fehl. Freigeben können Sie nur "
            "mit einer ausdrücklichen Begründung; sie steht im Prüfprotokoll.",
            "{n} test scenarios fail on this draft. You can approve only with an explicit "
            "reason; it goes into the audit log.",
        ),
    ),
    "scenarios_reason": (
        "Begründung der Freigabe trotz fehlschlagender Szenarien (Pflichtangabe)",
        "Reason for approving despite failing scenarios (required)",
    ),
    "scenarios_reason_required": (
        "Bitte begründen Sie, warum trotz fehlschlagender Szenarien freigegeben wird.",
        "Please enter the reason for approving despite failing scenarios.",
    ),
    "scenarios_reason_label": (
        "Freigegeben trotz fehlschlagender Szenarien, weil",
        "Approved despite failing scenarios because",
    ),
    "reject_reason": (
        "Begründung der Ablehnung (Pflichtangabe)",
        "Reason for rejection (required)",
    ),
    "reject_button": ("Entwurf ablehnen", "Reject draft"),
    "reject_confirm": ("Diesen Entwurf wirklich ablehnen?", "Really reject this draft?"),
    "rejected_notice": ("Der Entwurf ist abgelehnt.", "The draft is rejected."),
    "rejected_label": ("Abgelehnt von {who}, {when}", "Rejected by {who}, {when}"),
    "withdraw_title": ("Zurückziehen", "Withdraw"),
    "withdraw_reason": (
        "Begründung des Zurückziehens (Pflichtangabe)",
        "Reason for withdrawing (required)",
    ),
    "withdraw_button": ("Entwurf zurückziehen", "Withdraw draft"),
    "withdraw_confirm": ("Ihren Entwurf wirklich zurückziehen?", "Really withdraw your draft?"),
    "withdrawn_notice": ("Der Entwurf ist zurückgezogen.", "The draft is withdrawn."),
    "withdrawn_label": ("Zurückgezogen von {who}, {when}", "Withdrawn by {who}, {when}"),
    "editor_title": ("Regelwerk hochladen oder bearbeiten", "Upload or edit a rule set"),
    "editor_intro": (
        "Ein ganzes Regelwerk als YAML, vorbelegt mit {label}. „Prüfen“ zeigt Fehler an der "
        "Zeile, die inhaltlichen Änderungen und die Testszenarien; gespeichert wird ein "
        "Entwurf, der wie jeder andere simuliert und von einer zweiten Person freigegeben "
        "wird.",
        "A whole rule set as YAML, prefilled with {label}. “Check” shows problems at their "
        "line, the changes in substance and the test scenarios; saving stores a draft that "
        "is simulated and approved by a second person like any other.",
    ),
    "editor_ruleset": ("Regelwerk (YAML)", "Rule set (YAML)"),
    "editor_ruleset_hint": (
        "Die Versionsnummer vergibt das Programm beim Speichern.",
        "The version number is assigned when the draft is saved.",
    ),
    "editor_ruleset_file": (
        "… oder eine Regelwerksdatei hochladen (ersetzt den Text oben)",
        "… or upload a rule set file (replaces the text above)",
    ),
    "editor_scenarios": ("Testszenarien (YAML, optional)", "Test scenarios (YAML, optional)"),
    "editor_scenarios_hint": (
        "Format von <Regelwerk>.scenarios.yaml; leer = die Szenarien der Ausgangsversion.",
        "Format of <rule set>.scenarios.yaml; empty = the scenarios of the base version.",
    ),
    "editor_scenarios_file": (
        "… oder eine Szenariodatei hochladen (ersetzt den Text oben)",
        "… or upload a scenario file (replaces the text above)",
    ),
    "editor_check": ("Prüfen", "Check"),
    "editor_issues": (
        "Das Regelwerk enthält Fehler; es wurde nichts gespeichert:",
        "The rule set contains errors; nothing was stored:",
    ),
    "editor_line": ("Zeile {n}", "line {n}"),
    "editor_ok": (
        "Geprüft: {label} ist ein gültiges Regelwerk.",
        "Checked: {label} is a valid rule set.",
    ),
    "error_413_title": ("Datei zu groß", "File too large"),
    "error_413_text": (
        "Die hochgeladene Datei ist zu groß.",
        "The uploaded file is too large.",
    ),
}
