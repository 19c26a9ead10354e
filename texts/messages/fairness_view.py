"""Texts of the fairness breakdown of a simulation on the policy pages (key prefix ``web``)."""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "fair_method": (
        "Prüfung: Vier-Fünftel-Regel. Für jede Gruppe mit mindestens {min} Fällen wird die "
        "Auswahlquote durch die Quote der Referenzgruppe geteilt; auffällig ist ein Verhältnis "
        "unter {th} oder über {upper}. Referenz ist die größte Gruppe mit mindestens {min} "
        "Fällen (wie bei triage fairness). Kleinere Gruppen werden nicht bewertet („zu klein“).",
        "Test: four-fifths rule. For every group with at least {min} cases the selection rate "
        "is divided by the reference group's rate; a ratio below {th} or above {upper} is "
        "flagged. The reference is the largest group with at least {min} cases (as in triage "
        "fairness). Smaller groups are not assessed (“too small”).",
    ),
    "fair_test": (
        "Signifikanztest: exakter Test nach Fisher (zweiseitig) auf gleiche Auswahlquoten, je "
        "Gruppe gegen die Referenzgruppe. Ein kleiner p-Wert (z. B. unter 0,05) heißt: Der "
        "Unterschied ist kaum durch Zufall zu erklären. Die p-Werte sind nicht für mehrere "
        "Vergleiche korrigiert; bei vielen Gruppen ist ein einzelner kleiner p-Wert eher zu "
        "erwarten.",
        "Significance test: Fisher's exact test (two-sided) for equal selection rates, each "
        "group against the reference group. A small p-value (e.g. below 0.05) means that the "
        "difference is hard to explain by chance. The p-values are not corrected for several "
        "comparisons; with many groups a single small p-value is more likely.",
    ),
    "fair_col_p": ("p-Wert Entwurf (Fisher)", "p-value with draft (Fisher)"),
    "fair_reference_row": ("Referenz", "reference"),
    "fair_caption": (
        "{field}: Auswahlquote je Gruppe (Referenz bisher: {ref_before}, mit dem Entwurf: "
        "{ref_after})",
        "{field}: selection rate per group (reference before: {ref_before}, with the draft: "
        "{ref_after})",
    ),
    "fair_col_group": ("Gruppe", "Group"),
    "fair_col_n": ("Fälle", "Cases"),
    "fair_col_rate_before": ("Quote bisher", "Rate before"),
    "fair_col_rate_after": ("Quote Entwurf", "Rate with draft"),
    "fair_col_ratio_before": ("Verhältnis bisher", "Ratio before"),
    "fair_col_ratio_after": ("Verhältnis Entwurf", "Ratio with draft"),
    "fair_col_state": ("Bewertung", "Assessment"),
    "fair_small": ("zu klein", "too small"),
    "fair_new": ("neu auffällig", "newly flagged"),
    "fair_flagged": ("auffällig", "flagged"),
    "fair_cleared": ("nicht mehr auffällig", "no longer flagged"),
    "fair_ok": ("unauffällig", "not flagged"),
    "fair_no_reference": ("keine", "none"),
}
