"""Texts of the audit chain's anchor, retention, erasure and the case export (key prefix
``retention``): ``audit.`` (verify, checkpoint), ``apply.`` (``triage retention apply``),
``erase.`` (erasure of one case on request, four eyes) and ``export.`` (Art. 15 export).
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # --- the audit chain
    "audit.ok": (
        "Protokollkette intakt: {entries} Einträge geprüft",
        "Audit chain intact: {entries} entries checked",
    ),
    "audit.broken": (
        "Protokollkette GEBROCHEN bei Eintrag #{seq}: {message}",
        "Audit chain BROKEN at entry #{seq}: {message}",
    ),
    "audit.broken_nowhere": (
        "Protokollkette GEBROCHEN: {message}",
        "Audit chain BROKEN: {message}",
    ),
    "audit.tombstones": Plural(
        one=(
            "{n} Eintrag gelöscht (Grabstein: Inhalt gelöscht, Hash bleibt): #{seqs}",
            "{n} entry erased (tombstone: content erased, hash kept): #{seqs}",
        ),
        other=(
            "{n} Einträge gelöscht (Grabsteine: Inhalt gelöscht, Hash bleibt): #{seqs}",
            "{n} entries erased (tombstones: content erased, hash kept): #{seqs}",
        ),
    ),
    "audit.redacted": Plural(
        one=(
            "{n} Eintrag geschwärzt (ein gelöschter Fall daraus entfernt)",
            "{n} entry redacted (an erased case removed from it)",
        ),
        other=(
            "{n} Einträge geschwärzt (ein gelöschter Fall daraus entfernt)",
            "{n} entries redacted (an erased case removed from it)",
        ),
    ),
    "audit.unsigned": Plural(
        one=(
            "{n} Eintrag von vor der Signatur (ohne HMAC; durch Kontrollpunkte verankert)",
            "{n} entry from before signing (no HMAC; anchored by checkpoints)",
        ),
        other=(
            "{n} Einträge von vor der Signatur (ohne HMAC; durch Kontrollpunkte verankert)",
            "{n} entries from before signing (no HMAC; anchored by checkpoints)",
        ),
    ),
    "audit.macs_checked": (
        "HMAC jedes Eintrags mit dem Protokollschlüssel geprüft",
        "HMAC of every entry checked with the audit key",
    ),
    "audit.macs_unchecked": (
        "HMAC NICHT geprüft: kein Protokollschlüssel (TRIAGE_AUDIT_KEY) vorhanden",
        "HMACs NOT checked: no audit key (TRIAGE_AUDIT_KEY)",
    ),
    "audit.checkpoints": Plural(
        one=("{n} Kontrollpunkt stimmt mit der Kette überein", "{n} checkpoint matches the chain"),
        other=(
            "{n} Kontrollpunkte stimmen mit der Kette überein",
            "{n} checkpoints match the chain",
        ),
    ),
    "audit.head": ("Kopf: #{seq} {hash}", "Head: #{seq} {hash}"),
    "audit.checkpoint_written": (
        "Kontrollpunkt geschrieben: {path} (Eintrag #{seq}, {hash}). Die Datei auf einmal "
        "beschreibbaren Speicher (WORM) legen; prüfen mit: triage audit verify --checkpoint {path}",
        "Checkpoint written: {path} (entry #{seq}, {hash}). Put the file on write-once storage "
        "(WORM); check with: triage audit verify --checkpoint {path}",
    ),
    "audit.checkpoint_exists": (
        "{path} besteht bereits; ein Kontrollpunkt wird nie überschrieben",
        "{path} exists already; a checkpoint is never overwritten",
    ),
    "audit.checkpoint_unreadable": (
        "Kontrollpunkt {path} nicht lesbar: {error}",
        "Checkpoint {path} unreadable: {error}",
    ),
    "audit.no_key": (
        "Kein Protokollschlüssel: TRIAGE_AUDIT_KEY (oder TRIAGE_AUDIT_KEY_FILE) setzen",
        "No audit key: set TRIAGE_AUDIT_KEY (or TRIAGE_AUDIT_KEY_FILE)",
    ),
}
