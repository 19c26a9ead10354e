"""Small builders for cases in tests: every field has a harmless default."""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from cases.model import Case, Incident, Offence

AS_OF = date(2026, 11, 23)


def months_ago(months: int, days: int = 0, as_of: date = AS_OF) -> date:
    """The day exactly ``months`` calendar months before ``as_of``, shifted by ``days``."""
    return as_of - relativedelta(months=months) + relativedelta(days=days)


def offence(
    offence_id: str = "O1",
    *,
    when: date | None = None,
    category: str = "theft",
    status: str = "convicted",
    sentence: float | None = 0,
    suspended: bool = False,
    juvenile: bool = False,
) -> Offence:
    if status != "convicted" and sentence == 0:
        sentence = None
    return Offence(
        offence_id=offence_id,
        date=when or months_ago(1),
        category=category,
        status=status,
        sentence_months=sentence,
        suspended=suspended,
        juvenile=juvenile,
    )


def incident(
    incident_id: str = "I1", *, when: date | None = None, severity: int = 2, type: str = "threat"
) -> Incident:
    return Incident(
        incident_id=incident_id, date=when or months_ago(1), type=type, severity=severity
    )


def convictions(
    n: int, *, months_back: int = 1, category: str = "theft", sentence: float = 0, prefix: str = "C"
) -> list[Offence]:
    return [
        offence(
            f"{prefix}{i}",
            when=months_ago(months_back, days=i),
            category=category,
            sentence=sentence,
        )
        for i in range(n)
    ]


def case(case_id: str = "T-1", **overrides: Any) -> Case:
    values: dict[str, Any] = {
        "case_id": case_id,
        "region": "koeln",
        "received_on": date(2026, 10, 1),
        "source": "municipal",
        "birth_date": date(1990, 5, 17),
        "departure_status": "enforceable",
        "asylum_pending": False,
        "deportation_ban": False,
        "toleration_reason": None,
        "travel_document": "valid",
        "in_custody": False,
        "release_date": None,
        "offences": [],
        "incidents": [],
    }
    values.update(overrides)
    return Case.model_validate(values)
