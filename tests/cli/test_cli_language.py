"""What the command line prints for a person reads in German only (issue #11, item 3).

Each command's output (stdout and stderr) goes through the checks of the every-page test
(:mod:`tests.web.language`): no text of the English catalogue or rule set, no raw rule, tier
or parameter identifier, no vocabulary code, no missing key. Machine formats (jsonl, json,
csv) carry ids on purpose and are not checked.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from rules import load_ruleset
from tests.web.language import foreign_fragments, identifiers, problems, vocabulary_codes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
FIXTURE = ROOT / "tests" / "fixtures" / "examples.jsonl"
AS_OF = ("--as-of", "2026-11-23")


def _fairness_csv(tmp_path: Path) -> Path:
    path = tmp_path / "fairness.csv"
    rows = [("DEU", i < 10) for i in range(40)] + [("SYR", i < 10) for i in range(20)]
    rows += [("TUR", True)] * 3
    path.write_text(
        "pred,label,group\n" + "".join(f"{int(p)},{int(p)},{g}\n" for g, p in rows),
        encoding="utf-8",
    )
    return path


def _commands(tmp_path: Path, busy: int) -> dict[str, list[str]]:
    return {
        "rank table": ["rank", str(FIXTURE), *AS_OF, "--format", "table"],
        "rank --out": ["rank", str(FIXTURE), *AS_OF, "--out", "queue.jsonl"],
        "explain": ["explain", str(FIXTURE), "EX-2", *AS_OF],
        "validate": ["validate", str(FIXTURE)],
        "replay": ["replay", str(EXAMPLES / "cases.jsonl"), str(EXAMPLES / "events.jsonl"), *AS_OF],
        "fairness": [
            "fairness",
            str(_fairness_csv(tmp_path)),
            "--pred",
            "pred",
            "--label",
            "label",
            "--group",
            "group",
        ],
        "demo, busy port": ["demo", "--port", str(busy), "--no-train"],
    }


def test_every_command_speaks_german(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    ruleset = load_ruleset()
    foreign = foreign_fragments("de", [ruleset])
    ids, codes = identifiers([ruleset]), vocabulary_codes()
    report = {}
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        for name, args in _commands(tmp_path, listener.getsockname()[1]).items():
            result = cli(*args)
            text = " ".join((result.stdout + " " + result.stderr).split())
            assert text.strip(), name
            if found := problems(text, "de", foreign, ids, codes):
                report[name] = found
    assert not report, report


@pytest.mark.parametrize("word", ["SERIOUS", "bodily_harm", "Why this tier"])
def test_the_check_catches_english_and_identifiers(word: str) -> None:
    ruleset = load_ruleset()
    found = problems(
        f"R-1: {word}",
        "de",
        foreign_fragments("de", [ruleset]),
        identifiers([ruleset]),
        vocabulary_codes(),
    )
    assert found
