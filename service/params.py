"""Query parameters shared by several routers (reference dates)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, Query
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from service.errors import InvalidInput

#: Free text may hold line breaks and tabs, no other control characters (PostgreSQL refuses NUL).
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str) -> str:
    """Pydantic validator: refuse control characters other than line breaks and tabs."""
    if _CONTROL.search(value):
        raise PydanticCustomError("control_characters", "control characters are not allowed")
    return value


def reason_text(value: str, minimum: int) -> str:
    """Pydantic validator of a reason: plain text of at least ``minimum`` characters once
    trimmed (refused as pydantic's own ``string_too_short``, so it is worded like every other
    too short value, in the reader's language)."""
    value = plain_text(value).strip()
    if len(value) < minimum:
        raise PydanticCustomError(
            "string_too_short",
            "String should have at least {min_length} characters",
            {"min_length": minimum},
        )
    return value


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: object) -> object:
    """Pydantic validator: only a calendar date written ``YYYY-MM-DD`` (or a ``date``).

    Pydantic's lax mode reads ``0`` or ``1700000000`` as seconds since 1970 and ``NaN``
    reaches the date parser as a float; none of them is a reference date (issue #14, items 11
    and 12), so anything but an ISO date string is refused with a 422 before parsing.
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        return value
    raise PydanticCustomError("date_format", "expected a date written YYYY-MM-DD")


#: A date in requests: ``YYYY-MM-DD`` only (no numbers, no timestamps).
IsoDate = Annotated[date, BeforeValidator(iso_date)]

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)


def invalid(name: str, key: str, where: str = "query", /, **values: object) -> InvalidInput:
    """A 422 in FastAPI's own error shape, for checks the type system cannot express: the
    catalogue ``key`` said in the reader's language."""
    return InvalidInput(name, key, where, **values)


def check_date(value: date, name: str, where: str = "query") -> date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise invalid(
            name,
            "api.date_out_of_range",
            where,
            value=value.isoformat(),
            start=MIN_DATE.isoformat(),
            end=MAX_DATE.isoformat(),
        )
    return value


async def as_of_query(
    as_of: Annotated[
        IsoDate | None, Query(description="Reference date (YYYY-MM-DD); default: today.")
    ] = None,
) -> date:
    return check_date(as_of or date.today(), "as_of")


AsOf = Annotated[date, Depends(as_of_query)]
