"""The three-file CSV layout: cells converted by the case schema, rows joined by case_id."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from cases.io._common import (
    _NESTED_KINDS,
    _REQUIRED,
    CASE_KINDS,
    CSV_FILES,
    _column_issues,
    _Parsed,
)
from cases.validation import InputIssue

_INT_TEXT = re.compile(r"[+-]?\d+\Z")
_NUMBER_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")


def _from_cell(kind: str, cell: str) -> Any:
    """A CSV cell as the JSON value it stands for; unconvertible text stays text."""
    if kind == "bool":
        return {"true": True, "false": False}.get(cell.lower(), cell)
    if kind in ("int", "number") and _INT_TEXT.match(cell):
        return int(cell)
    if kind == "number" and _NUMBER_TEXT.match(cell):
        return float(cell)
    return cell


def _csv_rows(text: str, name: str, parsed: _Parsed) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    try:
        for row in reader:
            start, end = end + 1, reader.line_num
            if row:
                yield start, row
    except csv.Error as error:
        parsed.issues.append(
            InputIssue.of(
                None, "<file>", "csv.unreadable", found=f"{name}: {error}", line=reader.line_num
            )
        )


def _csv_record(
    header: list[str],
    row: list[str],
    kinds: dict[str, str],
    line: int,
    where: str,
    parsed: _Parsed,
) -> dict[str, Any]:
    if len(row) > len(header):
        parsed.issues.append(
            InputIssue.of(
                None,
                "<record>",
                "csv.too_many_cells",
                found=str(len(row)),
                expected=str(len(header)),
                line=line,
            ).located((where, line))
        )
    return {
        column: _from_cell(kinds[column], cell)
        for column, cell in zip(header, row, strict=False)
        if column in kinds and cell != ""
    }


def _parse_csv(texts: dict[str, str | None]) -> _Parsed:
    """Join the three CSV files on ``case_id`` into case records."""
    parsed = _Parsed()
    for name in CSV_FILES:
        if texts.get(name) is None:
            parsed.issues.append(InputIssue.of(None, "<file>", "csv.missing_file", found=name))
    if parsed.issues:
        return parsed
    rows = _csv_rows(texts["cases.csv"] or "", "cases.csv", parsed)
    header = next(rows, (1, []))[1]
    _column_issues(
        parsed,
        header,
        CASE_KINDS,
        _REQUIRED["cases"] - set(_NESTED_KINDS),
        prefix="",
        where="cases.csv",
        line=1,
    )
    position_of: dict[str, int] = {}
    for line, row in rows:
        record = _csv_record(header, row, CASE_KINDS, line, "cases.csv", parsed)
        record["offences"], record["incidents"] = [], []
        if isinstance(record.get("case_id"), str):
            position_of.setdefault(record["case_id"], len(parsed.records))
        parsed.add(record, line)
    for kind, nested_kinds in _NESTED_KINDS.items():
        name = f"{kind}.csv"
        rows = _csv_rows(texts[name] or "", name, parsed)
        header = next(rows, (1, []))[1]
        _column_issues(
            parsed,
            header,
            {"case_id", *nested_kinds},
            {"case_id", *_REQUIRED[kind]},
            prefix=f"{kind}[*].",
            where=name,
            line=1,
        )
        if "case_id" not in header:
            continue
        for line, row in rows:
            record = _csv_record(header, row, nested_kinds, line, name, parsed)
            case_id = dict(zip(header, row, strict=False)).get("case_id", "")
            position = position_of.get(case_id)
            if position is None:
                parsed.issues.append(
                    InputIssue.of(
                        case_id or None, kind, "csv.unknown_case", found=repr(case_id)
                    ).located((name, line))
                )
                continue
            siblings = parsed.records[position][kind]
            parsed.origins[(position, kind, len(siblings))] = (name, line)
            siblings.append(record)
    return parsed
