"""Checking page inputs by hand, so that a bad value gives an error summary, never a JSON 422."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from service.params import MAX_DATE, MIN_DATE, plain_text


@dataclass
class FormErrors:
    """Errors of one form: field id -> text key, in the order found (for the error summary)."""

    fields: dict[str, str] = field(default_factory=dict)

    def add(self, field_id: str, key: str) -> None:
        self.fields.setdefault(field_id, key)

    def __bool__(self) -> bool:
        return bool(self.fields)

    def get(self, field_id: str) -> str | None:
        return self.fields.get(field_id)


def parse_date(value: str | None, errors: FormErrors, field_id: str = "as_of") -> date:
    """A reference date (default today); a bad one is an error and today is used."""
    if value is None or not value.strip():
        return date.today()
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        errors.add(field_id, "bad_date")
        return date.today()
    if not MIN_DATE <= day <= MAX_DATE:
        errors.add(field_id, "bad_date")
        return date.today()
    return day


def parse_page(value: str | None) -> int:
    """A page number >= 1 (anything else is page 1)."""
    try:
        page = int(value or 1)
    except ValueError:
        return 1
    return min(max(page, 1), 1_000_000)


def plain(value: str, limit: int) -> str | None:
    """``value`` stripped, or ``None`` when too long or holding control characters."""
    value = value.strip()
    if len(value) > limit:
        return None
    try:
        return plain_text(value)
    except ValueError:
        return None
