"""An input with no case names its file: "empty.jsonl: die Eingabe enthält keinen Fall …"."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("validate",), "empty.jsonl: die Eingabe enthält keinen Fall (leere Datei"),
        (("rank",), "Fehler: empty.jsonl: die Eingabe enthält keinen Fall (leere Datei"),
        (("--lang", "en", "rank"), "error: empty.jsonl: the input contains no cases"),
    ],
)
def test_an_empty_file_is_named(cli, tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = cli(*args, empty)
    assert result.exit_code == 1, result.output
    assert said in result.output, result.output
    assert "<file>" not in result.output and "case_id>" not in result.output
