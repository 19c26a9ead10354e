"""Texts of rule authoring (key prefix ``authoring``): conditions and facts in words
(``wording.``), the semantic diff (``diff.``), test scenarios and coverage (``scenario.``), the
DMN export (``dmn.``) and the rule set version workflow (``workflow.``).

Looked up through :func:`rules.labels.phrase` (``phrase("diff", "summary", lang, n=…)``) and, for
the workflow, :func:`policy.workflow.message`.
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    "wording.yes": ("ja", "yes"),
    "wording.no": ("nein", "no"),
    "wording.missing": ("ohne Angabe", "not given"),
    "wording.and": (" und ", " and "),
    "wording.or": (" oder ", " or "),
    "wording.not": ("nicht {text}", "not {text}"),
    "wording.not_flag": ("nicht {text}", "not {text}"),
    "wording.param_value": ("{label} ({value})", "{label} ({value})"),
    "wording.op_eq": ("{subject}: {value}", "{subject}: {value}"),
    "wording.op_ne": ("{subject}: nicht {value}", "{subject}: not {value}"),
    "wording.op_lt": ("{subject}: unter {value}", "{subject}: below {value}"),
    "wording.op_le": ("{subject}: höchstens {value}", "{subject}: at most {value}"),
    "wording.op_gt": ("{subject}: über {value}", "{subject}: above {value}"),
    "wording.op_ge": ("{subject}: mindestens {value}", "{subject}: at least {value}"),
    "wording.op_in": ("{subject}: eine von {value}", "{subject}: one of {value}"),
    "wording.op_not_in": ("{subject}: keine von {value}", "{subject}: none of {value}"),
    "wording.op_in_list": ("{subject}: {value}", "{subject}: {value}"),
    "wording.op_not_in_list": ("{subject}: {value}", "{subject}: {value}"),
    "wording.list_or": ("{items} oder {last}", "{items} or {last}"),
    "wording.list_nor": ("weder {items} noch {last}", "neither {items} nor {last}"),
    "wording.within": (
        "{subject} in den letzten {months} Monaten vor dem Stichtag",
        "{subject} within the last {months} months before the reference date",
    ),
    "wording.within_param": (
        "{subject} in den letzten {months} Monaten vor dem Stichtag ({param})",
        "{subject} within the last {months} months before the reference date ({param})",
    ),
    "wording.no_blocker": ("kein rechtliches Hindernis", "no legal obstacle"),
    "wording.blocker_not": (
        "Hindernis „{title}“ besteht nicht",
        "obstacle “{title}” does not apply",
    ),
    "wording.criterion_not": ("Kriterium „{title}“ nicht erfüllt", "criterion “{title}” not met"),
    "wording.criterion": ("Kriterium „{title}“ erfüllt", "criterion “{title}” met"),
    "wording.blocker": ("Hindernis „{title}“ besteht", "obstacle “{title}” applies"),
    "wording.any_blocker": ("ein rechtliches Hindernis besteht", "a legal obstacle applies"),
    "wording.flag": ("„{title}“", "“{title}”"),
    "wording.always": ("in jedem übrigen Fall", "in every other case"),
    "wording.where": (" mit: {text}", " with: {text}"),
    "wording.fact_count": ("Anzahl der {records}{where}", "number of {records}{where}"),
    "wording.fact_exists": ("ob es {records} gibt{where}", "whether there are {records}{where}"),
    "wording.fact_max": (
        "größter Wert von {field} der {records}{where}",
        "largest {field} of the {records}{where}",
    ),
    "wording.fact_min": (
        "kleinster Wert von {field} der {records}{where}",
        "smallest {field} of the {records}{where}",
    ),
    "wording.fact_years_since": (
        "volle Jahre seit {field} am Stichtag",
        "full years since {field} on the reference date",
    ),
    "wording.fact_days_until": (
        "Tage vom Stichtag bis {field}",
        "days from the reference date to {field}",
    ),
    "wording.fact_max_of": ("der größte Wert von: {facts}", "the largest of: {facts}"),
    "wording.fact_sum_of": ("die Summe von: {facts}", "the sum of: {facts}"),
    "diff.file_label": ("{label} (Datei {file})", "{label} (file {file})"),
    "diff.summary": Plural(
        one=("1 Änderung von {before} zu {after}:", "1 change from {before} to {after}:"),
        other=("{n} Änderungen von {before} zu {after}:", "{n} changes from {before} to {after}:"),
    ),
    "diff.no_changes": (
        "Keine inhaltliche Änderung von {before} zu {after}.",
        "No change in substance from {before} to {after}.",
    ),
    "diff.added": ("{what} „{label}“ neu", "{what} “{label}” added"),
    "diff.removed": ("{what} „{label}“ entfällt", "{what} “{label}” removed"),
    "diff.changed": ("{what} „{label}“ geändert", "{what} “{label}” changed"),
    "diff.changed_plain": ("{label} geändert", "{label} changed"),
    "diff.section_ruleset": ("Regelwerk", "Rule set"),
    "diff.section_parameter": ("Parameter", "Parameter"),
    "diff.section_fact": ("Abgeleitete Größe", "Derived fact"),
    "diff.section_criterion": ("Kriterium", "Criterion"),
    "diff.section_blocker": ("Hindernis", "Obstacle"),
    "diff.section_action": ("Erforderlicher Schritt", "Required step"),
    "diff.section_flag": ("Merkmal", "Flag"),
    "diff.section_tier": ("Stufe", "Tier"),
    "diff.section_ordering": ("Sortierung", "Ordering"),
    "diff.section_model": ("Eingabe des Punktemodells", "Input of the points model"),
    "diff.section_model_excluded": (
        "Vom Punktemodell ausgeschlossen",
        "Excluded from the points model",
    ),
    "diff.model_column": ("Spalte {n}", "column {n}"),
    "diff.model_source": ("Quelle: {source}", "source: {source}"),
    "diff.model_source_change": (
        "Quelle vorher {before} → nachher {after}",
        "source before {before} → after {after}",
    ),
    "diff.model_kind_fact": ("abgeleitete Größe „{what}“", "derived fact “{what}”"),
    "diff.model_kind_criterion": ("Kriterium „{what}“ (0 oder 1)", "criterion “{what}” (0 or 1)"),
    "diff.model_kind_blocker": ("Hindernis „{what}“ (0 oder 1)", "obstacle “{what}” (0 or 1)"),
    "diff.model_kind_field": ("Angabe „{what}“", "field “{what}”"),
    "diff.model_monotone_1": (
        "ein höherer Wert senkt die Punkte nie",
        "a higher value never lowers the points",
    ),
    "diff.model_monotone_minus_1": (
        "ein höherer Wert erhöht die Punkte nie",
        "a higher value never raises the points",
    ),
    "diff.model_monotone_0": ("ohne vorgegebene Richtung", "no direction imposed"),
    "diff.model_monotone_change": (
        "Richtung vorher: {before} → nachher: {after}",
        "direction before: {before} → after: {after}",
    ),
    "diff.model_cuts": ("Klassengrenzen: {cuts}", "bin edges: {cuts}"),
    "diff.model_cuts_change": (
        "Klassengrenzen vorher {before} → nachher {after}",
        "bin edges before {before} → after {after}",
    ),
    "diff.model_cut_param": (
        "{factor} × „{param}“ (derzeit {value})",
        "{factor} × “{param}” (currently {value})",
    ),
    "diff.model_cut_param_ref": ("{factor} × „{param}“", "{factor} × “{param}”"),
    "diff.model_cut_param_plain_ref": ("„{param}“", "“{param}”"),
    "diff.model_cut_param_plain": ("„{param}“ (derzeit {value})", "“{param}” (currently {value})"),
    "diff.model_levels": ("Zahlenwerte: {levels}", "numeric values: {levels}"),
    "diff.model_levels_change": (
        "Zahlenwerte vorher {before} → nachher {after}",
        "numeric values before {before} → after {after}",
    ),
    "diff.model_title_change": (
        "Bezeichnung vorher „{before}“ → nachher „{after}“",
        "name before “{before}” → after “{after}”",
    ),
    "diff.model_simulation": (
        "Simulierte Sachbearbeitung des Demonstrationsbetriebs",
        "Simulated caseworker of the demo mode",
    ),
    "diff.name": ("Name {before} → {after}", "name {before} → {after}"),
    "diff.description": ("Beschreibung geändert", "description changed"),
    "diff.value": ("Wert {value}", "value {value}"),
    "diff.before_after": ("vorher {before} → nachher {after}", "before {before} → after {after}"),
    "diff.type": ("Art {before} → {after}", "type {before} → {after}"),
    "diff.range": ("zulässiger Bereich {before} → {after}", "allowed range {before} → {after}"),
    "diff.unit": ("Einheit {before} → {after}", "unit {before} → {after}"),
    "diff.label": ("Bezeichnung „{before}“ → „{after}“", "label “{before}” → “{after}”"),
    "diff.title": ("Titel „{before}“ → „{after}“", "title “{before}” → “{after}”"),
    "diff.rule_description": (
        "Beschreibung „{before}“ → „{after}“",
        "description “{before}” → “{after}”",
    ),
    "diff.reason": ("Begründungstext geändert", "reason text changed"),
    "diff.basis": ("Rechtsgrundlage „{before}“ → „{after}“", "basis “{before}” → “{after}”"),
    "diff.when": ("gilt, wenn: {text}", "applies when: {text}"),
    "diff.points": ("{value} Punkte", "{value} points"),
    "diff.points_changed": ("Punkte {before} → {after}", "points {before} → {after}"),
    "diff.condition": (
        "Bedingung vorher: {before}; jetzt: {after}",
        "condition before: {before}; now: {after}",
    ),
    "diff.compare": ("vorher {before}; jetzt {after}", "before {before}; now {after}"),
    "diff.window": (
        "{subject}: Zeitfenster {before} → {after} Monate",
        "{subject}: window {before} → {after} months",
    ),
    "diff.condition_added_all": ("zusätzlich verlangt: {text}", "additionally requires: {text}"),
    "diff.condition_added_any": ("genügt jetzt auch: {text}", "now also sufficient: {text}"),
    "diff.condition_removed": ("entfällt: {text}", "dropped: {text}"),
    "diff.now_also": ("zählt jetzt auch {values}", "now also counts {values}"),
    "diff.no_longer": ("{values} zählt nicht mehr", "no longer counts {values}"),
    "diff.now_excluded": ("schließt jetzt auch {values} aus", "now also excludes {values}"),
    "diff.no_longer_excluded": ("schließt {values} nicht mehr aus", "no longer excludes {values}"),
    "diff.measure": (
        "Maßstab für Schwelle und Beinahe-Treffer geändert",
        "measure for the threshold and near misses changed",
    ),
    "diff.evidence": ("andere Belege werden genannt", "other evidence is listed"),
    "diff.tier_order": ("Reihenfolge der Stufen", "order of the tiers"),
    "diff.position": ("an Stelle {n}", "in position {n}"),
    "diff.queue_order": ("Reihenfolge der Fallliste", "queue order"),
    "diff.order_tier": ("Stufe", "tier"),
    "diff.priority_tiers": (
        "Stufen, die als vorrangig zählen (Arbeitslast, Kapazität, Modell)",
        "tiers that count as priority (workload, capacity, model)",
    ),
    "diff.latest_event": (
        "Datum, das die Fallliste als letztes Ereignis zeigt",
        "date the queue shows as the latest event",
    ),
    "diff.counterfactual_fields": (
        "Angaben, deren Änderung die Erklärung durchspielt",
        "fields whose changes the explanation tries out",
    ),
    "diff.none": ("keine", "none"),
    "diff.order_score": ("Punkte", "score"),
    "diff.order_case_id": ("Aktenzeichen", "case id"),
    "diff.order_asc": ("aufsteigend", "ascending"),
    "diff.order_desc": ("absteigend", "descending"),
    "diff.definition": ("vorher: {before}; jetzt: {after}", "before: {before}; now: {after}"),
    "scenario.issue_unreadable": ("Datei nicht lesbar ({error})", "file not readable ({error})"),
    "scenario.issue_key_twice": (
        "Dieser Schlüssel steht zweimal in derselben Zuordnung; nur der letzte Wert würde "
        "gelten. Bitte einen der beiden entfernen.",
        "This key appears twice in the same mapping; only the last value would count. Remove "
        "one of them.",
    ),
    "scenario.issue_yaml": ("kein gültiges YAML: {error}", "not valid YAML: {error}"),
    "scenario.issue_not_mapping": (
        "eine Szenariodatei ist eine Zuordnung mit ruleset und scenarios (gefunden: {found})",
        "a scenario file is a mapping with ruleset and scenarios (found: {found})",
    ),
    "scenario.issue_missing": ("Pflichtangabe fehlt", "required key is missing"),
    "scenario.issue_not_name": ("erwartet einen nicht leeren Text", "expected non-empty text"),
    "scenario.issue_no_scenarios": (
        "erwartet eine nicht leere Liste von Szenarien",
        "expected a non-empty list of scenarios",
    ),
    "scenario.issue_unknown_key": (
        "unbekannter Schlüssel {key} (erlaubt: {allowed}; meinten Sie {hint}?)",
        "unknown key {key} (allowed: {allowed}; did you mean {hint}?)",
    ),
    "scenario.issue_duplicate": (
        "der Name „{name}“ kommt schon in Szenario {first} vor; Namen müssen eindeutig sein",
        "the name “{name}” is already used by scenario {first}; names must be unique",
    ),
    "scenario.issue_scenario_not_mapping": (
        "ein Szenario ist eine Zuordnung mit name, as_of, case und expect",
        "a scenario is a mapping with name, as_of, case and expect",
    ),
    "scenario.issue_not_date": (
        "erwartet ein Datum JJJJ-MM-TT (gefunden: {found})",
        "expected a date YYYY-MM-DD (found: {found})",
    ),
    "scenario.issue_not_parameters": (
        "erwartet eine Zuordnung Parameter: Wert",
        "expected a mapping parameter: value",
    ),
    "scenario.issue_case": ("kein gültiger Fall: {message}", "not a valid case: {message}"),
    "scenario.issue_no_expectation": (
        "erwartet eine nicht leere Zuordnung mit einigen von: {keys}",
        "expected a non-empty mapping with some of: {keys}",
    ),
    "scenario.issue_not_id": (
        "erwartet die Kennung einer Stufe (gefunden: {found})",
        "expected a tier id (found: {found})",
    ),
    "scenario.issue_not_int": (
        "erwartet eine ganze Zahl (gefunden: {found})",
        "expected a whole number (found: {found})",
    ),
    "scenario.issue_not_ids": (
        "erwartet eine Liste von Kennungen (gefunden: {found})",
        "expected a list of ids (found: {found})",
    ),
    "scenario.issue_other_ruleset": (
        "die Szenarien gelten für das Regelwerk {found}, geprüft wird {expected}",
        "the scenarios are for rule set {found}; the rule set checked is {expected}",
    ),
    "scenario.passed": ("✓ {name}: {tier}, {score} Punkte", "✓ {name}: {tier}, {score} points"),
    "scenario.failed": ("✗ {name} (Zeile {line}): {details}", "✗ {name} (line {line}): {details}"),
    "scenario.diff_tier": (
        "Stufe erwartet {expected}, erhalten {actual}",
        "tier expected {expected}, got {actual}",
    ),
    "scenario.diff_score": (
        "Punkte erwartet {expected}, erhalten {actual}",
        "score expected {expected}, got {actual}",
    ),
    "scenario.diff_parameters": (
        "Parameter nicht anwendbar: {message}",
        "parameters not applicable: {message}",
    ),
    "scenario.diff_unknown": (
        "diese Kennungen gibt es im Regelwerk nicht: {ids} (ähnlich: {hint})",
        "the rule set has no such ids: {ids} (similar: {hint})",
    ),
    "scenario.kind_criteria": ("Kriterien", "criteria"),
    "scenario.kind_blockers": ("Hindernisse", "obstacles"),
    "scenario.kind_actions": ("Schritte", "steps"),
    "scenario.missing": ("es fehlt {rules}", "missing {rules}"),
    "scenario.extra": ("zusätzlich {rules}", "additionally {rules}"),
    "scenario.summary": Plural(
        (
            "{n} Szenario: {passed} bestanden, {failed} fehlgeschlagen",
            "{n} scenario: {passed} passed, {failed} failed",
        ),
        (
            "{n} Szenarien: {passed} bestanden, {failed} fehlgeschlagen",
            "{n} scenarios: {passed} passed, {failed} failed",
        ),
    ),
    "scenario.coverage_full": (
        "Abdeckung vollständig: jedes Kriterium, Hindernis, jeder Schritt und jede Stufe "
        "trifft in mindestens einem Szenario zu und in mindestens einem nicht.",
        "Full coverage: every criterion, obstacle, step and tier applies in at least one "
        "scenario and does not apply in at least one.",
    ),
    "scenario.coverage_gaps": ("Abdeckungslücken ({n}): {rows}", "Coverage gaps ({n}): {rows}"),
    "scenario.never_fired": ("trifft nie zu", "never applies"),
    "scenario.never_not_fired": ("trifft immer zu", "always applies"),
    "scenario.never_both": ("nie geprüft", "never checked"),
    "scenario.coverage_title": (
        "Abdeckung: in wie vielen Szenarien trifft es zu / nicht zu",
        "Coverage: in how many scenarios it applies and in how many it does not",
    ),
    "scenario.col_kind": ("Art", "Type"),
    "scenario.col_rule": ("Regel", "Rule"),
    "scenario.col_fired": ("trifft zu", "applies"),
    "scenario.col_not_fired": ("trifft nicht zu", "does not apply"),
    "scenario.kind_criterion": ("Kriterium", "criterion"),
    "scenario.kind_blocker": ("Hindernis", "obstacle"),
    "scenario.kind_action": ("Schritt", "step"),
    "scenario.kind_tier": ("Stufe", "tier"),
    "scenario.gap": ("Lücke", "gap"),
    "scenario.ok": ("ok", "ok"),
    "dmn.any_blocker": ("Ein rechtliches Hindernis besteht", "A legal obstacle applies"),
    "dmn.score": ("Punkte (Summe der erfüllten Kriterien)", "Score (sum of the criteria met)"),
    "dmn.list_criteria": ("Erfüllte Kriterien", "Criteria met"),
    "dmn.list_blockers": ("Bestehende Hindernisse", "Obstacles that apply"),
    "dmn.list_actions": ("Erforderliche Schritte", "Required steps"),
    "dmn.tier": ("Stufe (erste zutreffende Zeile)", "Tier (first matching row)"),
    "dmn.annotation": ("Bezeichnung", "Label"),
    "dmn.inputs": (
        "Eingaben: case (ein Fall nach SPEC §1, fehlende Angaben mit ihren Standardwerten "
        "ergänzt) und as_of (Stichtag). Ein Vergleich mit einem fehlenden Wert ist falsch; "
        "Ereignisse nach dem Stichtag zählen nie.",
        "Inputs: case (a case record of SPEC §1 with its defaults filled in) and as_of "
        "(reference date). A comparison with a missing value is false; events after the "
        "reference date never count.",
    ),
    "dmn.input_case": ("Der Fall (SPEC §1)", "The case record (SPEC §1)"),
    "dmn.input_as_of": ("Stichtag der Bewertung", "Reference date of the evaluation"),
    "dmn.not_expressed": ("Nicht in DMN ausgedrückt:", "Not expressed in DMN:"),
    "dmn.ordering": ("Reihenfolge der Fallliste", "Queue order"),
    "dmn.ordering_why": (
        "ordnet Fälle untereinander ({keys}); DMN entscheidet über einen Fall",
        "orders cases relative to one another ({keys}); DMN decides on one case at a time",
    ),
    "dmn.order_facts": (
        "Größen nur für Begründung und Reihenfolge",
        "Facts used only by explanations and the queue order",
    ),
    "dmn.order_facts_why": ("nicht exportiert: {facts}", "not exported: {facts}"),
    "dmn.measures": ("Maßstab und Beinahe-Treffer", "Measure and near miss"),
    "dmn.measures_why": (
        "Teil der Begründung, nicht der Entscheidung ({rules})",
        "part of the explanation, not of the decision ({rules})",
    ),
    "dmn.model": ("Das optionale Punktemodell", "The optional points model"),
    "dmn.model_why": (
        "seine Punkte kommen aus dem trainierten Modell, nicht aus Regeln; die Stufe hängt "
        "nicht von ihnen ab (Eingaben: {inputs})",
        "its points come from the trained model, not from rules; the tier does not depend on "
        "them (inputs: {inputs})",
    ),
    "dmn.evidence": ("Belege", "Evidence"),
    "dmn.evidence_why": (
        "welche Straftaten oder Vorfälle eine Begründung nennt ({rules})",
        "which offences or incidents an explanation lists ({rules})",
    ),
    "dmn.tier_table": ("Stufen als Entscheidungstabelle", "Tiers as a decision table"),
    "dmn.tier_table_why": (
        "eine Stufe bräuchte mehr als {n} Zeilen; die Stufe ist als verschachteltes "
        "if-then-else in FEEL ausgedrückt",
        "a tier would need more than {n} rows; the tier is expressed as a nested if-then-else "
        "in FEEL",
    ),
    # policy.workflow: who may move a rule set version where
    "workflow.verb.approve": ("freigeben", "approve"),
    "workflow.verb.reject": ("ablehnen", "reject"),
    "workflow.verb.withdraw": ("zurückziehen", "withdraw"),
    "workflow.verb.activate": ("aktivieren", "activate"),
    "workflow.verb.retire": ("ablösen", "supersede"),
    "workflow.state.draft": ("Entwurf", "draft"),
    "workflow.state.approved": ("freigegeben", "approved"),
    "workflow.state.active": ("aktiviert", "activated"),
    "workflow.state.retired": ("abgelöst", "superseded"),
    "workflow.state.withdrawn": ("zurückgezogen", "withdrawn"),
    "workflow.state.rejected": ("abgelehnt", "rejected"),
    "workflow.role": (
        "{actor} darf Regelwerksversionen nicht {verb}: das tut nur das Fachreferat "
        "(Rolle policy).",
        "{actor} may not {verb} rule set versions: only policy staff (role policy) may.",
    ),
    "workflow.four_eyes": (
        "Vier-Augen-Prinzip: {actor} hat den Entwurf verfasst und darf ihn nicht {verb}; das "
        "muss eine zweite Person des Fachreferats tun.",
        "Four-eyes principle: {actor} drafted this version and may not {verb} it; a second "
        "person of the policy unit must do so.",
    ),
    "workflow.not_author": (
        "Nur die Verfasserin oder der Verfasser ({author}) kann den Entwurf zurückziehen; "
        "andere lehnen ihn ab.",
        "Only the author ({author}) may withdraw the draft; others reject it.",
    ),
    "workflow.state": (
        "Die Version hat den Status „{state}“; „{verb}“ setzt den Status „{needed}“ voraus.",
        "The version's status is “{state}”; “{verb}” requires the status “{needed}”.",
    ),
    "workflow.not_approved": (
        "Die Version ist noch nicht freigegeben: vor der Aktivierung muss eine zweite Person "
        "des Fachreferats sie freigeben.",
        "The version is not approved yet: a second person of the policy unit must approve it "
        "before it is activated.",
    ),
    "workflow.scenarios": Plural(
        one=(
            "Ein Testszenario schlägt fehl ({names}). Freigabe nur mit ausdrücklicher "
            "Begründung, warum trotzdem freigegeben wird.",
            "One test scenario fails ({names}). Approval needs an explicit reason for "
            "approving anyway.",
        ),
        other=(
            "{n} Testszenarien schlagen fehl ({names}). Freigabe nur mit ausdrücklicher "
            "Begründung, warum trotzdem freigegeben wird.",
            "{n} test scenarios fail ({names}). Approval needs an explicit reason for "
            "approving anyway.",
        ),
    ),
    # service.rulesets.authoring: whole rule set drafts and scenario reports
    "service.too_large": (
        "größer als {n} Zeichen; nichts gespeichert",
        "larger than {n} characters; nothing was stored",
    ),
    "service.not_yaml": ("kein gültiges YAML: {error}", "not valid YAML: {error}"),
    "service.unknown_name": (
        "kein gespeichertes Regelwerk heißt „{name}“; ein Entwurf gehört zu einem Regelwerk, "
        "das der Dienst schon führt",
        "no stored rule set is called “{name}”; a draft belongs to a rule set the service "
        "already manages",
    ),
    "service.other_name": (
        "der Name „{name}“ passt nicht zur Ausgangsversion {label}",
        "the name “{name}” does not match the base version {label}",
    ),
    "service.unchanged": (
        "Der Entwurf ändert nichts gegenüber {label} (in Kraft); nichts gespeichert. Ändern Sie "
        "mindestens einen Wert.",
        "The draft changes nothing compared with {label} (in force); nothing was stored. Change "
        "at least one value.",
    ),
    "service.suite_in_force": (
        "Szenarien von {label} (in Kraft)",
        "Scenarios of {label} (in force)",
    ),
    "service.suite_own": ("Eigene Szenarien von {label}", "Own scenarios of {label}"),
    "service.no_own_scenarios": (
        "{label} hat keine eigenen Szenarien.",
        "{label} has no scenarios of its own.",
    ),
}
