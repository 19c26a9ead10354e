"""Typer's own parse errors, worded again (key prefix ``cli.parse``).

Typer (its vendored click) refuses a command line in English: "Missing option", "No such
option", "Got unexpected extra argument(s)", pydantic's "Input should be a valid integer".
:mod:`service.cli.parse_errors` reads what was refused from the error (the parameter, the
option, the close matches, the value) and words it with these texts in the language of the
run. The frame around them ("Ungültiger Wert für '--n': …") is ``cli.frame.*``.
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    # ------------------------------------------------------------------ missing
    "missing.option": ("Die Option {hint} fehlt.", "Missing option {hint}."),
    "missing.argument": ("Das Argument {hint} fehlt.", "Missing argument {hint}."),
    "missing.parameter": ("Die Angabe {hint} fehlt.", "Missing parameter {hint}."),
    "missing.value": ("Eine Angabe fehlt.", "A value is missing."),
    "choose_from": ("Erlaubt: {choices}.", "Choose from: {choices}."),
    "missing_command": ("Ein Befehl fehlt.", "Missing command."),
    # ------------------------------------------------------------------ unknown
    "no_such_option": ("Unbekannte Option: {name}", "No such option: {name}"),
    "possible_options": ("(meinten Sie {options}?)", "(possible options: {options})"),
    "no_such_command": ("Unbekannter Befehl {name}.", "No such command {name}."),
    "did_you_mean": ("Meinten Sie {names}?", "Did you mean {names}?"),
    "extra_arguments": Plural(
        ("Ein Argument zu viel: {args}", "Got an unexpected extra argument: {args}"),
        ("{n} Argumente zu viel: {args}", "Got {n} unexpected extra arguments: {args}"),
    ),
    # ------------------------------------------------------------------ option usage
    "needs_values": Plural(
        ("Die Option {name} braucht einen Wert.", "Option {name} requires a value."),
        ("Die Option {name} braucht {n} Werte.", "Option {name} requires {n} values."),
    ),
    "takes_no_value": (
        "Die Option {name} nimmt keinen Wert.",
        "Option {name} does not take a value.",
    ),
    "argument_values": Plural(
        ("Das Argument {name} braucht einen Wert.", "Argument {name} takes one value."),
        ("Das Argument {name} braucht {n} Werte.", "Argument {name} takes {n} values."),
    ),
    "envvar_hint": (" (Umgebungsvariable {name})", " (env var {name})"),
    # ------------------------------------------------------------------ values
    "not_integer": ("{value!r} ist keine ganze Zahl.", "{value!r} is not a valid integer."),
    "not_number": ("{value!r} ist keine Zahl.", "{value!r} is not a valid number."),
    "not_bool": (
        "{value!r} ist kein Wahrheitswert (true oder false).",
        "{value!r} is not a valid boolean (true or false).",
    ),
    "too_small": (
        "{value} ist zu klein: mindestens {limit}.",
        "{value} is too small: the minimum is {limit}.",
    ),
    "too_small_strict": (
        "{value} ist zu klein: mehr als {limit}.",
        "{value} is too small: it must be more than {limit}.",
    ),
    "too_large": (
        "{value} ist zu groß: höchstens {limit}.",
        "{value} is too large: the maximum is {limit}.",
    ),
    "too_large_strict": (
        "{value} ist zu groß: weniger als {limit}.",
        "{value} is too large: it must be less than {limit}.",
    ),
    "not_one_of": ("{value} ist keiner der Werte {allowed}.", "{value} is not one of {allowed}."),
    "no_format": (
        "{value} passt zu keinem der Formate {formats}.",
        "{value} does not match the formats {formats}.",
    ),
    # ------------------------------------------------------------------ paths
    "path.missing.file": ("Die Datei {loc} gibt es nicht.", "File {loc} does not exist."),
    "path.missing.dir": ("Den Ordner {loc} gibt es nicht.", "Directory {loc} does not exist."),
    "path.missing.path": (
        "{loc} gibt es nicht (weder als Datei noch als Ordner).",
        "Path {loc} does not exist.",
    ),
    "path.is_file": (
        "{loc} ist eine Datei; hier ist ein Ordner gefragt.",
        "{loc} is a file; a directory is needed here.",
    ),
    "path.is_dir": (
        "{loc} ist ein Ordner; hier ist eine Datei gefragt.",
        "{loc} is a directory; a file is needed here.",
    ),
    "path.not_readable": ("{loc} ist nicht lesbar.", "{loc} is not readable."),
    "path.not_writable": ("{loc} ist nicht beschreibbar.", "{loc} is not writable."),
    # ------------------------------------------------------------------ without Rich
    "error_line": ("Fehler: {message}", "Error: {message}"),
}
