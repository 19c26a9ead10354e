"""The placeholders of the help are words of the reader's language, never Typer's code.

Typer writes the type of a parameter without a ``metavar`` as ``<str>``, ``<path>``,
``<int range>``, ``<bool>`` and an argument in the usage line as ``{input}``;
:func:`service.cli.language._resolve_metavar` gives every argument and option a placeholder from
the catalogue (``cli.metavar.*``): ``DATEI``, ``ANZAHL``, ``BEGRÜNDUNG`` in German help,
``FILE``, ``COUNT``, ``REASON`` in English help, none for a flag.
"""

from __future__ import annotations

import re

import pytest

from tests.cli.test_startup import EVERY_COMMAND

#: Typer's own type labels, standing alone in the type column (``<file>.scenarios.yaml`` in a
#: help text is prose and not matched).
TYPER_TYPES = re.compile(
    r"(?<!\S)<(?:str|path|file|dir|int|float|bool|datetime|int range|float range|list\[[^\]]*\])>"
    r"(?!\S)"
)
#: click's and Typer's English type words, and the English placeholders of this catalogue.
ENGLISH_PLACEHOLDERS = re.compile(
    r"\b(?:TEXT|INTEGER|PATH|FLOAT|BOOLEAN|FILENAME|DIRECTORY|FILE|DIR|NUMBER|COUNT|VALUE|"
    r"REASON|RULESET|MODE|CASE|ROLE|COLUMN|GROUP|ATTRIBUTE|REQUEST|DATE|OPTIONS|ARGS)\b"
)
#: A parameter's code name in the usage line: ``{input}``, ``[scenarios]``.
CODE_NAME = re.compile(r"\{[a-z_]+\}|\[[a-z_]+\]")


def _name(words: tuple[str, ...]) -> str:
    return " ".join(words) or "triage"


def _usage(output: str) -> str:
    return next(line for line in output.splitlines() if "triage" in line).strip()


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("TRIAGE_LANG", raising=False)


@pytest.mark.parametrize("words", [(), *EVERY_COMMAND], ids=_name)
def test_german_help_shows_german_placeholders(cli, words: tuple[str, ...]) -> None:
    result = cli("--lang", "de", *words, "--help")
    assert result.exit_code == 0, result.output
    assert not TYPER_TYPES.findall(result.stdout), result.stdout
    assert not ENGLISH_PLACEHOLDERS.findall(result.stdout), result.stdout
    assert not CODE_NAME.findall(_usage(result.stdout)), _usage(result.stdout)


@pytest.mark.parametrize("words", [(), *EVERY_COMMAND], ids=_name)
def test_english_help_shows_english_placeholders(cli, words: tuple[str, ...]) -> None:
    result = cli("--lang", "en", *words, "--help")
    assert result.exit_code == 0, result.output
    assert not TYPER_TYPES.findall(result.stdout), result.stdout
    assert not CODE_NAME.findall(_usage(result.stdout)), _usage(result.stdout)


def test_the_placeholders_of_some_commands(cli) -> None:
    rank = cli("--lang", "de", "rank", "--help").stdout
    assert "Aufruf: triage rank [OPTIONEN] DATEI" in rank
    assert re.search(r"--top\s+ANZAHL \[x>=1\]", rank)
    assert re.search(r"--rules\s+REGELWERK", rank)
    assert re.search(r"--help\s+Diese Hilfe", rank)  # a flag: no placeholder
    draft = cli("--lang", "de", "policy", "draft", "--help").stdout
    assert re.search(r"--reason\s+BEGRÜNDUNG", draft) and re.search(r"--file\s+DATEI", draft)
    imported = cli("--lang", "de", "cases", "export", "--help").stdout
    assert "Aufruf: triage cases export [OPTIONEN] AKTENZEICHEN" in imported
    verify = cli("--lang", "de", "audit", "verify", "--help").stdout
    assert re.search(r"--checkpoint\s+DATEI", verify) and re.search(r"--json\s+Ergebnis", verify)
    train = cli("--lang", "de", "train", "--help").stdout
    assert re.search(r"--seed\s+ZAHL", train) and re.search(r"--simulated\s+Auf", train)
    demo = cli("--lang", "de", "demo", "--help").stdout
    assert re.search(r"--host\s+ADRESSE", demo) and re.search(r"--port\s+PORT", demo)
    tests = cli("--lang", "de", "rules", "test", "--help").stdout
    assert "Aufruf: triage rules test [OPTIONEN] REGELWERK [DATEI…]" in tests
    english = cli("--lang", "en", "rank", "--help").stdout
    assert "Usage: triage rank [OPTIONS] FILE" in english
    assert re.search(r"--top\s+COUNT \[x>=1\]", english)
    # the same command objects serve both languages in one process: German again
    assert "Aufruf: triage rank [OPTIONEN] DATEI" in cli("rank", "--help").stdout


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", "Das Argument 'DATEI' fehlt."), ("en", "Missing argument 'FILE'.")],
)
def test_a_missing_argument_is_named_by_its_placeholder(cli, lang: str, expected: str) -> None:
    result = cli("--lang", lang, "rank")
    assert result.exit_code == 2
    assert expected in " ".join(result.stderr.split())
