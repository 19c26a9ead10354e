"""Texts of the model's quality gates (key prefix ``gates``): what ``triage train`` shows and
what is recorded with a model version (German) ."""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "passed": ("bestanden", "passed"),
    "failed": ("nicht bestanden", "failed"),
    "auc": ("ROC AUC {auc} {sign} {min}: {verdict}", "ROC AUC {auc} {sign} {min}: {verdict}"),
    "auc_gap": (
        "Abstand zur logistischen Regression {gap} (AUC {baseline} gegen {auc}) {sign} {max}: "
        "{verdict}",
        "gap to logistic regression {gap} (AUC {baseline} vs. {auc}) {sign} {max}: {verdict}",
    ),
    "lowest": (
        "niedrigstes Auswahlverhältnis {ratio}",
        "lowest selection-rate ratio {ratio}",
    ),
    "group": ("{attribute} {group} ({ratio})", "{attribute} {group} ({ratio})"),
    "stored": (
        "{message} (gespeicherter Text dieses älteren Laufs)",
        "{message} (text as stored by this older run, in German)",
    ),
    "no_ratio": ("kein Auswahlverhältnis bestimmbar", "no selection-rate ratio defined"),
    "fair_passed": ("{lead}: bestanden", "{lead}: passed"),
    "fair_noise": (
        "; unter {threshold}, aber im Zufallsbereich: {groups}",
        "; below {threshold} but within the range of chance: {groups}",
    ),
    "fair_justified": (
        "{lead}; auffällig: {groups}; mit Begründung freigegeben: „{justification}“",
        "{lead}; flagged: {groups}; passed with the recorded justification “{justification}”",
    ),
    "fair_failed": (
        "{lead}: nicht bestanden – die Auswahlquoten unterscheiden sich über den Zufall hinaus "
        "(Chi-Quadrat, α = {alpha}); unter {threshold} der meistausgewählten Gruppe: {groups}. "
        "Ursache prüfen oder mit --justification begründen.",
        "{lead}: failed – the selection rates differ beyond chance (chi-square, α = {alpha}); "
        "below {threshold} times the most selected group: {groups}. Investigate, or record a "
        "justification with --justification.",
    ),
    "noise_justification": (
        "Auswahlverhältnis unter {threshold} bei {groups}, aber die Auswahlquoten unterscheiden "
        "sich nicht über den Zufall hinaus (Chi-Quadrat: {tests} ≥ α = {alpha}); bestanden als "
        "Zufallsschwankung",
        "selection-rate ratio below {threshold} for {groups}, but the selection rates do not "
        "differ beyond chance (chi-square: {tests} ≥ α = {alpha}); passed as noise",
    ),
    "monotone_ok": (
        "alle {n} festgelegten Richtungen eingehalten: bestanden",
        "all {n} declared directions hold: passed",
    ),
    "monotone_failed": (
        "Richtung verletzt: {violations}: nicht bestanden",
        "direction violated: {violations}: failed",
    ),
    "monotone_violation": (
        "„{feature}“ ({direction}: {points})",
        "“{feature}” ({direction}: {points})",
    ),
    "monotone_up": ("soll steigen", "should rise"),
    "monotone_down": ("soll fallen", "should fall"),
}
