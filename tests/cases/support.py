"""Shared data of the cases tests: the worked example of SPEC §4 and its day of import."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

from cases.validation import CaseInputError, InputIssue

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXAMPLES = FIXTURES / "examples.jsonl"
#: The worked example's reference date; every date in the examples lies on or before it.
TODAY = date(2026, 11, 23)


def example_records() -> list[dict[str, Any]]:
    """The three example cases (EX-3, EX-2, EX-1) as parsed JSON, a fresh copy each call."""
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return copy.deepcopy([json.loads(line) for line in lines if line.strip()])


def issues_raised(call: Any, *args: Any, **kwargs: Any) -> list[InputIssue]:
    """The issues a loader raises; fails the test when it raises nothing."""
    try:
        call(*args, **kwargs)
    except CaseInputError as error:
        assert error.issues, "CaseInputError without issues"
        return error.issues
    raise AssertionError(f"{getattr(call, '__name__', call)} accepted bad input")
