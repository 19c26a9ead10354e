"""Texts of the demo's simulated decisions, the model page, the erasure pages and the export
link (key prefix ``gdpr``; the page texts the layout reads under ``web.``)."""

from __future__ import annotations

from texts.forms import Entry, Plural

#: Texts the web layout reads under its own prefix (``web.``): the navigation entries.
WEB_MESSAGES: dict[str, Entry] = {
    "nav_model": ("Punktemodell", "Points model"),
    "nav_export": ("Auskunft", "Data access"),
    "nav_erasure": ("Löschung", "Erasure"),
    # --- shared
    "gdpr_simulated_short": ("simuliert (Demo)", "simulated (demo)"),
    "gdpr_case_id": ("Fallnummer", "Case number"),
    "gdpr_case_id_bad": (
        "Geben Sie eine Fallnummer an (Buchstaben, Ziffern, Punkt, Binde- und Unterstrich).",
        "Enter a case number (letters, digits, dot, hyphen and underscore).",
    ),
    "gdpr_case_not_found": (
        "Einen Fall mit dieser Nummer gibt es nicht.",
        "There is no case with this number.",
    ),
    "gdpr_reason": ("Begründung", "Reason"),
    "gdpr_reason_label": ("Begründung (Pflichtangabe)", "Reason (required)"),
    "gdpr_reason_required": (
        "Geben Sie eine Begründung von mindestens 10 Zeichen an (ohne Steuerzeichen).",
        "Enter a reason of at least 10 characters (no control characters).",
    ),
    "gdpr_reason_too_long": (
        "Die Begründung darf höchstens 2.000 Zeichen lang sein.",
        "The reason may be at most 2,000 characters long.",
    ),
    # --- the case page
    "gdpr_case_export_link": ("Auskunft (Art. 15 DSGVO)", "Access export (GDPR Art. 15)"),
    "gdpr_case_erasure_link": ("Löschung beantragen", "Request erasure"),
    # --- the model page
    "gdpr_model_title": ("Punktemodell", "Points model"),
    "gdpr_model_intro": (
        "Das Punktemodell gibt neben den Regeln eine zweite Einschätzung in Punkten. Es "
        "entscheidet nichts und ordnet die Fallliste nicht; die Entscheidung treffen Menschen. "
        "Hier steht, welches Modell in Betrieb ist, was es liest, wie es Punkte vergibt und "
        "welche Freigabeprüfungen es vor der Inbetriebnahme bestanden hat.",
        "The points model gives a second estimate in points alongside the rules. It decides "
        "nothing and does not order the queue; people decide. This page shows which model is in "
        "use, what it reads, how it awards points and which checks (gates) it passed before it "
        "was put into use.",
    ),
    "gdpr_model_none": (
        "Kein Punktemodell in Betrieb: die Fallliste folgt allein den Regeln.",
        "No points model in use: the queue follows the rules alone.",
    ),
    "gdpr_model_in_force": ("Modell in Betrieb", "Model in use"),
    "gdpr_model_name": ("Name", "Name"),
    "gdpr_model_version": ("Version", "Version"),
    "gdpr_model_trained_at": ("Trainiert am", "Training date"),
    "gdpr_model_ruleset": ("Merkmale nach Regelwerk", "Features as defined by the rule set"),
    "gdpr_model_labels": ("Gelernt aus", "Learned from"),
    "gdpr_model_intercept": ("Grundpunkte", "Base points"),
    "gdpr_model_inputs": ("Eingaben", "Inputs"),
    "gdpr_model_inputs_intro": (
        "Das Modell liest nur diese Merkmale eines Falls. Staatsangehörigkeit, Geschlecht, "
        "Herkunft, Religion und Alter sind nie Eingaben.",
        "The model reads only these features of a case. Nationality, sex, origin, religion and "
        "age are never inputs.",
    ),
    "gdpr_model_points": ("Punktetabelle", "Points table"),
    "gdpr_model_points_caption": (
        "Punkte je Eingabe und Wertebereich (die Summe mit den Grundpunkten ergibt die Punkte "
        "eines Falls)",
        "Points per input and range of values (their sum with the base points gives a case's "
        "points)",
    ),
    "gdpr_model_col_input": ("Eingabe", "Input"),
    "gdpr_model_col_bin": ("Wertebereich", "Range"),
    "gdpr_model_col_points": ("Punkte", "Points"),
    "gdpr_model_gates": ("Freigabeprüfungen vor der Inbetriebnahme", "Checks before use (gates)"),
    "gdpr_model_gates_passed": (
        "Alle Freigabeprüfungen bestanden (Trennschärfe, Abstand zum Vergleichsmodell, "
        "Gleichbehandlung, Richtung der Punkte).",
        "All gates passed (discrimination, gap to the baseline model, equal treatment, direction "
        "of the points).",
    ),
    "gdpr_model_gates_failed": (
        "Nicht alle Freigabeprüfungen bestanden: dieses Modell dürfte nicht in Betrieb sein.",
        "Not all gates passed: this model should not be in use.",
    ),
    "gdpr_model_gates_intro": (
        "Kennzahlen auf zurückgehaltenen Testfällen:",
        "Figures on held-out test cases:",
    ),
    "gdpr_model_justification": (
        "Begründung der Freigabeprüfung Gleichbehandlung",
        "Justification of the fairness gate",
    ),
    "gdpr_model_no_justification": (
        "Keine nötig: Keine Gruppe wird seltener als 0,8-mal so oft ausgewählt wie die "
        "meistausgewählte, oder die Auswahlquoten unterscheiden sich nicht über den Zufall "
        "hinaus (Chi-Quadrat-Test, α = 0,01).",
        "None needed: no group is selected less than 0.8 times as often as the most selected "
        "one, or the selection rates do not differ beyond chance (chi-square test, α = 0.01).",
    ),
    "gdpr_metric_roc_auc": ("Trennschärfe (AUC)", "Discrimination (AUC)"),
    "gdpr_metric_baseline_logistic_roc_auc": (
        "AUC des Vergleichsmodells (logistische Regression)",
        "AUC of the baseline model (logistic regression)",
    ),
    "gdpr_metric_rules_roc_auc": ("AUC der Regeln", "AUC of the rules"),
    "gdpr_metric_brier_score": ("Brier-Wert", "Brier score"),
    "gdpr_metric_expected_calibration_error": (
        "Kalibrierungsfehler (ECE)",
        "Expected calibration error (ECE)",
    ),
    "gdpr_metric_base_rate": ("Anteil aufgenommener Fälle", "Share of cases taken up"),
    "gdpr_metric_selection_rate": ("Anteil mit positiven Punkten", "Share with positive points"),
    "gdpr_metric_n_train": ("Trainingsfälle", "Training cases"),
    "gdpr_metric_n_test": ("Testfälle", "Test cases"),
    # --- the export page
    "gdpr_export_title": ("Auskunft nach Art. 15 DSGVO", "Access under GDPR Art. 15"),
    "gdpr_export_intro": (
        "Alles, was zu einem Fall gespeichert ist: jede Fassung des Datensatzes, jede "
        "Entscheidung, jede angezeigte Begründung so, wie sie angezeigt wurde, aufgezeichnete "
        "Auswertungen und jeder Eintrag im Prüfprotokoll zu dem Fall.",
        "Everything stored about one case: every version of the case data, every decision, "
        "every explanation exactly as it was shown, recorded evaluations and every audit entry "
        "about the case.",
    ),
    "gdpr_export_format": ("Form der Auskunft", "Form of the export"),
    "gdpr_export_html": (
        "Dokument zum Drucken (im Browser drucken oder als PDF sichern)",
        "Document to print (print it or save it as PDF in the browser)",
    ),
    "gdpr_export_json": ("Daten zum Herunterladen (JSON)", "Data to download (JSON)"),
    "gdpr_format_required": ("Wählen Sie die Form der Auskunft.", "Choose the form of the export."),
    "gdpr_export_audited": (
        "Jede Auskunft steht mit Ihrem Namen im Prüfprotokoll.",
        "Every export is recorded in the audit log with your name.",
    ),
    "gdpr_export_submit": ("Auskunft erstellen", "Create the export"),
    # --- the erasure pages
    "gdpr_erasure_title": (
        "Löschung auf Antrag (Art. 17 DSGVO)",
        "Erasure on request (GDPR Art. 17)",
    ),
    "gdpr_erasure_intro": (
        "Einen Fall mit allem, was über ihn gespeichert ist, löschen zwei Personen der "
        "Administration gemeinsam: eine beantragt mit Begründung, eine zweite bestätigt "
        "(Vier-Augen-Prinzip). Erst dann wird gelöscht; das Prüfprotokoll bleibt prüfbar.",
        "Two administrators together erase a case with everything stored about it: one requests "
        "it with a reason, a second one confirms (four-eyes principle). Only then is anything "
        "erased; the audit log can still be verified.",
    ),
    "gdpr_erasure_pending": ("Offene Anträge", "Pending requests"),
    "gdpr_erasure_none_pending": ("Keine offenen Anträge.", "No pending requests."),
    "gdpr_erasure_case": ("Fall {case_id}, {region}", "Case {case_id}, {region}"),
    "gdpr_erasure_asked_by": ("beantragt von {who} am {at}", "requested by {who} on {at}"),
    "gdpr_erasure_own": (
        "Ihr eigener Antrag: eine zweite Person der Administration muss bestätigen.",
        "Your own request: a second administrator must confirm.",
    ),
    "gdpr_erasure_confirm": ("Löschung bestätigen", "Confirm the erasure"),
    "gdpr_erasure_withdraw": ("Antrag zurückziehen", "Withdraw the request"),
    "gdpr_erasure_withdraw_submit": ("Zurückziehen", "Withdraw"),
    "gdpr_erasure_request": ("Löschung beantragen", "Request erasure"),
    "gdpr_erasure_request_intro": (
        "Der Antrag allein löscht nichts. Die Fallnummer darf nicht in der Begründung stehen: "
        "die Begründung bleibt im Prüfprotokoll, wenn der Fall gelöscht ist.",
        "The request alone erases nothing. The case number must not be in the reason: the "
        "reason stays in the audit log after the case is erased.",
    ),
    "gdpr_erasure_reason_hint": (
        "Zum Beispiel: Antrag der betroffenen Person vom …, Aktenzeichen …",
        "For example: request from the person concerned dated …, file number …",
    ),
    "gdpr_erasure_request_submit": ("Löschung beantragen", "Request erasure"),
    "gdpr_erasure_asked": (
        "Antrag gestellt. Eine zweite Person der Administration muss ihn bestätigen.",
        "Request made. A second administrator must confirm it.",
    ),
    "gdpr_erasure_withdrawn": (
        "Antrag zurückgezogen; der Fall bleibt.",
        "Request withdrawn; the case stays.",
    ),
    "gdpr_erasure_done": (
        "Fall gelöscht, mit allem, was über ihn gespeichert war. Festgehalten in "
        "Protokolleintrag Nr. {seq} (ohne Fallnummer).",
        "Case erased with everything stored about it. Recorded in audit entry no. {seq} "
        "(without the case number).",
    ),
    "gdpr_erasure_not_found": (
        "Diesen Löschantrag gibt es nicht (mehr).",
        "This erasure request does not exist (any more).",
    ),
    "gdpr_erasure_pending_exists": (
        "Für diesen Fall liegt schon ein Löschantrag vor.",
        "An erasure request for this case is already pending.",
    ),
    "gdpr_erasure_four_eyes": (
        "Vier-Augen-Prinzip: Ihren eigenen Antrag muss eine zweite Person der Administration "
        "bestätigen.",
        "Four-eyes principle: a second administrator must confirm your own request.",
    ),
    "gdpr_erasure_reason_names_case": (
        "Die Begründung darf die Fallnummer nicht enthalten (sie bleibt im Prüfprotokoll).",
        "The reason must not name the case number (it stays in the audit log).",
    ),
}

MESSAGES: dict[str, Entry] = {
    # --- the demo's simulated caseworker (stored reasons are German, like any person's)
    "sim.reason.case_conference": (
        "[Simuliert, Demo – synthetische Entscheidung] Fallkonferenz einberufen: die Akte "
        "rechtfertigt eine gemeinsame Besprechung.",
        "[Simulated, demo – synthetic decision] Case conference: the file warrants a joint "
        "discussion.",
    ),
    "sim.reason.prepare_measure": (
        "[Simuliert, Demo – synthetische Entscheidung] Maßnahme vorbereiten: Unterlagen "
        "vollständig.",
        "[Simulated, demo – synthetic decision] Prepare a measure: the documents are complete.",
    ),
    "sim.reason.request_information": (
        "[Simuliert, Demo – synthetische Entscheidung] Informationen nachfordern: "
        "Verfahrensstand unklar.",
        "[Simulated, demo – synthetic decision] Request information: the state of the "
        "proceedings is unclear.",
    ),
    "sim.reason.monitor": (
        "[Simuliert, Demo – synthetische Entscheidung] Beobachten: derzeit kein Anlass für "
        "eine Maßnahme.",
        "[Simulated, demo – synthetic decision] Monitor: no reason for a measure at present.",
    ),
    "sim.reason.defer": (
        "[Simuliert, Demo – synthetische Entscheidung] Zurückstellen: andere Fälle gehen vor.",
        "[Simulated, demo – synthetic decision] Defer: other cases come first.",
    ),
    "sim.monitoring_notice": Plural(
        one=(
            "Demo: {n} von {total} Entscheidungen im Zeitraum hat die simulierte Sachbearbeitung "
            "getroffen (synthetisch, nicht aus der Praxis).",
            "Demo: {n} of {total} decisions in the period were made by the simulated "
            "caseworker (synthetic, not from practice).",
        ),
        other=(
            "Demo: {n} von {total} Entscheidungen im Zeitraum hat die simulierte Sachbearbeitung "
            "getroffen (synthetisch, nicht aus der Praxis).",
            "Demo: {n} of {total} decisions in the period were made by the simulated "
            "caseworker (synthetic, not from practice).",
        ),
    ),
    # --- the Art. 15 export: explanations as they were shown
    "export.shown": (
        "Version {version} zum Stichtag {as_of}, angezeigt {view} am {at} (UTC) für {who} "
        "(Sprache {lang})",
        "Version {version} on the reference date {as_of}, shown {view} on {at} (UTC) to {who} "
        "(language {lang})",
    ),
    "export.shown_sources": (
        "Gespeichert, wie angezeigt: Regelwerk {ruleset} (Prüfsumme {checksum}), Punktemodell "
        "{model}, Inhalt (SHA-256) {hash}",
        "Stored as shown: rule set {ruleset} (checksum {checksum}), points model {model}, "
        "content (SHA-256) {hash}",
    ),
    "export.no_model": ("keines", "none"),
    "export.not_stored": (
        "Angezeigt, bevor angezeigte Begründungen gespeichert wurden: nur der Eintrag im "
        "Prüfprotokoll liegt vor, der Inhalt nicht.",
        "Shown before displayed explanations were stored: only the audit entry exists, not the "
        "content.",
    ),
    "export.view.api": ("über die Schnittstelle (Datensatz)", "through the API (data record)"),
    "export.view.api_text": (
        "über die Schnittstelle (Aktenvermerk)",
        "through the API (file note)",
    ),
    "export.view.json": ("über die Schnittstelle (Datensatz)", "through the API (data record)"),
    "export.view.text": (
        "über die Schnittstelle (Aktenvermerk)",
        "through the API (file note)",
    ),
    "export.view.web": ("auf der Fallseite", "on the case page"),
    "export.view.print": ("in der Druckansicht", "in the print view"),
    "export.view.art86": (
        "als Erläuterung für die betroffene Person (Art. 86 KI-Verordnung)",
        "as the explanation for the person concerned (AI Act Art. 86)",
    ),
    # --- retention of explanations shown (triage retention apply)
    "retention.explanations": (
        "- angezeigte Begründungen (Frist {days}, angezeigt vor dem {cutoff}): {n}",
        "- explanations shown (period {days}, shown before {cutoff}): {n}",
    ),
}
