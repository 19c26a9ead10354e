"""Case files on the command line as people hand them over: empty, misnamed, bad.

Every command that reads cases (rank, explain, validate, simulate, replay) answers an unknown file
name with one line and exit code 2, an input without cases with an error and exit code 1 without
touching an existing output file, and bad records in German (English with ``--lang en``) with
what was found and what was expected.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[1] / "fixtures" / "examples.jsonl"


def _events(tmp_path: Path) -> Path:
    events = tmp_path / "events.jsonl"
    events.write_text("")
    return events


def _commands(tmp_path: Path, source: Path) -> dict[str, list[object]]:
    return {
        "rank": ["rank", source, "--as-of", "2026-11-23"],
        "explain": ["explain", source, "EX-1", "--as-of", "2026-11-23"],
        "validate": ["validate", source, "--today", "2026-11-23"],
        "simulate": [
            "simulate",
            source,
            "--as-of",
            "2026-11-23",
            "--set",
            "repeat_min_convictions=2",
        ],
        "replay": ["replay", source, _events(tmp_path), "--as-of", "2026-11-23"],
    }


@pytest.mark.parametrize("command", ["rank", "explain", "validate", "simulate", "replay"])
def test_an_unknown_file_suffix_is_one_line_and_exit_code_2(cli, tmp_path, command) -> None:
    source = tmp_path / "cases.txt"
    source.write_text(EXAMPLES.read_text())
    result = cli(*_commands(tmp_path, source)[command])
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Fehler: ") and ".txt" in lines[0] and "Traceback" not in lines[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.jsonl", ""), ("blank.jsonl", "\n\n"), ("empty.json", "[]"), ("none.json", " [ ]\n")],
)
@pytest.mark.parametrize("command", ["rank", "explain", "validate", "simulate", "replay"])
def test_an_input_without_cases_is_an_error(cli, tmp_path, command, name, content) -> None:
    source = tmp_path / name
    source.write_text(content)
    result = cli(*_commands(tmp_path, source)[command])
    assert result.exit_code == 1, result.stderr
    assert "keinen Fall" in result.stderr


def test_rank_leaves_an_existing_queue_alone_when_the_input_is_empty(cli, tmp_path) -> None:
    queue = tmp_path / "q.jsonl"
    assert cli("rank", EXAMPLES, "--as-of", "2026-11-23", "--out", queue).exit_code == 0
    before = queue.read_bytes()
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    result = cli("rank", empty, "--as-of", "2026-11-23", "--out", queue)
    assert result.exit_code == 1
    assert queue.read_bytes() == before


def _bad_file(tmp_path: Path) -> Path:
    records = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line.strip()]
    records[0]["asylum_pending"] = "false"
    records[1]["region"] = "bonn"
    source = tmp_path / "bad.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    return source


def test_validation_messages_say_found_and_expected_in_german(cli, tmp_path) -> None:
    result = cli("validate", _bad_file(tmp_path), "--today", "2026-11-23")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "Zeile 1: Fall EX-3: asylum_pending: falscher Typ: erwartet einen Wahrheitswert "
        "(true/false), gefunden 'false'"
    )
    assert lines[1].startswith("Zeile 2: Fall EX-2: region: unzulässiger Wert: erwartet einen von")
    assert lines[1].endswith("gefunden 'bonn'")
    assert "Input should" not in result.stderr


def test_validation_messages_in_english_with_lang_en(cli, tmp_path) -> None:
    result = cli("rank", _bad_file(tmp_path), "--as-of", "2026-11-23", "--lang", "en")
    assert result.exit_code == 1
    assert (
        "error: line 1: case EX-3: asylum_pending: wrong type: expected a boolean (true/false), "
        "found 'false'"
    ) in result.stderr
    assert "2 errors; nothing written." in result.stderr
