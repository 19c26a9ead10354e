"""Texts of the hardening of issue #14 (key prefix ``security``): readiness of the database
file, the command line's tokens, the confirmation of privileged users, denied accesses and the
simulation's small cells."""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    # --- /readyz: the SQLite file (item 8)
    "db_file_gone": (
        "Die Datenbankdatei {path} fehlt; der Dienst legt keine neue an. Datei "
        "wiederherstellen und den Dienst neu starten (oder 'triage db upgrade' für eine neue).",
        "The database file {path} is missing; the service does not create a new one. Restore "
        "the file and restart the service (or run 'triage db upgrade' for a new one).",
    ),
    "db_file_replaced": (
        "Die Datenbankdatei {path} ist nicht mehr die beim Start geöffnete (gelöscht, "
        "verschoben oder ersetzt); den Dienst neu starten.",
        "The database file {path} is no longer the one opened at start (deleted, moved or "
        "replaced); restart the service.",
    ),
    "db_file_read_only": (
        "Die Datenbankdatei {path} oder ihr Verzeichnis ist schreibgeschützt.",
        "The database file {path} or its directory is read-only.",
    ),
    # --- simulation results (item 4)
    "cell_hidden": ("< {n}", "< {n}"),
    "cell_hidden_title": (
        "Weniger als {n} Fälle: nicht angezeigt (Schutz vor Rückschlüssen auf Personen)",
        "Fewer than {n} cases: not shown (protects against identifying people)",
    ),
    "fairness_hidden": (
        "Die Auswertung nach prüfungsrelevanten Merkmalen (Staatsangehörigkeit, Geschlecht) "
        "sehen nur Prüferinnen und Prüfer (Rolle auditor).",
        "The breakdown by audit-only fields (nationality, sex) is shown to auditors only.",
    ),
    "aggregates_note": (
        "Zahlen unter {n} Fällen und Zellen, aus denen sie sich errechnen ließen, sind "
        "ausgeblendet (null).",
        "Counts below {n} cases, and cells they could be computed from, are hidden (null).",
    ),
}
