"""Texts of the rule set checker (key prefix ``rulecheck``): what is wrong in a rule set file.

A :class:`rules.errors.RuleIssue` holds a code of this module (``rulecheck.section_not_list``)
with its values, the key path, what was expected and what was found; it is put into words
here, in the reader's language, when it is shown (the rule set editor, ``triage rules check``,
the API's 422 answers). The values are names from the file (``{op}``, ``{name}``); an
expectation in words is a code of its own (``rulecheck.expect.*``, accusative: it follows
"erwartet"), a value of the file is shown as written. A placeholder ``{yaml_<name>}`` is a word
of the rule set language (``{yaml_within_months}``): it is filled with that word as written,
so a page can show it as such (``<code>``) and no identifier stands in the words themselves.

The words are those of the policy pages: Regelwerk, Kriterium, Hindernis, erforderlicher
Schritt, Merkmal (flag), Stufe (tier), abgeleitete Größe (fact), Parameter, Sortierung.
"""

from __future__ import annotations

from texts.forms import Entry, Plural

_AUDIT = (
    "„{name}“ ist ein reines Auditfeld: Es wird nur für die Fairnessprüfung gespeichert und "
    "darf von keiner Regel, keiner abgeleiteten Größe und keinem Modell gelesen werden "
    "(Art. 3 Abs. 3 GG, Art. 9 DSGVO, Art. 10 KI-Verordnung)",
    "“{name}” is an audit-only field: it is stored only for the fairness audit and may never "
    "be read by a rule, a derived fact or a model (Art. 3(3) Basic Law, GDPR Art. 9, "
    "EU AI Act Art. 10)",
)

MESSAGES: dict[str, Entry] = {
    # ------------------------------------------------------------ how an issue is shown
    "show.expected_found": (
        " (erwartet {expected}, gefunden {found})",
        " (expected {expected}, found {found})",
    ),
    "show.expected": (" (erwartet {expected})", " (expected {expected})"),
    "show.found": (" (gefunden {found})", " (found {found})"),
    "show.suggestion": ("; meinten Sie „{suggestion}“?", "; did you mean “{suggestion}”?"),
    "show.summary": Plural(
        ("1 Problem im Regelwerk:", "1 problem in the rule set:"),
        ("{n} Probleme im Regelwerk:", "{n} problems in the rule set:"),
    ),
    "show.cli_summary": Plural(
        (
            "1 Problem in {file}; das Regelwerk ist nicht verwendbar.",
            "1 problem in {file}; the rule set cannot be used.",
        ),
        (
            "{n} Probleme in {file}; das Regelwerk ist nicht verwendbar.",
            "{n} problems in {file}; the rule set cannot be used.",
        ),
    ),
    # every count is a counted noun (count.parameters, count.criteria, …)
    "show.cli_ok": (
        "In Ordnung: {label} – {parameters}, {criteria}, {blockers}, {actions}, {tiers}",
        "OK: {label} – {parameters}, {criteria}, {blockers}, {actions}, {tiers}",
    ),
    "show.api_rejected": Plural(
        (
            "1 Problem im Entwurf; nichts gespeichert",
            "1 problem in the draft; nothing was stored",
        ),
        (
            "{n} Probleme im Entwurf; nichts gespeichert",
            "{n} problems in the draft; nothing was stored",
        ),
    ),
    # ------------------------------------------------------------ the file as a whole
    "not_yaml": ("kein gültiges YAML: {detail}", "not valid YAML: {detail}"),
    "key_twice": (
        "Dieser Schlüssel steht zweimal in derselben Zuordnung; nur der letzte Wert würde "
        "gelten. Bitte einen der beiden entfernen.",
        "This key appears twice in the same mapping; only the last value would count. Remove "
        "one of them.",
    ),
    # what the YAML parser complains about, in words (rules.yaml_lines)
    "yaml.mapping_here": (
        "hier darf kein „Schlüssel: Wert“ stehen – stimmt die Einrückung, oder fehlen "
        "Anführungszeichen um einen Text mit Doppelpunkt?",
        "a “key: value” pair is not allowed here – is the indentation right, or are quotes "
        "missing around a text containing a colon?",
    ),
    "yaml.indentation": (
        "die Einrückung dieser Zeile passt nicht zu den Zeilen davor",
        "the indentation of this line does not match the lines before it",
    ),
    "yaml.extra_bracket": (
        "die Klammer „{bracket}“ schließt nichts, was vorher geöffnet wurde",
        "the bracket “{bracket}” closes nothing that was opened before",
    ),
    "yaml.unclosed": (
        "eine Klammer wird nicht geschlossen: „{bracket}“ fehlt",
        "a bracket is not closed: “{bracket}” is missing",
    ),
    "yaml.separator": (
        "zwischen zwei Einträgen fehlt ein Komma, oder die Klammer „{bracket}“ fehlt",
        "a comma between two entries or the bracket “{bracket}” is missing",
    ),
    "yaml.unexpected_end": (
        "der Text endet mitten in einem Wert – fehlt ein schließendes Anführungszeichen?",
        "the text ends in the middle of a value – is a closing quote missing?",
    ),
    "yaml.tab": (
        "Tabulatorzeichen sind in YAML nicht erlaubt; bitte mit Leerzeichen einrücken",
        "tab characters are not allowed in YAML; please indent with spaces",
    ),
    "yaml.bad_start": (
        "ein Wert darf nicht mit „{char}“ beginnen; einen solchen Text bitte in "
        "Anführungszeichen setzen",
        "a value may not begin with “{char}”; please put such a text in quotes",
    ),
    "yaml.alias": (
        "der Verweis „*{name}“ hat keinen Anker „&{name}“",
        "the alias “*{name}” has no anchor “&{name}”",
    ),
    "yaml.anchor_twice": (
        "derselbe Anker (&) ist zweimal vergeben",
        "the same anchor (&) is used twice",
    ),
    "yaml.escape": (
        "unbekanntes Zeichen nach einem Backslash in Anführungszeichen: „{char}“",
        "unknown character after a backslash in quotes: “{char}”",
    ),
    "yaml.after_end": (
        "nach dem Ende des Dokuments folgt noch Text",
        "text follows the end of the document",
    ),
    "ruleset_not_mapping": (
        "ein Regelwerk muss eine YAML-Zuordnung von Schlüsseln zu Werten sein",
        "a rule set must be a YAML mapping of keys to values",
    ),
    "missing_key": ("Pflichtangabe fehlt", "required key is missing"),
    "needs_name": ("das Regelwerk braucht einen Namen", "the rule set needs a name"),
    "needs_version": ("das Regelwerk braucht eine Versionsnummer", "the rule set needs a version"),
    "section_not_mapping": (
        "„{section}“ muss eine Zuordnung von Namen zu ihren Angaben sein",
        "“{section}” must be a mapping of names to their settings",
    ),
    "section_not_list": ("„{section}“ muss eine Liste sein", "“{section}” must be a list"),
    "entry_needs_id": (
        "jeder Eintrag braucht eine Kennung ({yaml_id})",
        "every entry needs an id ({yaml_id})",
    ),
    "duplicate_id": ("diese Kennung ist doppelt vergeben", "this id is used twice"),
    "rule_id_twice": (
        "eine Kennung darf unter {yaml_criteria}, {yaml_blockers} und {yaml_actions} insgesamt nur "
        "einmal vorkommen",
        "an id may be used only once across {yaml_criteria}, {yaml_blockers} and {yaml_actions}",
    ),
    "text_needs_german": (
        "ein Text braucht mindestens die deutsche Fassung",
        "a text needs at least its German version",
    ),
    "audit_only": _AUDIT,
    # ------------------------------------------------------------ unknown names
    "unknown.key": ("unbekannter Schlüssel", "unknown key"),
    "unknown.top_key": ("unbekannter Abschnitt des Regelwerks", "unknown section of the rule set"),
    "unknown.language": ("unbekannte Sprache", "unknown language"),
    "unknown.field": ("unbekanntes Feld", "unknown field"),
    "unknown.fact": ("unbekannte abgeleitete Größe", "unknown derived fact"),
    "unknown.parameter": ("unbekannter Parameter", "unknown parameter"),
    "unknown.criterion": ("unbekanntes Kriterium", "unknown criterion"),
    "unknown.blocker": ("unbekanntes Hindernis", "unknown obstacle"),
    "unknown.flag": ("unbekanntes Merkmal", "unknown flag"),
    "unknown.tier": ("unbekannte Stufe", "unknown tier"),
    "unknown.value": ("unzulässiger Wert", "value not allowed"),
    "unknown.category": (
        "unzulässiger Wert im Parameter „{name}“",
        "value not allowed in the parameter “{name}”",
    ),
    "unknown.vocabulary": ("unbekannte Werteliste", "unknown list of values"),
    "unknown.parameter_type": ("unbekannte Art von Parameter", "unknown kind of parameter"),
    "unknown.record_kind": ("unbekannte Art von Einträgen", "unknown kind of record"),
    "unknown.aggregation": (
        "unbekannte Auswertung der Einträge",
        "unknown way of summarising the records",
    ),
    "unknown.derivation": ("unbekannte Berechnungsart", "unknown kind of calculation"),
    "unknown.direction": ("unbekannte Richtung", "unknown direction"),
    "unknown.placement": (
        "unbekannte Stellung fehlender Werte",
        "unknown position of missing values",
    ),
    "unknown.ordering_key": ("unbekannter Sortierschlüssel", "unknown ordering key"),
    "unknown.feature": ("unbekannte Eingangsgröße des Modells", "unknown model feature"),
    "unknown.ruleset": ("unbekanntes Regelwerk", "unknown rule set"),
    # ------------------------------------------------------------ conditions
    "condition_not_mapping": (
        "eine Bedingung muss eine Zuordnung sein",
        "a condition must be a mapping",
    ),
    "needs_conditions": (
        "„{op}“ braucht eine Liste von Bedingungen",
        "“{op}” needs a list of conditions",
    ),
    "filter_ref.criterion": (
        "ein Filter für Einträge ({yaml_where}) kann nicht auf ein Kriterium verweisen",
        "a record filter ({yaml_where}) cannot refer to a criterion",
    ),
    "filter_ref.blocker": (
        "ein Filter für Einträge ({yaml_where}) kann nicht auf ein Hindernis verweisen",
        "a record filter ({yaml_where}) cannot refer to an obstacle",
    ),
    "filter_ref.flag": (
        "ein Filter für Einträge ({yaml_where}) kann nicht auf ein Merkmal verweisen",
        "a record filter ({yaml_where}) cannot refer to a flag",
    ),
    "filter_reads_fields": (
        "ein Filter für Einträge ({yaml_where}) liest nur Felder der Einträge, keine abgeleiteten "
        "Größen",
        "a record filter ({yaml_where}) reads record fields only, no derived facts",
    ),
    "comparison_shape": (
        "ein Vergleich nennt genau eine Angabe ({yaml_field}, {yaml_fact} oder {yaml_param}) und "
        "genau eine Vergleichsart (etwa {yaml_eq}, {yaml_ge} oder {yaml_in})",
        "a comparison names exactly one subject ({yaml_field}, {yaml_fact} or {yaml_param}) and "
        "exactly one operator (such as {yaml_eq}, {yaml_ge} or {yaml_in})",
    ),
    "window_needs_record_date": (
        "ein Zeitfenster ({yaml_within_months}) gilt nur für das Datum eines Eintrags",
        "a window ({yaml_within_months}) applies only to the date of a record",
    ),
    "operand_shape": (
        "ein Vergleichswert muss ein Wert oder ein Verweis auf einen Parameter sein",
        "an operand must be a value or a reference to a parameter",
    ),
    "operand_type": (
        "der Vergleichswert hat die falsche Art",
        "the operand is of the wrong kind",
    ),
    "membership_needs_enum": (
        "„{op}“ setzt ein Feld mit festen Auswahlwerten voraus",
        "“{op}” needs a field with named values",
    ),
    "membership_needs_list": ("„{op}“ setzt eine Liste voraus", "“{op}” needs a list"),
    "other_vocabulary": (
        "der Parameter gehört zu einer anderen Werteliste als das Feld",
        "the parameter belongs to a different list of values from the field",
    ),
    "enum_order": (
        "„{op}“ ist für Auswahlwerte nicht möglich, weil sie keine Größenordnung haben",
        "“{op}” is not possible for named values: they have no order",
    ),
    "bool_compare": (
        "ein Ja/Nein-Feld kann nur mit {yaml_eq} oder {yaml_ne} gegen {yaml_true} oder "
        "{yaml_false} geprüft werden",
        "a yes/no field can only be checked with {yaml_eq} or {yaml_ne} against {yaml_true} or "
        "{yaml_false}",
    ),
    "date_compare": (
        "ein Datum kann nur über ein Zeitfenster ({yaml_within_months}) oder eine abgeleitete "
        "Größe verglichen werden",
        "a date can only be compared through a window ({yaml_within_months}) or a derived fact",
    ),
    "number_compare": (
        "eine Zahl kann nur mit einer Zahl verglichen werden",
        "a number can only be compared with a number",
    ),
    # ------------------------------------------------------------ parameters
    "parameter_not_mapping": (
        "ein Parameter muss eine Zuordnung sein",
        "a parameter must be a mapping",
    ),
    "int_range": (
        "ein ganzzahliger Parameter braucht einen zulässigen Bereich",
        "a whole-number parameter needs an allowed range",
    ),
    "param_bool": (
        "der Parameter „{name}“ muss ein Ja/Nein-Wert sein",
        "the parameter “{name}” must be a yes/no value",
    ),
    "param_int": (
        "der Parameter „{name}“ muss eine ganze Zahl sein",
        "the parameter “{name}” must be a whole number",
    ),
    "param_range": (
        "der Parameter „{name}“ liegt außerhalb seines zulässigen Bereichs",
        "the parameter “{name}” is outside its allowed range",
    ),
    "param_set": (
        "der Parameter „{name}“ muss eine Liste von Kategorien sein",
        "the parameter “{name}” must be a list of categories",
    ),
    "param_empty": (
        "der Parameter „{name}“ darf nicht leer sein",
        "the parameter “{name}” may not be empty",
    ),
    "assignment": (
        "eine Parameteränderung wird als NAME=WERT angegeben",
        "a parameter change is given as NAME=VALUE",
    ),
    # ------------------------------------------------------------ derived facts
    "fact_shadows_field": (
        "eine abgeleitete Größe darf nicht so heißen wie ein Feld des Falls",
        "a derived fact may not have the name of a case field",
    ),
    "fact_not_mapping": (
        "eine abgeleitete Größe muss eine Zuordnung sein",
        "a derived fact must be a mapping",
    ),
    "fact_list": (
        "hier wird eine Liste abgeleiteter Größen gebraucht",
        "a list of derived facts is needed here",
    ),
    "fact_how": (
        "eine abgeleitete Größe muss angeben, wie sie gebildet wird",
        "a derived fact must say how it is formed",
    ),
    # ------------------------------------------------------------ rules
    "rule_needs_condition": (
        "eine Regel braucht eine Bedingung",
        "a rule needs a condition",
    ),
    "points_type": (
        "Punkte müssen eine ganze Zahl ab 0 sein",
        "points must be a whole number of 0 or more",
    ),
    "points_range": (
        "die Punkte von „{rule}“ liegen außerhalb des zulässigen Bereichs",
        "the points of “{rule}” are outside the allowed range",
    ),
    "no_points.blocker": ("ein Hindernis trägt keine Punkte", "an obstacle carries no points"),
    "no_points.action": (
        "ein erforderlicher Schritt trägt keine Punkte",
        "a required step carries no points",
    ),
    "evidence_list": (
        "Belege ({yaml_evidence}) müssen eine Liste abgeleiteter Größen sein",
        "evidence ({yaml_evidence}) must be a list of derived facts",
    ),
    "measure_not_mapping": (
        "ein Maßstab ({yaml_measure}) muss eine Zuordnung sein",
        "a measure ({yaml_measure}) must be a mapping",
    ),
    "near_miss": (
        "ein Beinahe-Treffer ({yaml_near_miss}) muss ein Abstand größer als 0 sein",
        "a near miss ({yaml_near_miss}) must be a distance greater than 0",
    ),
    "unit_word": (
        "eine Einheit ({yaml_unit}) muss ein Wort sein",
        "a unit ({yaml_unit}) must be a word",
    ),
    "flag_not_mapping": ("ein Merkmal muss eine Zuordnung sein", "a flag must be a mapping"),
    "cycle.facts": (
        "abgeleitete Größen verweisen im Kreis aufeinander: {chain} (bei {keys})",
        "derived facts refer to each other in a cycle: {chain} (at {keys})",
    ),
    "cycle.rules": (
        "Regeln verweisen im Kreis aufeinander: {chain} (bei {keys})",
        "rules refer to each other in a cycle: {chain} (at {keys})",
    ),
    # ------------------------------------------------------------ tiers and queue order
    "catch_all_condition": (
        "eine Auffangstufe ({yaml_otherwise}: {yaml_true}) hat keine Bedingung ({yaml_when})",
        "a catch-all tier ({yaml_otherwise}: {yaml_true}) has no condition ({yaml_when})",
    ),
    "catch_all_last": (
        "die Auffangstufe muss die letzte sein: Jede Stufe danach wird nie erreicht",
        "the catch-all tier must come last: every tier after it is never reached",
    ),
    "last_tier_catch_all": (
        "die letzte Stufe muss alle übrigen Fälle aufnehmen",
        "the last tier must take every remaining case",
    ),
    "unreachable_tier": (
        "diese Stufe wird nie erreicht: Eine frühere Stufe trifft immer zuerst zu",
        "this tier is never reached: an earlier tier always applies first",
    ),
    "ordering_empty": (
        "die Sortierung der Fallliste braucht mindestens einen Sortierschlüssel",
        "the queue order needs at least one ordering key",
    ),
    "ordering_key_not_mapping": (
        "ein Sortierschlüssel muss eine Zuordnung sein",
        "an ordering key must be a mapping",
    ),
    "ordering_total": (
        "die Sortierung der Fallliste muss eindeutig sein",
        "the queue order must be total",
    ),
    "no_priority": (
        "{ruleset} legt keine vorrangigen Stufen fest",
        "{ruleset} declares no priority tiers",
    ),
    # ------------------------------------------------------------ queue, counterfactuals, model
    "tier_list": (
        "hier wird eine Liste von Stufen erwartet",
        "a list of tiers is expected here",
    ),
    "tier_twice": ("diese Stufe ist doppelt aufgeführt", "this tier is listed twice"),
    "latest_event_date": (
        "das letzte Ereignis muss eine abgeleitete Größe mit einem Datum sein",
        "the latest event must be a derived fact holding a date",
    ),
    "counterfactual_field": (
        "eine durchgespielte Änderung braucht ein Feld, dessen andere Werte sich ausprobieren "
        "lassen",
        "a counterfactual needs a field whose other values can be tried",
    ),
    "needs_list": ("hier wird eine Liste gebraucht", "a list is needed here"),
    "feature_list": (
        "hier wird eine Liste von Eingangsgrößen des Modells erwartet",
        "a list of model features is expected here",
    ),
    "feature_twice": (
        "diese Eingangsgröße ist doppelt aufgeführt",
        "this feature is listed twice",
    ),
    "excluded_mapping": (
        "hier wird eine Zuordnung „Name: Begründung“ erwartet",
        "a mapping “name: reason” is expected here",
    ),
    "reason_needed": ("die Begründung fehlt", "the reason is missing"),
    "number_or_param": (
        "hier wird eine Zahl oder ein Parameter erwartet",
        "a number or a parameter is expected here",
    ),
    "needs_number": ("hier wird eine Zahl erwartet", "a number is expected here"),
    "feature_needs_name": (
        "eine Eingangsgröße des Modells braucht einen Namen",
        "a model feature needs a name",
    ),
    "feature_one_source": (
        "eine Eingangsgröße des Modells muss genau eine Quelle haben",
        "a model feature must have exactly one source",
    ),
    "feature_levels": (
        "ein Feld mit festen Auswahlwerten braucht eine Zahl je Auswahlwert ({yaml_levels})",
        "a field with named values needs a number for each value ({yaml_levels})",
    ),
    "feature_field_kind": (
        "hier passt nur ein Ja/Nein-Feld oder ein Feld mit festen Auswahlwerten",
        "only a yes/no field or a field with named values fits here",
    ),
    "monotone": (
        "die Richtung ({yaml_monotone}) muss -1, 0 oder 1 sein",
        "the direction ({yaml_monotone}) must be -1, 0 or 1",
    ),
    "cuts_list": (
        "hier wird eine Liste von Klassengrenzen ({yaml_cuts}) erwartet",
        "a list of bin edges ({yaml_cuts}) is expected here",
    ),
    "terms_list": (
        "hier wird eine Liste von Bestandteilen ({yaml_terms}) erwartet",
        "a list of terms ({yaml_terms}) is expected here",
    ),
    "term_weight": (
        "ein Bestandteil braucht entweder ein Gewicht ({yaml_weight}) oder ein Gewicht je "
        "Einheit ({yaml_per_unit}), nicht beides",
        "a term needs either a weight ({yaml_weight}) or a weight per unit ({yaml_per_unit}), "
        "not both",
    ),
    "recent_event": (
        "{yaml_recent_event} braucht {yaml_months} und {yaml_weight} als Zahlen",
        "{yaml_recent_event} needs {yaml_months} and {yaml_weight} as numbers",
    ),
    # ------------------------------------------------------------ stored versions (CLI)
    "stored.no_database": (
        "gespeicherte Versionen brauchen die Datenbank des Dienstes: {error}",
        "stored versions need the service database: {error}",
    ),
    "stored.not_found": (
        "keine gespeicherte Regelwerksversion dieses Namens",
        "no stored rule set version of that name",
    ),
    "stored.database": (
        "Datenbank {url}: {error} (läuft sie, und wurde „{yaml_triage_db_upgrade}“ ausgeführt?)",
        "database {url}: {error} (is it running, and was “{yaml_triage_db_upgrade}” run?)",
    ),
    # ------------------------------------------------------------ what was expected
    "expect.or": ("{items} oder {last}", "{items} or {last}"),
    "expect.one_of": ("einen von {items}", "one of {items}"),
    "expect.list": ("eine Liste", "a list"),
    "expect.non_empty_list": ("eine nicht leere Liste", "a non-empty list"),
    "expect.mapping": ("eine Zuordnung", "a mapping"),
    "expect.yaml_mapping": ("eine YAML-Zuordnung", "a YAML mapping"),
    "expect.text": ("einen Text", "text"),
    "expect.non_empty_text": ("einen nicht leeren Text", "non-empty text"),
    "expect.number": ("eine Zahl", "a number"),
    "expect.positive_number": ("eine Zahl größer als 0", "a number greater than 0"),
    "expect.integer": ("eine ganze Zahl", "a whole number"),
    "expect.positive_integer": ("eine ganze Zahl ab 1", "a whole number of 1 or more"),
    "expect.integer_in": (
        "eine ganze Zahl von {min} bis {max}",
        "a whole number from {min} to {max}",
    ),
    "expect.range": ("{min} bis {max}", "{min} to {max}"),
    "expect.range_pair": ("[min, max] mit min ≤ max", "[min, max] with min ≤ max"),
    "expect.list_of": ("eine Liste von Werten aus {of}", "a list of values of {of}"),
    "expect.at_least_one": ("mindestens einen Wert aus {of}", "at least one value of {of}"),
    "expect.condition": (
        "{yaml_all}, {yaml_any}, {yaml_not}, einen Vergleich oder einen Verweis",
        "{yaml_all}, {yaml_any}, {yaml_not}, a comparison or a reference",
    ),
    "expect.criterion_id": ("die Kennung eines Kriteriums", "the id of a criterion"),
    "expect.blocker_id": (
        "die Kennung eines Hindernisses oder „any“",
        "the id of an obstacle or “any”",
    ),
    "expect.flag_name": ("den Namen eines Merkmals", "the name of a flag"),
    "expect.fact": (
        "eine unter {yaml_facts} festgelegte Größe",
        "a fact declared under {yaml_facts}",
    ),
    "expect.parameter": (
        "einen unter {yaml_parameters} festgelegten Parameter",
        "a parameter declared under {yaml_parameters}",
    ),
    "expect.parameter_of": ("einen Parameter von {ruleset}", "a parameter of {ruleset}"),
    "expect.case_field": ("ein Feld des Falls", "a field of the case"),
    "expect.case_date_field": ("ein Datumsfeld des Falls", "a date field of the case"),
    "expect.record_field": (
        "ein Feld der Einträge in {over}",
        "a field of the records in {over}",
    ),
    "expect.number_or_date_field": (
        "ein Zahlen- oder Datumsfeld der Einträge in {over}",
        "a number or date field of the records in {over}",
    ),
    "expect.enum_field": (
        "ein Feld mit festen Auswahlwerten",
        "a field with named values",
    ),
    "expect.list_or_set_param": (
        "eine Liste oder einen Parameter der Art {yaml_category_set}",
        "a list or a parameter of the kind {yaml_category_set}",
    ),
    "expect.set_param_of": (
        "einen Parameter der Art {yaml_category_set} mit Werten aus {vocabulary}",
        "a parameter of the kind {yaml_category_set} with values of {vocabulary}",
    ),
    "expect.date_compare": (
        "{yaml_within_months} oder eine abgeleitete Größe mit {yaml_derive}",
        "{yaml_within_months} or a derived fact with {yaml_derive}",
    ),
    "expect.number_or_int_param": (
        "eine Zahl oder einen ganzzahligen Parameter",
        "a number or a whole-number parameter",
    ),
    "expect.fact_kinds": (
        "{yaml_over} und {yaml_aggregate}, {yaml_derive}, {yaml_max_of} oder {yaml_sum_of}",
        "{yaml_over} and {yaml_aggregate}, {yaml_derive}, {yaml_max_of} or {yaml_sum_of}",
    ),
    "expect.own_id": ("eine eigene Kennung", "an id of its own"),
    "expect.otherwise": (
        "{yaml_otherwise}: {yaml_true} bei der letzten Stufe",
        "{yaml_otherwise}: {yaml_true} on the last tier",
    ),
    "expect.ordering_key": (
        "{yaml_tier}, {yaml_score}, {yaml_case_id}, eine abgeleitete Größe oder ein Feld des Falls",
        "{yaml_tier}, {yaml_score}, {yaml_case_id}, a derived fact or a case field",
    ),
    "expect.case_id_last": (
        "{yaml_case_id} als letzten Sortierschlüssel",
        "{yaml_case_id} as the last ordering key",
    ),
    "expect.date_fact": (
        "eine abgeleitete Größe, die das späteste oder früheste Datum von Einträgen bildet "
        "(oder {yaml_max_of} solcher Größen)",
        "a derived fact that is the latest or earliest date of records (or {yaml_max_of} of such "
        "facts)",
    ),
    "expect.bool_or_enum_field": (
        "ein Ja/Nein-Feld oder ein Feld mit festen Auswahlwerten",
        "a yes/no field or a field with named values",
    ),
    "expect.model_feature": (
        "eine Eingangsgröße aus {yaml_model_features}",
        "a feature of {yaml_model_features}",
    ),
    "expect.of_ruleset.fact": (
        "eine abgeleitete Größe dieses Regelwerks",
        "a derived fact of this rule set",
    ),
    "expect.of_ruleset.criterion": (
        "ein Kriterium dieses Regelwerks",
        "a criterion of this rule set",
    ),
    "expect.of_ruleset.blocker": (
        "ein Hindernis dieses Regelwerks",
        "an obstacle of this rule set",
    ),
    "expect.one_of_both": ("genau eines von beiden", "exactly one of the two"),
    "expect.ruleset_ref": (
        "einen Dateipfad oder eines von {names}",
        "a file path or one of {names}",
    ),
    "expect.assignment": ("NAME=WERT", "NAME=VALUE"),
    "expect.stored_ref": (
        "eine Kennung, Name@Version oder den Namen eines Regelwerks ({yaml_triage_policy_list})",
        "an id, name@version or the name of a rule set ({yaml_triage_policy_list})",
    ),
    "expect.points": ("0 bis 1000 Punkte", "0 to 1000 points"),
    # ------------------------------------------------------------ what was found, in words
    "found.also_in": ("auch in {section}", "also in {section}"),
    "found.kind.list": ("eine Liste", "a list"),
    "found.kind.mapping": ("eine Zuordnung", "a mapping"),
    "found.kind.text": ("einen Text", "text"),
    "found.kind.number": ("eine Zahl", "a number"),
    "found.kind.bool": ("einen Ja/Nein-Wert", "a yes/no value"),
    "found.kind.nothing": ("keinen Wert", "no value"),
    "found.type.number": ("ein Zahlenfeld", "a number field"),
    "found.type.bool": ("ein Ja/Nein-Feld", "a yes/no field"),
    "found.type.date": ("ein Datumsfeld", "a date field"),
    "found.type.set": ("eine Liste", "a list"),
    "found.type.enum": ("ein Feld mit festen Auswahlwerten", "a field with named values"),
}
