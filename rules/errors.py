"""One exception tree for rule sets: every problem is data with a sentence for a human."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def did_you_mean(found: str, known: Iterable[str]) -> str | None:
    """The closest known name to a misspelt one, if any is close enough."""
    matches = difflib.get_close_matches(str(found), list(known), n=1, cutoff=0.6)
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


class RuleSetError(ValueError):
    """A rule set file (or a parameter change) that cannot be used; carries every issue."""

    def __init__(self, issues: list[RuleIssue]) -> None:
        self.issues = issues
        lines = "\n".join(f"  - {issue}" for issue in issues)
        super().__init__(f"{len(issues)} problem(s) in the rule set:\n{lines}")


class ParameterError(RuleSetError):
    """A parameter value that is unknown, of the wrong type or outside its allowed range."""
