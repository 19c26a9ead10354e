"""Why a name is never an input of the points model, and the refusals of the input guard rails
(key prefix ``model_inputs``; :mod:`models.features`). Shown when training or a rule set's
``model:`` section is refused, and in the model card's list of excluded inputs.
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    "refused": Plural(
        one=(
            "Unzulässige Eingabe des Punktemodells: {problems}",
            "forbidden model input: {problems}",
        ),
        other=(
            "Unzulässige Eingaben des Punktemodells: {problems}",
            "forbidden model inputs: {problems}",
        ),
    ),
    "problem": ("„{name}“: {why}", "“{name}”: {why}"),
    # --- names that are never an input, with the reason
    "excluded.audit_only": (
        "nur für die Fairness-Prüfung gespeichertes Merkmal, nie eine Eingabe "
        "(Art. 3 Abs. 3 GG, Art. 9 DSGVO, Art. 10 KI-Verordnung)",
        "audit-only field: stored for the fairness audit only (Art. 3(3) Basic Law, GDPR Art. 9, "
        "EU AI Act Art. 10)",
    ),
    "excluded.age": (
        "das Alter ist nie eine Eingabe des Modells; die Regeln nutzen es nur für das rechtliche "
        "Hindernis der Minderjährigkeit",
        "age is never a model input; the rules use it only for the legal obstacle 'minor'",
    ),
    "excluded.birth_date": (
        "dient nur der Berechnung des Alters, das nie eine Eingabe ist",
        "only used to derive age, which is never a model input",
    ),
    "excluded.region": (
        "Sitz der zuständigen Behörde: ein Stellvertretermerkmal dafür, wo Menschen leben und "
        "woher sie kommen, keine Tatsache des Falls; die Arbeitslast der Bezirke ist eine Frage "
        "der Kapazität",
        "place of the responsible authority: a proxy for where people live and come from, not a "
        "fact about the case; regional workload is a capacity question",
    ),
    "excluded.source": (
        "kommunale Ausländerbehörde oder Landeseinrichtung: ein Stellvertretermerkmal für "
        "kürzliche Einreise und Herkunft, keine Tatsache über Straftaten",
        "municipal authority vs. state reception facility: a proxy for recent arrival and "
        "origin, not a fact about criminal activity",
    ),
    "excluded.travel_document": (
        "ob ein Pass vorliegt, hängt stark vom Herkunftsstaat ab (Stellvertretermerkmal); die "
        "Regeln behandeln ihn als erforderlichen Schritt, nie als Vorrang",
        "passport availability depends strongly on the country of origin (proxy); the rules "
        "treat it as a required step, never as priority",
    ),
    "excluded.toleration_reason": (
        "genutzt wird nur die Duldung aus rechtlichen Gründen (Gesundheit, Familie), als "
        "Hindernis; "
        "„fehlende Reisedokumente“ ist ein Stellvertretermerkmal für die Herkunft",
        "only the legal obstacle (health, family) is used, as an obstacle; 'travel documents' "
        "is a proxy for origin",
    ),
    "excluded.received_on": (
        "Eingangsdatum der Meldung: sagt, wann eine Behörde gemeldet hat, nicht was geschehen ist",
        "date of the report: says when an authority reported, not what happened",
    ),
    "excluded.case_id": (
        "ein pseudonymes Aktenzeichen trägt keine Information und darf keine tragen",
        "a pseudonymous reference carries no information and must not carry any",
    ),
    # --- refusals of assert_allowed and check_sources
    "derived_from_audit_only": (
        "aus einem nur für die Fairness-Prüfung gespeicherten Merkmal abgeleitet",
        "derived from an audit-only field",
    ),
    "age_or_birth": (
        "Alter und Geburtsdatum sind nie Eingaben des Modells",
        "age and birth date are never model inputs",
    ),
    "not_allowed": (
        "steht nicht auf der Liste der zulässigen Eingaben (zulässig: {allowed})",
        "not on the model's allowlist of derived facts (allowed: {allowed})",
    ),
    "no_inputs": (
        "Regelwerk {ruleset} nennt keine Eingaben des Punktemodells",
        "rule set {ruleset} declares no model inputs",
    ),
    "no_fact": (
        "Regelwerk {ruleset} hat keine abgeleitete Größe „{source}“",
        "rule set {ruleset} has no fact “{source}”",
    ),
    "fact_reads": (
        "die abgeleitete Größe „{source}“ von {ruleset} liest {fields}",
        "fact “{source}” of {ruleset} reads {fields}",
    ),
    "no_criterion": (
        "Regelwerk {ruleset} hat kein Kriterium {source}",
        "rule set {ruleset} has no criterion {source}",
    ),
    "no_blocker": (
        "Regelwerk {ruleset} hat kein Hindernis {source}",
        "rule set {ruleset} has no obstacle {source}",
    ),
    "not_legal_status": (
        "die Angabe „{source}“ gehört nicht zum Rechtsstatus",
        "case field “{source}” is not a legal-status field",
    ),
    "no_parameter": (
        "Regelwerk {ruleset} hat keinen Parameter {param}",
        "rule set {ruleset} has no parameter {param}",
    ),
}
