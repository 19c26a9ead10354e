"""Texts of the audit chain's anchor, retention, erasure and the case export (key prefix
``retention``): ``audit.`` (verify, checkpoint), ``apply.`` (``triage retention apply``),
``erase.`` (erasure of one case on request, four eyes) and ``export.`` (Art. 15 export).
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # --- the audit chain
    "audit.key_missing": (
        "Protokolleintrag ohne Protokollschlüssel nicht möglich: TRIAGE_AUDIT_KEY setzen",
        "cannot write an audit entry without the audit key: set TRIAGE_AUDIT_KEY",
    ),
    "audit.ok": Plural(
        ("Protokollkette intakt: {n} Eintrag geprüft", "Audit chain intact: {n} entry checked"),
        (
            "Protokollkette intakt: {n} Einträge geprüft",
            "Audit chain intact: {n} entries checked",
        ),
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
    # {signed} entries carry an HMAC and were checked; {n} old-format entries carry none
    "audit.macs_partly": (
        "HMAC der {signed} signierten Einträge mit dem Protokollschlüssel geprüft; {n} Einträge "
        "im alten Format (vor der Signatur) tragen keins und sind nur durch Kontrollpunkte "
        "verankert",
        "HMAC of the {signed} signed entries checked with the audit key; {n} old-format entries "
        "(from before signing) carry none and are anchored only by checkpoints",
    ),
    "audit.unsigned_head": (
        "der neueste Eintrag #{seq} ist nicht signiert, obwohl ein Protokollschlüssel "
        "eingerichtet ist ({n} Einträge im alten Format ohne HMAC). Der Dienst signiert jeden "
        "neuen Eintrag: Entweder wurde die Kette im alten, unsignierten Format neu geschrieben, "
        "oder eine alte Kette ist nach dem Upgrade noch nicht verankert. Mit einem früheren "
        "Kontrollpunkt prüfen (triage audit verify --checkpoint DATEI); nur wenn die alten "
        "Einträge sicher echt sind (Vergleich mit Sicherung), verankern mit: "
        "triage audit checkpoint --out DATEI",
        "the newest entry #{seq} is not signed although an audit key is configured ({n} "
        "old-format entries without HMAC). The service signs every new entry: either the chain "
        "was rewritten in the old unsigned format, or a legacy chain has not been anchored since "
        "the upgrade. Check against an earlier checkpoint (triage audit verify --checkpoint "
        "FILE); only when the old entries are known to be genuine (compared with a backup), "
        "anchor them with: triage audit checkpoint --out FILE",
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
        "{path} already exists; a checkpoint is never overwritten",
    ),
    "audit.checkpoint_unreadable": (
        "Kontrollpunkt {path} nicht lesbar: {error}",
        "Checkpoint {path} is not readable: {error}",
    ),
    # --- erasure of one case on request (four eyes)
    "erase.requested": (
        "Löschantrag {request} für Fall {case_id} gestellt. Eine zweite Administratorin oder ein "
        "zweiter Administrator bestätigt mit: triage cases erase-confirm {request}",
        "Erasure request {request} made for case {case_id}. A second administrator confirms "
        "with: triage cases erase-confirm {request}",
    ),
    # {tombstones} and {redacted} are counted nouns (count.entries)
    "erase.done": (
        "Gelöscht (Protokolleintrag #{seq}): {rows}; Protokoll: {tombstones} als Grabstein, "
        "{redacted} geschwärzt. Die Protokollkette bleibt prüfbar.",
        "Erased (audit entry #{seq}): {rows}; audit log: {tombstones} tombstoned, {redacted} "
        "redacted. The audit chain still verifies.",
    ),
    # the erasure has committed; the rewrite of the table files could not be done by this role
    "erase.scrub_pending": (
        "Physische Bereinigung AUSSTEHEND: Die Löschung ist gespeichert, aber die gelöschten "
        "Zeilen können noch in den Tabellendateien stehen ({tables}); diese Datenbankrolle "
        "besitzt die Tabellen nicht und darf sie nicht neu schreiben (VACUUM FULL). Als "
        "Eigentümerrolle ausführen: DATABASE_URL=<URL der Eigentümerrolle> triage db scrub",
        "Physical scrub PENDING: the erasure is stored, but the erased rows may still be in "
        "the table files ({tables}); this database role does not own the tables and may not "
        "rewrite them (VACUUM FULL). Run as the owner role: DATABASE_URL=<owner's URL> "
        "triage db scrub",
    ),
    "erase.withdrawn": (
        "Löschantrag {request} zurückgenommen",
        "Erasure request {request} withdrawn",
    ),
    "erase.none_pending": ("Keine offenen Löschanträge", "No pending erasure requests"),
    "erase.pending": (
        "{request}  Fall {case_id}  von {by} am {at}: {reason}",
        "{request}  case {case_id}  by {by} on {at}: {reason}",
    ),
    "erase.rows_none": ("keine Zeilen", "no rows"),
    "cli.token_needed": (
        "Dieser Befehl handelt als Person: Token mit --token oder TRIAGE_TOKEN angeben",
        "This command acts as a person: give the token with --token or TRIAGE_TOKEN",
    ),
    "cli.token_invalid": ("Token unbekannt oder widerrufen", "Token unknown or revoked"),
    "cli.role_refused": (
        "Die Rolle {role} darf das nicht (nötig: {needed})",
        "Role {role} may not do this (needed: {needed})",
    ),
    # --- triage retention apply
    "apply.days": Plural(one=("{n} Tag", "{n} day"), other=("{n} Tage", "{n} days")),
    "apply.title": (
        "Aufbewahrungsfristen angewendet, Stichtag {date}:",
        "Retention periods applied, reference date {date}:",
    ),
    "apply.title_dry": (
        "Probelauf (nichts gelöscht), Stichtag {date} – fällig wären:",
        "Dry run (nothing erased), reference date {date} – would be due:",
    ),
    "apply.cases": (
        "- abgeschlossene Fälle (Frist {days}, abgeschlossen vor dem {cutoff}): {n} "
        "gelöscht mit allen Versionen, Entscheidungen und Auswertungen",
        "- closed cases (period {days}, closed before {cutoff}): {n} erased with every "
        "version, decision and evaluation",
    ),
    "apply.cases_dry": (
        "- abgeschlossene Fälle (Frist {days}, abgeschlossen vor dem {cutoff}): {n}",
        "- closed cases (period {days}, closed before {cutoff}): {n}",
    ),
    "apply.reasons": (
        "- Begründungen von Entscheidungen (Frist {days}, vor dem {cutoff}): {n} gelöscht "
        "(die Entscheidung selbst bleibt)",
        "- decision reasons (period {days}, before {cutoff}): {n} erased (the decision "
        "itself stays)",
    ),
    "apply.reasons_dry": (
        "- Begründungen von Entscheidungen (Frist {days}, vor dem {cutoff}): {n}",
        "- decision reasons (period {days}, before {cutoff}): {n}",
    ),
    "apply.events": (
        "- aufgezeichnete Auswertungen und Ereignisse (Frist {days}, vor dem {cutoff}; die "
        "jüngste je Fall bleibt): {n}",
        "- recorded evaluations and events (period {days}, before {cutoff}; the latest per case "
        "stays): {n}",
    ),
    "apply.events_none": (
        "- aufgezeichnete Auswertungen und Ereignisse: in dieser Datenbank noch keine Tabelle",
        "- recorded evaluations and events: no table in this database yet",
    ),
    "apply.simulations": (
        "- Protokolleinträge von Simulationen (Frist {days}, vor dem {cutoff}): {n}",
        "- audit entries of simulations (period {days}, before {cutoff}): {n}",
    ),
    "apply.rows": ("- gelöschte Zeilen je Tabelle: {rows}", "- rows erased per table: {rows}"),
    # {tombstones} and {redacted} are counted nouns (count.entries)
    "apply.audit": (
        "- Prüfprotokoll: {tombstones} als Grabstein, {redacted} geschwärzt; festgehalten in "
        "Eintrag #{seqs}. Die Kette bleibt prüfbar (triage audit verify).",
        "- audit log: {tombstones} tombstoned, {redacted} redacted; recorded in entry #{seqs}. "
        "The chain still verifies (triage audit verify).",
    ),
    # --- export (GDPR Art. 15)
    "export.title": (
        "Auskunft nach Art. 15 DSGVO: gespeicherte Daten zu Fall {case_id}",
        "Access under GDPR Art. 15: data stored about case {case_id}",
    ),
    "export.intro": (
        "Diese Auskunft enthält alles, was rrk-triage zu diesem Fall speichert: jede Version des "
        "Datensatzes, jede Entscheidung mit Begründung, jede aufgezeichnete Auswertung, jede "
        "angezeigte Begründung (Aktenvermerk) und jeden Eintrag im Prüfprotokoll. Andere Fälle, "
        "die in denselben Protokolleinträgen stehen, sind weggelassen.",
        "This export contains everything rrk-triage stores about this case: every version of "
        "the case data, every decision with its reason, every recorded evaluation, every "
        "explanation shown (file note) and every audit entry. Other cases named in the same "
        "audit entries are left out.",
    ),
    "export.made": (
        "Erstellt am {when} von {name}; maschinenlesbar: "
        "triage cases export {case_id} --format json",
        "Created on {when} by {name}; machine-readable: triage cases export {case_id} --format "
        "json",
    ),
    "export.case": ("Fall", "Case"),
    "export.region": ("Bezirksregierung", "District government"),
    "export.status": ("Status", "Status"),
    "export.status_open": ("offen", "open"),
    "export.status_closed": ("abgeschlossen", "closed"),
    "export.first_imported": ("Erstmals eingelesen", "First imported"),
    "export.updated": ("Zuletzt geändert", "Last changed"),
    "export.closed": ("Abgeschlossen am", "Closed on"),
    "export.versions": ("Versionen des Datensatzes", "Versions of the case data"),
    "export.version": (
        "Version {version}, eingelesen am {when} von {by} (Import {import_id})",
        "Version {version}, imported on {when} by {by} (import {import_id})",
    ),
    "export.decisions": ("Entscheidungen", "Decisions"),
    "export.no_decisions": ("Keine Entscheidungen gespeichert.", "No decisions stored."),
    "export.decision": (
        "{when}: {kind} durch {by} (Version {version}, Stufe {tier}, Rang {rank}, "
        "Regelwerk {ruleset})",
        "{when}: {kind} by {by} (version {version}, tier {tier}, rank {rank}, rule set {ruleset})",
    ),
    "export.reason": ("Begründung", "Reason"),
    "export.reason_erased": (
        "(Begründung nach Ablauf der Aufbewahrungsfrist gelöscht)",
        "(reason erased after its retention period)",
    ),
    "export.override": ("Abweichung von der Reihenfolge", "Deviation from the order"),
    "export.explanations": (
        "Angezeigte Begründungen (Aktenvermerke)",
        "Explanations shown (file notes)",
    ),
    "export.no_explanations": (
        "Die Begründung wurde nie angezeigt.",
        "The explanation was never shown.",
    ),
    "export.explanation": (
        "Version {version} zum Stichtag {as_of}, angezeigt am {seen_on} ({views}× – {who}); "
        "neu berechnet mit dem an diesem Tag geltenden Regelwerk {ruleset}",
        "Version {version} on the reference date {as_of}, shown on {seen_on} ({views}× – "
        "{who}); recomputed with {ruleset}, the rule set in force on that day",
    ),
    "export.other_tables": ("Weitere gespeicherte Daten", "Other stored data"),
    "export.audit": ("Prüfprotokoll", "Audit log"),
    "export.not_found": ("Fall {case_id} nicht gefunden", "Case {case_id} not found"),
    "export.written": ("Auskunft geschrieben: {path}", "Export written: {path}"),
}

#: Texts of the web UI's audit page about erased entries (registered under ``web.``).
WEB_MESSAGES: dict[str, Entry] = {
    # {tombstones} and {redacted} are counted nouns (count.entries)
    "chain_erased": (
        "Davon gelöscht: {tombstones} als Grabstein (Inhalt gelöscht, Hash bleibt), "
        "{redacted} geschwärzt (ein gelöschter Fall entfernt). Die Kette bleibt prüfbar.",
        "Of these, erased: {tombstones} tombstoned (content erased, hash kept), {redacted} "
        "redacted (an erased case removed). The chain still verifies.",
    ),
    "audit_tombstone": ("Grabstein (gelöscht durch #{by})", "Tombstone (erased by #{by})"),
    "audit_redacted": ("geschwärzt durch #{by}", "redacted by #{by}"),
}
