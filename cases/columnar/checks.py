"""Every rule of SPEC §1 on whole columns.

Input is a caseload as three levels (cases, offences, incidents), each a set of columns: Arrow
arrays (from Parquet or the JSON Lines reader) or lists of Python values (from the exact JSON
and CSV readers, with :data:`ABSENT` where a record lacks the field). A column first gets its
type (:func:`_typed`): an Arrow column of the expected type as it is, anything else value by
value, each wrong value an issue. Then the rules run on the typed columns with
``pyarrow.compute`` and numpy: vocabularies, patterns, lengths, dates that exist and are not
after the day of import, ranges, the sentence rule, duplicate record and case ids.

The issues are exactly those of the pydantic model through :func:`cases.validation
.validate_records` (same codes, paths, found and expected; a differential test holds them
together), including its order of rules: a duplicate record id is only looked for when every
record of that list is valid, and a date after the day of import only in an otherwise valid case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cases.columnar.spec import arrow_type
from cases.schema import CASE_SPEC, RULES, Field
from cases.validation import InputIssue, describe, vocabulary_text


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


#: A field the record does not have (distinct from an explicit null).
ABSENT: Any = _Absent()

_NESTED_PATH = re.compile(r"^(offences|incidents)\[(\d+)\]")
_DATE_FORM = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_FIRST_DAY = (date(1, 1, 1) - date(1970, 1, 1)).days
_LAST_DAY = (date(9999, 12, 31) - date(1970, 1, 1)).days
_TYPE_WORDS = {"str": "string", "bool": "boolean", "number": "number", "int": "integer"}
_LIST_POSITION = {f.name: i for i, f in enumerate(CASE_SPEC)}


@dataclass
class Level:
    """One level of a caseload: its columns and where each row belongs.

    ``case`` is the case row of each row (for cases: the row itself), ``index`` the row's
    position in its case's list. ``null_is_absent``: Arrow nulls mean "absent" (Parquet).
    ``reported`` holds fields whose column was already reported as a whole (missing column).
    """

    name: str
    spec: tuple[Field, ...]
    rows: int
    columns: dict[str, pa.Array | list[Any]]
    case: np.ndarray
    index: np.ndarray
    null_is_absent: bool = False
    reported: set[str] = field(default_factory=set)
    #: rows that are no object at all (already reported; no field checks)
    skip: np.ndarray | None = None


@dataclass
class Checked:
    """The typed columns of the three levels and every issue found, as sortable tuples."""

    typed: dict[str, dict[str, pa.Array]]
    issues: list[tuple[Any, ...]]


class _Issues:
    """Issues as tuples ``(case_row, phase, position, index, sub, code, path, found, expected)``.

    ``phase``: 0 duplicate case id, 1 a rule of the model, 2 a date after the day of import.
    """

    def __init__(self) -> None:
        self.items: list[tuple[Any, ...]] = []

    def add(
        self,
        level: Level,
        rows: np.ndarray | Sequence[int],
        field_name: str,
        code: str,
        found: Sequence[str | None] | None = None,
        expected: str | None = None,
        phase: int = 1,
        sub: int | None = None,
    ) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return
        nested = level.name != "cases"
        names = [f.name for f in level.spec]
        position = _LIST_POSITION[level.name] if nested else _field_position(names, field_name)
        inner = _field_position(names, field_name) if nested and sub is None else (sub or 0)
        cases = level.case[rows].tolist()
        indices = level.index[rows].tolist()
        for i, row in enumerate(rows.tolist()):
            path = f"{level.name}[{indices[i]}].{field_name}" if nested else field_name
            if nested and not field_name:
                path = f"{level.name}[{indices[i]}]"
            self.items.append(
                (
                    cases[i],
                    phase,
                    position,
                    indices[i] if nested else 0,
                    inner,
                    code,
                    path,
                    found[i] if found is not None else None,
                    expected,
                    row,
                )
            )

    def add_raw(
        self,
        case_row: int,
        code: str,
        path: str,
        found: str | None = None,
        expected: str | None = None,
        position: int = 0,
        index: int = 0,
        inner: int = 0,
    ) -> None:
        self.items.append((case_row, 1, position, index, inner, code, path, found, expected, -1))


def _field_position(names: list[str], name: str) -> int:
    return names.index(name) if name in names else len(names) + 1


# ------------------------------------------------------------------------------ types


def _is_str(value: Any) -> bool:
    return type(value) is str


def _python_column(
    level: Level, spec: Field, values: list[Any], issues: _Issues
) -> tuple[pa.Array, np.ndarray]:
    """Type of a column of Python values: the typed array and the rows already reported."""
    bad: list[int] = []
    found: list[str | None] = []
    codes: list[tuple[str, str | None]] = []
    out: list[Any] = [None] * len(values)
    skip = level.skip

    def wrong(row: int, code: str, value: Any, expected: str | None = None) -> None:
        bad.append(row)
        codes.append((code, expected))
        found.append(describe(value) if code not in ("missing",) else None)

    kind = spec.kind
    for row, value in enumerate(values):
        if skip is not None and skip[row]:
            continue
        if value is ABSENT:
            if spec.presence == "required":
                wrong(row, "missing", None)
            elif spec.presence == "default":
                out[row] = False
            continue
        if value is None and spec.presence == "optional":
            continue
        if kind == "enum":
            if _is_str(value):
                out[row] = value
            else:
                wrong(row, "enum", value, vocabulary_text(spec.vocabulary))
        elif kind == "str":
            if _is_str(value):
                out[row] = value
            else:
                wrong(row, "type", value, "string")
        elif kind == "bool":
            if type(value) is bool:
                out[row] = value
            else:
                wrong(row, "type", value, "boolean")
        elif kind == "number":
            if type(value) is float:
                out[row] = value
            elif type(value) is int:
                try:
                    out[row] = float(value)
                except OverflowError:
                    wrong(row, "type", value, "number")
            else:
                wrong(row, "type", value, "number")
        elif kind == "int":
            if type(value) is not int:
                wrong(row, "type", value, "integer")
            elif spec.minimum is not None and value < spec.minimum:
                wrong(row, "too_small", value, _bound(spec.minimum))
            elif spec.maximum is not None and value > spec.maximum:
                wrong(row, "too_large", value, _bound(spec.maximum))
            else:
                out[row] = value
        elif kind == "date":
            if type(value) is datetime:
                wrong(row, "date_time", value)
            elif isinstance(value, date) and not isinstance(value, datetime):
                out[row] = value.isoformat()
            elif _is_str(value):
                out[row] = value
            else:
                wrong(row, "date_format", value)
        elif kind == "list":
            if type(value) is list:
                out[row] = True
            else:
                wrong(row, "type", value, "list")
    for (code, expected), row, shown in zip(codes, bad, found, strict=True):
        issues.add(level, [row], spec.name, code, [shown], expected)
    reported = np.zeros(len(values), dtype=bool)
    reported[bad] = True
    return pa.array(out, type=arrow_type(spec)), reported


def _bound(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _arrow_column(
    level: Level, spec: Field, column: pa.Array, issues: _Issues
) -> tuple[pa.Array, np.ndarray]:
    """Type of an Arrow column: as it is when its type fits, else value by value."""
    kind, target = spec.kind, arrow_type(spec)
    column = _plain(column, keep_dictionary=kind == "enum")
    reported = np.zeros(len(column), dtype=bool)
    if kind == "date" and (pa.types.is_date(column.type) or pa.types.is_timestamp(column.type)):
        return _arrow_dates(level, spec, column, issues)
    if kind == "list" and (pa.types.is_list(column.type) or pa.types.is_large_list(column.type)):
        column = column.is_valid()
        nulls = ~column.to_numpy(zero_copy_only=False)
        if nulls.any():
            rows = np.flatnonzero(nulls)
            if level.null_is_absent:
                issues.add(level, rows, spec.name, "missing")
            else:
                issues.add(level, rows, spec.name, "type", ["None"] * len(rows), "list")
            reported[rows] = True
        return column, reported
    fits = (
        column.type == target
        or pa.types.is_dictionary(column.type)  # an enumeration, its words of type string
        or (
            kind == "number"
            and (pa.types.is_integer(column.type) or pa.types.is_floating(column.type))
        )
        or (kind == "int" and pa.types.is_integer(column.type))
        or pa.types.is_null(column.type)
    )
    if not fits:
        values = column.to_pylist()
        if level.null_is_absent:
            values = [ABSENT if v is None else v for v in values]
        return _python_column(level, spec, values, issues)
    if pa.types.is_dictionary(column.type):
        pass  # checked word by word on its dictionary (see _rules)
    elif not pa.types.is_null(column.type):
        column = column.cast(target) if kind != "int" else _int_column(level, spec, column, issues)
    else:
        column = pa.nulls(len(column), target)
    nulls = column.is_null().to_numpy(zero_copy_only=False)
    if level.skip is not None:
        nulls &= ~level.skip
    if nulls.any():
        rows = np.flatnonzero(nulls)
        if level.null_is_absent:
            if spec.presence == "required":
                issues.add(level, rows, spec.name, "missing")
                reported[rows] = True
            elif spec.presence == "default":
                column = pc.fill_null(column, False)
        elif spec.presence != "optional":
            code, expected = _null_code(spec)
            issues.add(level, rows, spec.name, code, ["None"] * len(rows), expected)
            reported[rows] = True
    return column, reported


def _int_column(level: Level, spec: Field, column: pa.Array, issues: _Issues) -> pa.Array:
    """Whole numbers of any width as int64; values out of the bounds reported here."""
    keep = np.ones(len(column), dtype=bool)
    for code, bound, compare in (
        ("too_small", spec.minimum, pc.less),
        ("too_large", spec.maximum, pc.greater),
    ):
        if bound is None:
            continue
        rows = _rows(pc.fill_null(compare(column, pa.scalar(int(bound), column.type)), False))
        if len(rows):
            found = [describe(v) for v in column.take(pa.array(rows)).to_pylist()]
            issues.add(level, rows, spec.name, code, found, _bound(bound))
            keep[rows] = False
    return pc.if_else(pa.array(keep), column, None).cast(pa.int64())


def _null_code(spec: Field) -> tuple[str, str | None]:
    if spec.kind == "enum":
        return "enum", vocabulary_text(spec.vocabulary)
    if spec.kind == "date":
        return "date_format", None
    return "type", "list" if spec.kind == "list" else _TYPE_WORDS[spec.kind]


def _plain(column: pa.Array, *, keep_dictionary: bool = False) -> pa.Array:
    """One chunk; strings as ``string``; dictionaries decoded unless ``keep_dictionary`` and
    their words are strings (an enumeration is checked on its few distinct words)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_dictionary(column.type):
        words = column.type.value_type
        if keep_dictionary and (pa.types.is_string(words) or pa.types.is_large_string(words)):
            if not pa.types.is_string(words):
                column = pa.DictionaryArray.from_arrays(
                    column.indices, column.dictionary.cast(pa.string())
                )
            return column
        column = column.dictionary_decode()
    if pa.types.is_large_string(column.type) or pa.types.is_string_view(column.type):
        column = column.cast(pa.string())
    return column


def _timestamps_found(values: pa.Array) -> list[str]:
    """Timestamps as ``found``: Arrow's ISO text (``'2262-04-11 23:47:16.854775807'``), or the
    raw number where not even Arrow can write the instant (never Python's or pandas' words:
    a timestamp far outside the calendar overflows their types)."""
    raw = values.cast(pa.int64()).to_pylist()
    try:
        shown = pc.cast(values, pa.string()).to_pylist()
    except (pa.ArrowException, OverflowError, ValueError):
        shown = [None] * len(raw)
    return [
        describe(text) if text is not None and not text.startswith("<") else describe(number)
        for text, number in zip(shown, raw, strict=True)
    ]


def _arrow_dates(
    level: Level, spec: Field, column: pa.Array, issues: _Issues
) -> tuple[pa.Array, np.ndarray]:
    """Parquet dates: date32/date64 as they are, timestamps at midnight as their date."""
    reported = np.zeros(len(column), dtype=bool)
    if pa.types.is_date32(column.type) and (not column.null_count or spec.presence != "required"):
        numbers = column.cast(pa.int32())
        bounds = pc.min_max(numbers)
        low, high = bounds["min"].as_py(), bounds["max"].as_py()
        if low is None or (low >= _FIRST_DAY and high <= _LAST_DAY):
            return column, reported  # every day in the calendar, none missing: as it is
    if pa.types.is_timestamp(column.type):
        seconds = column.cast(pa.timestamp("s"), safe=False) if column.type.tz is None else None
        if seconds is None:
            with_time = column.is_valid().to_numpy(zero_copy_only=False)
        else:
            raw = seconds.cast(pa.int64()).to_numpy(zero_copy_only=False)
            exact = pc.equal(column.cast(pa.timestamp("s"), safe=False).cast(column.type), column)
            exact_np = np.nan_to_num(exact.to_numpy(zero_copy_only=False).astype(float), nan=1)
            with_time = column.is_valid().to_numpy(zero_copy_only=False) & (
                (np.nan_to_num(raw.astype(float), nan=0) % 86400 != 0) | (exact_np == 0)
            )
        rows = np.flatnonzero(with_time)
        if len(rows):
            found = _timestamps_found(column.take(pa.array(rows)))
            issues.add(level, rows, spec.name, "date_time", found)
            reported[rows] = True
        days = pc.if_else(pa.array(~with_time), column, None)
        days = pc.cast(pc.cast(days, pa.timestamp("s"), safe=False), pa.int64())
        values = np.floor(days.to_numpy(zero_copy_only=False).astype(float) / 86400)
    else:
        days = column.cast(pa.date32()).cast(pa.int32()).cast(pa.int64())
        values = days.to_numpy(zero_copy_only=False).astype(float)
    days = pa.array(values, from_pandas=True).cast(pa.int64())
    out_of_range = ~np.isnan(values) & ((values < _FIRST_DAY) | (values > _LAST_DAY))
    rows = np.flatnonzero(out_of_range)
    if len(rows):
        found = [f"{int(values[r])} (Tage seit 1970-01-01)" for r in rows]
        issues.add(level, rows, spec.name, "date_invalid", found)
        reported[rows] = True
    nulls = np.isnan(values) & ~reported
    if level.skip is not None:
        nulls &= ~level.skip
    if nulls.any() and spec.presence == "required":
        rows = np.flatnonzero(nulls)
        issues.add(level, rows, spec.name, "missing")
        reported[rows] = True
    keep = ~np.isnan(values) & ~out_of_range
    return pc.if_else(pa.array(keep), days, None).cast(pa.int32()).cast(pa.date32()), reported


# ------------------------------------------------------------------------------ rules


def _rows(mask: Any) -> np.ndarray:
    if not isinstance(mask, np.ndarray):
        mask = pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
    elif mask.dtype != bool:
        mask = np.nan_to_num(mask.astype(float), nan=0).astype(bool)
    return np.flatnonzero(mask)


def _found(original: pa.Array | list[Any], typed: pa.Array, rows: np.ndarray) -> list[str | None]:
    if isinstance(original, list):
        return [describe(original[r]) for r in rows.tolist()]
    return [describe(v) for v in typed.take(pa.array(rows)).to_pylist()]


def _rules(
    level: Level,
    spec: Field,
    typed: pa.Array,
    original: pa.Array | list[Any],
    issues: _Issues,
    today_days: int,
    future: list[np.ndarray],
) -> tuple[pa.Array, np.ndarray]:
    """The value rules of one typed column; returns the final column and the rows refused."""
    bad = np.zeros(len(typed), dtype=bool)
    present = typed.is_valid().to_numpy(zero_copy_only=False)

    def refuse(mask: Any, code: str, expected: str | None = None, found: Any = None) -> None:
        rows = _rows(mask)
        rows = rows[~bad[rows] & present[rows]]
        if len(rows):
            shown = found(rows) if found else _found(original, typed, rows)
            issues.add(level, rows, spec.name, code, shown, expected)
            bad[rows] = True

    if spec.kind == "enum":
        codes = vocabulary_codes(typed, spec.vocabulary)
        words = typed

        def shown(rows: np.ndarray) -> list[str | None]:
            if isinstance(original, list):
                return [describe(original[r]) for r in rows.tolist()]
            return [describe(v) for v in words.take(pa.array(rows)).to_pylist()]

        refuse(codes.is_null(), "enum", vocabulary_text(spec.vocabulary), shown)
        vocabulary = pa.array(spec.vocabulary, type=pa.string())
        return pa.DictionaryArray.from_arrays(codes, vocabulary), bad
    elif spec.kind == "str":
        lengths = pc.utf8_length(typed)
        if spec.min_length is not None:
            refuse(pc.less(lengths, spec.min_length), "too_short", str(spec.min_length))
        if spec.max_length is not None:
            refuse(pc.greater(lengths, spec.max_length), "too_long", str(spec.max_length))
        if spec.pattern:
            refuse(
                pc.invert(pc.match_substring_regex(typed, spec.pattern)),
                "pattern",
                spec.name,  # validation.expect.<field>: the pattern in words
            )
    elif spec.kind == "number":
        values = typed.to_numpy(zero_copy_only=False)
        if spec.finite:
            refuse(np.isinf(values), "not_finite")
        if spec.minimum is not None:
            refuse(values < spec.minimum, "too_small", _bound(spec.minimum))
        if spec.maximum is not None:
            refuse(values > spec.maximum, "too_large", _bound(spec.maximum))
    elif spec.kind == "date" and pa.types.is_date32(typed.type):
        _after(level, spec, typed, today_days, future)
        return typed, bad
    elif spec.kind == "date" and (days := _iso_days(typed)) is not None:
        _after(level, spec, days, today_days, future)
        return days, bad
    elif spec.kind == "date":
        refuse(pc.invert(pc.match_substring_regex(typed, _DATE_FORM)), "date_format")
        text = pc.if_else(pa.array(~bad), typed, None)
        year = _part(text, 0, 4)
        month = _part(text, 5, 7)
        day = _part(text, 8, 10)
        valid = ~np.isnan(year)
        exists = np.zeros(len(typed), dtype=bool)
        exists[valid] = _calendar(year[valid], month[valid], day[valid])
        refuse(valid & ~exists, "date_invalid")
        ok = valid & exists
        text = pc.if_else(pa.array(ok), text, None)
        stamps = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
        typed = pc.cast(stamps, pa.date32())
        _after(level, spec, typed, today_days, future)
        return typed, bad
    return typed, bad


def _iso_days(text: pa.Array) -> pa.Array | None:
    """Dates as ``YYYY-MM-DD`` text that all exist, as ``date32`` in one cast; ``None`` when
    any value is of another form or does not exist (the exact rules then name each).

    Arrow's cast takes exactly ten ASCII characters, four digits, ``-``, two, ``-``, two,
    forming a date of the calendar (year 0000 too, so days before 0001-01-01 are sent to the
    exact rules): the model's form; ten bytes rule out anything longer or shorter
    (``tests/cases/test_columnar.py`` compares the cast with the model on such texts)."""
    if text.null_count == len(text):
        return None
    if pc.all(pc.equal(pc.binary_length(text), 10)).as_py() is False:
        return None
    try:
        days: pa.Array = text.cast(pa.date32())
    except pa.ArrowException:
        return None
    first = pc.min(days.cast(pa.int32())).as_py()
    if first is not None and first < _FIRST_DAY:
        return None  # the cast takes year 0000, the calendar starts with year 1
    return days


def _after(
    level: Level, spec: Field, days: pa.Array, today_days: int, future: list[np.ndarray]
) -> None:
    """Rows of a date that must lie in the past (:data:`cases.schema.RULES`) but come after
    the day of import (reported later, for otherwise valid cases only)."""
    past = RULES.past_dates if level.name == "cases" else (RULES.record_dates.get(level.name, ""),)
    if spec.name not in past:
        return
    numbers = days.cast(pa.int32())
    latest = pc.max(numbers).as_py()
    if latest is not None and latest > today_days:
        future.append(_rows(pc.greater(numbers, today_days)))


def vocabulary_codes(column: pa.Array, vocabulary: tuple[str, ...]) -> pa.Array:
    """The position of every value in ``vocabulary`` (``int8``; null: absent or not a word of
    it). A dictionary column is looked up once per distinct word, not once per row."""
    value_set = pa.array(vocabulary, type=pa.string())
    if isinstance(column, pa.DictionaryArray):
        words = pc.index_in(column.dictionary, value_set=value_set).cast(pa.int8())
        codes: pa.Array = words.take(column.indices)
        return codes
    if pa.types.is_dictionary(column.type):
        return vocabulary_codes(column.dictionary_decode(), vocabulary)
    return pc.index_in(column, value_set=value_set).cast(pa.int8())


def _part(text: pa.Array, start: int, stop: int) -> np.ndarray:
    piece = pc.utf8_slice_codeunits(text, start, stop)
    values: np.ndarray = pc.cast(piece, pa.float64(), safe=False).to_numpy(zero_copy_only=False)
    return values.astype(float)


def _calendar(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    lengths = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    month_ok = (month >= 1) & (month <= 12)
    last = np.where(month_ok, lengths[np.clip(month, 0, 12).astype(int)], 0) + (leap & (month == 2))
    exists: np.ndarray = (year >= 1) & month_ok & (day >= 1) & (day <= last)
    return exists


# ------------------------------------------------------------------------------ the whole


def check_levels(
    cases: Level,
    nested: dict[str, Level],
    *,
    today: date,
    raw_case_ids: list[str | None] | pa.Array,
    found_before: list[tuple[Any, ...]] | None = None,
) -> Checked:
    """Every rule on the three levels; the typed columns and all issues.

    ``found_before``: issues the reader already found in these records (unknown fields, list
    items that are no objects); they count for the rules that look at a whole record.
    """
    issues = _Issues()
    issues.items.extend(found_before or [])
    today_days = (today - date(1970, 1, 1)).days
    typed: dict[str, dict[str, pa.Array]] = {}
    refused: dict[str, np.ndarray] = {}
    futures: dict[str, list[tuple[str, np.ndarray]]] = {}
    for level in (cases, *nested.values()):
        columns: dict[str, pa.Array] = {}
        level_bad = np.zeros(level.rows, dtype=bool)
        if level.name != "cases" and level.skip is not None:
            # list items that are null (Parquet): no object, as the model says
            rows = np.flatnonzero(level.skip)
            issues.add(level, rows, "", "type", ["None"] * len(rows), "object")
        futures[level.name] = []
        for spec in level.spec:
            original = level.columns.get(spec.name)
            if original is None:
                continue
            if isinstance(original, list):
                column, reported = _python_column(level, spec, original, issues)
            else:
                column, reported = _arrow_column(level, spec, original, issues)
            level_bad |= reported
            if spec.kind == "list":
                columns[spec.name] = column
                continue
            future: list[np.ndarray] = []
            column, bad = _rules(level, spec, column, original, issues, today_days, future)
            level_bad |= bad
            for rows in future:
                futures[level.name].append((spec.name, rows))
            columns[spec.name] = column
        if level.name == RULES.sentence[0]:
            _sentence_rule(level, columns, issues)
        typed[level.name] = columns
        refused[level.name] = level_bad
    _duplicate_records(nested, typed, issues)
    _duplicate_cases(cases, raw_case_ids, issues)
    _future_dates(cases, nested, typed, futures, issues, today)
    return Checked(typed, issues.items)


def _sentence_rule(level: Level, columns: dict[str, pa.Array], issues: _Issues) -> None:
    """A conviction needs ``sentence_months`` (when status and sentence are otherwise valid);
    the fields and the word are those of :data:`cases.schema.RULES`."""
    _, status_field, word, needed = RULES.sentence
    status, sentence = columns.get(status_field), columns.get(needed)
    if status is None or sentence is None:
        return
    original = level.columns.get(needed)
    convicted = pc.fill_null(_equals(status, word), False).to_numpy(zero_copy_only=False)
    empty = sentence.is_null().to_numpy(zero_copy_only=False)
    if isinstance(original, list):
        given = np.array([v is not ABSENT and v is not None for v in original], dtype=bool)
    elif original is not None:
        given = original.is_valid().to_numpy(zero_copy_only=False)
    else:
        given = np.zeros(level.rows, dtype=bool)
    rows = np.flatnonzero(convicted & empty & ~given)
    issues.add(level, rows, needed, "missing_sentence", ["None"] * len(rows))


def _equals(column: pa.Array, word: str) -> pa.Array:
    """Whether each value of an enumeration's typed column (codes into its vocabulary) is
    ``word``."""
    if isinstance(column, pa.DictionaryArray):
        position = column.dictionary.index(word).as_py()
        return pc.equal(column.indices, position)
    return pc.equal(column, word)


def _repeats(case: np.ndarray, ids: pa.Array) -> bool:
    """Whether any (case, id) pair occurs twice (null ids aside: a null id is reported on its
    own and keeps its case from the duplicate check). The ids as dictionary codes; when each
    case's records are consecutive and there are at most 64 distinct ids, one bit per id and
    an OR per case (no sort), else one integer sort."""
    encoded = pc.dictionary_encode(ids)
    size = len(encoded.dictionary)
    if size == len(ids) - ids.null_count:
        return False  # every id only once in the whole caseload
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    given = encoded.indices.is_valid().to_numpy(zero_copy_only=False)
    codes = np.where(given, codes, 0).astype(np.int64)
    case = case.astype(np.int64)
    if size <= 64 and len(case) and bool((case[1:] >= case[:-1]).all()):
        starts = np.flatnonzero(np.concatenate(([True], case[1:] != case[:-1])))
        bits = np.where(given, np.left_shift(np.uint64(1), codes.astype(np.uint64)), 0)
        distinct = np.bitwise_count(np.bitwise_or.reduceat(bits.astype(np.uint64), starts))
        counted = np.add.reduceat(given.astype(np.int64), starts)
        return bool((distinct < counted).any())
    keys = np.sort((case * (size + 1) + codes + 1)[given])
    return bool((keys[1:] == keys[:-1]).any())


def _duplicate_records(
    nested: dict[str, Level], typed: dict[str, dict[str, pa.Array]], issues: _Issues
) -> None:
    """The first repeated id of a list, when every record of that list is valid."""
    for name, level in nested.items():
        key = RULES.record_ids[name]
        ids = typed[name].get(key)
        if ids is None or level.rows == 0:
            continue
        if not _repeats(level.case, ids):
            continue  # no id twice in a case (the usual answer, found without Python objects)
        broken = {
            item[0] for item in issues.items if item[1] == 1 and item[6].startswith(f"{name}[")
        }
        case = level.case
        values = ids.to_numpy(zero_copy_only=False)
        order = np.lexsort((level.index, values.astype(str), case))
        sorted_case, sorted_ids = case[order], values[order].astype(str)
        same = np.zeros(len(order), dtype=bool)
        same[1:] = (sorted_case[1:] == sorted_case[:-1]) & (sorted_ids[1:] == sorted_ids[:-1])
        if not same.any():
            continue
        first_of_group = np.maximum.accumulate(np.where(~same, np.arange(len(order)), 0))
        dup_rows = order[same]
        first_rows = order[first_of_group[same]]
        seen: set[int] = set()
        for row, first in sorted(
            zip(dup_rows.tolist(), first_rows.tolist(), strict=True),
            key=lambda pair: (case[pair[0]], level.index[pair[0]]),
        ):
            owner = int(case[row])
            if owner in seen or owner in broken:
                continue
            seen.add(owner)
            issues.add(
                level,
                [row],
                key,
                "duplicate_record_id",
                [describe(values[row])],
                str(int(level.index[first])),
            )


def _duplicate_cases(
    cases: Level, raw_case_ids: list[str | None] | pa.Array, issues: _Issues
) -> None:
    if isinstance(raw_case_ids, pa.Array):
        ordered = raw_case_ids.take(pc.sort_indices(raw_case_ids))  # nulls last, never equal
        if not pc.any(pc.equal(ordered[1:], ordered[:-1])).as_py():
            return
        raw_case_ids = raw_case_ids.to_pylist()
    first: dict[str, int] = {}
    for row, case_id in enumerate(raw_case_ids):
        if case_id is None:
            continue
        if case_id in first:
            issues.add(
                cases, [row], "case_id", "duplicate_case_id", [describe(case_id)], None, phase=0
            )
            issues.items[-1] = (*issues.items[-1][:8], str(first[case_id]), row)
        else:
            first[case_id] = row


def _future_dates(
    cases: Level,
    nested: dict[str, Level],
    typed: dict[str, dict[str, pa.Array]],
    futures: dict[str, list[tuple[str, np.ndarray]]],
    issues: _Issues,
    today: date,
) -> None:
    """Dates after the day of import, for cases with no other problem (as the model does)."""
    broken = {item[0] for item in issues.items if item[1] == 1}
    for level in (cases, *nested.values()):
        for name, rows in futures[level.name]:
            rows = np.array([r for r in rows.tolist() if int(level.case[r]) not in broken])
            if not len(rows):
                continue
            days = typed[level.name][name].take(pa.array(rows)).to_pylist()
            found = [day.isoformat() for day in days]
            issues.add(level, rows, name, "date_future", found, today.isoformat(), phase=2)


def materialize(
    items: list[tuple[Any, ...]],
    lines: Sequence[int | None],
    case_ids: Sequence[str | None],
    limit: int | None = None,
    origins: dict[tuple[int, str, int], tuple[str, int]] | None = None,
) -> list[InputIssue]:
    """Sorted issues as :class:`InputIssue` (the first ``limit`` of them).

    ``origins`` name the file and line of nested records read from their own file (CSV).
    """
    ordered = sorted(items, key=lambda item: (item[0], item[1], item[2], item[3], item[4], item[9]))
    if limit is not None:
        ordered = ordered[:limit]
    out = []
    for case_row, _phase, _pos, _index, _sub, code, path, found, expected, _row in ordered:
        if code == "duplicate_case_id" and expected is not None:
            expected = str(lines[int(expected)])
        issue = InputIssue.of(
            case_ids[case_row], path, code, found=found, expected=expected, line=lines[case_row]
        )
        nested = _NESTED_PATH.match(path) if origins else None
        if nested and origins:
            origin = origins.get((case_row, nested.group(1), int(nested.group(2))))
            if origin is not None:
                issue = issue.located(origin)
        out.append(issue)
    return out


def finite(column: pa.Array) -> bool:
    """No NaN or infinity in a float column (JSON has neither; the Arrow reader lets them in)."""
    column = _plain(column)
    bad = pc.or_(pc.is_nan(column), pc.is_inf(column))
    return not pc.any(bad).as_py()
