"""The case record of SPEC §1 as strict pydantic models.

Strict means: a JSON boolean must be a boolean, a number a number, and unknown fields are
errors. Dates are ISO 8601 strings (``YYYY-MM-DD``) or ``datetime.date`` objects, nothing else.
Cross-record rules that need context (dates after the day of import, duplicate case ids in one
import) live in :mod:`cases.validation`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

Region = Literal["arnsberg", "detmold", "duesseldorf", "koeln", "muenster"]
Source = Literal["municipal", "state_facility"]
DepartureStatus = Literal["none", "pending", "enforceable"]
TolerationReason = Literal["travel_documents", "health", "family", "other"]
TravelDocument = Literal["valid", "expired", "none", "in_procurement"]
OffenceCategory = Literal[
    "homicide",
    "bodily_harm",
    "sexual",
    "robbery",
    "resistance_officers",
    "threat_coercion",
    "drug_trafficking",
    "drug_possession",
    "burglary",
    "theft",
    "fraud",
    "property_damage",
    "weapons",
    "other",
]
OffenceStatus = Literal["under_investigation", "charged", "convicted", "dismissed", "acquitted"]
IncidentType = Literal[
    "violence_against_persons", "threat", "harassment", "property_damage", "house_rules", "other"
]
Sex = Literal["f", "m", "x"]

REGIONS: tuple[str, ...] = get_args(Region)
SOURCES: tuple[str, ...] = get_args(Source)
DEPARTURE_STATUSES: tuple[str, ...] = get_args(DepartureStatus)
TOLERATION_REASONS: tuple[str, ...] = get_args(TolerationReason)
TRAVEL_DOCUMENTS: tuple[str, ...] = get_args(TravelDocument)
OFFENCE_CATEGORIES: tuple[str, ...] = get_args(OffenceCategory)
OFFENCE_STATUSES: tuple[str, ...] = get_args(OffenceStatus)
INCIDENT_TYPES: tuple[str, ...] = get_args(IncidentType)
SEXES: tuple[str, ...] = get_args(Sex)
SEVERITIES: tuple[int, ...] = (1, 2, 3)

#: Stored for the fairness audit only. No rule, derived fact or model may read them.
AUDIT_ONLY_FIELDS: frozenset[str] = frozenset({"nationality", "sex"})

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Letters, digits, ``.``, ``_`` and ``-``, at least one of them not a dot: ``.`` and ``..``
# would name a directory in a URL or a file path (issue #14, item 12). Length: max_length.
CASE_ID_PATTERN = r"^[A-Za-z0-9._-]*[A-Za-z0-9_-][A-Za-z0-9._-]*$"


def _parse_iso_date(value: Any) -> Any:
    """Accept ``date`` objects and ``YYYY-MM-DD`` strings; reject everything else clearly.

    The error types (``date_format``, ``date_time``, ``date_invalid``) are the codes of
    :mod:`cases.validation`; the columnar checks make the same ones.
    """
    if isinstance(value, datetime):
        raise PydanticCustomError("date_time", "expected a date (YYYY-MM-DD), found a date-time")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_invalid", "not a date that exists") from None
    raise PydanticCustomError("date_format", "expected a date as YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_parse_iso_date)]
StrictInt = Annotated[int, Field(strict=True)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Offence(_Record):
    """One offence (Straftat) with its procedural status."""

    offence_id: Annotated[str, Field(min_length=1, max_length=64)]
    date: IsoDate
    category: OffenceCategory
    status: OffenceStatus
    sentence_months: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = Field(
        default=None, validate_default=True
    )
    suspended: bool = False
    juvenile: bool = False

    @field_validator("sentence_months", mode="after")
    @classmethod
    def _conviction_needs_sentence(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is None and info.data.get("status") == "convicted":
            raise PydanticCustomError(
                "missing_sentence",
                "required for a conviction: a number >= 0 (0 = fine only)",
            )
        return value

    @property
    def counts(self) -> bool:
        """Dismissed and acquitted offences never count."""
        return self.status not in ("dismissed", "acquitted")


class Incident(_Record):
    """One documented incident of serious negative social behaviour."""

    incident_id: Annotated[str, Field(min_length=1, max_length=64)]
    date: IsoDate
    type: IncidentType
    severity: Annotated[int, Field(strict=True, ge=1, le=3)]


class Case(_Record):
    """One case of the RRK queue (SPEC §1)."""

    case_id: Annotated[str, Field(pattern=CASE_ID_PATTERN, max_length=64)]
    region: Region
    received_on: IsoDate
    source: Source
    birth_date: IsoDate
    departure_status: DepartureStatus
    asylum_pending: bool
    deportation_ban: bool
    toleration_reason: TolerationReason | None = None
    travel_document: TravelDocument
    in_custody: bool
    release_date: IsoDate | None = None
    offences: list[Offence]
    incidents: list[Incident]
    nationality: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    sex: Sex | None = None

    @field_validator("offences", "incidents", mode="after")
    @classmethod
    def _unique_record_ids(cls, records: list[Any], info: ValidationInfo) -> list[Any]:
        key = "offence_id" if info.field_name == "offences" else "incident_id"
        first_seen: dict[str, int] = {}
        for index, record in enumerate(records):
            record_id = getattr(record, key)
            if record_id in first_seen:
                raise PydanticCustomError(
                    "duplicate_record_id",
                    "duplicate {key} '{record_id}': already used by record {first}",
                    {
                        "key": key,
                        "record_id": record_id,
                        "index": index,
                        "first": first_seen[record_id],
                    },
                )
            first_seen[record_id] = index
        return records


#: Fields of the case record (top level), in SPEC order.
CASE_FIELDS: tuple[str, ...] = tuple(Case.model_fields)
OFFENCE_FIELDS: tuple[str, ...] = tuple(Offence.model_fields)
INCIDENT_FIELDS: tuple[str, ...] = tuple(Incident.model_fields)
