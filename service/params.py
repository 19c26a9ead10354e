"""Query parameters shared by several routers (reference dates)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Query, status

#: Free text may hold line breaks and tabs, no other control characters (PostgreSQL refuses NUL).
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str) -> str:
    """Pydantic validator: refuse control characters other than line breaks and tabs."""
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed")
    return value


MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)


def invalid(name: str, message: str, where: str = "query") -> HTTPException:
    """A 422 in FastAPI's own error shape, for checks the type system cannot express."""
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        [{"loc": [where, name], "msg": message, "type": "value_error"}],
    )


def check_date(value: date, name: str, where: str = "query") -> date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise invalid(name, f"{value.isoformat()} is outside {MIN_DATE} … {MAX_DATE}", where)
    return value


async def as_of_query(
    as_of: Annotated[
        date | None, Query(description="Stichtag / reference date (YYYY-MM-DD); default: today.")
    ] = None,
) -> date:
    return check_date(as_of or date.today(), "as_of")


AsOf = Annotated[date, Depends(as_of_query)]
