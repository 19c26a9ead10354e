"""Query parameters shared by several routers (reference dates)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
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

_ISO_MOMENT = re.compile(
    r"^\d{4}-\d{2}-\d{2}"  # a date
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"  # optionally a time
    r"(?:Z|[+-]\d{2}:?\d{2})?)?$"  # and a zone (none: UTC)
)


def iso_moment(value: str, name: str, where: str = "query") -> datetime:
    """A point in time written in ISO 8601: ``YYYY-MM-DD`` (midnight UTC),
    ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]`` (UTC when no zone is given) or with a zone (``Z``,
    ``+01:00``); always aware, in UTC.

    Numbers are refused (pydantic's lax mode reads ``0`` or ``-1`` as seconds since 1970), and
    a time without a zone is UTC instead of reaching the database naive (a 500, issue #14)."""
    moment: datetime | None = None
    if _ISO_MOMENT.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:  # 2026-02-30, 25:00
            moment = None
    if moment is None:
        raise invalid(name, "api.moment_format", where, value=value[:64])
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    check_date(moment.date(), name, where)
    return moment.astimezone(UTC)


async def since_query(
    since: Annotated[
        str | None,
        Query(
            max_length=64,
            description="Only records made after this time: ISO 8601, YYYY-MM-DD (midnight "
            "UTC) or YYYY-MM-DDTHH:MM[:SS] with a zone (Z, +01:00); without a zone UTC.",
        ),
    ] = None,
) -> datetime | None:
    return None if since is None else iso_moment(since, "since")


#: ``since=``: a point in time (:func:`iso_moment`), ``None`` when not given.
Since = Annotated[datetime | None, Depends(since_query)]
