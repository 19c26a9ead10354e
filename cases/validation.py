"""Validation of raw case records into :class:`cases.model.Case`, all or nothing.

Every problem becomes an :class:`InputIssue` that names the case, the record path
(``offences[2].sentence_months``), what was expected and what was found. A batch with any issue
raises :class:`CaseInputError` carrying all of them; nothing partial is returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from cases.model import Case

#: Dates that describe the past; one after the day of import is an error.
_PAST_DATES = ("received_on", "birth_date")
_RECORD_DATES = (("offences", "offence_id"), ("incidents", "incident_id"))


@dataclass(frozen=True)
class InputIssue:
    """One problem in one record of the input."""

    case_id: str | None
    path: str
    message: str
    line: int | None = None  # 1-based position of the case in its input

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        case = self.case_id if self.case_id is not None else "<no case_id>"
        return f"{where}case {case}: {self.path}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "path": self.path,
            "message": self.message,
            "line": self.line,
        }


class CaseInputError(ValueError):
    """Raised when an input holds any bad record; carries every issue found."""

    def __init__(self, issues: list[InputIssue], source: str | None = None) -> None:
        self.issues = issues
        self.source = source
        head = f"{source}: " if source else ""
        super().__init__(f"{head}{len(issues)} problem(s) in the input; nothing was stored")


def format_path(loc: Iterable[int | str]) -> str:
    """Turn a pydantic location tuple into ``offences[2].sentence_months``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "<record>"


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _issues_from_pydantic(
    error: ValidationError, case_id: str | None, line: int | None
) -> Iterator[InputIssue]:
    for item in error.errors(include_url=False):
        loc = list(item["loc"])
        ctx = item.get("ctx") or {}
        if item["type"] == "duplicate_record_id":
            loc += [ctx["index"], ctx["key"]]
        # Tagged unions add the tag to loc (e.g. 'float', 'none'); keep only real field names.
        loc = [p for p in loc if isinstance(p, int) or not p.startswith(("function-", "lax-"))]
        loc = [p for p in loc if p not in ("float", "none", "int", "str", "bool", "date")]
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field (not part of the case format)"
        elif item["type"] == "missing":
            message = "required field is missing"
        elif "input" in item and item["type"] not in ("duplicate_record_id", "value_error"):
            message = f"{message}; found {_describe(item['input'])}"
        yield InputIssue(case_id, format_path(loc), message, line)


def _future_dates(case: Case, today: date, line: int | None) -> Iterator[InputIssue]:
    for field in _PAST_DATES:
        value = getattr(case, field)
        if value > today:
            yield InputIssue(
                case.case_id,
                field,
                f"date {value.isoformat()} lies after the day of import {today.isoformat()}",
                line,
            )
    for kind, _key in _RECORD_DATES:
        for index, record in enumerate(getattr(case, kind)):
            if record.date > today:
                yield InputIssue(
                    case.case_id,
                    f"{kind}[{index}].date",
                    f"date {record.date.isoformat()} lies after the day of import "
                    f"{today.isoformat()}",
                    line,
                )


def _raw_case_id(raw: Any) -> str | None:
    if isinstance(raw, Mapping):
        value = raw.get("case_id")
        return value if isinstance(value, str) else None
    return None


def validate_records(
    raw_records: Iterable[Any], *, today: date | None = None, source: str | None = None
) -> list[Case]:
    """Validate raw records (dicts as parsed from any format) into cases, all or nothing.

    ``today`` is the day of import: dates after it are errors. Raises :class:`CaseInputError`
    with every issue when any record is bad.
    """
    today = today or date.today()
    cases: list[Case] = []
    issues: list[InputIssue] = []
    first_line: dict[str, int] = {}
    for line, raw in enumerate(raw_records, start=1):
        case_id = _raw_case_id(raw)
        if case_id is not None:
            # Duplicates are found on the raw id, so an invalid first copy still counts.
            if case_id in first_line:
                issues.append(
                    InputIssue(
                        case_id,
                        "case_id",
                        f"duplicate case_id in this input (first on line {first_line[case_id]})",
                        line,
                    )
                )
            else:
                first_line[case_id] = line
        if not isinstance(raw, Mapping):
            issues.append(
                InputIssue(
                    None, "<record>", f"expected a JSON object, found {type(raw).__name__}", line
                )
            )
            continue
        try:
            case = Case.model_validate(raw)
        except ValidationError as error:
            issues.extend(_issues_from_pydantic(error, case_id, line))
            continue
        issues.extend(_future_dates(case, today, line))
        cases.append(case)
    if issues:
        raise CaseInputError(issues, source)
    return cases
