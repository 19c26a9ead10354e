"""``triage fairness`` and ``triage simulate`` name countries and sexes, not their codes;
their JSON keeps the codes (issue #11)."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _csv(tmp_path: Path, column: str) -> Path:
    path = tmp_path / "fairness.csv"
    rows = [("DEU", i < 10) for i in range(40)] + [("SYR", i < 10) for i in range(30)]
    rows += [("QQQ", True)] * 3 + [("", False)] * 2
    path.write_text(
        f"auswahl,ergebnis,{column}\n" + "".join(f"{int(p)},{int(p)},{g}\n" for g, p in rows),
        encoding="utf-8",
    )
    return path


def _fairness(cli, path: Path, column: str, *first: str, more: tuple[str, ...] = ()):
    args = ("fairness", str(path), "--pred", "auswahl", "--label", "ergebnis", "--group", column)
    return cli(*first, *args, *more)


def test_fairness_table_names_the_countries_in_the_readers_language(cli, tmp_path: Path) -> None:
    path = _csv(tmp_path, "nationality")
    german = _fairness(cli, path, "nationality")
    assert german.exit_code == 0, german.output
    for words in (
        "Fairness nach Staatsangehörigkeit",
        "Deutschland",
        "Syrien",
        "(ohne Angabe)",
        "die größte Gruppe, Deutschland",
    ):
        assert words in german.stdout, words
    assert "DEU" not in german.stdout and "SYR" not in german.stdout
    assert "QQQ" in german.stdout  # a code the catalogue does not know stays as it is
    english = _fairness(cli, path, "nationality", "--lang", "en")
    assert english.exit_code == 0, english.output
    for words in ("Fairness by nationality", "Germany", "Syria", "(not given)"):
        assert words in english.stdout, words
    assert "Deutschland" not in english.stdout


def test_fairness_json_keeps_the_codes(cli, tmp_path: Path) -> None:
    path = _csv(tmp_path, "nationality")
    result = _fairness(cli, path, "nationality", more=("--format", "json"))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {g["group"] for g in report["groups"]} >= {"DEU", "SYR", "QQQ"}
    assert report["reference_group"] == "DEU"


def test_fairness_of_any_other_column_shows_its_values(cli, tmp_path: Path) -> None:
    path = _csv(tmp_path, "gruppe")
    result = _fairness(cli, path, "gruppe")
    assert result.exit_code == 0, result.output
    assert "DEU" in result.stdout and "Deutschland" not in result.stdout


def test_simulate_names_countries_and_sexes(cli) -> None:
    args = (
        "simulate",
        str(ROOT / "examples" / "cases.jsonl"),
        "--as-of",
        "2026-11-23",
        "--set",
        "repeat_min_convictions=2",
        "--min-group-size",
        "1",
    )
    german = cli(*args)
    assert german.exit_code == 0, german.output
    for words in ("Rumänien", "Algerien", "Türkei", "weiblich", "männlich"):
        assert words in german.stdout, words
    for code in ("ROU", "DZA", "TUR"):
        assert code not in german.stdout, code
    english = cli("--lang", "en", *args)
    assert english.exit_code == 0, english.output
    for words in ("Romania", "Algeria", "female", "male"):
        assert words in english.stdout, words
