"""Texts the service writes on its own behalf and stores as codes (key prefix ``stored``).

A decision's override note, the reason of a system action on a rule set version and the like
are stored as :func:`texts.coded` values (a key and its numbers), never as words, and rendered
in the reader's language by :func:`texts.shown` when a page or the command line shows them.
The audit log keeps the text as it was shown when the action was taken.
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    "override.taken_ahead": Plural(
        (
            "vor {n} höher eingestuften Fall ohne Entscheidung vorgezogen",
            "taken ahead of {n} higher-ranked case without a decision",
        ),
        (
            "vor {n} höher eingestuften Fällen ohne Entscheidung vorgezogen",
            "taken ahead of {n} higher-ranked cases without a decision",
        ),
    ),
    "override.held_back": (
        "ein Fall der höchsten Stufe zurückgestellt",
        "a top-tier case held back",
    ),
    "decision.already_closed": (
        "Der Fall ist bereits abgeschlossen.",
        "The case is already closed.",
    ),
    "decision.not_closed": (
        "Der Fall ist nicht abgeschlossen und kann nicht wieder aufgenommen werden.",
        "The case is not closed and cannot be reopened.",
    ),
    "decision.reopen_first": (
        "Der Fall ist abgeschlossen; nehmen Sie ihn zuerst wieder auf.",
        "The case is closed; reopen it first.",
    ),
    "ruleset.seeded": (
        "Konfiguriertes Regelwerk als erste Version gespeichert ({file})",
        "Configured rule set stored as the first version ({file})",
    ),
    "ruleset.superseded": ("Abgelöst durch {label}", "Superseded by {label}"),
    "ruleset.not_found": (
        "Regelwerksversion „{ref}“ nicht gefunden (erwartet: eine Nummer, Name@Version oder der "
        "Name eines Regelwerks).",
        "No stored rule set version “{ref}” (expected: an id, name@version or the name of a "
        "rule set).",
    ),
    "ruleset.not_allowed": (
        "Keine Berechtigung: Die Rolle „{role}“ darf Regelwerksversionen nicht {action}; das "
        "darf nur das Fachreferat.",
        "Not permitted: the role “{role}” may not {action} rule set versions; only policy "
        "staff may.",
    ),
    "ruleset.action.draft": ("anlegen", "draft"),
    "ruleset.action.approve": ("freigeben", "approve"),
    "ruleset.action.activate": ("aktivieren", "activate"),
    "ruleset.action.withdraw": ("zurückziehen", "withdraw"),
    "ruleset.action.reject": ("ablehnen", "reject"),
    "ruleset.tampered": (
        "{label}: Das gespeicherte Dokument passt nicht mehr zu seiner Prüfsumme; es wurde "
        "außerhalb des Dienstes verändert und wird abgelehnt.",
        "{label}: the stored document no longer matches its checksum; it was changed outside "
        "the service and is rejected.",
    ),
    "ruleset.in_the_past": (
        "Der {day} liegt in der Vergangenheit; eine Version tritt frühestens heute in Kraft.",
        "{day} is in the past; a version comes into force today at the earliest.",
    ),
    "ruleset.too_late": (
        "Der {day} liegt nach dem {last}, dem letzten zulässigen Datum.",
        "{day} is after {last}, the last date allowed.",
    ),
    "ruleset.none_in_force": (
        "Keine Version von {name} ist in Kraft, mit der verglichen werden könnte.",
        "No version of {name} is in force to compare with.",
    ),
}
