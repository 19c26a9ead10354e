"""JSON Lines and JSON array readers: strict (no duplicate keys, no NaN), with line numbers."""

from __future__ import annotations

import json
import re
from typing import Any

from cases.io._common import _Parsed
from cases.validation import InputIssue, describe


class _DuplicateKeyError(ValueError):
    pass


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys; that would drop a value silently.
    out = dict(pairs)  # built in C; the slow search below runs only when a key repeats
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return out


class _ConstantError(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _ConstantError(name)


_DECODER = json.JSONDecoder(
    object_pairs_hook=_object_without_duplicates, parse_constant=_reject_constant
)
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, position: int) -> int:
    """The position after any JSON whitespace at ``position``."""
    match = _WHITESPACE.match(text, position)
    assert match is not None  # the pattern matches the empty string too
    return match.end()


_CASE_ID_IN_TEXT = re.compile(r'"case_id"\s*:\s*"([^"\\]{1,64})"')


def _too_many_digits(error: Exception) -> bool:
    """Python's refusal of an integer of more than 4,300 digits (its English words never
    reach the caller)."""
    message = str(error)
    return isinstance(error, ValueError) and "digits" in message and "limit" in message.lower()


def _syntax_issue(error: Exception, text: str, line: int) -> InputIssue:
    """An issue for JSON that cannot be parsed, with the case id if one is readable."""
    found = _CASE_ID_IN_TEXT.search(text)
    case_id = found.group(1) if found else None
    if isinstance(error, _DuplicateKeyError):
        code, shown, where = "json.duplicate_key", repr(error.args[0]), None
    elif isinstance(error, _ConstantError):
        code, shown, where = "json.not_a_number", str(error.args[0]), None
    elif isinstance(error, json.JSONDecodeError):
        code, shown, where = "json.syntax", error.msg, str(error.colno)
    elif isinstance(error, RecursionError):
        code, shown, where = "json.too_deep", None, None
    elif _too_many_digits(error):
        code, shown, where = "json.number_too_long", None, None
    else:
        code, shown, where = "json.syntax", str(error)[:120], "–"
    # a number that cannot be read is a problem of the input (named as a whole, like the
    # service names it: "Upload: …"), with the line it stands on
    path = "<file>" if _too_many_digits(error) else "<record>"
    return InputIssue.of(case_id, path, code, found=shown, expected=where, line=line)


def _parse_jsonl(text: str) -> _Parsed:
    parsed = _Parsed()
    # split("\n"), not splitlines(): U+2028 and friends may stand inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue  # blank lines (a trailing newline, spacing) carry no record
        try:
            parsed.add(_DECODER.decode(line), number)
        except (ValueError, RecursionError) as error:
            parsed.issues.append(_syntax_issue(error, line, number))
    return parsed


_PLAIN_DECODER = json.JSONDecoder()


def _parse_json_array(text: str) -> _Parsed:
    """A JSON array of case objects, remembering the line on which each case starts."""
    parsed = _Parsed()
    counted, line = 0, 1

    def line_at(position: int) -> int:
        nonlocal counted, line
        line += text.count("\n", counted, position)
        counted = position
        return line

    def problem(
        code: str, position: int, found: str | None = None, expected: str | None = None
    ) -> _Parsed:
        where = line_at(position)
        issue = InputIssue.of(None, "<file>", code, found=found, expected=expected, line=where)
        parsed.issues.append(issue)
        return parsed

    position = _skip_space(text, 0)
    if position == len(text):
        return problem("file.empty", 0)
    if not text.startswith("[", position):
        try:
            value = _PLAIN_DECODER.decode(text)
        except json.JSONDecodeError as error:
            return problem("json.syntax", error.pos, error.msg, str(error.colno))
        except RecursionError:
            return problem("json.too_deep", position)
        except ValueError as error:  # a number of too many digits
            parsed.issues.append(_syntax_issue(error, text[:2000], line_at(position)))
            return parsed
        if isinstance(value, dict):
            return problem("json.one_object", position)
        return problem("json.not_array", position, describe(value))
    position = _skip_space(text, position + 1)
    closed = text.startswith("]", position)
    while not closed:
        start = position
        try:
            record, position = _DECODER.raw_decode(text, start)
            parsed.add(record, line_at(start))
        except json.JSONDecodeError as error:
            return problem("json.syntax", error.pos, error.msg, str(error.colno))
        except RecursionError:
            return problem("json.too_deep", start)
        except ValueError as error:
            # Valid syntax with a duplicate key or NaN: report it and read on.
            parsed.issues.append(_syntax_issue(error, text[start : start + 2000], line_at(start)))
            if _too_many_digits(error):
                return parsed  # the number cannot be read past: no more records to find
            _, position = _PLAIN_DECODER.raw_decode(text, start)
        position = _skip_space(text, position)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif text.startswith("]", position):
            closed = True
        else:
            return problem("json.after_case", position)
    rest = _skip_space(text, position + 1)
    if rest != len(text):
        return problem("json.extra_data", rest)
    return parsed
