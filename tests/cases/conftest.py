"""Fixtures of the cases tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cases.support import EXAMPLES, example_records


@pytest.fixture
def examples_path() -> Path:
    return EXAMPLES


@pytest.fixture
def records() -> list[dict[str, Any]]:
    """The three example cases (EX-3, EX-2, EX-1) as parsed JSON, fresh per test."""
    return example_records()
