"""Texts of the second round of hardening (issue #14 leftovers, key prefix ``hardening``): the
reason of an import, the simulation chart's hidden cells, the simulation date grid and the audit
key ring."""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # --- the reason of an import (cases.import)
    "import_reason_required": (
        "Ein Import braucht eine Begründung (Parameter 'reason' oder Formularfeld 'reason'; "
        "TRIAGE_IMPORT_REASON_REQUIRED ist gesetzt)",
        "an import needs a reason (query parameter 'reason' or form field 'reason'; "
        "TRIAGE_IMPORT_REASON_REQUIRED is set)",
    ),
    "import_reason_invalid": (
        "Die Begründung darf höchstens {limit} Zeichen und keine Steuerzeichen enthalten",
        "the reason may have at most {limit} characters and no control characters",
    ),
    # --- the simulation chart's hidden cells
    "chart_hidden": (
        "{mark} Stufen mit weniger als {n} Fällen (und Zahlen, die sie verraten würden) sind "
        "nicht dargestellt",
        "{mark} tiers with fewer than {n} cases (and numbers that would reveal them) are not drawn",
    ),
    # --- the audit key ring (triage audit keys / verify)
    "audit_keys_used": (
        "Signiert mit den Schlüsseln (ID und Zahl der Einträge): {keys}",
        "Signed with the keys (id and number of entries): {keys}",
    ),
    "audit_key_current": (
        "Schlüssel in Kraft: {key_id} ({source})",
        "Key in force: {key_id} ({source})",
    ),
    "audit_key_retired": (
        "Ausgemustert (prüft nur): {key_id} ({source})",
        "Retired (verifies only): {key_id} ({source})",
    ),
    "audit_key_in_chain": Plural(
        (
            "Kette: {n} Eintrag mit Schlüssel {key_id} (#{first})",
            "Chain: {n} entry with key {key_id} (#{first})",
        ),
        (
            "Kette: {n} Einträge mit Schlüssel {key_id} (#{first} bis #{last})",
            "Chain: {n} entries with key {key_id} (#{first} to #{last})",
        ),
    ),
    "audit_key_in_chain_unknown": Plural(
        (
            "Kette: {n} Eintrag mit UNBEKANNTEM Schlüssel {key_id} (#{first})",
            "Chain: {n} entry with UNKNOWN key {key_id} (#{first})",
        ),
        (
            "Kette: {n} Einträge mit UNBEKANNTEM Schlüssel {key_id} (#{first} bis #{last})",
            "Chain: {n} entries with UNKNOWN key {key_id} (#{first} to #{last})",
        ),
    ),
    # --- the simulation's date grid (differencing control)
    "simulation_date": (
        "Der offene Bestand kann für Ihre Rolle am {day} nicht simuliert werden: nur montags, "
        "und nur an Stichtagen, die sich von jedem anderen möglichen um keinen oder mindestens "
        "{n} Fälle je Region unterscheiden (Schutz vor Differenzbildung). Letzter möglicher "
        "Stichtag davor: {earlier}",
        "The open caseload cannot be simulated on {day} for your role: Mondays only, and only "
        "on reference dates that differ from every other possible one by either no cases or at "
        "least {n} cases per district government (protection against differencing). Last "
        "possible reference date before that: {earlier}",
    ),
}

#: Texts of the pages (key prefix ``web``).
WEB_MESSAGES: dict[str, Entry] = {}
