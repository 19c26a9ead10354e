"""Validation of raw case records into :class:`cases.model.Case`, all or nothing.

Every problem becomes an :class:`InputIssue` that names the case, the record path
(``offences[2].sentence_months``), what was expected and what was found. A batch with any issue
raises :class:`CaseInputError` carrying all of them; nothing partial is returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePath
from typing import Any

from pydantic import ValidationError

from cases.model import Case
from cases.schema import CASE_SPEC, NESTED_SPECS, RULES
from texts import text

#: Field names whose allowed values are a vocabulary (a ``Literal`` of the model).
_VOCABULARIES: dict[str, tuple[str, ...]] = {
    f.name: f.vocabulary
    for spec in (CASE_SPEC, *NESTED_SPECS.values())
    for f in spec
    if f.kind == "enum"
}
#: ``expected`` of these codes names a ``validation.expect.*`` text, not a value.
_WORDED = ("type", "pattern")
#: The path of a problem with the input as a whole until the input's name is known
#: (:attr:`CaseInputError.source` puts the file's name in its place).
WHOLE_INPUT = "<file>"


def describe(value: Any) -> str:
    """A value as it stood in the input, for ``found`` (``repr``, at most 60 characters)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def vocabulary_text(values: Iterable[str]) -> str:
    """The allowed values of a vocabulary as ``expected``: ``'f', 'm', 'x'``."""
    return ", ".join(repr(value) for value in values)


def issue_text(code: str, found: str | None, expected: str | None, lang: str = "de") -> str:
    """The sentence for one problem in ``lang``."""
    if code in _WORDED and expected is not None:
        expected = text(f"validation.expect.{expected}", lang)
    return text(f"validation.{code}", lang, found=found or "–", expected=expected or "–")


@dataclass(frozen=True)
class InputIssue:
    """One problem in one record of the input.

    ``code`` (a ``validation.*`` text key), ``found`` and ``expected`` say what is wrong;
    ``message`` is its German sentence (issues made before codes existed carry only a message).
    """

    case_id: str | None
    path: str
    message: str
    line: int | None = None  # 1-based position of the case in its input
    code: str | None = None
    found: str | None = None
    expected: str | None = None
    #: where a nested record came from when it has its own file (CSV): ("offences.csv", 7)
    origin: tuple[str, int] | None = None
    #: a problem of the input as a whole (``path`` is the input's name): no case to name
    whole_input: bool = False

    @classmethod
    def of(
        cls,
        case_id: str | None,
        path: str,
        code: str,
        *,
        found: str | None = None,
        expected: str | None = None,
        line: int | None = None,
    ) -> InputIssue:
        said = issue_text(code, found, expected)
        return cls(case_id, path, said, line, code, found, expected)

    def in_input(self, name: str) -> InputIssue:
        """The same issue naming the input ``name`` when it is about the input as a whole."""
        if self.path != WHOLE_INPUT:
            return self
        return replace(self, path=name, whole_input=True)

    def located(self, origin: tuple[str, int]) -> InputIssue:
        """The same issue, naming the file and line its record came from."""
        issue = replace(self, origin=origin)
        return replace(issue, message=issue.text())

    def text(self, lang: str = "de") -> str:
        """What is wrong, in ``lang``."""
        said = (
            self.message
            if self.code is None
            else issue_text(self.code, self.found, self.expected, lang)
        )
        if self.origin is None:
            return said
        file, line = self.origin
        return said + text("validation.where.origin", lang, file=file, line=line)

    def format(self, lang: str = "de") -> str:
        """``Zeile 4: Fall EX-1: offences[2].date: …`` in ``lang``."""
        where = text("validation.where.line", lang, line=self.line) if self.line else ""
        if self.whole_input or self.path == WHOLE_INPUT:  # "empty.jsonl: die Eingabe enthält …"
            return f"{where}{self.path}: {self.text(lang)}"
        case = self.case_id if self.case_id is not None else text("validation.where.no_case", lang)
        return f"{where}{text('validation.where.case', lang, case=case)}{self.path}: " + self.text(
            lang
        )

    def __str__(self) -> str:
        return self.format()

    def as_dict(self, lang: str = "de") -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "path": self.path,
            "message": self.text(lang),
            "line": self.line,
            "code": self.code,
            "found": self.found,
            "expected": self.expected,
        }


class CaseInputError(ValueError):
    """Raised when an input holds any bad record; carries every issue found."""

    def __init__(
        self, issues: list[InputIssue], source: str | None = None, total: int | None = None
    ) -> None:
        self.issues = issues
        #: How many problems there were; ``issues`` may hold only the first of them.
        self.total = max(total or 0, len(issues))
        self.source = source
        head = f"{source}: " if source else ""
        super().__init__(f"{head}{self.total} problem(s) in the input; nothing was stored")

    @property
    def source(self) -> str | None:
        """The input (a path or an upload's name); setting it names the input in the problems
        with the input as a whole (``empty.jsonl: die Eingabe enthält keinen Fall``)."""
        return self._source

    @source.setter
    def source(self, value: str | None) -> None:
        self._source = value
        if value:
            name = PurePath(value).name or value
            self.issues = [issue.in_input(name) for issue in self.issues]


def format_path(loc: Iterable[int | str]) -> str:
    """Turn a pydantic location tuple into ``offences[2].sentence_months``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "<record>"


_TYPE_CODES = {
    "string_type": "string",
    "bool_type": "boolean",
    "int_type": "integer",
    "float_type": "number",
    "list_type": "list",
    "model_type": "object",
    "dict_type": "object",
    "model_attributes_type": "object",
    # values read from text (environment variables, query strings)
    "int_parsing": "integer",
    "int_from_float": "integer",
    "float_parsing": "number",
    "bool_parsing": "boolean",
}
_BOUND_CODES = {
    "string_too_short": ("too_short", "min_length"),
    "string_too_long": ("too_long", "max_length"),
    "greater_than_equal": ("too_small", "ge"),
    "less_than_equal": ("too_large", "le"),
}


#: pydantic's own date refusals (a query parameter, a settings value) by the words they need.
_DATE_CODES = {
    "date_type": "date_format",
    "date_parsing": "date_format",
    "date_from_datetime_parsing": "date_format",
    "date_from_datetime_inexact": "date_time",
}


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _issue_from_pydantic(item: Any, case_id: str | None, line: int | None) -> InputIssue:
    """One pydantic error as a coded issue (the columnar checks make the same ones)."""
    loc = list(item["loc"])
    ctx = item.get("ctx") or {}
    kind = item["type"]
    # Nullable fields add their branch to loc (e.g. 'float', 'none'); keep real field names.
    loc = [p for p in loc if isinstance(p, int) or not p.startswith(("function-", "lax-"))]
    loc = [
        p
        for i, p in enumerate(loc)
        if not (
            i
            and isinstance(loc[i - 1], str)
            and p in ("float", "none", "int", "str", "bool", "date")
        )
    ]
    found = describe(item["input"]) if "input" in item else None
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    code, expected = "invalid", None
    if kind == "duplicate_record_id":
        loc += [ctx["index"], ctx["key"]]
        code, found, expected = "duplicate_record_id", describe(ctx["record_id"]), str(ctx["first"])
    elif kind == "extra_forbidden":
        code, found = "unknown_field", None
    elif kind == "missing":
        code, found = "missing", None
    elif kind in _TYPE_CODES:
        code, expected = "type", _TYPE_CODES[kind]
    elif kind == "literal_error":
        allowed = _VOCABULARIES.get(field)
        code = "enum"
        # pydantic says "'demo' or 'production'"; the sentence lists them like a vocabulary
        said = re.split(r",\s*|\s+or\s+", str(ctx.get("expected", "")))
        expected = vocabulary_text(allowed) if allowed else ", ".join(p for p in said if p)
    elif kind == "string_pattern_mismatch":
        code, expected = "pattern", field
    elif kind in _BOUND_CODES:
        code, bound = _BOUND_CODES[kind]
        expected = _number(ctx[bound])
    elif kind == "finite_number":
        code = "not_finite"
    elif kind in (
        "date_format",
        "date_time",
        "date_invalid",
        "missing_sentence",
        "control_characters",
    ):
        code = kind
    elif kind in _DATE_CODES:
        code = _DATE_CODES[kind]
    else:
        found = f"{item['msg']}; {found}"
    return InputIssue.of(case_id, format_path(loc), code, found=found, expected=expected, line=line)


def issue_from_pydantic(item: Any) -> InputIssue:
    """One pydantic error of any model (e.g. the settings) as a coded issue: its words."""
    return _issue_from_pydantic(item, None, None)


def _issues_from_pydantic(
    error: ValidationError, case_id: str | None, line: int | None
) -> Iterator[InputIssue]:
    for item in error.errors(include_url=False):
        yield _issue_from_pydantic(item, case_id, line)


def _future_dates(case: Case, today: date, line: int | None) -> Iterator[InputIssue]:
    for field in RULES.past_dates:  # dates that describe the past (cases.schema)
        value = getattr(case, field)
        if value is not None and value > today:
            yield _future(case.case_id, field, value, today, line)
    for kind, field in RULES.record_dates.items():
        for index, record in enumerate(getattr(case, kind)):
            day = getattr(record, field)
            if day is not None and day > today:
                yield _future(case.case_id, f"{kind}[{index}].{field}", day, today, line)


def _future(case_id: str, path: str, day: date, today: date, line: int | None) -> InputIssue:
    return InputIssue.of(
        case_id, path, "date_future", found=day.isoformat(), expected=today.isoformat(), line=line
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
                    InputIssue.of(
                        case_id,
                        "case_id",
                        "duplicate_case_id",
                        found=describe(case_id),
                        expected=str(first_line[case_id]),
                        line=line,
                    )
                )
            else:
                first_line[case_id] = line
        if not isinstance(raw, Mapping):
            issues.append(
                InputIssue.of(None, "<record>", "not_object", found=describe(raw), line=line)
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
