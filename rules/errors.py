"""One exception tree for rule sets: every problem is data, put into words when it is shown.

A :class:`RuleIssue` says where a problem is (file, line, rule id, key path), what it is as a
code of the message catalogue with its values (``rulecheck.*``, see
:mod:`texts.messages.rule_check`), what was expected and what was found, and the closest known
name. Nothing in it is a sentence: :meth:`RuleIssue.text` says it in the reader's language
(German unless English is chosen), so the rule set editor, ``triage rules check`` and the API's
422 answers word the same issue in the language of whoever reads it.

``expected`` (and, for a kind of value, ``found``) is either a value as written in the file or
an expectation in words, stored as a catalogue code (:func:`expect`, :func:`either`,
:func:`texts.coded`) and rendered with the issue.
"""

from __future__ import annotations

import difflib
import json
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from texts import coded, has, text
from texts.catalogue import CODE_MARK

#: Key prefix of the checker's texts in the catalogue.
PREFIX = "rulecheck."

Value = str | int | float | None

#: Around a value as written in the file while an issue is put into words (:meth:`segments`).
_OPEN, _CLOSE = "\x02", "\x03"
_MARKED = re.compile(f"({_OPEN}[^{_CLOSE}]*{_CLOSE})")


def did_you_mean(found: Any, known: Iterable[str]) -> str | None:
    """The closest known name to a misspelt one, if any is close enough."""
    names = [name for name in known if isinstance(name, str)]  # YAML keys may be anything
    matches = difflib.get_close_matches(str(found), names, n=1, cutoff=0.6)
    return matches[0] if matches else None


def expect(name: str, /, **values: Value) -> str:
    """An expectation in words (``rulecheck.expect.<name>``), stored as a code."""
    return coded(f"{PREFIX}expect.{name}", **values)


def either(*choices: str) -> str:
    """``a, b or c`` with the choices as written (``oder``/``or`` in the reader's language);
    ``–`` when there is nothing to choose from (a rule set without tiers)."""
    if not choices:
        return "–"
    if len(choices) == 1:
        return choices[0]
    return coded(f"{PREFIX}expect.or", items=", ".join(choices[:-1]), last=choices[-1])


def kind_of(value: Any) -> str:
    """What kind of value was found, in words (a list, a mapping, a text, ...)."""
    if value is None:
        name = "nothing"
    elif isinstance(value, bool):
        name = "bool"
    elif isinstance(value, int | float):
        name = "number"
    elif isinstance(value, str):
        name = "text"
    elif isinstance(value, Mapping):
        name = "mapping"
    elif isinstance(value, list | tuple):
        name = "list"
    else:
        return type(value).__name__
    return coded(f"{PREFIX}found.kind.{name}")


def _plain(value: object) -> str:
    return str(value).replace(_OPEN, "").replace(_CLOSE, "")


def _said(value: Value, lang: str) -> str:
    """A stored value in words: a coded text rendered in ``lang`` (its own values marked as
    written), anything else marked as written."""
    if isinstance(value, str) and value.startswith(CODE_MARK):
        key, _, raw = value[len(CODE_MARK) :].partition(" ")
        try:
            values = json.loads(raw) if raw else {}
        except ValueError:
            values = None
        if isinstance(values, dict) and has(key):
            return _filled(key, values, lang)
    return f"{_OPEN}{_plain('' if value is None else value)}{_CLOSE}"


#: Words of the rule set language whose placeholder (``{yaml_<name>}``) cannot be the word itself.
_AS_WRITTEN = {
    "model_features": "model.features",
    "triage_db_upgrade": "triage db upgrade",
    "triage_policy_list": "triage policy list",
}


def _filled(key: str, values: Mapping[str, Any], lang: str) -> str:
    """The text ``key`` with its values: numbers as they are, anything else by :func:`_said`;
    a ``{yaml_<name>}`` placeholder of the checker's texts is the word ``name`` as written."""
    filled = {
        name: value
        if isinstance(value, int | float) and not isinstance(value, bool)
        else _said(value, lang)
        for name, value in values.items()
    }
    if key.startswith(PREFIX):
        for _, name, _, _ in string.Formatter().parse(text(key, lang)):
            if name and name.startswith("yaml_") and name not in filled:
                word = name.removeprefix("yaml_")
                filled[name] = _said(_AS_WRITTEN.get(word, word), lang)
    return text(key, lang, **filled)


def _json(value: Any) -> Value:
    """A value as JSON holds it (a date or a list from a YAML file as it is shown)."""
    return value if value is None or isinstance(value, str | int | float) else show(value)


def _unmarked(marked: str) -> str:
    return marked.replace(_OPEN, "").replace(_CLOSE, "")


def words(key: str, values: Mapping[str, Any], lang: str = "de") -> str:
    """The text ``key`` in ``lang`` with its values, a stored code among them said in ``lang``
    too (a scenario issue whose value is a problem of its case)."""
    return _unmarked(_filled(key, values, lang))


@dataclass(frozen=True)
class RuleIssue:
    """One problem in a rule set file: where it is, what it is (a catalogue code with its
    values), what was expected, what was found and the closest known name."""

    source: str
    rule_id: str | None
    key: str
    code: str  # a catalogue key, ``rulecheck.*`` for the checker's own issues
    expected: str | None = None
    found: str | None = None
    suggestion: str | None = None
    line: int | None = None  # 1-based line in the YAML text, when known
    values: Mapping[str, Value] = field(default_factory=dict, hash=False)

    def _marked(self, lang: str) -> str:
        said = _filled(self.code, self.values, lang)
        if self.expected is not None and self.found is not None:
            said += text(
                PREFIX + "show.expected_found",
                lang,
                expected=_said(self.expected, lang),
                found=_said(self.found, lang),
            )
        elif self.expected is not None:
            said += text(PREFIX + "show.expected", lang, expected=_said(self.expected, lang))
        elif self.found is not None:
            said += text(PREFIX + "show.found", lang, found=_said(self.found, lang))
        if self.suggestion:
            said += text(PREFIX + "show.suggestion", lang, suggestion=_said(self.suggestion, lang))
        return said

    def message(self, lang: str = "de") -> str:
        """What is wrong, in ``lang`` (without expected, found and suggestion)."""
        return _unmarked(_filled(self.code, self.values, lang))

    def detail(self, lang: str = "de") -> str:
        """What is wrong with what was expected, found and meant, in ``lang``."""
        return _unmarked(self._marked(lang))

    def segments(self, lang: str = "de") -> list[tuple[str, bool]]:
        """:meth:`detail` in pieces, each ``(text, as_written)``: a piece as written in the
        file (a name, a value) is shown as such (``<code>`` on a page), the rest is words."""
        pieces = _MARKED.split(self._marked(lang))
        return [
            (piece[1:-1], True) if piece.startswith(_OPEN) else (piece, False)
            for piece in pieces
            if piece and piece != _OPEN + _CLOSE
        ]

    @property
    def where(self) -> str:
        """``file:line: RULE: key.path`` (names as written, the same in every language)."""
        where = self.source + (f":{self.line}" if self.line is not None else "")
        return where + (f": {self.rule_id}" if self.rule_id else "") + f": {self.key}"

    def text(self, lang: str = "de") -> str:
        """The whole issue on one line, in ``lang``."""
        return f"{self.where}: {self.detail(lang)}"

    def __str__(self) -> str:
        return self.text()

    def as_dict(self, lang: str = "de") -> dict[str, Any]:
        """Every field as JSON, the words in ``lang`` (``code`` and ``values`` as stored)."""
        return {
            "source": self.source,
            "rule_id": self.rule_id,
            "key": self.key,
            "code": self.code,
            "values": {name: _json(value) for name, value in self.values.items()},
            "message": self.message(lang),
            "expected": None if self.expected is None else _unmarked(_said(self.expected, lang)),
            "found": None if self.found is None else _unmarked(_said(self.found, lang)),
            "suggestion": self.suggestion,
            "line": self.line,
        }


def rule_issue(
    source: str,
    rule_id: str | None,
    key: str,
    code: str,
    /,
    expected: str | None = None,
    found: Any = None,
    suggestion: str | None = None,
    line: int | None = None,
    **values: Value,
) -> RuleIssue:
    """An issue of the checker: ``code`` is a key under ``rulecheck.``; ``found`` is shown as
    written (:func:`show`) unless it is already a stored code or a text."""
    return RuleIssue(
        source,
        rule_id,
        key,
        PREFIX + code,
        expected,
        None if found is None else show(found),
        suggestion,
        line,
        values,
    )


def unknown(
    source: str,
    rule_id: str | None,
    key: str,
    what: str,
    expected: str | None,
    found: Any,
    known: Iterable[str],
    **values: Value,
) -> RuleIssue:
    """The one way to report a name that is not known: "unknown WHAT (expected ..., found
    ...); did you mean ...?" -- the closest known name, when one is close enough. ``what`` is
    a key under ``rulecheck.unknown.``."""
    return RuleIssue(
        source,
        rule_id,
        key,
        f"{PREFIX}unknown.{what}",
        expected,
        None if found is None else show(found),
        did_you_mean(found, known),
        values=values,
    )


def show(value: Any) -> str:
    """A found value as an issue shows it: strings as they are, anything else as repr, short."""
    said = value if isinstance(value, str) else repr(value)
    return said if len(said) <= 80 else said[:77] + "..."


class RuleSetError(ValueError):
    """A rule set file (or a parameter change) that cannot be used; carries every issue."""

    def __init__(self, issues: list[RuleIssue]) -> None:
        self.issues = issues
        lines = "\n".join(f"  - {issue}" for issue in issues)
        super().__init__(f"{text(PREFIX + 'show.summary', 'de', n=len(issues))}\n{lines}")

    def texts(self, lang: str = "de") -> list[str]:
        """Every issue on its own line, in ``lang``."""
        return [issue.text(lang) for issue in self.issues]


class ParameterError(RuleSetError):
    """A parameter value that is unknown, of the wrong type or outside its allowed range."""
