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
    # --- the command line acts with the user's own token (item 5)
    "cli_token_missing": (
        "Dieser Befehl handelt als Person: Ihr Zugangstoken fehlt (--token oder TRIAGE_TOKEN)",
        "this command acts as a person: your access token is missing (--token or TRIAGE_TOKEN)",
    ),
    "cli_token_bad": (
        "Unbekanntes oder widerrufenes Token",
        "unknown or revoked token",
    ),
    "cli_token_blocked": (
        "Zu viele fehlgeschlagene Versuche; bitte später erneut versuchen",
        "too many failed attempts; please try again later",
    ),
    "cli_role": (
        "Ihre Rolle {role} darf das nicht (erlaubt: {roles})",
        "your role {role} may not do this (allowed: {roles})",
    ),
    "bootstrap_closed": (
        "Ein erstes Administrationskonto lässt sich nur in einer leeren Datenbank anlegen "
        "(höchstens zwei, ohne weitere Konten); sonst mit --token eines Administrationskontos",
        "a first administrator account can only be created in an empty database (at most two, "
        "with no other accounts); otherwise use an administrator's --token",
    ),
    "last_admin": (
        "Das letzte aktive Administrationskonto kann nicht widerrufen werden",
        "the last active administrator account cannot be revoked",
    ),
    "needs_confirmation": (
        "Konto {name} ({role}) angelegt; es ist erst nutzbar, wenn eine zweite Administratorin "
        "oder ein zweiter Administrator es bestätigt: triage users confirm {name}",
        "account {name} ({role}) created; it can be used only once a second administrator "
        "confirms it: triage users confirm {name}",
    ),
    "confirm_own": (
        "Ein Konto, das Sie selbst angelegt haben, muss eine zweite Administratorin oder ein "
        "zweiter Administrator bestätigen",
        "an account you created yourself must be confirmed by a second administrator",
    ),
    "user_unknown_role": (
        "Unbekannte Rolle „{role}“ (zulässig: {roles})",
        "unknown role “{role}” (expected one of {roles})",
    ),
    "user_unknown_region": (
        "Unbekannte Bezirksregierung „{region}“ (zulässig: {regions})",
        "unknown district government “{region}” (expected one of {regions})",
    ),
    "user_needs_region": (
        "Die Rolle {role} braucht mindestens eine Bezirksregierung (--regions a,b)",
        "role {role} needs at least one district government (--regions a,b)",
    ),
    "user_no_regions": (
        "Die Rolle {role} ist an keine Bezirksregierung gebunden; --regions bitte weglassen",
        "role {role} is not bound to any district government; leave out --regions",
    ),
    "user_exists": (
        "Ein Konto mit dem Namen „{name}“ gibt es schon",
        "a user named “{name}” already exists",
    ),
    "user_revoked": ("Das Konto „{name}“ wurde widerrufen", "the account “{name}” was revoked"),
    "confirm_excluded": (
        "Konto {name} muss eine weitere Administratorin oder ein weiterer Administrator "
        "bestätigen (nicht {excluded}: wer es anlegte oder sein Token erneuerte, und das Konto "
        "selbst)",
        "account {name} must be confirmed by another administrator (not {excluded}: whoever "
        "created it or renewed its token, nor the account itself)",
    ),
    "rotate_no_confirmer": (
        "Ein neues Token für {name} müsste eine weitere Administratorin oder ein weiterer "
        "Administrator bestätigen (weder Sie noch {name}); es gibt keine. Das Konto kann sein "
        "Token selbst erneuern.",
        "a new token for {name} would have to be confirmed by another administrator (neither "
        "you nor {name}); there is none. The account can renew its own token.",
    ),
    "rotated_pending": (
        "Neues Token für {name} ({role}) ausgegeben; es gilt erst, wenn eine weitere "
        "Administratorin oder ein weiterer Administrator (nicht {excluded}) es bestätigt: "
        "triage users confirm {name}",
        "new token issued for {name} ({role}); it works only once another administrator (not "
        "{excluded}) confirms it: triage users confirm {name}",
    ),
    "confirmed_rotated": (
        "Konto {name} bestätigt; das bei der Erneuerung ausgegebene Token gilt ab jetzt",
        "account {name} confirmed; the token issued at its renewal works from now on",
    ),
    "confirm_not_pending": (
        "Konto {name} wartet nicht auf Bestätigung",
        "account {name} is not waiting for confirmation",
    ),
    # --- simulation results (item 4)
    "cell_hidden": ("verdeckt", "hidden"),
    "cell_hidden_title": (
        "Zahl verdeckt: Sie selbst oder eine Zahl, auf die sie schließen ließe, liegt unter {n} "
        "Fällen (Schutz vor Rückschlüssen auf Personen)",
        "Figure hidden: it, or a figure that could be inferred from it, is below {n} cases "
        "(protects against identifying people)",
    ),
    "fairness_hidden": (
        "Die Auswertung nach prüfungsrelevanten Merkmalen (Staatsangehörigkeit, Geschlecht) "
        "sieht nur die Revision.",
        "The breakdown by audit-only fields (nationality, sex) is shown to auditors only.",
    ),
    "aggregates_note": (
        "Zahlen unter {n} Fällen und Zellen, aus denen sie sich errechnen ließen, sind "
        "ausgeblendet (null).",
        "Counts below {n} cases, and cells they could be computed from, are hidden (null).",
    ),
}
