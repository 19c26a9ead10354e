"""Texts of the web UI (key prefix ``web``): layout, sign-in, queue, case, decisions, audit,
error pages. Looked up through :func:`service.web.i18n.t` (``t(lang, "queue_title")``)."""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # layout
    "app_name": ("rrk-triage", "rrk-triage"),
    "app_subtitle": (
        "Priorisierung der RRK-Fallliste · Fallmanagement NRW",
        "RRK queue prioritisation · Fallmanagement NRW",
    ),
    "skip_link": ("Zum Inhalt springen", "Skip to main content"),
    "nav_label": ("Hauptnavigation", "Main navigation"),
    "nav_queue": ("Fallliste", "Queue"),
    "nav_summary": ("Übersicht", "Overview"),
    "nav_policy": ("Regelwerk", "Rule sets"),
    "nav_audit": ("Prüfprotokoll", "Audit log"),
    "signed_in_as": ("Angemeldet als {name} ({role})", "Signed in as {name} ({role})"),
    "logout": ("Abmelden", "Sign out"),
    "switch_lang": ("English", "Deutsch"),
    "switch_lang_label": ("Switch to English", "Auf Deutsch umschalten"),
    "synthetic": (
        "Alle Daten in dieser Anwendung sind synthetisch.",
        "All data in this application is synthetic.",
    ),
    "footer_humans": (
        "Die Anwendung ordnet und begründet; sie entscheidet nichts.",
        "The application orders and explains; it decides nothing.",
    ),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
    "none": ("keine", "none"),
    "error_summary": (
        "Bitte korrigieren Sie die folgenden Angaben:",
        "Please correct the following:",
    ),
    "error_prefix": ("Fehler: ", "Error: "),
    "pagination": ("Seiten", "Pages"),
    "prev_page": ("Vorherige Seite", "Previous page"),
    "next_page": ("Nächste Seite", "Next page"),
    "page_of": ("Seite {page} von {pages}", "Page {page} of {pages}"),
    "apply": ("Anwenden", "Apply"),
    "reset": ("Zurücksetzen", "Reset"),
    "filters": ("Filter", "Filters"),
    "region": ("Bezirksregierung", "District government"),
    "tier": ("Stufe", "Tier"),
    "as_of": ("Stichtag", "Reference date"),
    "bad_date": (
        "Der Stichtag muss ein Datum im Format JJJJ-MM-TT zwischen 1900 und 2999 sein.",
        "The reference date must be a date in the format YYYY-MM-DD between 1900 and 2999.",
    ),
    "bad_region": (
        "Für diese Bezirksregierung sind Sie nicht zuständig.",
        "You are not responsible for this district government.",
    ),
    "bad_tier": ("Unbekannte Stufe.", "Unknown tier."),
    "ruleset_in_force": ("Regelwerk: {label}", "Rule set: {label}"),
    "roles.caseworker": ("Sachbearbeitung", "caseworker"),
    "roles.rrk_lead": ("RRK-Leitung", "RRK lead"),
    "roles.policy": ("Fachreferat", "policy staff"),
    "roles.auditor": ("Revision", "auditor"),
    "roles.admin": ("Administration", "administrator"),
    # warning against automation bias (EU AI Act Art. 14, GDPR Art. 22)
    "bias_title": ("Hinweis", "Note"),
    "bias_warning": (
        "Die Reihenfolge ist eine Arbeitshilfe – die Entscheidung treffen Sie.",
        "The order is a working aid – you make the decision.",
    ),
    "bias_detail": (
        "Prüfen Sie die Belege, bevor Sie sich auf Stufe oder Punktwert stützen. "
        "Sie können jederzeit von der Reihenfolge abweichen; die Abweichung wird "
        "mit Ihrer Begründung protokolliert.",
        "Check the evidence before relying on the tier or score. You may deviate from "
        "the order at any time; the deviation is logged with your reason.",
    ),
    # login
    "login_title": ("Anmeldung", "Sign in"),
    "login_intro": (
        "Melden Sie sich mit Ihrem persönlichen Zugangstoken an.",
        "Sign in with your personal access token.",
    ),
    "token_label": ("Zugangstoken", "Access token"),
    "token_hint": (
        "Beginnt mit „rrk.“; Sie erhalten es von der Administration.",
        "Starts with “rrk.”; you receive it from the administrators.",
    ),
    "login_button": ("Anmelden", "Sign in"),
    "login_failed": (
        "Die Anmeldung ist nicht möglich. Bitte prüfen Sie das Zugangstoken.",
        "Sign-in failed. Please check the access token.",
    ),
    "token_required": ("Bitte geben Sie Ihr Zugangstoken ein.", "Please enter your access token."),
    "too_many": (
        "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in einigen Minuten erneut.",
        "Too many failed sign-ins. Please try again in a few minutes.",
    ),
    "logged_out": ("Sie sind abgemeldet.", "You are signed out."),
    "session_ended": (
        "Ihre Sitzung ist abgelaufen oder wurde beendet. Bitte melden Sie sich erneut an.",
        "Your session expired or was ended. Please sign in again.",
    ),
    # queue
    "queue_title": ("Fallliste", "Queue"),
    "queue_intro": (
        "Offene Fälle Ihrer Bezirksregierungen in der Reihenfolge des Regelwerks.",
        "Open cases in your district governments, in the order of the rule set.",
    ),
    "all_my_regions": ("Alle meine Bezirksregierungen", "All my district governments"),
    "all_tiers": ("Alle Stufen", "All tiers"),
    "queue_caption": Plural(
        (
            "Fallliste zum Stichtag {as_of}: {n} Fall",
            "Queue on the reference date {as_of}: {n} case",
        ),
        (
            "Fallliste zum Stichtag {as_of}: {n} Fälle",
            "Queue on the reference date {as_of}: {n} cases",
        ),
    ),
    "col_rank": ("Rang", "Rank"),
    "col_case": ("Fall", "Case"),
    "col_score": ("Punktwert", "Score"),
    "col_reason": ("Kurzbegründung", "Short reason"),
    "col_blockers": ("Hindernisse", "Obstacles"),
    "col_actions": ("Erforderliche Schritte", "Required steps"),
    "col_model": ("Modellpunkte", "Model points"),
    "col_markers": ("Hinweise", "Notes"),
    "col_last_decision": ("Letzte Entscheidung", "Last decision"),
    "marker_new": ("Neu", "New"),
    "marker_changed": ("Stufe geändert, vorher {tier}", "Tier changed, previously {tier}"),
    "marker_cause": ("– {cause}", "– {cause}"),
    "model_off": (
        "Kein Punktemodell geladen: die Reihenfolge beruht allein auf den Regeln.",
        "No points model loaded: the order is based on the rules alone.",
    ),
    "model_on": (
        "Modellpunkte stehen neben den Regeln; sie ändern die Reihenfolge nicht.",
        "Model points are shown alongside the rules; they do not change the order.",
    ),
    "model_factors": ("Merkmale", "Factors"),
    "filter_changed": (
        "Nur neue und geänderte Fälle (7 Tage)",
        "Only new and changed cases (7 days)",
    ),
    "no_cases": ("Keine Fälle für diese Auswahl.", "No cases for this selection."),
    "override_short": ("Abweichung", "deviation"),
    # summary (policy)
    "summary_title": (
        "Übersicht: Fälle je Bezirksregierung und Stufe",
        "Overview: cases per district government and tier",
    ),
    "summary_intro": (
        "Nur Zahlen, keine Falldaten. Die Fallliste selbst sehen die RRK.",
        "Counts only, no case data. Only the RRKs see the queue itself.",
    ),
    "summary_caption": (
        "Offene Fälle zum Stichtag {as_of} ({total} insgesamt)",
        "Open cases on the reference date {as_of} ({total} in total)",
    ),
    "col_open": ("Offene Fälle", "Open cases"),
    "col_new": ("Neu (7 Tage)", "New (7 days)"),
    "col_changed": ("Stufe geändert", "Tier changed"),
    "total": ("Summe", "Total"),
    # case
    "case_title": ("Fall {case_id}", "Case {case_id}"),
    "back_to_queue": ("Zurück zur Fallliste", "Back to the queue"),
    "status": ("Status", "Status"),
    "status_open": ("offen", "open"),
    "status_closed": ("abgeschlossen", "closed"),
    "version": ("Version", "Version"),
    "score": ("Punktwert", "Score"),
    "facts": ("Sachstand", "Facts"),
    "received_on": ("Eingang", "Received"),
    "source": ("Quelle", "Source"),
    "departure_status": ("Ausreisepflicht", "Departure obligation"),
    "asylum_pending": ("Asylverfahren anhängig", "Asylum procedure pending"),
    "deportation_ban": ("Abschiebungsverbot", "Ban on deportation"),
    "toleration_reason": ("Duldung", "Tolerated stay (Duldung)"),
    "travel_document": ("Reisedokument", "Travel document"),
    "in_custody": ("In Haft", "In custody"),
    "release_date": ("Entlassung", "Release date"),
    "explanation": ("Begründung der Einstufung", "Why this tier"),
    "criteria": ("Kriterien", "Criteria"),
    "criteria_caption": (
        "Kriterien des Regelwerks {ruleset} (Version {version}) zum Stichtag {as_of}",
        "Criteria of rule set {ruleset} (version {version}) on the reference date {as_of}",
    ),
    "col_criterion": ("Kriterium", "Criterion"),
    "col_result": ("Ergebnis", "Result"),
    "col_value": ("Messwert und Schwelle", "Measured value and threshold"),
    "col_param_value": ("Wert", "Value"),
    "col_points": ("Punkte", "Points"),
    "col_basis": ("Grundlage", "Basis"),
    "col_evidence": ("Belege", "Evidence"),
    "met": ("erfüllt", "met"),
    "not_met": ("nicht erfüllt", "not met"),
    "near_miss": ("knapp verfehlt", "near miss"),
    "near_misses": ("Knapp verfehlt", "Near misses"),
    "tier_changes": ("Was die Einstufung ändern würde", "What would change the tier"),
    "blockers": ("Rechtliche Hindernisse", "Legal obstacles"),
    "actions": ("Erforderliche Schritte", "Required steps"),
    "not_counted": ("Nicht berücksichtigte Einträge", "Records not counted"),
    "parameters": ("Parameter des Regelwerks", "Rule set parameters"),
    "col_parameter": ("Parameter", "Parameter"),
    "timeline": ("Zeitleiste: Straftaten und Vorfälle", "Timeline: offences and incidents"),
    "timeline_caption": (
        "Straftaten und Vorfälle, neueste zuerst",
        "Offences and incidents, newest first",
    ),
    "col_date": ("Datum", "Date"),
    "col_kind": ("Art", "Type"),
    "col_entry": ("Eintrag", "Record"),
    "kind_offence": ("Straftat", "Offence"),
    "kind_incident": ("Vorfall", "Incident"),
    "not_counted_short": ("nicht berücksichtigt", "not counted"),
    "timeline_empty": ("Keine Einträge.", "No records."),
    "decide_title": ("Entscheidung erfassen", "Record a decision"),
    "decide_kind": ("Entscheidung", "Decision"),
    "decide_reason": ("Begründung (Pflichtangabe)", "Reason (required)"),
    "decide_reason_hint": (
        "Warum entscheiden Sie so? Die Begründung steht im Prüfprotokoll und im Aktenvermerk.",
        "Why are you making this decision? The reason goes into the audit log and the file note.",
    ),
    "decide_override_hint": (
        "Sie dürfen von der Reihenfolge abweichen, etwa einen niedriger "
        "eingestuften Fall vorziehen oder einen Fall der höchsten Stufe "
        "zurückstellen. Das Programm vermerkt die Abweichung.",
        "You may deviate from the order, for example take up a lower-ranked "
        "case first or hold back a top-tier case. The application records "
        "the deviation.",
    ),
    "decide_button": ("Entscheidung speichern", "Save decision"),
    "decide_closed": (
        "Der Fall ist abgeschlossen. Sie können ihn wieder aufnehmen.",
        "The case is closed. You can reopen it.",
    ),
    "kind_required": ("Bitte wählen Sie eine Entscheidung.", "Please choose a decision."),
    "reason_required": (
        "Bitte geben Sie eine Begründung an (mindestens 3 Zeichen).",
        "Please enter a reason (at least 3 characters).",
    ),
    "reason_too_long": (
        "Die Begründung darf höchstens 4000 Zeichen lang sein.",
        "The reason may be at most 4000 characters long.",
    ),
    "reason_control": (
        "Die Begründung enthält unzulässige Steuerzeichen.",
        "The reason contains control characters that are not allowed.",
    ),
    "saved": ("Die Entscheidung ist gespeichert.", "The decision is saved."),
    "saved_override": (
        "Die Entscheidung ist gespeichert und als Abweichung von der Reihenfolge vermerkt: {note}",
        "The decision is saved and recorded as a deviation from the order: {note}",
    ),
    "history": ("Bisherige Entscheidungen", "Previous decisions"),
    "history_caption": (
        "Entscheidungen zu Fall {case_id}, älteste zuerst",
        "Decisions on case {case_id}, oldest first",
    ),
    "history_empty": ("Noch keine Entscheidung erfasst.", "No decision recorded yet."),
    "col_when": ("Zeitpunkt", "When"),
    "col_who": ("Person", "Who"),
    "col_decision": ("Entscheidung", "Decision"),
    "col_position": ("Rang und Stufe", "Rank and tier"),
    "rank_n": ("Rang {rank}", "rank {rank}"),
    "col_override": ("Abweichung", "Deviation"),
    "not_in_queue": ("nicht in der Fallliste", "not in the queue"),
    "print_view": ("Druckansicht (Aktenvermerk)", "Print view (file note)"),
    "print_title": (
        "Aktenvermerk – Priorisierung im Fallmanagement NRW",
        "File note – prioritisation in Fallmanagement NRW",
    ),
    "print_button": ("Drucken", "Print"),
    "back_to_case": ("Zurück zum Fall", "Back to the case"),
    "print_made": ("Erstellt am {when} von {name}", "Created on {when} by {name}"),
    "decision.case_conference": ("Fallkonferenz", "Case conference"),
    "decision.prepare_measure": ("Maßnahme vorbereiten", "Prepare a measure"),
    "decision.request_information": ("Informationen nachfordern", "Request information"),
    "decision.monitor": ("Beobachten", "Monitor"),
    "decision.defer": ("Zurückstellen", "Defer"),
    "decision.close": ("Abschließen", "Close"),
    "decision.reopen": ("Wieder aufnehmen", "Reopen"),
    # audit
    "audit_title": ("Prüfprotokoll", "Audit log"),
    "audit_intro": (
        "Wer hat wann was getan und warum. Das Lesen des Protokolls wird selbst protokolliert.",
        "Who did what, when and why. Reading the log is itself logged.",
    ),
    "chain_ok": Plural(
        ("Hash-Kette intakt: {n} Eintrag geprüft.", "Hash chain intact: {n} entry checked."),
        ("Hash-Kette intakt: {n} Einträge geprüft.", "Hash chain intact: {n} entries checked."),
    ),
    "chain_bad": (
        "Hash-Kette beschädigt: Der erste fehlerhafte Eintrag ist Nr. {seq}.",
        "Hash chain broken: the first faulty entry is no. {seq}.",
    ),
    "audit_caption": (
        "Einträge {first}–{last} von {total}, neueste zuerst",
        "Entries {first}–{last} of {total}, newest first",
    ),
    "audit_empty": ("Keine Einträge für diese Auswahl.", "No entries for this selection."),
    "col_seq": ("Nr.", "No."),
    "col_at": ("Zeitpunkt", "Time"),
    "col_actor": ("Person", "Actor"),
    "col_action": ("Aktion", "Action"),
    "col_target": ("Ziel", "Target"),
    "col_details": ("Details", "Details"),
    "filter_actor": ("Person (genau)", "Actor (exact)"),
    "bad_filter": (
        "Bitte nur Text ohne Steuerzeichen (höchstens 80 Zeichen).",
        "Please enter only text without control characters (at most 80 characters).",
    ),
    # errors
    "error_403_title": ("Keine Berechtigung", "Not allowed"),
    "error_403_text": (
        "Ihre Rolle darf diese Seite nicht öffnen.",
        "Your role may not open this page.",
    ),
    "error_404_title": ("Nicht gefunden", "Not found"),
    "error_404_text": (
        "Die Seite oder der Fall existiert nicht oder ist für Sie nicht sichtbar.",
        "The page or case does not exist or is not visible to you.",
    ),
    "error_csrf_title": ("Sicherheitsprüfung fehlgeschlagen", "Security check failed"),
    "error_csrf_text": (
        "Das Formular war abgelaufen oder unvollständig; es wurde nichts "
        "gespeichert. Bitte laden Sie die Seite neu und versuchen Sie es "
        "erneut.",
        "The form had expired or was incomplete; nothing was saved. "
        "Please reload the page and try again.",
    ),
    "error_409_title": ("Nicht möglich", "Not possible"),
    "error_503_title": ("Nicht verfügbar", "Unavailable"),
    "error_503_text": (
        "Die Web-Oberfläche ist nicht eingerichtet oder die Datenbank ist nicht "
        "erreichbar. Bitte wenden Sie sich an den Betrieb.",
        "The web interface is not configured or the database is unreachable. "
        "Please contact operations.",
    ),
    "error_back": ("Zur Startseite", "Back to the home page"),
}
