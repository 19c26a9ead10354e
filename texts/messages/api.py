"""Texts of the API's error answers (key prefix ``api``): each ``detail`` is said in the reader's
language (``?lang=``, ``Accept-Language``, else German; ``service.language``), never both."""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # --- the database and the unexpected (service/errors.py)
    "db_unavailable": (
        "Datenbank nicht erreichbar; bitte gleich erneut versuchen",
        "Database unreachable; please try again shortly",
    ),
    "conflict": (
        "Gleichzeitige Änderung; bitte erneut versuchen",
        "Conflicting concurrent change; please try again",
    ),
    "internal": ("Interner Fehler", "Internal error"),
    "not_storable": (
        "Ein Wert kann nicht gespeichert werden",
        "A value cannot be stored",
    ),
    "input_rejected": Plural(
        one=(
            "{n} Fehler in der Eingabe, nichts gespeichert",
            "{n} problem in the input; nothing was stored",
        ),
        other=(
            "{n} Fehler in der Eingabe, nichts gespeichert",
            "{n} problems in the input; nothing was stored",
        ),
    ),
    "nested_too_deeply": ("zu tief verschachtelt", "nested too deeply"),
    "body_unreadable": (
        "Der JSON-Inhalt ist nicht lesbar: {reason}",
        "The JSON body cannot be read: {reason}",
    ),
    "body_not_json": ("kein gültiges JSON", "not valid JSON"),
    # --- who may ask (service/deps.py)
    "unauthenticated": (
        "Nicht angemeldet: bitte 'Authorization: Bearer <token>' mitsenden",
        "Not authenticated: send 'Authorization: Bearer <token>'",
    ),
    "forbidden": (
        "Keine Berechtigung: Ihre Rolle darf das nicht",
        "Not permitted: your role may not do this",
    ),
    "region_forbidden": (
        "Keine Berechtigung: Bezirksregierung {region} gehört nicht zu Ihren Bezirksregierungen",
        "Not permitted: district government {region} is not one of your district governments",
    ),
    "token_unknown": (
        "Unbekanntes oder widerrufenes Token",
        "Unknown or revoked token",
    ),
    "too_many_attempts": (
        "Zu viele fehlgeschlagene Anmeldeversuche von dieser Adresse oder mit dieser "
        "Token-Kennung; bitte später erneut versuchen",
        "Too many failed attempts from this address or with this token id; please try again later",
    ),
    "sso.token_refused": (
        "Token des Anmeldedienstes abgelehnt ({reason})",
        "Identity provider token refused ({reason})",
    ),
    "sso.unreachable": (
        "Anmeldedienst nicht erreichbar; bitte gleich erneut versuchen",
        "Identity provider unreachable; please try again shortly",
    ),
    "sso.revoked": ("Zugang widerrufen", "Access revoked"),
    "sso.no_role": (
        "Das Token nennt keine Rolle für rrk-triage",
        "The token names no role for rrk-triage",
    ),
    "sso.unknown_role": (
        "Das Token nennt eine unbekannte Rolle: {values}",
        "The token names an unknown role: {values}",
    ),
    "sso.several_roles": (
        "Das Token nennt mehrere Rollen: {values}",
        "The token names several roles: {values}",
    ),
    "sso.unknown_region": (
        "Das Token nennt eine unbekannte Bezirksregierung: {values}",
        "The token names an unknown district government: {values}",
    ),
    "sso.no_region": (
        "Das Token nennt keine Bezirksregierung für diese Rolle",
        "The token names no district government for this role",
    ),
    # --- what was asked for does not exist
    "case_not_found": ("Fall nicht gefunden", "Case not found"),
    "region_choice": ("{name} (region={code})", "{name} (region={code})"),
    "case_ambiguous": (
        "Das Aktenzeichen {case_id} gibt es in mehreren Ihrer Bezirksregierungen ({regions}); "
        "bitte die Bezirksregierung angeben (region)",
        "The case id {case_id} exists in several of your district governments ({regions}); "
        "please name the district government (region)",
    ),
    "user_not_found": ("Benutzerkonto nicht gefunden", "No such user"),
    # --- uploads (service/cases/upload.py, service/rulesets/document_upload.py)
    "upload_too_large": (
        "Upload zu groß: höchstens {limit} Bytes",
        "Upload too large: at most {limit} bytes",
    ),
    "file_too_large": (
        "{field}: größer als {limit} Bytes",
        "{field}: larger than {limit} bytes",
    ),
    "file_missing": (
        "Ein Upload braucht eine Datei im Feld 'file'",
        "A multipart upload needs a file in the field 'file'",
    ),
    "media_unsupported": (
        "Content-Type {media} wird nicht unterstützt; möglich sind application/json, "
        "application/x-ndjson, multipart/form-data oder ?format= mit einem von {formats}",
        "Content-Type {media} is not supported; use application/json, application/x-ndjson, "
        "multipart/form-data, or ?format= with one of {formats}",
    ),
    "format_unknown": (
        "Unbekanntes Format {format}; möglich sind {formats}",
        "Unknown format {format}; expected one of {formats}",
    ),
    "format_from_name": (
        "{name}: das Format ist an der Dateiendung nicht zu erkennen; möglich sind .jsonl, "
        ".ndjson, .json, .parquet oder .zip (CSV-Dateien)",
        "{name}: cannot tell the format from the suffix; use .jsonl, .ndjson, .json, .parquet "
        "or .zip (CSV files)",
    ),
    "draft_media_unsupported": (
        "Content-Type {media} wird nicht unterstützt: application/json (Parameterentwurf), "
        "application/yaml oder multipart/form-data (ganzes Regelwerk)",
        "Content-Type {media} is not supported: application/json (a parameter draft), "
        "application/yaml or multipart/form-data (a whole rule set)",
    ),
    "not_utf8": (
        "Die Datei ist nicht in UTF-8 kodiert",
        "The file is not encoded in UTF-8",
    ),
    "ruleset_field_missing": (
        "Das Feld 'ruleset' (YAML-Datei oder Text) fehlt",
        "The field 'ruleset' (a YAML file or text) is missing",
    ),
    "reason_required": (
        "Eine Begründung von 3 bis 4000 Zeichen ist Pflicht",
        "A reason of 3 to 4000 characters is required",
    ),
    # --- query parameters
    "date_out_of_range": (
        "{value} liegt außerhalb von {start} … {end}",
        "{value} is outside {start} … {end}",
    ),
    "unknown_tier": (
        "Unbekannte Stufe {tier}; möglich sind {tiers}",
        "Unknown tier {tier}; expected one of {tiers}",
    ),
    "moment_format": (
        "kein Zeitpunkt: erwartet JJJJ-MM-TT oder JJJJ-MM-TTThh:mm[:ss] mit Zeitzone (Z, "
        "+01:00; ohne Zeitzone UTC), gefunden {value}",
        "not a point in time: expected YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss] with a time zone "
        "(Z, +01:00; without one UTC), found {value}",
    ),
    "changed_since_after_as_of": (
        "darf nicht nach as_of liegen",
        "must not be after as_of",
    ),
    "version_ref": (
        "erwartet eine Versionsangabe (id, name@version oder Name)",
        "expected a version (id, name@version or name)",
    ),
    # --- erasure on request (service/erasure)
    "erasure.case_not_found": ("Fall {case_id} nicht gefunden", "Case {case_id} not found"),
    "erasure.not_found": ("Löschantrag nicht gefunden", "Erasure request not found"),
    "erasure.request_not_found": (
        "Löschantrag {request_id} nicht gefunden",
        "Erasure request {request_id} not found",
    ),
    "erasure.four_eyes": (
        "Vier-Augen-Prinzip: eine zweite Administratorin oder ein zweiter Administrator muss "
        "bestätigen",
        "Four-eyes principle: a second administrator must confirm",
    ),
    "erasure.pending": (
        "Für Fall {case_id} liegt schon ein Löschantrag vor ({request_id})",
        "An erasure request for case {case_id} is pending ({request_id})",
    ),
    "erasure.reason_names_case": (
        "Die Begründung darf die Fallnummer nicht enthalten (sie bleibt im Protokoll)",
        "The reason must not name the case id (it stays in the audit log)",
    ),
    # --- rule set versions (service/rulesets/service.py)
    "ruleset.refused": ("{label}: {why}", "{label}: {why}"),
    # --- the points model (service/model_runtime.py) and readiness
    "model.rules_only": (
        "Die Reihenfolge folgt allein den Regeln",
        "The queue is ordered by the rules alone",
    ),
    "model.not_configured": (
        "Kein Modell konfiguriert: die Reihenfolge folgt allein den Regeln",
        "No model configured: the queue is ordered by the rules alone",
    ),
    "model.unavailable": (
        "Modell nicht verfügbar ({reason}): die Reihenfolge folgt allein den Regeln",
        "Model unavailable ({reason}): the queue is ordered by the rules alone",
    ),
    "model.loaded": ("Modell geladen: {uri}", "Model loaded: {uri}"),
    "model.not_loaded": (
        "Punktemodell nicht geladen ({uri}: {why}): die Fallliste folgt allein den Regeln.",
        "Points model not loaded ({uri}: {why}): the queue follows the rules alone.",
    ),
    "model.why.unavailable": (
        "noch kein Modell trainiert und registriert",
        "no model trained and registered yet",
    ),
    "model.why.incompatible": (
        "das Modell passt nicht zu diesem Programm oder Regelwerk",
        "the model does not fit this program or rule set",
    ),
    "model.why.corrupted": (
        "Modelldateien fehlen oder sind beschädigt",
        "model files are missing or damaged",
    ),
    "model.why.error": (
        "Fehler beim Laden, Einzelheiten im Protokoll",
        "error while loading, details in the log",
    ),
    "schema_behind": (
        "Datenbankschema auf {revision}, erwartet {head}: 'triage db upgrade' ausführen",
        "Database schema at {revision}, expected {head}: run 'triage db upgrade'",
    ),
}
