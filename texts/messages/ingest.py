"""Texts of importing and scoring cases through the API (key prefix ``ingest``): request size
and record limits, refusals that must not tell whether a case exists elsewhere, input the
service could not read."""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "body_too_large": (
        "Anfrage zu groß: höchstens {limit} Bytes ({setting})",
        "request too large: at most {limit} bytes ({setting})",
    ),
    "too_many_records": (
        "{count} Einträge in {field}; erlaubt sind höchstens {limit} je Fall ({setting})",
        "{count} entries in {field}; at most {limit} per case are allowed ({setting})",
    ),
    "too_many_cases": (
        "mehr als {limit} Fälle in einer Anfrage ({setting})",
        "more than {limit} cases in one request ({setting})",
    ),
    "region_not_yours": (
        "Bezirksregierung {region!r} gehört nicht zu Ihren Bezirksregierungen ({regions})",
        "district government {region!r} is not one of your district governments ({regions})",
    ),
    "score_region_refused": (
        "Bezirksregierung {region!r} gehört nicht zu Ihren Bezirksregierungen ({regions}); "
        "Fälle anderer Bezirksregierungen dürfen Sie nicht bewerten lassen",
        "district government {region!r} is not one of your district governments ({regions}); "
        "you may not have cases of other district governments scored",
    ),
    "unreadable_input": (
        "Die Eingabe ist nicht lesbar ({reason}); nichts gespeichert",
        "the input cannot be read ({reason}); nothing was stored",
    ),
    "invalid_json": ("ungültiges JSON: {reason}", "invalid JSON: {reason}"),
    "number_too_long": (
        "eine Zahl hat zu viele Ziffern",
        "a number has too many digits",
    ),
    "not_a_number": (
        "NaN und Infinity sind keine JSON-Zahlen",
        "NaN and Infinity are not JSON numbers",
    ),
}
