"""Texts of the configuration (key prefix ``config``): settings the service refuses.

Each sentence names the variable, what was found and what is expected. A secret (a key, a
token, a client secret) is named but never echoed: its sentences say at most how long it was.
``{variable}`` is the environment variable (``TRIAGE_PORT``, ``DATABASE_URL``).
"""

from __future__ import annotations

from texts.forms import Entry

_NEW_KEY = 'python -c "import secrets; print(secrets.token_hex(32))"'

MESSAGES: dict[str, Entry] = {
    # production mode refuses the demo's defaults
    "audit_key_missing": (
        "Im Produktionsbetrieb fehlt der Audit-Schlüssel: TRIAGE_AUDIT_KEY und "
        "TRIAGE_AUDIT_KEY_FILE sind nicht gesetzt; erwartet wird ein Schlüssel von mindestens "
        "32 Zeichen außerhalb der Datenbank (TRIAGE_AUDIT_KEY) oder eine Datei mit ihm "
        f"(TRIAGE_AUDIT_KEY_FILE), zu erzeugen mit: {_NEW_KEY}",
        "production mode needs the audit key: TRIAGE_AUDIT_KEY and TRIAGE_AUDIT_KEY_FILE are "
        "not set; expected a key of at least 32 characters kept outside the database "
        f"(TRIAGE_AUDIT_KEY) or a file holding it (TRIAGE_AUDIT_KEY_FILE), made with: {_NEW_KEY}",
    ),
    "database_missing": (
        "Im Produktionsbetrieb fehlt die Datenbank: DATABASE_URL ist nicht gesetzt; erwartet "
        "wird eine Datenbank-URL wie postgresql+psycopg://triage@db/triage oder "
        "sqlite:///var/triage.db (für eine Demo TRIAGE_MODE=demo).",
        "production mode needs an explicit database: DATABASE_URL is not set; expected a "
        "database URL such as postgresql+psycopg://triage@db/triage or sqlite:///var/triage.db "
        "(for a demo TRIAGE_MODE=demo).",
    ),
    # the audit key and the retired keys
    "key_too_short": (
        "{variable}: der Audit-Schlüssel ist zu kurz, gefunden {found} Zeichen; erwartet "
        f"werden mindestens {{expected}} Zeichen (zu erzeugen mit: {_NEW_KEY}).",
        "{variable}: the audit key is too short, found {found} characters; expected at least "
        f"{{expected}} characters (make one with: {_NEW_KEY}).",
    ),
    "key_file_missing": (
        "{variable}: die Datei {path} gibt es nicht; erwartet wird eine lesbare Datei mit dem "
        "Schlüssel.",
        "{variable}: the file {path} does not exist; expected a readable file holding the key.",
    ),
    "key_file_unreadable": (
        "{variable}: die Datei {path} ist nicht lesbar ({reason}); erwartet wird eine lesbare "
        "Datei mit dem Schlüssel.",
        "{variable}: the file {path} cannot be read ({reason}); expected a readable file "
        "holding the key.",
    ),
    "demo_key_generated": (
        "Demo-Modus: lokaler Audit-Schlüssel in {path} erzeugt – nie im Produktionsbetrieb "
        "verwenden, dort TRIAGE_AUDIT_KEY setzen.",
        "Demo mode: generated a local audit key in {path} – never use it in production, set "
        "TRIAGE_AUDIT_KEY there.",
    ),
    # the database URL
    "database_malformed": (
        "DATABASE_URL: keine gültige Datenbank-URL, gefunden {found}; erwartet wird "
        "<art>://…, etwa sqlite:///var/triage.db oder postgresql+psycopg://triage@db/triage "
        "(unterstützt: sqlite, postgresql).",
        "DATABASE_URL: not a valid database URL, found {found}; expected <kind>://…, such as "
        "sqlite:///var/triage.db or postgresql+psycopg://triage@db/triage (supported: sqlite, "
        "postgresql).",
    ),
    "database_scheme": (
        "DATABASE_URL: Datenbankart {found} wird nicht unterstützt; erwartet wird eine der "
        "unterstützten: sqlite, postgresql (z. B. sqlite:///var/triage.db oder "
        "postgresql+psycopg://triage@db/triage).",
        "DATABASE_URL: the database kind {found} is not supported; expected one of the "
        "supported kinds: sqlite, postgresql (e.g. sqlite:///var/triage.db or "
        "postgresql+psycopg://triage@db/triage).",
    ),
    "database_driver": (
        "DATABASE_URL: Treiber {found} ist nicht installiert; erwartet wird {expected}.",
        "DATABASE_URL: the driver {found} is not installed; expected {expected}.",
    ),
    # single sign-on
    "oidc_client_missing": (
        "TRIAGE_OIDC_CLIENT_ID ist nicht gesetzt, TRIAGE_OIDC_ISSUER aber schon ({found}); "
        "erwartet wird die beim Identitätsanbieter registrierte Client-ID.",
        "TRIAGE_OIDC_ISSUER is set ({found}) but TRIAGE_OIDC_CLIENT_ID is not; expected the "
        "client id registered at the identity provider.",
    ),
    "local_login_needs_sso": (
        "TRIAGE_LOCAL_LOGIN=false braucht Single Sign-on, TRIAGE_OIDC_ISSUER ist aber nicht "
        "gesetzt; erwartet wird die Adresse des Identitätsanbieters (sonst kann sich niemand an "
        "der Weboberfläche anmelden) oder TRIAGE_LOCAL_LOGIN=true.",
        "TRIAGE_LOCAL_LOGIN=false needs single sign-on, but TRIAGE_OIDC_ISSUER is not set; "
        "expected the address of the identity provider (otherwise nobody could sign in to the "
        "web UI) or TRIAGE_LOCAL_LOGIN=true.",
    ),
    # the web UI's session secret
    "session_secret_short": (
        "TRIAGE_SESSION_SECRET ist zu kurz, gefunden {found} Zeichen; erwartet werden "
        "mindestens {expected} Zeichen.",
        "TRIAGE_SESSION_SECRET is too short, found {found} characters; expected at least "
        "{expected} characters.",
    ),
    "session_secret_missing": (
        "TRIAGE_SESSION_SECRET ist nicht gesetzt; erwartet wird außerhalb des Demo-Modus ein "
        "Schlüssel von mindestens {expected} Zeichen (ohne ihn antwortet die Weboberfläche mit "
        "503, die API arbeitet).",
        "TRIAGE_SESSION_SECRET is not set; outside demo mode, a key of at least {expected} "
        "characters is expected (without it the web UI answers 503; the API works).",
    ),
    # single values (pydantic's checks; the rest say what cases.validation says)
    "field": ("{variable}: {problem}", "{variable}: {problem}"),
    "field.hidden": ("(geheim, nicht angezeigt)", "(secret, not shown)"),
    "field.unknown_zone": (
        "unbekannte Zeitzone: erwartet ein IANA-Name wie Europe/Berlin, gefunden {found}",
        "unknown time zone: expected an IANA name such as Europe/Berlin, found {found}",
    ),
    "field.above": (
        "zu klein: erwartet mehr als {expected}, gefunden {found}",
        "too small: expected more than {expected}, found {found}",
    ),
    "field.below": (
        "zu groß: erwartet weniger als {expected}, gefunden {found}",
        "too large: expected less than {expected}, found {found}",
    ),
    "field.sweep_at": (
        "ungültige Uhrzeit: erwartet HH:MM (00:00 bis 23:59) oder off, gefunden {found}",
        "invalid time: expected HH:MM (00:00 to 23:59) or off, found {found}",
    ),
    "field.pattern": (
        "ungültige Schreibweise: erwartet das Muster {expected}, gefunden {found}",
        "invalid format: expected the pattern {expected}, found {found}",
    ),
    "field.invalid": (
        "ungültiger Wert, gefunden {found}",
        "invalid value, found {found}",
    ),
}
