"""One exception tree for rule sets: every problem is data with a sentence for a human."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def did_you_mean(found: Any, known: Iterable[str]) -> str | None:
    """The closest known name to a misspelt one, if any is close enough."""
    names = [name for name in known if isinstance(name, str)]  # YAML keys may be anything
    matches = difflib.get_close_matches(str(found), names, n=1, cutoff=0.6)
    return matches[0] if matches else None


@dataclass(frozen=True)
class RuleIssue:
    """One problem in a rule set file: where it is, what was expected, what was found."""

    source: str
    rule_id: str | None
    key: str
    message: str
    expected: str | None = None
    found: str | None = None
    suggestion: str | None = None
    line: int | None = None  # 1-based line in the YAML text, when known

    def __str__(self) -> str:
        where = self.source + (f":{self.line}" if self.line is not None else "")
        where += (f": {self.rule_id}" if self.rule_id else "") + f": {self.key}"
        text = f"{where}: {self.message}"
        if self.expected is not None:
            text += f" (expected {self.expected}"
            text += f", found {self.found})" if self.found is not None else ")"
        if self.suggestion:
            text += f"; did you mean {self.suggestion!r}?"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rule_id": self.rule_id,
            "key": self.key,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
            "suggestion": self.suggestion,
            "line": self.line,
        }


def unknown(
    source: str,
    rule_id: str | None,
    key: str,
    what: str,
    expected: str | None,
    found: Any,
    known: Iterable[str],
) -> RuleIssue:
    """The one way to report a name that is not known: "unknown WHAT (expected ..., found
    ...); did you mean ...?" -- the closest known name, when one is close enough."""
    return RuleIssue(
        source, rule_id, key, f"unknown {what}", expected, show(found), did_you_mean(found, known)
    )


def show(value: Any) -> str:
    """A found value as an issue shows it: strings as they are, anything else as repr, short."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class RuleSetError(ValueError):
    """A rule set file (or a parameter change) that cannot be used; carries every issue."""

    def __init__(self, issues: list[RuleIssue]) -> None:
        self.issues = issues
        lines = "\n".join(f"  - {issue}" for issue in issues)
        super().__init__(f"{len(issues)} problem(s) in the rule set:\n{lines}")


class ParameterError(RuleSetError):
    """A parameter value that is unknown, of the wrong type or outside its allowed range."""
