"""Texts of the demo's simulated decisions, the model page, the erasure pages and the export
link (key prefix ``gdpr``; the page texts the layout reads under ``web.``)."""

from __future__ import annotations

from texts.forms import Entry, Plural

#: Texts the web layout reads under its own prefix (``web.``): the navigation entries.
WEB_MESSAGES: dict[str, Entry] = {
    "nav_model": ("Punktemodell", "Points model"),
    "nav_erasure": ("Löschung", "Erasure"),
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
    "sim.recorded": Plural(
        one=(
            "Demo: {n} simulierte Entscheidung der simulierten Sachbearbeitung aufgezeichnet "
            "(synthetisch)",
            "Demo: {n} simulated decision of the simulated caseworker recorded (synthetic)",
        ),
        other=(
            "Demo: {n} simulierte Entscheidungen der simulierten Sachbearbeitung aufgezeichnet "
            "(synthetisch)",
            "Demo: {n} simulated decisions of the simulated caseworker recorded (synthetic)",
        ),
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
        "Version {version} at reference date {as_of}, shown {view} on {at} (UTC) to {who} "
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
        "Shown before explanations shown were stored: only the audit entry exists, not the "
        "content.",
    ),
    "export.view.api": ("über die Schnittstelle (Datensatz)", "through the API (record)"),
    "export.view.api_text": (
        "über die Schnittstelle (Aktenvermerk)",
        "through the API (note for the file)",
    ),
    "export.view.json": ("über die Schnittstelle (Datensatz)", "through the API (record)"),
    "export.view.text": (
        "über die Schnittstelle (Aktenvermerk)",
        "through the API (note for the file)",
    ),
    "export.view.web": ("auf der Fallseite", "on the case page"),
    "export.view.print": ("in der Druckansicht", "in the print view"),
    # --- retention of explanations shown (triage retention apply)
    "retention.explanations": (
        "- angezeigte Begründungen (Frist {days}, angezeigt vor dem {cutoff}): {n}",
        "- explanations shown (period {days}, shown before {cutoff}): {n}",
    ),
}
