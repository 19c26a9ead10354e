"""Texts of the ``triage`` command line (key prefix ``cli``): help, messages, table headings.

Help texts (``help.*``) are looked up when the help is shown, in the language of ``--lang`` or
``TRIAGE_LANG`` (German by default); see :mod:`service.cli.language`.
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # ------------------------------------------------------------------ the help's frame
    "frame.arguments": ("Argumente", "Arguments"),
    "frame.options": ("Optionen", "Options"),
    "frame.commands": ("Befehle", "Commands"),
    "frame.error": ("Fehler", "Error"),
    "frame.default": ("[Standard: {}]", "[default: {}]"),
    "frame.envvar": ("[Umgebungsvariable: {}]", "[env var: {}]"),
    "frame.required": ("[Pflicht]", "[required]"),
    "frame.deprecated": ("(veraltet) ", "(deprecated) "),
    "frame.aborted": ("Abgebrochen.", "Aborted."),
    "frame.try_help": (
        "Hilfe: [blue]{command_path} {help_option}[/]",
        "Try [blue]'{command_path} {help_option}'[/] for help.",
    ),
    "frame.invalid_value": ("Ungültiger Wert: {message}", "Invalid value: {message}"),
    "frame.invalid_value_for": (
        "Ungültiger Wert für {hint}: {message}",
        "Invalid value for {hint}: {message}",
    ),
    "metavar.DATE": ("DATUM", "DATE"),
    "metavar.FILE": ("DATEI", "FILE"),
    "metavar.FILE.jsonl": ("DATEI.jsonl", "FILE.jsonl"),
    "metavar.NAME=VALUE": ("NAME=WERT", "NAME=VALUE"),
    "metavar.CRITERION=N": ("KRITERIUM=N", "CRITERION=N"),
    "metavar.DIR": ("ORDNER", "DIR"),
    "metavar.NUMBER": ("ZAHL", "NUMBER"),
    "metavar.COUNT": ("ANZAHL", "COUNT"),
    "metavar.VALUE": ("WERT", "VALUE"),
    "metavar.REASON": ("BEGRÜNDUNG", "REASON"),
    "metavar.TOKEN": ("TOKEN", "TOKEN"),
    "metavar.RULESET": ("REGELWERK", "RULESET"),
    "metavar.VERSION": ("VERSION", "VERSION"),
    "metavar.FORMAT": ("FORMAT", "FORMAT"),
    "metavar.MODE": ("VERFAHREN", "MODE"),
    "metavar.HOST": ("ADRESSE", "HOST"),
    "metavar.PORT": ("PORT", "PORT"),
    "metavar.CASE": ("AKTENZEICHEN", "CASE"),
    "metavar.NAME": ("NAME", "NAME"),
    "metavar.ROLE": ("ROLLE", "ROLE"),
    "metavar.COLUMN": ("SPALTE", "COLUMN"),
    "metavar.GROUP": ("GRUPPE", "GROUP"),
    "metavar.ATTRIBUTE": ("MERKMAL", "ATTRIBUTE"),
    "metavar.URI": ("ADRESSE", "URI"),
    "metavar.REVISION": ("REVISION", "REVISION"),
    "metavar.REQUEST": ("ANTRAG", "REQUEST"),
    "frame.usage": ("Aufruf:", "Usage:"),
    "frame.options_metavar": ("[OPTIONEN]", "[OPTIONS]"),
    "frame.subcommand_metavar": ("BEFEHL [ARGUMENTE]…", "COMMAND [ARGS]..."),
    "frame.help_option": ("Diese Hilfe zeigen und beenden.", "Show this message and exit."),
    # ------------------------------------------------------------------ language
    "lang.unknown": (
        "{value!r} ist keine Sprache dieses Programms: de oder en.",
        "{value!r} is not a language of this program: de or en.",
    ),
    "lang.unknown_env": (
        "{env}={value!r} ist keine Sprache dieses Programms: de oder en.",
        "{env}={value!r} is not a language of this program: de or en.",
    ),
    # ------------------------------------------------------------------ shared
    "error": ("Fehler: {message}", "error: {message}"),
    "hint": ("Hinweis: {message}", "note: {message}"),
    "bad_date": (
        "{value!r} ist kein gültiges Datum (erwartet JJJJ-MM-TT).",
        "{value!r} is not a valid date (expected YYYY-MM-DD).",
    ),
    # ------------------------------------------------------------------ serve, db, users
    "serve.started": (
        "rrk-triage: Betriebsart {mode}, Datenbank {url}, http://{host}:{port}/ (API: /api/v1, "
        "Schema /api/v1/openapi.json)",
        "rrk-triage: {mode} mode, database {url}, http://{host}:{port}/ (API: /api/v1, schema "
        "/api/v1/openapi.json)",
    ),
    "serve.mode.demo": ("Demo", "demo"),
    "serve.mode.production": ("Produktion", "production"),
    "db.unreachable": ("Datenbank {url}: {reason}", "database {url}: {reason}"),
    "db.unreachable_hint": (
        "Läuft die Datenbank, und wurde triage db upgrade ausgeführt?",
        "is the database running, and was triage db upgrade run?",
    ),
    "db.upgraded": (
        "Schema auf Revision {revision} ({url})",
        "schema at revision {revision} ({url})",
    ),
    "db.current": ("{revision} (neueste: {head})", "{revision} (newest: {head})"),
    "db.empty": ("(leer)", "(empty)"),
    "db.scrubbed": (
        "Tabellendateien neu geschrieben, keine gelöschten Zeilen mehr darin: {tables}",
        "table files rewritten, no deleted rows left in them: {tables}",
    ),
    "db.scrubbed_sqlite": (
        "Schreibprotokoll (WAL) in die Datenbankdatei übernommen und geleert",
        "write-ahead log checkpointed into the database file and truncated",
    ),
    "db.scrub_busy": (
        "Ein Lesezugriff hielt den WAL-Checkpoint auf; später erneut ausführen",
        "a reader kept the WAL checkpoint from completing; run it again later",
    ),
    "users.created": (
        "Benutzer {name} angelegt (Rolle {role})",
        "created user {name} (role {role})",
    ),
    "users.created_regions": (
        "Benutzer {name} angelegt (Rolle {role}, Regionen {regions})",
        "created user {name} (role {role}, regions {regions})",
    ),
    "users.token_once": (
        "; das Token wird nur dieses eine Mal gezeigt:",
        "; the token is shown this one time only:",
    ),
    "users.confirmed": ("{name} bestätigt", "confirmed {name}"),
    "users.revoked": ("Zugang von {name} widerrufen", "revoked access for {name}"),
    "users.new_token": ("Neues Token für {name}", "new token for {name}"),
    "users.unknown": ("Es gibt keinen Benutzer {name!r}.", "there is no user named {name!r}."),
    "users.state.active": ("aktiv", "active"),
    "users.state.revoked": ("widerrufen am {day}", "revoked on {day}"),
    "users.state.pending": (
        "wartet auf eine zweite Admin-Person (triage users confirm)",
        "waiting for a second administrator (triage users confirm)",
    ),
    "users.all_regions": ("alle", "all"),
    "not_one_of": (
        "{value!r} ist keiner der Werte {allowed}.",
        "{value!r} is not one of {allowed}.",
    ),
    "rank.done": ("fertig", "done"),
    "explain.unknown_case": (
        "Der Fall {case!r} steht nicht in {path}",
        "case {case!r} is not in {path}",
    ),
    "explain.did_you_mean": ("; meinten Sie {case!r}?", "; did you mean {case!r}?"),
    "rank.evaluating": Plural(
        ("{n} Fall bewerten …", "Evaluating {n} case …"),
        ("{n} Fälle bewerten …", "Evaluating {n} cases …"),
    ),
    # ------------------------------------------------------------------ validate, generate
    "validate.checking": ("Prüfe {path} …", "Checking {path} …"),
    "validate.cases": Plural(("{n} Fall", "{n} case"), ("{n} Fällen", "{n} cases")),
    "validate.problems": Plural(
        ("Fehler: 1 Problem in {cases}", "error: 1 problem in {cases}"),
        ("Fehler: {n} Probleme in {cases}", "error: {n} problems in {cases}"),
    ),
    "validate.valid": Plural(
        ("OK: {n} Fall gültig", "OK: {n} case valid"),
        ("OK: {n} Fälle gültig", "OK: {n} cases valid"),
    ),
    "generate.csv_folder": (
        "Für csv nennt --out einen Ordner (er bekommt cases.csv, offences.csv und incidents.csv).",
        "For csv, --out names a folder (it gets cases.csv, offences.csv and incidents.csv).",
    ),
    "generate.unknown_format": (
        "Das Format ist aus {name!r} nicht zu erkennen: .jsonl, .json, .parquet, .zip, ein "
        "Ordner für csv, oder --format angeben.",
        "Cannot tell the format from {name!r}: use .jsonl, .json, .parquet, .zip, a folder for "
        "csv, or --format.",
    ),
    "generate.making": Plural(
        ("Erzeuge {n} Fall …", "Generating {n} case …"),
        ("Erzeuge {n} Fälle …", "Generating {n} cases …"),
    ),
    "generate.writing": ("Schreibe {path} ({format}) …", "Writing {path} ({format}) …"),
    "generate.written": Plural(
        (
            "OK: {n} Fall geschrieben: {path} ({format}, {offences} Straftaten, {incidents} "
            "Vorfälle, Stichtag {day}, {seconds} s)",
            "OK: {n} case written: {path} ({format}, {offences} offences, {incidents} "
            "incidents, reference date {day}, {seconds} s)",
        ),
        (
            "OK: {n} Fälle geschrieben: {path} ({format}, {offences} Straftaten, {incidents} "
            "Vorfälle, Stichtag {day}, {seconds} s)",
            "OK: {n} cases written: {path} ({format}, {offences} offences, {incidents} "
            "incidents, reference date {day}, {seconds} s)",
        ),
    ),
    # ------------------------------------------------------------------ triage train
    "train.bad_attribute": (
        "{value!r} ist kein Prüfmerkmal (nationality, sex).",
        "{value!r} is not an audit field (nationality, sex).",
    ),
    "train.decisions_need_cases": (
        "--decisions braucht --cases (die entschiedenen Fälle).",
        "--decisions needs --cases (the decided case records).",
    ),
    "train.bias_recorded": (
        "Eine Verzerrung lässt sich nur simulieren, nicht in erfasste Entscheidungen einbauen.",
        "A bias can only be simulated, not injected into recorded decisions.",
    ),
    "train.data_recorded": Plural(
        (
            "Trainingsdaten: {n} erfasste Entscheidung aus der Datenbank",
            "Training data: {n} recorded decision from the database",
        ),
        (
            "Trainingsdaten: {n} erfasste Entscheidungen aus der Datenbank",
            "Training data: {n} recorded decisions from the database",
        ),
    ),
    "train.data_simulated": (
        "Trainingsdaten: simulierte Entscheidungshistorie (nur Demo)",
        "Training data: simulated decision history (demo only)",
    ),
    "train.too_few": Plural(
        (
            "zu wenige erfasste Entscheidungen für das Training ({n} entschiedener Fall, "
            "mindestens {minimum}; --min-decisions). Auf einer simulierten Historie wird nur im "
            "Demo-Betrieb (TRIAGE_MODE=demo) oder ausdrücklich mit --simulated trainiert.",
            "too few recorded decisions to train on ({n} decided case, at least {minimum}; "
            "--min-decisions). A simulated history is used only in demo mode (TRIAGE_MODE=demo) "
            "or when asked for with --simulated.",
        ),
        (
            "zu wenige erfasste Entscheidungen für das Training ({n} entschiedene Fälle, "
            "mindestens {minimum}; --min-decisions). Auf einer simulierten Historie wird nur im "
            "Demo-Betrieb (TRIAGE_MODE=demo) oder ausdrücklich mit --simulated trainiert.",
            "too few recorded decisions to train on ({n} decided cases, at least {minimum}; "
            "--min-decisions). A simulated history is used only in demo mode (TRIAGE_MODE=demo) "
            "or when asked for with --simulated.",
        ),
    ),
    "train.done": (
        "Training abgeschlossen – Lauf {run} im Experiment {experiment}",
        "Training finished – run {run} in experiment {experiment}",
    ),
    "train.data": (
        "Daten: {train} Fälle Training, {test} zurückgehalten; Anteil aufgenommen {base}, vom "
        "Modell ausgewählt {selected}",
        "Data: {train} training cases, {test} held out; share taken up {base}, selected by the "
        "model {selected}",
    ),
    "train.metrics": (
        "Zurückgehaltene Fälle: ROC AUC {auc} (logistische Regression {logistic}, Regeln allein "
        "{rules}) · Brier {brier} · ECE {ece} · Übereinstimmung mit P1/P2 {agreement}",
        "Held out: ROC AUC {auc} (logistic regression {logistic}, rules alone {rules}) · Brier "
        "{brier} · ECE {ece} · agreement with P1/P2 {agreement}",
    ),
    "train.fairness": (
        "Fairness, niedrigstes Auswahlverhältnis (Modell, zurückgehaltene Fälle): {model}; in "
        "den Labels: {labels}",
        "Fairness, lowest selection-rate ratio (model, held out): {model}; in the labels: {labels}",
    ),
    "train.labels_skewed": (
        "Hinweis: Die Labels selbst wählen Gruppen deutlich ungleich aus (Datenqualität, Art. 10 "
        "KI-VO): {groups}",
        "Note: the labels themselves select groups markedly unequally (data quality, Art. "
        "10 AI Act): {groups}",
    ),
    "train.gates": ("Freigabeprüfungen", "Gates"),
    "train.col.gate": ("Prüfung", "Gate"),
    "train.col.result": ("Ergebnis", "Result"),
    "train.col.value": ("Wert", "Value"),
    "train.col.threshold": ("Schwelle", "Threshold"),
    "train.col.message": ("Meldung", "Message"),
    "train.gate.min_auc": ("Mindest-AUC", "minimum AUC"),
    "train.gate.auc_gap": ("Abstand zur logistischen Regression", "gap to logistic regression"),
    "train.gate.fairness": ("Fairness", "fairness"),
    "train.gate.monotonicity": ("Monotonie", "monotonicity"),
    "train.justified": ("bestanden (begründet)", "passed (justified)"),
    "train.passed": ("bestanden", "passed"),
    "train.failed": ("nicht bestanden", "failed"),
    "train.promoted": (
        "Befördert: {name} Version {version} ist jetzt @champion (models:/{name}@champion).",
        "Promoted: {name} version {version} is now @champion (models:/{name}@champion).",
    ),
    "train.not_promoted": (
        "Nicht befördert: {name} Version {version} bleibt ohne Alias; nicht bestanden: "
        "{gates}. @champion bleibt unverändert.",
        "Not promoted: {name} version {version} stays without an alias; failed: {gates}. "
        "@champion is unchanged.",
    ),
    # ------------------------------------------------------------------ triage fairness
    "fairness.missing_group": ("(ohne Angabe)", "(not given)"),
    "fairness.unreadable": (
        "{name} ist keine lesbare CSV-Datei: {error}",
        "{name} is not a readable CSV file: {error}",
    ),
    "fairness.did_you_mean": (" Meinten Sie {name!r}?", " Did you mean {name!r}?"),
    "fairness.missing_column": (
        "Die Spalte {column!r} fehlt in {name}.{hint} Vorhandene Spalten: {columns}",
        "The column {column!r} is missing from {name}.{hint} Columns present: {columns}",
    ),
    "fairness.no_rows": ("{name} enthält keine Zeilen.", "{name} has no rows."),
    "fairness.empty_cells": Plural(
        (
            "Die Spalte {column!r} hat {n} leere Zelle (Zeile {lines}).",
            "The column {column!r} has {n} empty cell (line {lines}).",
        ),
        (
            "Die Spalte {column!r} hat {n} leere Zellen (Zeilen {lines}).",
            "The column {column!r} has {n} empty cells (lines {lines}).",
        ),
    ),
    # ------------------------------------------------------------------ decisions, changes
    # {decisions} and {cases} are counted nouns (count.decisions, count.cases)
    "decisions.exported": (
        "{decisions}, {cases} → {out} (triage train --decisions {decisions_path} --cases "
        "{cases_path})",
        "{decisions}, {cases} → {out} (triage train --decisions {decisions_path} --cases "
        "{cases_path})",
    ),
    # {checked} and {first} are counted nouns (count.cases, count.first_evaluations)
    "changes.swept": (
        "{day} ({ruleset}): {checked} fällig, {recorded} mit neuer Bewertung festgehalten, {first}",
        "{day} ({ruleset}): {checked} due, {recorded} recorded with a new evaluation, {first}",
    ),
    # ------------------------------------------------------------------ triage demo
    "demo.who.rrk_lead": ("RRK-Leitung (Köln, Düsseldorf)", "RRK lead (Cologne, Düsseldorf)"),
    "demo.who.caseworker": ("Sachbearbeitung (Köln)", "Caseworker (Cologne)"),
    "demo.who.policy": ("Fachreferat (verfasst Entwürfe)", "Policy unit (writes drafts)"),
    "demo.who.policy2": (
        "Fachreferat, zweite Person (gibt frei: Vier-Augen-Prinzip)",
        "Policy unit, second person (approves: four-eyes principle)",
    ),
    "demo.who.auditor": ("Revision (Prüfprotokoll)", "Auditor (audit log)"),
    "demo.who.admin": ("Administration (alles)", "Administrator (everything)"),
    "demo.model_kept": (
        "Punktemodell: vorhandenes @champion wird verwendet",
        "Points model: the existing @champion is used",
    ),
    "demo.model_no_training": (
        "Punktemodell: Trainingsmodul fehlt; die Fallliste folgt allein den Regeln",
        "Points model: the training module is missing; the queue follows the rules alone",
    ),
    "demo.model_training": (
        "Punktemodell: Training auf {n} synthetischen Fällen (MLflow {uri}) …",
        "Points model: training on {n} synthetic cases (MLflow {uri}) …",
    ),
    "demo.model_failed": (
        "Punktemodell: Training fehlgeschlagen ({reason}); die Fallliste folgt allein den Regeln",
        "Points model: training failed ({reason}); the queue follows the rules alone",
    ),
    "demo.model_registered": (
        "Punktemodell: Version {version} registriert (@champion)",
        "Points model: version {version} registered (@champion)",
    ),
    "demo.model_not_promoted": (
        "Punktemodell: Version {version} nicht befördert (nicht bestanden: {gates}); die "
        "Fallliste folgt allein den Regeln",
        "Points model: version {version} not promoted (failed: {gates}); the queue follows the "
        "rules alone",
    ),
    "demo.queue": Plural(
        (
            "Fallliste zum {day} ({label}): {n} offener Fall:",
            "Queue on {day} ({label}): {n} open case:",
        ),
        (
            "Fallliste zum {day} ({label}): {n} offene Fälle, die ersten {shown}:",
            "Queue on {day} ({label}): {n} open cases, the first {shown}:",
        ),
    ),
    "demo.aid": (
        "Die Reihenfolge ist eine Arbeitshilfe – die Entscheidung treffen Sie. Alle Daten sind "
        "synthetisch.",
        "The order is a working aid – you make the decision. All data is synthetic.",
    ),
    "demo.url": ("rrk-triage (Demo): {url}", "rrk-triage (demo): {url}"),
    "demo.tokens": (
        "Anmeldung mit diesen Zugangstoken (gelten bis zum nächsten triage demo):",
        "Sign in with these access tokens (valid until the next triage demo):",
    ),
    "demo.database": Plural(
        (
            "Datenbank {path}: Schema, Demo-Benutzer, {n} Fall (falls leer)",
            "Database {path}: schema, demo users, {n} case (if empty)",
        ),
        (
            "Datenbank {path}: Schema, Demo-Benutzer, {n} Fälle (falls leer)",
            "Database {path}: schema, demo users, {n} cases (if empty)",
        ),
    ),
    "demo.no_serve": (
        "--no-serve: Starten Sie den Dienst später mit\n  {command}",
        "--no-serve: start the service later with\n  {command}",
    ),
    "demo.stop": ("Beenden mit Strg+C.", "Stop with Ctrl+C."),
    # ------------------------------------------------------------------ triage policy
    "policy.bad_reason": (
        "Eine Begründung mit mindestens 3 Zeichen und ohne Steuerzeichen ist Pflicht.",
        "A reason of at least 3 characters, without control characters, is required.",
    ),
    "policy.changed_parameter": ("„{name}“ {before} → {after}", "“{name}” {before} → {after}"),
    "policy.changed_points": (
        "Punkte für „{name}“ {before} → {after}",
        "points for “{name}” {before} → {after}",
    ),
    "policy.changed_document": (
        "ganzes Regelwerk (Änderungen in Worten: triage rules diff)",
        "whole rule set (changes in words: triage rules diff)",
    ),
    "policy.status.draft": ("Entwurf", "draft"),
    "policy.status.approved": ("freigegeben", "approved"),
    "policy.status.scheduled": ("geplant", "scheduled"),
    "policy.status.active": ("in Kraft", "in force"),
    "policy.status.retired": ("abgelöst", "superseded"),
    "policy.status.withdrawn": ("zurückgezogen", "withdrawn"),
    "policy.status.rejected": ("abgelehnt", "rejected"),
    "policy.status_from": ("{status} ab {day}", "{status} from {day}"),
    "policy.step.drafted": ("Entwurf    {when} {who}: {why}", "Drafted    {when} {who}: {why}"),
    "policy.step.approved": (
        "Freigabe   {when} {who}: {why}",
        "Approved   {when} {who}: {why}",
    ),
    "policy.step.activated": (
        "Aktiviert  {when} {who}: {why}",
        "Activated  {when} {who}: {why}",
    ),
    "policy.step.retired": ("Abgelöst   {when}", "Superseded {when}"),
    "policy.base_or_file": (
        "--base oder --file ist anzugeben.",
        "--base or --file is required.",
    ),
    "policy.file_alone": (
        "--file nimmt ein ganzes Regelwerk; --set und --points ändern eine gespeicherte Version.",
        "--file takes a whole rule set; --set and --points change a stored version.",
    ),
    "policy.bad_points": (
        "{item!r} hat nicht die Form KRITERIUM=N.",
        "{item!r} is not of the form CRITERION=N.",
    ),
    "policy.drafted": (
        "Entwurf gespeichert: {label} ({changes}); als Nächstes simulieren, dann Freigabe durch "
        "eine zweite Person des Fachreferats.",
        "Draft saved: {label} ({changes}); next, simulate it, then a second person of the policy "
        "unit approves it.",
    ),
    "policy.scenarios": ("Szenarien", "scenarios"),
    "policy.approved": ("freigegeben: {label} durch {who}", "Approved: {label} by {who}"),
    "policy.withdrawn": ("zurückgezogen: {label} durch {who}", "Withdrawn: {label} by {who}"),
    "policy.rejected": ("abgelehnt: {label} durch {who}", "Rejected: {label} by {who}"),
    "policy.simulating": ("Simulation …", "Simulating …"),
    "policy.sim.tiers": ("Fälle je Stufe", "Cases per tier"),
    "policy.sim.transitions": ("Übergänge", "Transitions"),
    "policy.sim.regions": ("Arbeitslast je Region", "Workload per region"),
    "policy.sim.col.tier": ("Stufe", "Tier"),
    "policy.sim.col.before": ("vorher", "before"),
    "policy.sim.col.after": ("nachher", "after"),
    "policy.sim.col.delta": ("Änderung", "Change"),
    "policy.sim.col.move": ("von → nach", "from → to"),
    "policy.sim.col.cases": ("Fälle", "Cases"),
    "policy.sim.col.region": ("Region", "Region"),
    "policy.sim.col.capacity": ("Kapazität", "Capacity"),
    # ------------------------------------------------------------------ triage simulate
    "simulate.no_draft": (
        "Kein Entwurf: --set NAME=WERT oder --proposal DATEI angeben.",
        "No draft: give --set NAME=VALUE or --proposal FILE.",
    ),
    "simulate.bad_plot": ("{name}: .png oder .svg erwartet.", "{name}: expected .png or .svg."),
    "simulate.loading": ("Fälle laden und prüfen …", "Loading and checking the cases …"),
    "simulate.running": Plural(
        ("{n} Fall simulieren …", "Simulating {n} case …"),
        ("{n} Fälle simulieren …", "Simulating {n} cases …"),
    ),
    "simulate.chart": ("Diagramm → {path}", "Chart → {path}"),
    "simulate.written": ("Simulation → {path}", "Simulation → {path}"),
    "simulate.label_with": ("{label} mit {changes}", "{label} with {changes}"),
    "simulate.label_draft": ("Entwurf ({label})", "Draft ({label})"),
    "simulate.head": ("Simulation: ", "Simulation: "),
    "simulate.head_day": Plural(
        ("Stichtag {day} · {n} Fall", "Reference date {day} · {n} case"),
        ("Stichtag {day} · {n} Fälle", "Reference date {day} · {n} cases"),
    ),
    "simulate.head_params": ("Geänderte Parameter: {changes}", "Changed parameters: {changes}"),
    "simulate.head_no_params": ("Keine Parameteränderung.", "No parameter changed."),
    "simulate.tiers_title": (
        "Fälle je Stufe: bisher, mit dem Entwurf, Änderung",
        "Cases per tier: before, with the draft, change",
    ),
    "simulate.total": ("gesamt", "total"),
    "simulate.matrix_title": (
        "Übergänge: Zeile = Stufe bisher, Spalte = Stufe mit dem Entwurf",
        "Transitions: row = tier before, column = tier with the draft",
    ),
    "simulate.moved": Plural(
        ("1 Fall wechselt die Stufe.", "1 case changes tier."),
        ("{n} Fälle wechseln die Stufe.", "{n} cases change tier."),
    ),
    "simulate.capacity_none": ("keine Kapazität angegeben", "no capacity given"),
    "simulate.capacity_over_new": ("über Kapazität (neu)", "over capacity (new)"),
    "simulate.capacity_over": ("über Kapazität", "over capacity"),
    "simulate.capacity_back": ("wieder im Rahmen", "within capacity again"),
    "simulate.capacity_ok": ("im Rahmen", "within capacity"),
    "simulate.regions_title": (
        "Arbeitslast {tiers} je Region gegen die Wochenkapazität",
        "Workload {tiers} per region against the weekly capacity",
    ),
    "simulate.regions_caption": (
        "Bisher/Entwurf = Fälle in {tiers}; Kapazität = {tiers}-Fälle je Woche "
        "(policy/capacity.yaml); Auslastung = Fälle ÷ Kapazität.",
        "Before/draft = cases in {tiers}; capacity = {tiers} cases a week "
        "(policy/capacity.yaml); utilisation = cases ÷ capacity.",
    ),
    "simulate.nrw_total": ("NRW gesamt", "NRW total"),
    "simulate.changed_title": (
        "Fälle mit neuer Stufe, in der neuen Reihenfolge",
        "Cases with a new tier, in the new order",
    ),
    "simulate.changed_shown": (
        "{shown} von {n} gezeigt (--top N).",
        "{shown} of {n} shown (--top N).",
    ),
    "simulate.col.tier": ("Stufe", "Tier"),
    "simulate.col.before": ("Bisher", "Before"),
    "simulate.col.draft": ("Entwurf", "Draft"),
    "simulate.col.change": ("Änderung", "Change"),
    "simulate.col.from_to": ("von \\ nach", "from \\ to"),
    "simulate.col.region": ("Region", "Region"),
    "simulate.col.cases": ("Fälle", "Cases"),
    "simulate.col.capacity": ("Kapazität", "Capacity"),
    "simulate.col.use_before": ("Ausl. bisher", "Utilisation before"),
    "simulate.col.use_draft": ("Ausl. Entwurf", "Utilisation with draft"),
    "simulate.col.status": ("Status", "Status"),
    "simulate.col.rank_after": ("Rang neu", "New rank"),
    "simulate.col.rank_before": ("Rang bisher", "Rank before"),
    "simulate.col.case": ("Fall", "Case"),
    "simulate.col.from": ("von", "from"),
    "simulate.col.to": ("nach", "to"),
    "simulate.col.score_before": ("Punkte bisher", "Score before"),
    "simulate.col.score_after": ("Punkte Entwurf", "Score with draft"),
    "simulate.fair_title": (
        "Fairness: Auswahl in {tiers} nach {field} (nur für die Prüfung erhoben)",
        "Fairness: selection into {tiers} by {field} (collected for the audit only)",
    ),
    "simulate.fair_caption": (
        "Verh. = Quote ÷ Quote der größten Gruppe (Referenz bisher: {ref_before}, Entwurf: "
        "{ref_after}); auffällig bei Verh. unter {low} oder über {high} (Vier-Fünftel-Regel); "
        "p = exakter Test nach Fisher (zweiseitig) gegen die Referenz, ohne Korrektur für "
        "mehrere Vergleiche; Gruppen unter {min} Fällen werden nicht bewertet.",
        "Ratio = rate ÷ rate of the largest group (reference before: {ref_before}, draft: "
        "{ref_after}); flagged below {low} or above {high} (four-fifths rule); p = Fisher's "
        "exact test (two-sided) against the reference, not corrected for several comparisons; "
        "groups below {min} cases are not assessed.",
    ),
    "simulate.field.nationality": ("Staatsangehörigkeit", "nationality"),
    "simulate.field.sex": ("Geschlecht", "sex"),
    "simulate.col.group": ("Gruppe", "Group"),
    "simulate.col.n": ("Fälle", "Cases"),
    "simulate.col.rate_before": ("Quote bisher", "Rate before"),
    "simulate.col.rate_after": ("Quote Entwurf", "Rate with draft"),
    "simulate.col.ratio_before": ("Verh. bisher", "Ratio before"),
    "simulate.col.ratio_after": ("Verh. Entwurf", "Ratio with draft"),
    "simulate.col.p_after": ("p Entwurf", "p with draft"),
    "simulate.col.rule": ("4/5-Regel", "4/5 rule"),
    "simulate.reference": ("Referenz", "reference"),
    "simulate.small": ("zu klein", "too small"),
    "simulate.flag_new": ("auffällig (neu)", "flagged (new)"),
    "simulate.flag": ("auffällig", "flagged"),
    "simulate.flag_cleared": ("nicht mehr auffällig", "no longer flagged"),
    "simulate.flag_ok": ("unauffällig", "not flagged"),
    "authoring.no_scenarios": (
        "keine Szenarien zu {ruleset} gefunden (erwartet <Regelwerk>.scenarios.yaml daneben "
        "oder eine Szenariodatei als Argument)",
        "no scenarios found for {ruleset} (expected <rule set>.scenarios.yaml next to it or a "
        "scenario file as an argument)",
    ),
    "authoring.not_dmn": (
        "„{found}“ ist kein Exportformat (erwartet: dmn)",
        "“{found}” is not an export format (expected: dmn)",
    ),
}
