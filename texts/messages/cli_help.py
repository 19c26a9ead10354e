"""Help texts of the ``triage`` command line (key prefix ``cli.help``), German first.

Commands and groups have the key of their path (``policy.draft``); options and arguments the
key their definition names (``help="cli.help.policy.reason"``). They are looked up when the
help is shown, in the language of ``--lang``/``TRIAGE_LANG`` (:mod:`service.cli.language`).
"""

from __future__ import annotations

from texts.forms import Entry

#: Commands and groups, by their path.
COMMANDS: dict[str, Entry] = {
    "triage": (
        "rrk-triage: erklärbare Priorisierung der RRK-Fallliste (Fallmanagement NRW). Sprache: "
        "--lang de|en oder TRIAGE_LANG (Standard: Deutsch).",
        "rrk-triage: explainable prioritisation of the RRK case queue (case management NRW). "
        "Language: --lang de|en or TRIAGE_LANG (default: German).",
    ),
    "lang": (
        "Sprache aller Texte: de oder en (sonst TRIAGE_LANG, Standard de).",
        "Language of every text: de or en (else TRIAGE_LANG, default de).",
    ),
    "rank": (
        "Fallliste in Reihenfolge: jsonl, csv und parquet mit Kennungen, table in Worten.",
        "The queue in order: jsonl, csv and parquet with ids, table in words.",
    ),
    "explain": (
        "Begründung eines Falls als Aktenvermerk.",
        "The reasons for one case as a file note.",
    ),
    "validate": (
        "Prüft eine Falldatei: jedes Problem in einer eigenen Zeile (Exit 1).",
        "Checks a case file: every problem on its own line (exit 1).",
    ),
    "generate": (
        "Erzeugt synthetische Fälle (alle Daten erfunden).",
        "Writes synthetic cases (all data invented).",
    ),
    "serve": (
        "Den Dienst starten (Einstellungen aus TRIAGE_* und DATABASE_URL).",
        "Runs the service (settings from TRIAGE_* and DATABASE_URL).",
    ),
    "replay": (
        "Ereignisse nachspielen und je Ereignis zeigen, was es geändert hat.",
        "Replays events and shows what each one changed.",
    ),
    "fairness": (
        "Fairness-Audit: Größe, Auswahl- und Fehlerquoten und Verhältnis je Gruppe.",
        "Fairness audit: size, selection and error rates and ratio per group.",
    ),
    "train": (
        "Punktemodell trainieren und registrieren; @champion nur, wenn alle "
        "Freigabeprüfungen bestehen.",
        "Trains and registers the points model; @champion only when every gate passes.",
    ),
    "simulate": (
        "Was-wäre-wenn: Entwurf gegen das aktive Regelwerk (Stufen, Übergänge, Arbeitslast, "
        "Fairness).",
        "What-if: a draft against the active rule set (tiers, transitions, workload, fairness).",
    ),
    "demo": (
        "Demo aufbauen und starten: SQLite, Demo-Benutzer, synthetische Fälle, Web-Oberfläche.",
        "Builds and starts the demo: SQLite, demo users, synthetic cases, web interface.",
    ),
    "rules": ("Regelwerke prüfen und bearbeiten.", "Checks and edits rule sets."),
    "rules.check": (
        "Regelwerk vollständig prüfen.",
        "Checks a rule set completely.",
    ),
    "rules.diff": (
        "Inhaltlicher Unterschied zweier Regelwerke in Worten (kein Textvergleich).",
        "The differences between two rule sets in words (not a text comparison).",
    ),
    "rules.test": (
        "Testszenarien eines Regelwerks ausführen: Ergebnis je Szenario und Abdeckung.",
        "Runs the test scenarios of a rule set: the result of each scenario and the coverage.",
    ),
    "rules.export": (
        "Regelwerk als DMN 1.3 exportieren (Stufen als Entscheidungstabelle, FIRST).",
        "Exports a rule set as DMN 1.3 (the tiers as a decision table, FIRST).",
    ),
    "db": ("Datenbankschema (Alembic).", "Database schema (Alembic)."),
    "db.upgrade": ("Schema auf den neuesten Stand bringen.", "Applies the migrations."),
    "db.current": ("Aktuelle Schema-Revision.", "The current schema revision."),
    "db.scrub": (
        "Gelöschte Zeilen physisch aus den Datenbankdateien entfernen (VACUUM FULL, sperrt jede "
        "Tabelle kurz); als Eigentümerrolle ausführen, mit deren DATABASE_URL.",
        "Removes deleted rows from the database files (VACUUM FULL, locks each table while it "
        "is rewritten); run as the owner role, with its DATABASE_URL.",
    ),
    "db.runtime-grants": (
        "SQL für die PostgreSQL-Laufzeitrolle ausgeben: lesen und schreiben, aber keine "
        "Tabelle besitzen (sie kann die Protokoll-Trigger weder löschen noch abschalten).",
        "Prints the SQL for the PostgreSQL runtime role: read and write, but own no table (it "
        "can neither drop nor disable the audit triggers).",
    ),
    "users": ("Benutzer und Zugangstokens.", "Users and access tokens."),
    "users.add": (
        "Benutzer anlegen (als Admin, --token); das Token steht allein in der letzten Zeile. "
        "Konten mit der Rolle policy oder admin warten auf die Bestätigung durch eine zweite "
        "Admin-Person (triage users confirm).",
        "Creates a user (as an administrator, --token); the token is printed alone on the last "
        "line. Accounts with role policy or admin wait for a second administrator's "
        "confirmation (triage users confirm).",
    ),
    "users.confirm": (
        "Ein Konto (policy, admin) als zweite Admin-Person bestätigen; sein Token steht in der "
        "letzten Zeile.",
        "Confirms a pending account (policy, admin) as a second administrator; its token is "
        "printed on the last line.",
    ),
    "users.list": ("Benutzer anzeigen (nie Tokens).", "Lists the users (never tokens)."),
    "users.revoke": (
        "Zugang widerrufen (als Admin, --token); der Benutzer bleibt im Protokoll, die letzte "
        "aktive Admin-Person kann nicht widerrufen werden.",
        "Revokes a user's access (as an administrator, --token); the user stays in the audit "
        "log, the last active administrator cannot be revoked.",
    ),
    "users.token": (
        "Neues Token ausgeben (als Admin, --token); das alte gilt nicht mehr. Für das Konto "
        "eines anderen Menschen mit Rolle policy oder admin gilt das neue erst nach der "
        "Bestätigung durch einen zweiten Admin (users confirm).",
        "Issues a new token (as an administrator, --token); the old one stops working. For "
        "another person's policy or admin account the new one works only once a second "
        "administrator confirms it (users confirm).",
    ),
    "audit": ("Das Protokoll (Hash-Kette).", "The audit log (hash chain)."),
    "audit.verify": (
        "Hash-Kette, HMACs und Kontrollpunkte prüfen: Exit 0, wenn alles stimmt (gelöschte "
        "Einträge stehen als Grabsteine da), 1 mit dem ersten fehlerhaften Eintrag.",
        "Verifies the chain, its HMACs and checkpoints: exit 0 when intact (erased entries are "
        "reported as tombstones), 1 naming the first bad entry.",
    ),
    "audit.checkpoint": (
        "Den signierten Kopf der Kette in eine neue Datei schreiben (für WORM-Speicher); "
        "überschreibt nie.",
        "Writes the signed head of the chain to a new file (for write-once storage); never "
        "overwrites.",
    ),
    "audit.keys": (
        "Schlüssel-IDs: der Protokollschlüssel in Kraft, die ausgemusterten, und welche IDs die "
        "Einträge der Kette tragen (keine Geheimnisse).",
        "Key ids: the audit key in force, the retired ones, and which ids the chain's entries "
        "carry (no secrets).",
    ),
    "decisions": ("Erfasste Entscheidungen.", "Recorded decisions."),
    "decisions.export": (
        "Entscheidungen und entschiedene Fallversionen exportieren (für triage train).",
        "Exports the decisions and the decided case versions (for triage train).",
    ),
    "cases": (
        "Fälle: Auskunft (Export) und Löschung.",
        "Cases: access (export) and erasure.",
    ),
    "cases.export": (
        "Auskunft nach Art. 15 DSGVO: alles zu einem Fall als JSON oder druckbares Dokument "
        "(Admin, Revision).",
        "Access under Art. 15 GDPR: everything about one case as JSON or a printable document "
        "(admin, auditor).",
    ),
    "cases.erase-request": (
        "Löschung eines Falls beantragen (Admin); gelöscht wird erst, wenn eine zweite "
        "Admin-Person bestätigt.",
        "Requests the erasure of a case (admin); nothing is erased until a second administrator "
        "confirms.",
    ),
    "cases.erase-confirm": (
        "Löschantrag bestätigen (zweite Admin-Person): Der Fall und jede Spur von ihm werden "
        "jetzt gelöscht.",
        "Confirms an erasure request (second administrator): the case and every trace of it are "
        "erased now.",
    ),
    "cases.erase-list": ("Offene Löschanträge (Admin).", "Pending erasure requests (admin)."),
    "cases.erase-withdraw": (
        "Löschantrag zurücknehmen; der Fall bleibt.",
        "Withdraws an erasure request; the case stays.",
    ),
    "docs": (
        "Die erzeugten Unterlagen (KI-Verordnung, DSGVO, Register).",
        "The generated documentation pack (AI Act, GDPR, registers).",
    ),
    "docs.build": (
        "Unterlagen erzeugen und im Protokoll vermerken: technische Dokumentation nach Anhang "
        "IV, Entwürfe von DSFA und Verarbeitungsverzeichnis, FRIA-Gerüst, Registereinträge, "
        "Erläuterung nach Art. 86 und manifest.json mit Prüfsummen.",
        "Writes every document of the pack and records it in the audit log: Annex IV "
        "documentation, DPIA and record of processing drafts, FRIA outline, register records, "
        "the Art. 86 explanation and manifest.json with checksums.",
    ),
    "retention": ("Aufbewahrungsfristen anwenden.", "Applies the retention periods."),
    "retention.apply": (
        "Löscht, was nach den Aufbewahrungsfristen fällig ist, und sagt, was es getan hat "
        "(täglich einplanen).",
        "Erases what the retention periods make due and says what it did (schedule it daily).",
    ),
    "changes": (
        "Erfasste Bewertungen und was sich geändert hat.",
        "Recorded evaluations and what changed.",
    ),
    "changes.sweep": (
        "Fälle neu bewerten, deren nächster Kalendertag gekommen ist (täglich ausführen).",
        "Re-evaluates the cases whose next calendar date has come (run it daily).",
    ),
    "policy": (
        "Regelwerksversionen: Entwurf, Simulation, Freigabe (Vier-Augen-Prinzip), Aktivierung.",
        "Rule set versions: draft, simulation, approval (four-eyes principle), activation.",
    ),
    "policy.list": (
        "Gespeicherte Versionen, neueste zuerst.",
        "Stored versions, newest first.",
    ),
    "policy.show": (
        "Eine Version mit Begründungen: wer, wann, warum.",
        "One version with who, when and why.",
    ),
    "policy.draft": (
        "Entwurf anlegen: Parameter einer Version ändern oder ein ganzes Regelwerk (--file).",
        "Creates a draft: changed parameters of a version, or a whole rule set (--file).",
    ),
    "policy.approve": (
        "Entwurf freigeben (nicht den eigenen: Vier-Augen-Prinzip).",
        "Approves a draft (not one's own: four-eyes principle).",
    ),
    "policy.withdraw": (
        "Eigenen Entwurf zurückziehen (nur die Verfasserin oder der Verfasser).",
        "Withdraws one's own draft (its author only).",
    ),
    "policy.reject": (
        "Entwurf ablehnen (eine zweite Person des Fachreferats, nicht die Verfasserin oder der "
        "Verfasser).",
        "Rejects a draft (a second person of the policy unit, not its author).",
    ),
    "policy.activate": (
        "Freigegebene Version in Kraft setzen.",
        "Puts an approved version in force.",
    ),
    "policy.simulate": (
        "Was-wäre-wenn auf der gespeicherten offenen Fallliste (nur Summen), gegen die Version "
        "in Kraft.",
        "What-if on the stored open caseload (aggregates only), against the version in force.",
    ),
}

#: Options and arguments, by the key their definition names.
OPTIONS: dict[str, Entry] = {
    # shared (service/cli/options.py, credentials.py)
    "common.as_of": (
        "Stichtag (JJJJ-MM-TT); Standard: heute.",
        "Reference date (YYYY-MM-DD); default: today.",
    ),
    "common.input": (
        "Fälle: .jsonl, .json, .parquet oder ein CSV-Ordner.",
        "Cases: .jsonl, .json, .parquet or a CSV folder.",
    ),
    "common.lang": (
        "Sprache der Meldungen: de oder en (wie triage --lang).",
        "Language of the messages: de or en (as triage --lang).",
    ),
    "authoring.ruleset": (
        "Regelwerk: YAML-Datei, Name oder gespeicherte Version (name@version).",
        "Rule set: YAML file, name or stored version (name@version).",
    ),
    "authoring.format": ("text oder json.", "text or json."),
    "authoring.scenarios": (
        "Szenariodateien (Standard: <Regelwerk>.scenarios.yaml daneben).",
        "Scenario files (default: <rule set>.scenarios.yaml next to it).",
    ),
    "authoring.full_coverage": (
        "Abdeckungslücken als Fehler werten (Exit-Code 1).",
        "Treat gaps in coverage as failures (exit code 1).",
    ),
    "authoring.export_format": ("Exportformat: dmn (DMN 1.3).", "Export format: dmn (DMN 1.3)."),
    "authoring.export_out": (
        "Ausgabedatei (Standard: Standardausgabe).",
        "Output file (default: standard output).",
    ),
    "common.rules": (
        "Regelwerk: Name oder YAML-Datei.",
        "Rule set: name or YAML file.",
    ),
    "common.set": (
        "Parameter für diesen Lauf (NAME=WERT).",
        "Parameter for this run (NAME=VALUE).",
    ),
    "token.token": (
        "Ihr eigenes Zugangstoken (wie für die API).",
        "Your own access token (as for the API).",
    ),
    # validate, generate
    "cases.today": (
        "Tag des Imports (JJJJ-MM-TT): spätere Daten sind Fehler; Standard: heute.",
        "Day of import (YYYY-MM-DD): later dates are errors; default: today.",
    ),
    "cases.n": ("Anzahl der Fälle.", "Number of cases."),
    "cases.seed": (
        "Zufallsstartwert: gleiche Anzahl und gleicher Startwert ergeben dieselben Fälle.",
        "Random seed: the same number and seed give the same cases.",
    ),
    "cases.out": (
        "Zieldatei (für csv ein Ordner).",
        "Output file (a folder for csv).",
    ),
    "cases.format": (
        "Format; Standard: aus der Endung von --out.",
        "Format; default: from the suffix of --out.",
    ),
    # rank, explain, rules check
    "rank.rules_version": (
        "Gespeicherte Regelwerksversion (ID) aus der Datenbank.",
        "A stored rule set version (id) from the database.",
    ),
    "rank.format": (
        "jsonl, csv, parquet oder table.",
        "jsonl, csv, parquet or table.",
    ),
    "rank.out": ("Ausgabedatei.", "Output file."),
    "rank.engine": (
        "batch (vektorisiert) oder durable.",
        "batch (vectorised) or durable.",
    ),
    "rank.top": ("Zeilen in der Tabelle.", "Rows in the table."),
    "rank.case": ("Aktenzeichen des Falls.", "The case id."),
    "rank.explain_format": ("text oder json.", "text or json."),
    "rank.ruleset": (
        "YAML-Datei oder Name eines Regelwerks.",
        "A YAML file or the name of a rule set.",
    ),
    # replay
    "replay.events": (
        "Ereignisse: JSON Lines, ein Ereignis je Zeile (docs/event-path.md).",
        "Events: JSON Lines, one event per line (docs/event-path.md).",
    ),
    "replay.format": (
        "text (in Worten) oder jsonl (mit Kennungen).",
        "text (in words) or jsonl (with ids).",
    ),
    "replay.only_changes": (
        "Nur Ereignisse, die etwas ändern.",
        "Only events that change something.",
    ),
    # fairness
    "fairness.file": (
        "CSV-Datei (Trennzeichen , ; oder Tabulator).",
        "CSV file (separator , ; or tab).",
    ),
    "fairness.pred": ("Spalte der Auswahl.", "Column of the selection."),
    "fairness.label": ("Spalte des Ergebnisses.", "Column of the outcome."),
    "fairness.group": (
        "Spalte der Gruppe (ein Feld nur für die Prüfung).",
        "Column of the group (a field for the audit only).",
    ),
    "fairness.positive": ("Wert, der „ausgewählt“ bedeutet.", "Value that means “selected”."),
    "fairness.format": ("Ausgabe: table oder json.", "Output: table or json."),
    "fairness.reference": (
        "Vergleich mit der größten Gruppe (largest), der Gesamtquote (overall) oder der "
        "meistausgewählten Gruppe (highest).",
        "Compare with the largest group (largest), the overall rate (overall) or the most "
        "selected group (highest).",
    ),
    "fairness.min_group_size": (
        "Gruppen mit weniger Zeilen werden nicht bewertet („zu klein“).",
        "Groups with fewer rows are not assessed (“too small”).",
    ),
    # train
    "train.n": (
        "Synthetische Fälle (ohne --decisions).",
        "Synthetic cases (without --decisions).",
    ),
    "train.seed": ("Zufallsstartwert.", "Random seed."),
    "train.decisions": (
        "Erfasste Entscheidungen (JSON Lines: case_id, kind, as_of) statt der Simulation.",
        "Recorded decisions (JSON Lines: case_id, kind, as_of) instead of the simulation.",
    ),
    "train.cases": (
        "Die Fälle zu --decisions.",
        "The case records the decisions refer to.",
    ),
    "train.bias_group": (
        "Simulierte Verzerrung gegen diese Gruppe (z. B. SYR).",
        "Simulated bias against this group (e.g. SYR).",
    ),
    "train.bias_attribute": (
        "Prüfmerkmal der Gruppe: nationality oder sex.",
        "Audit field of the group: nationality or sex.",
    ),
    "train.bias_strength": (
        "Log-Odds, um die frühere Entscheidungen für die Gruppe verschoben werden.",
        "Log-odds added to past decisions for the group.",
    ),
    "train.bias_records": (
        "Zusätzliche offene Ermittlungen je Fall der Gruppe (Überkontrolle).",
        "Extra open investigations per case of the group (over-policing).",
    ),
    "train.justification": (
        "Schriftliche Begründung, die eine nicht bestandene Freigabeprüfung Gleichbehandlung "
        "freigibt (wird protokolliert).",
        "Written justification that lets a failed fairness gate pass (recorded).",
    ),
    "train.min_auc": (
        "Mindest-AUC auf den zurückgehaltenen Fällen.",
        "Minimum ROC AUC on the held-out cases.",
    ),
    "train.max_auc_gap": (
        "Höchster AUC-Abstand zur logistischen Regression.",
        "Maximum AUC gap to the logistic regression.",
    ),
    "train.min_group_size": (
        "Mindestgröße einer Gruppe in der Freigabeprüfung Gleichbehandlung.",
        "Smallest group the fairness gate judges.",
    ),
    "train.tracking_uri": (
        "MLflow-Speicher (Standard: $MLFLOW_TRACKING_URI oder sqlite:///mlflow.db).",
        "MLflow store (default: $MLFLOW_TRACKING_URI or sqlite:///mlflow.db).",
    ),
    "train.simulated": (
        "Auf einer simulierten Entscheidungshistorie trainieren (Demo, Tests).",
        "Train on a simulated decision history (demo, tests).",
    ),
    "train.min_decisions": (
        "So viele entschiedene Fälle braucht das Training auf erfassten Entscheidungen.",
        "Decided cases needed to train on recorded decisions.",
    ),
    "train.require_promotion": (
        "Exit 3, wenn die Version nicht befördert wird.",
        "Exit 3 if the version is not promoted.",
    ),
    # simulate
    "simulate.set": (
        "Geänderter Parameter des Entwurfs (NAME=WERT).",
        "Changed parameter of the draft (NAME=VALUE).",
    ),
    "simulate.rules": (
        "Aktives Regelwerk (Vergleichsbasis): Name oder YAML-Datei.",
        "Active rule set (baseline): name or YAML file.",
    ),
    "simulate.proposal": (
        "Entwurf als ganze Regelwerksdatei (YAML) statt --set.",
        "The draft as a whole rule set file (YAML) instead of --set.",
    ),
    "simulate.format": ("table oder json.", "table or json."),
    "simulate.out": (
        "Ausgabedatei statt Bildschirm.",
        "Output file instead of the screen.",
    ),
    "simulate.plot": (
        "Diagramm der Stufen je Region (.png oder .svg).",
        "Chart of the tiers per district government (.png or .svg).",
    ),
    "simulate.capacity": (
        "Wochenkapazität je Region (YAML/JSON); Standard: policy/capacity.yaml.",
        "Weekly capacity per district government (YAML/JSON); default: policy/capacity.yaml.",
    ),
    "simulate.limit": (
        "Höchstens N geänderte Fälle im JSON (Standard: alle).",
        "At most N changed cases in the JSON (default: all).",
    ),
    "simulate.top": (
        "Geänderte Fälle in der Tabelle.",
        "Changed cases in the table.",
    ),
    "simulate.min_group_size": (
        "Kleinere Gruppen werden nicht bewertet.",
        "Smaller groups are not assessed.",
    ),
    # demo
    "demo.host": ("Adresse, an die der Dienst bindet.", "Address the service binds to."),
    "demo.port": (
        "Port des Dienstes (auch TRIAGE_PORT; make demo PORT=…).",
        "Port of the service (also TRIAGE_PORT; make demo PORT=…).",
    ),
    "demo.n": (
        "Zahl der synthetischen Fälle (nur wenn die Demo-Datenbank neu ist).",
        "Number of synthetic cases (only when the demo database is new).",
    ),
    "demo.serve": ("Den Dienst danach starten.", "Start the service afterwards."),
    "demo.train": (
        "Das Punktemodell trainieren, wenn keines registriert ist.",
        "Train the points model when none is registered.",
    ),
    "demo.fresh": ("Die Demo-Datenbank neu anlegen.", "Create the demo database afresh."),
    # serve, db, users, audit
    "service.host": ("Adresse, an die der Dienst bindet.", "Address to bind to."),
    "service.port": ("Port.", "Port."),
    "service.workers": ("Zahl der Prozesse.", "Number of worker processes."),
    "service.revision": ("Ziel-Revision.", "Target revision."),
    "service.name": ("Benutzername.", "User name."),
    "service.role": (
        "Rolle: caseworker, rrk_lead, policy, auditor oder admin.",
        "Role: caseworker, rrk_lead, policy, auditor or admin.",
    ),
    "service.regions": (
        "Regionen, durch Kommas getrennt (caseworker, rrk_lead).",
        "District governments, comma-separated (caseworker, rrk_lead).",
    ),
    "service.reason": (
        "Begründung (steht im Protokoll).",
        "Reason (recorded in the audit log).",
    ),
    "service.bootstrap": (
        "Erste Admins einer leeren Datenbank, ohne Token (höchstens zwei).",
        "The first administrators of an empty database, without a token (at most two).",
    ),
    "service.json": ("Als JSON Lines.", "As JSON Lines."),
    "service.verify_json": ("Ergebnis als JSON.", "The result as JSON."),
    "service.checkpoint": (
        "Kontrollpunktdateien von triage audit checkpoint.",
        "Checkpoint files from triage audit checkpoint.",
    ),
    "service.checkpoint_out": (
        "Neue Datei für den Kontrollpunkt.",
        "New file for the checkpoint.",
    ),
    "service.runtime_role": (
        "Die Laufzeitrolle des Dienstes.",
        "The runtime role of the service.",
    ),
    "service.owner": ("Die Rolle, der das Schema gehört.", "The role that owns the schema."),
    # decisions, docs, cases, retention, changes
    "decisions.out": (
        "Zielordner für decisions.jsonl und cases.jsonl.",
        "Folder for decisions.jsonl and cases.jsonl.",
    ),
    "docs.out": ("Zielordner.", "Output folder."),
    "docs.case": (
        "Fall für die Erläuterung nach Art. 86 (Standard: ein Beispiel aus dem ersten "
        "Testszenario).",
        "Case for the Art. 86 explanation (default: a sample from the first test scenario).",
    ),
    "docs.as_of": ("Stichtag (JJJJ-MM-TT).", "Reference date (YYYY-MM-DD)."),
    "privacy.token": (
        "Eigenes Zugangstoken (oder TRIAGE_TOKEN).",
        "Your own access token (or TRIAGE_TOKEN).",
    ),
    "privacy.case": ("Aktenzeichen des Falls.", "The case id."),
    "privacy.format": (
        "json (Daten) oder html (Dokument zum Drucken).",
        "json (data) or html (a document to print).",
    ),
    "privacy.out": ("Datei statt Standardausgabe.", "File instead of standard output."),
    "privacy.reason": (
        "Begründung, z. B. Antrag und Aktenzeichen (ohne Fallnummer).",
        "Reason, e.g. the request and its reference (without the case id).",
    ),
    "privacy.request": ("Nummer des Löschantrags.", "Number of the erasure request."),
    "privacy.withdraw_reason": ("Begründung.", "Reason."),
    "privacy.dry_run": (
        "Nur zeigen, was fällig ist; nichts löschen.",
        "Only show what is due; erase nothing.",
    ),
    "privacy.as_of": (
        "Stichtag (JJJJ-MM-TT, Standard heute).",
        "Reference date (YYYY-MM-DD, default today).",
    ),
    # policy
    "policy.version": (
        "Version: Nummer, name@version (amit-nrw-default@2) oder Name eines Regelwerks (die "
        "Version in Kraft).",
        "Version: id, name@version (amit-nrw-default@2) or the name of a rule set (the "
        "version in force).",
    ),
    "policy.reason": (
        "Begründung (Pflicht, steht im Protokoll).",
        "Reason (mandatory, recorded in the audit log).",
    ),
    "policy.name": ("Nur dieses Regelwerk.", "Only this rule set."),
    "policy.json": ("Als JSON Lines.", "As JSON Lines."),
    "policy.show_json": ("Als JSON, mit dem Dokument.", "As JSON, with the document."),
    "policy.base": (
        "Ausgangsversion: Nummer, name@version oder Name (in Kraft); mit --file: Standard ist "
        "die Version in Kraft.",
        "Base version: id, name@version or name (in force); with --file the default is the "
        "version in force.",
    ),
    "policy.set": ("Geänderter Parameter (NAME=WERT).", "Changed parameter (NAME=VALUE)."),
    "policy.points": (
        "Geänderte Punkte eines Kriteriums (KRITERIUM=N).",
        "Changed points of a criterion (CRITERION=N).",
    ),
    "policy.file": (
        "Ein ganzes Regelwerk (YAML) als Entwurf; vollständig geprüft, mit Zeilen.",
        "A whole rule set (YAML) as the draft; checked completely, with line numbers.",
    ),
    "policy.scenarios": (
        "Testszenarien zum Regelwerk (Standard mit --file: <Datei>.scenarios.yaml daneben, "
        "sonst die der Ausgangsversion).",
        "Test scenarios of the rule set (default with --file: <file>.scenarios.yaml next to it, "
        "else those of the base version).",
    ),
    "policy.scenarios_reason": (
        "Pflicht, wenn Testszenarien fehlschlagen: warum trotzdem freigegeben wird.",
        "Mandatory when test scenarios fail: why it is approved anyway.",
    ),
    "policy.effective": (
        "In Kraft ab (JJJJ-MM-TT, nicht in der Vergangenheit).",
        "In force from (YYYY-MM-DD, not in the past).",
    ),
    "policy.format": ("table oder json.", "table or json."),
}
