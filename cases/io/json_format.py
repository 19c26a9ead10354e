"""JSON Lines and JSON array readers: strict (no duplicate keys, no NaN), with line numbers."""

from __future__ import annotations

import json
import re
from typing import Any

from cases.io._common import _Parsed
from cases.validation import InputIssue


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


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


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


def _syntax_issue(error: Exception, text: str, line: int) -> InputIssue:
    """An issue for JSON that cannot be parsed, with the case id if one is readable."""
    found = _CASE_ID_IN_TEXT.search(text)
    if isinstance(error, _DuplicateKeyError):
        message = f"invalid JSON: key {error.args[0]!r} appears twice in one object"
    elif isinstance(error, json.JSONDecodeError):
        message = f"invalid JSON: {error.msg} (column {error.colno})"
    elif isinstance(error, RecursionError):
        message = "invalid JSON: nested too deeply"
    else:
        message = f"invalid JSON: {error}"
    return InputIssue(found.group(1) if found else None, "<record>", message, line)


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
_JSON_TYPE_NAMES = {
    "dict": "one object",
    "list": "an array",
    "str": "a string",
    "int": "a number",
    "float": "a number",
    "bool": "a boolean",
    "NoneType": "null",
}


def _parse_json_array(text: str) -> _Parsed:
    """A JSON array of case objects, remembering the line on which each case starts."""
    parsed = _Parsed()
    counted, line = 0, 1

    def line_at(position: int) -> int:
        nonlocal counted, line
        line += text.count("\n", counted, position)
        counted = position
        return line

    def problem(message: str, position: int) -> _Parsed:
        parsed.issues.append(InputIssue(None, "<file>", message, line_at(position)))
        return parsed

    position = _skip_space(text, 0)
    if position == len(text):
        return problem("the file is empty (expected a JSON array of case objects)", 0)
    if not text.startswith("[", position):
        try:
            found = _JSON_TYPE_NAMES.get(type(_PLAIN_DECODER.decode(text)).__name__, "a value")
        except json.JSONDecodeError as error:
            return problem(f"invalid JSON: {error.msg} (column {error.colno})", error.pos)
        except RecursionError:
            return problem("invalid JSON: nested too deeply", position)
        hint = " (one case per line belongs in a .jsonl file)" if found == "one object" else ""
        return problem(f"expected a JSON array of case objects, found {found}{hint}", position)
    position = _skip_space(text, position + 1)
    closed = text.startswith("]", position)
    while not closed:
        start = position
        try:
            record, position = _DECODER.raw_decode(text, start)
            parsed.add(record, line_at(start))
        except json.JSONDecodeError as error:
            return problem(f"invalid JSON: {error.msg} (column {error.colno})", error.pos)
        except RecursionError:
            return problem("invalid JSON: nested too deeply", start)
        except ValueError as error:
            # Valid syntax with a duplicate key or NaN: report it and read on.
            parsed.issues.append(_syntax_issue(error, text[start : start + 2000], line_at(start)))
            _, position = _PLAIN_DECODER.raw_decode(text, start)
        position = _skip_space(text, position)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif text.startswith("]", position):
            closed = True
        else:
            return problem("invalid JSON: expected ',' or ']' after a case", position)
    rest = _skip_space(text, position + 1)
    if rest != len(text):
        return problem("invalid JSON: extra data after the array", rest)
    return parsed
