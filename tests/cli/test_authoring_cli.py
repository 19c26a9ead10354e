"""``triage rules test``, ``rules diff`` and ``rules export`` as a rule author runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from rules.loading import shipped_rulesets
from rules.scenarios import scenarios_path

DEFAULT = shipped_rulesets()["amit-nrw-default"]
SHIPPED_SCENARIOS = scenarios_path(DEFAULT)


def copy_with(tmp_path: Path, change=None, scenarios: str | None = None) -> Path:
    """The default rule set (changed) and its scenarios, as files side by side."""
    document = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
    if change:
        change(document)
    path = tmp_path / "regelwerk.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    target = scenarios_path(path)
    if scenarios is None:
        shutil.copy(SHIPPED_SCENARIOS, target)
    else:
        target.write_text(scenarios, encoding="utf-8")
    return path


def test_the_shipped_suite_runs_green_with_full_coverage(cli):
    result = cli("rules", "test", "amit-nrw-default", "--require-full-coverage")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("amit-nrw-default v1 · ")
    assert any(
        line.strip().startswith("✓ EX-1: ") and "Priorität 1, 55 Punkte" in line for line in lines
    )
    assert "23 Szenarien: 23 bestanden, 0 fehlgeschlagen" in result.stdout
    assert "Abdeckung vollständig" in result.stdout
    assert "Lücke" not in result.stdout and "✗" not in result.stdout


def test_a_failing_scenario_is_exit_1_with_what_differed(cli, tmp_path):
    def raise_serious(document):
        document["parameters"]["serious_sentence_months"]["default"] = 36

    path = copy_with(tmp_path, raise_serious)
    result = cli("rules", "test", path)
    assert result.exit_code == 1
    failed = [line for line in result.stdout.splitlines() if "✗" in line]
    assert len(failed) == 4
    ex3 = next(line for line in failed if "EX-3" in line)
    assert "Stufe erwartet Rechtliches Hindernis, erhalten Kein aMIT-Fall" in ex3
    assert "Kriterien: es fehlt „Schwere Straftat“" in ex3
    assert "23 Szenarien: 19 bestanden, 4 fehlgeschlagen" in result.stdout


def test_a_malformed_scenario_file_is_exit_2_with_line_and_key(cli, tmp_path):
    text = SHIPPED_SCENARIOS.read_text(encoding="utf-8").replace(
        "      tier: P3\n", "      tier: P3\n      stufe: P3\n", 1
    )
    path = copy_with(tmp_path, scenarios=text)
    result = cli("rules", "test", path)
    assert result.exit_code == 2
    line = text.splitlines().index("      stufe: P3") + 1
    assert f"regelwerk.scenarios.yaml:{line}: scenarios[1].expect.stufe: unbekannter Schlüssel" in (
        result.stderr
    )


def test_scenario_files_named_on_the_command_line_and_json(cli, tmp_path):
    result = cli("rules", "test", "amit-nrw-default", SHIPPED_SCENARIOS, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["n"], data["failed"], data["coverage_complete"]) == (23, 0, True)
    assert {row["kind"] for row in data["coverage"]} == {"criterion", "blocker", "action", "tier"}
    missing = cli("rules", "test", tmp_path / "nichts.yaml")
    assert missing.exit_code == 1 and "unbekanntes Regelwerk" in missing.stderr


def test_coverage_gaps_fail_only_when_full_coverage_is_required(cli, tmp_path):
    one = SHIPPED_SCENARIOS.read_text(encoding="utf-8").split('\n  - name: "EX-2')[0] + "\n"
    path = copy_with(tmp_path, scenarios=one)
    assert cli("rules", "test", path).exit_code == 0
    strict = cli("rules", "test", path, "--require-full-coverage")
    assert strict.exit_code == 1 and "Abdeckungslücken" in strict.stdout


def test_diff_in_words(cli, tmp_path):
    def change(document):
        document["parameters"]["violent_categories"]["default"].append("drug_trafficking")
        document["criteria"][2]["points"] = 30

    path = copy_with(tmp_path, change)
    result = cli("rules", "diff", "amit-nrw-default", path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"2 Änderungen von amit-nrw-default v1 zu amit-nrw-default v1 (Datei {path.name}):",
        "  - Parameter „Deliktskategorien, die als Gewaltdelikte gelten“ geändert: zählt jetzt "
        "auch Drogenhandel",
        "  - Kriterium „Mehrfachtäter“ geändert: Punkte 25 → 30",
    ]
    english = cli("rules", "diff", "amit-nrw-default", path, "--format", "json", "--lang", "en")
    assert json.loads(english.stdout)["changes"][0]["details"] == [
        "now also counts drug trafficking"
    ]
    # the run's language, chosen before the command, counts here as for every command
    before = cli("--lang", "en", "rules", "diff", "amit-nrw-default", path)
    assert before.exit_code == 0, before.output
    assert before.stdout.startswith(
        f"2 changes from amit-nrw-default v1 to amit-nrw-default v1 (file {path.name}):"
    )


def test_export_dmn_writes_the_file_and_lists_what_is_not_expressed(cli, tmp_path):
    out = tmp_path / "regelwerk.dmn"
    result = cli("rules", "export", "amit-nrw-default", "--format", "dmn", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "Nicht in DMN ausgedrückt" in result.stderr
    assert "Reihenfolge der Fallliste" in result.stderr
    assert cli("rules", "export", "amit-nrw-default", "--format", "bpmn").exit_code == 2
