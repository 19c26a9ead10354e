"""German (default) and English labels of the case vocabulary, for every text a person reads."""

from __future__ import annotations

from datetime import date

_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "region": {
        "arnsberg": ("Arnsberg", "Arnsberg"),
        "detmold": ("Detmold", "Detmold"),
        "duesseldorf": ("Düsseldorf", "Düsseldorf"),
        "koeln": ("Köln", "Cologne"),
        "muenster": ("Münster", "Münster"),
    },
    "category": {
        "homicide": ("Tötungsdelikt", "homicide"),
        "bodily_harm": ("Körperverletzung", "bodily harm"),
        "sexual": ("Sexualdelikt", "sexual offence"),
        "robbery": ("Raub", "robbery"),
        "resistance_officers": (
            "Widerstand gegen Vollstreckungsbeamte",
            "resisting enforcement officers",
        ),
        "threat_coercion": ("Bedrohung/Nötigung", "threat/coercion"),
        "drug_trafficking": ("Drogenhandel", "drug trafficking"),
        "drug_possession": ("Drogenbesitz", "drug possession"),
        "burglary": ("Einbruchdiebstahl", "burglary"),
        "theft": ("Diebstahl", "theft"),
        "fraud": ("Betrug", "fraud"),
        "property_damage": ("Sachbeschädigung", "property damage"),
        "weapons": ("Waffendelikt", "weapons offence"),
        "other": ("sonstige Straftat", "other"),
    },
    "status": {
        "under_investigation": ("Ermittlungsverfahren", "under investigation"),
        "charged": ("angeklagt", "charged"),
        "convicted": ("rechtskräftig verurteilt", "finally convicted"),
        "dismissed": ("eingestellt", "dismissed"),
        "acquitted": ("freigesprochen", "acquitted"),
    },
    "type": {
        "violence_against_persons": ("Gewalt gegen Personen", "violence against persons"),
        "threat": ("Bedrohung", "threat"),
        "harassment": ("Belästigung", "harassment"),
        "property_damage": ("Sachbeschädigung", "property damage"),
        "house_rules": ("Verstoß gegen die Hausordnung", "breach of house rules"),
        "other": ("sonstiger Vorfall", "other incident"),
    },
    "departure_status": {
        "none": ("keine Ausreisepflicht", "no departure obligation"),
        "pending": ("ausreisepflichtig, nicht vollziehbar", "obliged, not yet enforceable"),
        "enforceable": ("vollziehbar ausreisepflichtig", "enforceable departure obligation"),
    },
    "toleration_reason": {
        "travel_documents": ("fehlende Reisedokumente", "missing travel documents"),
        "health": ("Gesundheit", "health"),
        "family": ("Familie", "family"),
        "other": ("sonstige Gründe", "other reasons"),
    },
    "travel_document": {
        "valid": ("gültig", "valid"),
        "expired": ("abgelaufen", "expired"),
        "none": ("keines", "none"),
        "in_procurement": ("in Beschaffung", "being procured"),
    },
    "source": {
        "municipal": ("Ausländerbehörde (kommunal)", "municipal foreigners authority"),
        "state_facility": ("Landesaufnahmeeinrichtung", "state reception facility"),
    },
    "unit": {
        "months": ("Monate", "months"),
        "count": ("", ""),
        "days": ("Tage", "days"),
        "severity": ("", ""),
    },
}


def label(kind: str, value: str | None, lang: str = "de") -> str:
    """The label of a vocabulary value (falls back to the value itself)."""
    if value is None:
        return "–"
    pair = _LABELS.get(kind, {}).get(value)
    if pair is None:
        return value
    return pair[1] if lang == "en" else pair[0]


def format_date(day: date | None, lang: str = "de") -> str:
    if day is None:
        return "–"
    return day.strftime("%d.%m.%Y") if lang != "en" else day.isoformat()


def format_number(value: float | int | None, lang: str = "de") -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang != "en" else text
