"""Texts of naming a case by its region on the privacy pages and commands (Art. 15 export,
erasure, the Art. 86 explanation): key prefix ``privacy``; the pages' texts under ``web.``, the
options' help under ``cli.help.`` and the placeholder ``--region BEZIRKSREGIERUNG`` under
``cli.``.

Case ids are unique within a Bezirksregierung only; where an id is held by several, the
region is asked for.
"""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "case_ambiguous_cli": (
        "Das Aktenzeichen {case_id} gibt es in mehreren Bezirksregierungen ({regions}); bitte "
        "die Bezirksregierung mit --region angeben",
        "The case id {case_id} exists in several district governments ({regions}); please name "
        "the district government with --region",
    ),
    "case_named": (
        "{case_id} (Bezirksregierung {region})",
        "{case_id} (district government {region})",
    ),
}

#: The pages' texts (``web.``): the region field of the export and erasure forms.
WEB_MESSAGES: dict[str, Entry] = {
    "gdpr_region_any": (
        "Aus der Fallnummer (nur wenn sie eindeutig ist)",
        "From the case number (only if it is unique)",
    ),
    "gdpr_region_hint": (
        "Fallnummern sind nur innerhalb einer Bezirksregierung eindeutig.",
        "Case numbers are unique within a district government only.",
    ),
    "gdpr_case_ambiguous": (
        "Diese Fallnummer gibt es in mehreren Bezirksregierungen. Wählen Sie die "
        "Bezirksregierung des Falls.",
        "This case number exists in several district governments. Choose the case's district "
        "government.",
    ),
}

#: The placeholder of ``--region`` in the help (``cli.``).
CLI_MESSAGES: dict[str, Entry] = {
    "metavar.REGION": ("BEZIRKSREGIERUNG", "REGION"),
}

#: The options' help (``cli.help.``).
HELP: dict[str, Entry] = {
    "privacy.region": (
        "Bezirksregierung des Falls (nötig, wenn das Aktenzeichen in mehreren vorkommt).",
        "The case's district government (needed when the case id exists in several).",
    ),
    "docs.region": (
        "Bezirksregierung des Falls für die Erläuterung nach Art. 86 (nötig, wenn das "
        "Aktenzeichen in mehreren vorkommt).",
        "The district government of the case for the Art. 86 explanation (needed when the case "
        "id exists in several).",
    ),
}
