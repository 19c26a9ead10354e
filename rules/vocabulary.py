"""What a rule may read: the case and record fields with their types.

Derived from :mod:`cases.model` so the rule language and the case format cannot drift apart.
Audit-only fields are listed separately: naming one in a rule set is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

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
V = TypeVar("V")


class Names(dict[str, V]):
    """Names to what they stand for. A rule set file is untrusted YAML: asking whether a list
    or a mapping is a name answers no (a plain dict would raise ``TypeError``)."""

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key)

    def get(self, key: object, default: Any = None) -> Any:
        return super().get(key, default) if isinstance(key, str) else default


class NameSet(frozenset[str]):
    """A set of names that answers no for anything but a string (see :class:`Names`)."""

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key)


@dataclass(frozen=True)
class FieldSpec:
    type: FieldType
    choices: tuple[str, ...] = ()
    vocabulary: str | None = None  # name of the enumeration, for category_set parameters
    nullable: bool = False


#: Named enumerations a ``category_set`` parameter may draw from.
VOCABULARIES: Names[tuple[str, ...]] = Names(
    {
        "offence_category": OFFENCE_CATEGORIES,
        "offence_status": OFFENCE_STATUSES,
        "incident_type": INCIDENT_TYPES,
    }
)

CASE_FIELDS: Names[FieldSpec] = Names(
    {
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
)

RECORD_FIELDS: Names[Names[FieldSpec]] = Names(
    {
        "offences": Names(
            {
                "date": FieldSpec("date"),
                "category": FieldSpec("enum", OFFENCE_CATEGORIES, "offence_category"),
                "status": FieldSpec("enum", OFFENCE_STATUSES, "offence_status"),
                "sentence_months": FieldSpec("number", nullable=True),
                "suspended": FieldSpec("bool"),
                "juvenile": FieldSpec("bool"),
            }
        ),
        "incidents": Names(
            {
                "date": FieldSpec("date"),
                "type": FieldSpec("enum", INCIDENT_TYPES, "incident_type"),
                "severity": FieldSpec("number"),
            }
        ),
    }
)

AUDIT_ONLY = NameSet(AUDIT_ONLY_FIELDS)
