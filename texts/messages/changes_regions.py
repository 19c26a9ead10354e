"""Texts of the event endpoints about the region of a case (key prefix ``events``).

Case ids are unique within a region only (issue #14): an event may name its case's region, and
must when the id names a case in more than one of the caller's regions.
"""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "error.ambiguous": (
        "das Aktenzeichen {case_id} gibt es in mehreren Ihrer Bezirksregierungen ({regions}); "
        "bitte im Ereignis die Bezirksregierung angeben (region)",
        "the case id {case_id} exists in several of your district governments ({regions}); "
        "please name the district government in the event (region)",
    ),
    "error.region_unknown": (
        "keine Bezirksregierung; erlaubt sind {regions}",
        "not a district government; allowed are {regions}",
    ),
    "error.region_mismatch": (
        "Ereignis für Bezirksregierung {given}, aber die Adresse nennt Bezirksregierung {path}",
        "event for district government {given}, but the address names district government {path}",
    ),
}
