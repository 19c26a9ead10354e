"""Texts of the ``triage`` command line (key prefix ``cli``): help, messages, table headings.

Help texts (``help.*``) are looked up when the help is shown, in the language of ``--lang`` or
``TRIAGE_LANG`` (German by default); see :mod:`service.cli.language`.
"""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    # ------------------------------------------------------------------ triage simulate
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
}
