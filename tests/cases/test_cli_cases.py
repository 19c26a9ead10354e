"""``triage validate`` and ``triage generate`` as a user runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cases.io import load_cases
from service.cli.app import _register, app
from tests.cases.support import EXAMPLES, TODAY

_register()


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def plain(text: str) -> str:
    """Error text without rich's panel frame and line wrapping."""
    return " ".join(re.sub(r"[╭╮╰╯│─]", " ", text).split())


def test_validate_a_clean_file() -> None:
    result = run("validate", str(EXAMPLES), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "OK: 3 Fälle gültig"
    assert result.stderr == ""


def test_validate_prints_every_problem_on_its_own_line(tmp_path: Path) -> None:
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace('"sentence_months": 30', '"sentence_months": -30')
    lines[2] = lines[2].replace('"asylum_pending": false', '"asylum_pending": "false"')
    lines.insert(1, "{not json")
    (tmp_path / "bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", str(tmp_path / "bad.jsonl"), "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert result.stdout == ""
    problems = result.stderr.splitlines()
    assert problems[0] == (
        "Zeile 1: Fall EX-3: offences[0].sentence_months: zu klein: erwartet mindestens 0, "
        "gefunden -30"
    )
    assert problems[1].startswith("Zeile 2: Fall <ohne case_id>: <record>: ungültiges JSON:")
    assert problems[2] == (
        "Zeile 4: Fall EX-1: asylum_pending: falscher Typ: erwartet einen Wahrheitswert "
        "(true/false), gefunden 'false'"
    )
    assert problems[3] == "Fehler: 3 Probleme in 2 Fällen"


def test_validate_today_decides_which_dates_are_in_the_future() -> None:
    result = run("validate", str(EXAMPLES), "--today", "2026-11-01")
    assert result.exit_code == 1
    assert (
        "Zeile 2: Fall EX-2: received_on: Datum liegt nach dem Tag des Imports: erwartet "
        "spätestens 2026-11-01, gefunden 2026-11-02" in result.stderr
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["validate", str(EXAMPLES), "--today", "2026-02-30"],
            "Ungültiger Wert für '--today': '2026-02-30' ist kein gültiges Datum",
        ),
        (
            ["validate", "missing.jsonl"],
            "Ungültiger Wert für 'DATEI': 'missing.jsonl' gibt es nicht",
        ),
        (["validate", str(EXAMPLES.parent)], "offences.csv"),  # a folder without the CSV files
    ],
)
def test_validate_usage_errors(args: list[str], expected: str) -> None:
    result = run(*args)
    assert result.exit_code in (1, 2)
    assert expected.lower() in plain(result.stderr).lower()


def test_validate_unknown_suffix_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "cases.txt").write_text("", encoding="utf-8")
    result = run("validate", str(tmp_path / "cases.txt"))
    assert result.exit_code == 2
    assert plain(result.stderr).startswith("Fehler: ")
    assert "Format an der Endung .txt nicht erkennbar" in plain(result.stderr)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "parquet"])
def test_generate_writes_valid_reproducible_files(tmp_path: Path, fmt: str) -> None:
    outputs = []
    for name in ("a", "b"):
        target = tmp_path / f"{name}.{fmt}"
        result = run(
            "generate",
            "--n",
            "40",
            "--seed",
            "9",
            "--out",
            str(target),
            "--as-of",
            TODAY.isoformat(),
        )
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"OK: 40 Fälle geschrieben: {target}")
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    cases = load_cases(tmp_path / f"a.{fmt}", today=TODAY)
    assert len(cases) == 40 and cases[0].case_id == "R-0000001"


def test_generate_csv_into_a_directory(tmp_path: Path) -> None:
    result = run(
        "generate",
        "-n",
        "5",
        "--seed",
        "1",
        "--out",
        str(tmp_path / "out"),
        "--format",
        "csv",
        "--as-of",
        TODAY.isoformat(),
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "cases.csv",
        "incidents.csv",
        "offences.csv",
    ]
    assert len(load_cases(tmp_path / "out", today=TODAY)) == 5


def test_generate_and_validate_a_csv_zip(tmp_path: Path) -> None:
    target = tmp_path / "export.zip"
    result = run(
        "generate", "--n", "4", "--seed", "2", "--out", str(target), "--as-of", TODAY.isoformat()
    )
    assert result.exit_code == 0, result.output
    result = run("validate", str(target), "--today", TODAY.isoformat())
    assert (result.exit_code, result.stdout.strip()) == (0, "OK: 4 Fälle gültig")


def test_generate_reports_a_path_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("", encoding="utf-8")
    result = run(
        "generate", "--n", "2", "--seed", "1", "--out", str(tmp_path / "taken"), "--format", "csv"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Fehler: ") and "taken" in result.stderr


def test_generate_format_option_overrides_the_suffix(tmp_path: Path) -> None:
    target = tmp_path / "cases.data"
    result = run(
        "generate",
        "--n",
        "3",
        "--seed",
        "1",
        "--out",
        str(target),
        "--format",
        "json",
        "--as-of",
        TODAY.isoformat(),
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 3


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--as-of", "2026-13-01"],
            "Ungültiger Wert für '--as-of': '2026-13-01' ist kein gültiges Datum",
        ),
        (["--n", "0"], "Ungültiger Wert für '--n' / '-n': 0 ist zu klein: mindestens 1."),
        (["--format", "xml"], "Ungültiger Wert für '--format': 'xml' ist keiner der Werte"),
    ],
)
def test_generate_usage_errors_name_the_option(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    base = {"--n": "3", "--seed": "1", "--out": str(tmp_path / "x.jsonl")}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    result = run("generate", *[part for pair in base.items() for part in pair])
    assert result.exit_code == 2
    assert expected in plain(result.stderr)
    assert not (tmp_path / "x.jsonl").exists()


def test_generate_needs_a_format_it_can_tell(tmp_path: Path) -> None:
    result = run("generate", "--n", "3", "--seed", "1", "--out", str(tmp_path / "x.txt"))
    assert result.exit_code == 2
    assert "Ungültiger Wert für '--out': Das Format ist aus" in plain(result.stderr)
