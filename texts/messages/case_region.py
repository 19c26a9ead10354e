"""Texts about a case named by its region and id (issue #14: ids are unique within a region
only). Key prefixes ``web`` (:data:`WEB_MESSAGES`) and ``cli`` (:data:`CLI_MESSAGES`)."""

from __future__ import annotations

from texts.forms import Entry

#: The case page when an id names a case in more than one of the reader's regions.
WEB_MESSAGES: dict[str, Entry] = {
    "case_ambiguous_title": (
        "Fall {case_id} in mehreren Bezirksregierungen",
        "Case {case_id} in several district governments",
    ),
    "case_ambiguous_heading": (
        "Aktenzeichen in mehreren Bezirksregierungen",
        "Case id in several district governments",
    ),
    "case_ambiguous_text": (
        "Aktenzeichen sind nur innerhalb einer Bezirksregierung eindeutig. Das Aktenzeichen "
        "{case_id} gibt es in diesen Ihrer Bezirksregierungen, jeweils als eigener Fall. "
        "Bitte wählen Sie den Fall:",
        "Case ids are unique within a district government only. The case id {case_id} exists in "
        "these of your district governments, each as a case of its own. Please choose the case:",
    ),
    "case_ambiguous_link": (
        "Fall {case_id} · Bezirksregierung {region}",
        "Case {case_id} · {region} district government",
    ),
}

#: ``triage explain --region``.
CLI_MESSAGES: dict[str, Entry] = {
    "explain.other_region": (
        "Fall {case!r} gehört in {path} zur Bezirksregierung {found}, nicht zu {region}",
        "case {case!r} in {path} belongs to the {found} district government, not to {region}",
    ),
}

#: Help of the option.
CLI_HELP: dict[str, Entry] = {
    "rank.region": (
        "Bezirksregierung des Falls (Aktenzeichen sind nur je Bezirksregierung eindeutig); "
        "prüft, dass der Fall in der Datei zu ihr gehört.",
        "The case's district government (case ids are unique within one only); checks that "
        "the case in the file belongs to it.",
    ),
}
