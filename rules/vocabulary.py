"""What a rule may read: the case and record fields with their types.

Derived from :mod:`cases.model` so the rule language and the case format cannot drift apart.
Audit-only fields are listed separately: naming one in a rule set is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cases.model import (
    AUDIT_ONLY_FIELDS,
    DEPARTURE_STATUSES,
    INCIDENT_TYPES,
    OFFENCE_CATEGORIES,
    OFFENCE_STATUSES,
    REGIONS,
    SOURCES,
    TOLERATION_REASONS,
    TRAVEL_DOCUMENTS,
)

FieldType = Literal["enum", "bool", "number", "date"]


@dataclass(frozen=True)
class FieldSpec:
    type: FieldType
    choices: tuple[str, ...] = ()
    vocabulary: str | None = None  # name of the enumeration, for category_set parameters
    nullable: bool = False


#: Named enumerations a ``category_set`` parameter may draw from.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "offence_category": OFFENCE_CATEGORIES,
    "offence_status": OFFENCE_STATUSES,
    "incident_type": INCIDENT_TYPES,
}

CASE_FIELDS: dict[str, FieldSpec] = {
    "region": FieldSpec("enum", REGIONS, "region"),
    "received_on": FieldSpec("date"),
    "source": FieldSpec("enum", SOURCES, "source"),
    "birth_date": FieldSpec("date"),
    "departure_status": FieldSpec("enum", DEPARTURE_STATUSES, "departure_status"),
    "asylum_pending": FieldSpec("bool"),
    "deportation_ban": FieldSpec("bool"),
    "toleration_reason": FieldSpec("enum", TOLERATION_REASONS, "toleration_reason", True),
    "travel_document": FieldSpec("enum", TRAVEL_DOCUMENTS, "travel_document"),
    "in_custody": FieldSpec("bool"),
    "release_date": FieldSpec("date", nullable=True),
}

RECORD_FIELDS: dict[str, dict[str, FieldSpec]] = {
    "offences": {
        "date": FieldSpec("date"),
        "category": FieldSpec("enum", OFFENCE_CATEGORIES, "offence_category"),
        "status": FieldSpec("enum", OFFENCE_STATUSES, "offence_status"),
        "sentence_months": FieldSpec("number", nullable=True),
        "suspended": FieldSpec("bool"),
        "juvenile": FieldSpec("bool"),
    },
    "incidents": {
        "date": FieldSpec("date"),
        "type": FieldSpec("enum", INCIDENT_TYPES, "incident_type"),
        "severity": FieldSpec("number"),
    },
}

AUDIT_ONLY = AUDIT_ONLY_FIELDS
