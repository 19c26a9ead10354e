"""Texts of case validation (key prefix ``validation``): what was found and what was expected.

An input problem is stored as a code with the value found and the value expected
(``cases.validation.InputIssue``); these texts put them into a sentence in the reader's
language. ``{found}`` is always the value as it stood in the input (``'false'``, ``-1``);
``{expected}`` a value, a list of values or, for the codes ``type`` and ``pattern``, the
words of the ``validation.expect.*`` keys.
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # where an issue is: "Zeile 4: Fall EX-1: offences[2].date: …"
    "where.line": ("Zeile {line}: ", "line {line}: "),
    "where.case": ("Fall {case}: ", "case {case}: "),
    "where.no_case": ("<ohne case_id>", "<no case_id>"),
    "where.origin": (" ({file} Zeile {line})", " ({file} line {line})"),
    # record and field rules (SPEC §1)
    "missing": ("Pflichtfeld fehlt", "required field is missing"),
    "unknown_field": (
        "unbekanntes Feld (nicht Teil des Fallformats)",
        "unknown field (not part of the case format)",
    ),
    "type": (
        "falscher Typ: erwartet {expected}, gefunden {found}",
        "wrong type: expected {expected}, found {found}",
    ),
    "enum": (
        "unzulässiger Wert: erwartet einen von {expected}, gefunden {found}",
        "value not allowed: expected one of {expected}, found {found}",
    ),
    "pattern": (
        "ungültige Schreibweise: erwartet {expected}, gefunden {found}",
        "invalid format: expected {expected}, found {found}",
    ),
    "too_short": (
        "zu kurz: erwartet mindestens {expected} Zeichen, gefunden {found}",
        "too short: expected a length of at least {expected}, found {found}",
    ),
    "too_long": (
        "zu lang: erwartet höchstens {expected} Zeichen, gefunden {found}",
        "too long: expected at most {expected} characters, found {found}",
    ),
    "too_small": (
        "zu klein: erwartet mindestens {expected}, gefunden {found}",
        "too small: expected at least {expected}, found {found}",
    ),
    "too_large": (
        "zu groß: erwartet höchstens {expected}, gefunden {found}",
        "too large: expected at most {expected}, found {found}",
    ),
    "not_finite": (
        "keine endliche Zahl: erwartet eine Zahl, gefunden {found}",
        "not a finite number: expected a number, found {found}",
    ),
    "date_format": (
        "kein Datum: erwartet ein Datum JJJJ-MM-TT, gefunden {found}",
        "not a date: expected a date YYYY-MM-DD, found {found}",
    ),
    "control_characters": (
        "Steuerzeichen sind nicht erlaubt (nur Text, Zeilenumbrüche und Tabulatoren), "
        "gefunden {found}",
        "control characters are not allowed (text, line breaks and tabs only), found {found}",
    ),
    "date_time": (
        "Datum mit Uhrzeit: erwartet ein Datum JJJJ-MM-TT ohne Uhrzeit, gefunden {found}",
        "date with a time: expected a date YYYY-MM-DD without a time, found {found}",
    ),
    "date_invalid": (
        "Datum existiert nicht: erwartet ein Kalenderdatum zwischen 0001-01-01 und "
        "9999-12-31, gefunden {found}",
        "date does not exist: expected a calendar date between 0001-01-01 and 9999-12-31, "
        "found {found}",
    ),
    "date_future": (
        "Datum liegt nach dem Tag des Imports: erwartet spätestens {expected}, gefunden {found}",
        "date is after the day of import: expected {expected} or earlier, found {found}",
    ),
    "missing_sentence": (
        "bei einer Verurteilung Pflicht: erwartet eine Zahl ≥ 0 (0 = nur Geldstrafe), "
        "gefunden {found}",
        "required for a conviction: expected a number >= 0 (0 = fine only), found {found}",
    ),
    "duplicate_record_id": (
        "Kennung doppelt im Fall: {found} ist schon Eintrag {expected}",
        "id used twice in the case: {found} is already record {expected}",
    ),
    "duplicate_case_id": (
        "case_id doppelt in dieser Eingabe: {found} steht schon in Zeile {expected}",
        "case_id appears twice in this input: {found} is already on line {expected}",
    ),
    "not_object": (
        "kein Fall-Objekt: erwartet ein JSON-Objekt, gefunden {found}",
        "not a case object: expected a JSON object, found {found}",
    ),
    "invalid": ("ungültig: {found}", "invalid: {found}"),
    # what a value should have been (for "type" and "pattern")
    "expect.string": ("eine Zeichenkette", "a string"),
    "expect.boolean": ("einen Wahrheitswert (true/false)", "a boolean (true/false)"),
    "expect.integer": ("eine ganze Zahl", "a whole number"),
    "expect.number": ("eine Zahl", "a number"),
    "expect.list": ("eine Liste", "a list"),
    "expect.object": ("ein Objekt", "an object"),
    "expect.case_id": (
        "Zeichen aus A–Z, a–z, 0–9, Punkt, Unterstrich, Bindestrich, nicht nur Punkte",
        "characters from A-Z, a-z, 0-9, dot, underscore, hyphen; not dots only",
    ),
    "expect.nationality": (
        "drei Großbuchstaben (ISO 3166-1 alpha-3)",
        "three capital letters (ISO 3166-1 alpha-3)",
    ),
    # the input as a whole
    "file.empty": (
        "die Eingabe enthält keinen Fall (leere Datei, leere Liste oder keine Zeilen)",
        "the input contains no cases (an empty file, an empty list or no rows)",
    ),
    "file.too_many_cases": (
        "zu viele Fälle: erwartet höchstens {expected}, gefunden {found}",
        "too many cases: expected at most {expected}, found {found}",
    ),
    "file.too_large": (
        "entpackt zu groß: erwartet höchstens {expected} Bytes, gefunden mehr",
        "too large when unpacked: expected at most {expected} bytes, found more",
    ),
    "file.not_utf8": (
        "kein UTF-8-Text: ungültiges Byte an Stelle {found}",
        "not UTF-8 text: invalid byte at position {found}",
    ),
    "file.bad_zip": (
        "kein lesbares Zip-Archiv: {found}",
        "not a readable zip archive: {found}",
    ),
    "file.zip_method": (
        "{found} ist mit {expected} gepackt; angenommen werden nur ungepackte und mit Deflate "
        "gepackte Zip-Einträge",
        "{found} is compressed with {expected}; only stored and deflated zip members are accepted",
    ),
    "file.parquet_date_range": (
        "keine lesbare Parquet-Datei: ein Datum liegt außerhalb des Kalenders (Jahr 1 bis 9999)",
        "not a readable Parquet file: a date lies outside the calendar (years 1 to 9999)",
    ),
    "file.bad_parquet": (
        "keine lesbare Parquet-Datei: {found}",
        "not a readable Parquet file: {found}",
    ),
    "file.unknown_suffix": (
        "{path}: Format an der Endung {suffix} nicht erkennbar; erwartet .jsonl, .ndjson, "
        ".json, .parquet, .zip (die drei CSV-Dateien) oder ein Verzeichnis mit den drei "
        "CSV-Dateien",
        "{path}: cannot tell the format from the suffix {suffix}; expected .jsonl, .ndjson, "
        ".json, .parquet, .zip (the three CSV files) or a directory with the three CSV files",
    ),
    "file.csv_suffix": (
        "{path}: CSV-Eingabe ist ein Verzeichnis mit cases.csv, offences.csv und incidents.csv; "
        "bitte das Verzeichnis oder seine cases.csv angeben",
        "{path}: CSV input is a directory with cases.csv, offences.csv and incidents.csv; name "
        "the directory or its cases.csv",
    ),
    "column.twice": ("Spalte doppelt in {found}", "column appears twice in {found}"),
    "column.unknown": (
        "unbekannte Spalte in {found} (nicht Teil des Fallformats)",
        "unknown column in {found} (not part of the case format)",
    ),
    "column.missing": ("Pflichtspalte fehlt in {found}", "required column is missing from {found}"),
    "json.duplicate_key": (
        "ungültiges JSON: Schlüssel {found} steht zweimal in einem Objekt",
        "invalid JSON: key {found} appears twice in one object",
    ),
    "json.not_a_number": (
        "ungültiges JSON: {found} ist keine JSON-Zahl",
        "invalid JSON: {found} is not a JSON number",
    ),
    "json.syntax": (
        "ungültiges JSON: {found} (Spalte {expected})",
        "invalid JSON: {found} (column {expected})",
    ),
    "json.number_too_long": (
        "ungültiges JSON: eine Zahl hat zu viele Ziffern (höchstens 4300)",
        "invalid JSON: a number has too many digits (at most 4300)",
    ),
    "json.too_deep": ("ungültiges JSON: zu tief verschachtelt", "invalid JSON: nested too deeply"),
    "json.one_object": (
        "erwartet eine JSON-Liste von Fall-Objekten, gefunden ein einzelnes Objekt (ein Fall je "
        "Zeile gehört in eine .jsonl-Datei)",
        "expected a JSON array of case objects, found one object (one case per line belongs in "
        "a .jsonl file)",
    ),
    "json.not_array": (
        "erwartet eine JSON-Liste von Fall-Objekten, gefunden {found}",
        "expected a JSON array of case objects, found {found}",
    ),
    "json.after_case": (
        "ungültiges JSON: nach einem Fall erwartet „,“ oder „]“",
        "invalid JSON: expected ',' or ']' after a case",
    ),
    "json.extra_data": (
        "ungültiges JSON: weitere Daten nach der Liste",
        "invalid JSON: extra data after the array",
    ),
    "csv.unreadable": ("keine lesbare CSV-Datei: {found}", "not a readable CSV file: {found}"),
    "csv.too_many_cells": (
        "{found} Zellen, aber {expected} Spalten in der Kopfzeile",
        "{found} cells but {expected} columns in the header",
    ),
    "csv.missing_file": (
        "{found} fehlt (CSV-Eingabe sind cases.csv, offences.csv und incidents.csv)",
        "{found} is missing (CSV input is cases.csv, offences.csv and incidents.csv)",
    ),
    "csv.unknown_case": (
        "case_id {found} steht nicht in cases.csv",
        "case_id {found} does not appear in cases.csv",
    ),
    "file.zip_twice": (
        "{found} kommt mehrfach im Zip-Archiv vor",
        "{found} appears more than once in the zip archive",
    ),
    "cli.error": ("Fehler: {message}", "error: {message}"),
    "cli.summary": Plural(
        ("{n} Fehler; nichts geschrieben.", "{n} error; nothing written."),
        ("{n} Fehler; nichts geschrieben.", "{n} errors; nothing written."),
    ),
    "file.more_issues": Plural(
        (
            "… und {n} weiteres Problem (nur die ersten {shown} sind aufgeführt)",
            "… and {n} more problem (only the first {shown} are listed)",
        ),
        (
            "… und {n} weitere Probleme (nur die ersten {shown} sind aufgeführt)",
            "… and {n} more problems (only the first {shown} are listed)",
        ),
    ),
    "summary": Plural(
        (
            "{n} Problem in der Eingabe; nichts gespeichert",
            "{n} problem in the input; nothing was stored",
        ),
        (
            "{n} Probleme in der Eingabe; nichts gespeichert",
            "{n} problems in the input; nothing was stored",
        ),
    ),
}
