"""Labels of the case vocabulary (key prefix ``vocab``): ``vocab.<kind>.<code>``.

Stored data and rule sets hold the codes (``bodily_harm``, ``enforceable``); these are the words
people read. Looked up through :func:`rules.labels.label` (``label("category", "theft")``).
"""

from __future__ import annotations

from texts.forms import Entry, Plural

MESSAGES: dict[str, Entry] = {
    "region.arnsberg": ("Arnsberg", "Arnsberg"),
    "region.detmold": ("Detmold", "Detmold"),
    "region.duesseldorf": ("Düsseldorf", "Düsseldorf"),
    "region.koeln": ("Köln", "Cologne"),
    "region.muenster": ("Münster", "Münster"),
    "category.homicide": ("Tötungsdelikt", "homicide"),
    "category.bodily_harm": ("Körperverletzung", "bodily harm"),
    "category.sexual": ("Sexualdelikt", "sexual offence"),
    "category.robbery": ("Raub", "robbery"),
    "category.resistance_officers": (
        "Widerstand gegen Vollstreckungsbeamte",
        "resisting enforcement officers",
    ),
    "category.threat_coercion": ("Bedrohung/Nötigung", "threat/coercion"),
    "category.drug_trafficking": ("Drogenhandel", "drug trafficking"),
    "category.drug_possession": ("Drogenbesitz", "drug possession"),
    "category.burglary": ("Einbruchdiebstahl", "burglary"),
    "category.theft": ("Diebstahl", "theft"),
    "category.fraud": ("Betrug", "fraud"),
    "category.property_damage": ("Sachbeschädigung", "property damage"),
    "category.weapons": ("Waffendelikt", "weapons offence"),
    "category.other": ("sonstige Straftat", "other offence"),
    "status.under_investigation": ("Ermittlungsverfahren", "under investigation"),
    "status.charged": ("angeklagt", "charged"),
    "status.convicted": ("rechtskräftig verurteilt", "finally convicted"),
    "status.dismissed": ("eingestellt", "dismissed"),
    "status.acquitted": ("freigesprochen", "acquitted"),
    "type.violence_against_persons": ("Gewalt gegen Personen", "violence against persons"),
    "type.threat": ("Bedrohung", "threat"),
    "type.harassment": ("Belästigung", "harassment"),
    "type.property_damage": ("Sachbeschädigung", "property damage"),
    "type.house_rules": ("Verstoß gegen die Hausordnung", "breach of house rules"),
    "type.other": ("sonstiger Vorfall", "other incident"),
    "severity.1": ("geringfügig", "minor"),
    "severity.2": ("erheblich", "serious"),
    "severity.3": (
        "schwer (Gewalt gegen Personen o. ä.)",
        "grave (violence against persons or alike)",
    ),
    "departure_status.none": ("keine Ausreisepflicht", "no departure obligation"),
    "departure_status.pending": (
        "ausreisepflichtig, nicht vollziehbar",
        "obliged to leave, not yet enforceable",
    ),
    "departure_status.enforceable": (
        "vollziehbar ausreisepflichtig",
        "enforceable departure obligation",
    ),
    # nominative labels (tables); phrases after a preposition are in texts.messages.note
    "toleration_reason.travel_documents": ("fehlende Reisedokumente", "missing travel documents"),
    "toleration_reason.health": ("gesundheitliche Gründe", "health reasons"),
    "toleration_reason.family": ("familiäre Gründe", "family reasons"),
    "toleration_reason.other": ("sonstige Gründe", "other reasons"),
    "travel_document.valid": ("gültig", "valid"),
    "travel_document.expired": ("abgelaufen", "expired"),
    "travel_document.none": ("keines", "none"),
    "travel_document.in_procurement": ("in Beschaffung", "being procured"),
    "source.municipal": ("Ausländerbehörde (kommunal)", "municipal foreigners authority"),
    "source.state_facility": ("Landesaufnahmeeinrichtung", "state reception facility"),
    "sex.f": ("weiblich", "female"),
    "sex.m": ("männlich", "male"),
    "sex.x": ("divers", "diverse"),
    # units of parameters and measures; a count or a severity needs no word after the number
    "unit.months": ("Monate", "months"),
    "unit.days": ("Tage", "days"),
    "unit.count": ("", ""),
    "unit.severity": ("", ""),
    # an amount with its unit, e.g. a parameter value or a measured value
    "amount.months": Plural(("{n} Monat", "{n} month"), ("{n} Monate", "{n} months")),
    "amount.days": Plural(("{n} Tag", "{n} day"), ("{n} Tage", "{n} days")),
    "amount.count": Plural(("{n}", "{n}"), ("{n}", "{n}")),
    "amount.severity": Plural(("{n}", "{n}"), ("{n}", "{n}")),
    "bool.true": ("ja", "yes"),
    "bool.false": ("nein", "no"),
}
