"""Test scenarios kept with a rule set: the file format, running, coverage, the shipped suite."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cases.validation import validate_records
from rules import load_ruleset, shipped_rulesets
from rules.parameters import with_parameters
from rules.scenarios import (
    ScenarioFileError,
    expectation_changes,
    load_scenarios,
    parse_scenarios,
    run,
    scenarios_path,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "examples.jsonl"
SHIPPED = scenarios_path(shipped_rulesets()["amit-nrw-default"])

CASE = """\
      case_id: T-1
      region: koeln
      received_on: 2026-09-14
      source: municipal
      birth_date: 1990-01-01
      departure_status: enforceable
      asylum_pending: false
      deportation_ban: false
      travel_document: valid
      in_custody: false
      offences:
        - {offence_id: O1, date: 2025-02-11, category: bodily_harm, status: convicted,
           sentence_months: 14}
      incidents: []
"""


def suite_text(expect: str, extra: str = "", case: str = CASE) -> str:
    return (
        "ruleset: amit-nrw-default\n"
        "scenarios:\n"
        "  - name: Gewaltdelikt\n"
        "    as_of: 2026-11-23\n"
        f"{extra}"
        "    case:\n"
        f"{case}"
        "    expect:\n"
        f"{expect}"
    )


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset("amit-nrw-default")


def test_the_shipped_suite_passes_with_full_coverage(ruleset) -> None:
    result = run(load_scenarios(SHIPPED), ruleset)
    assert result.passed, [o.text(ruleset) for o in result.failed]
    assert not result.gaps
    kinds = {row.kind for row in result.coverage}
    assert kinds == {"criterion", "blocker", "action", "tier"}
    ids = {row.id for row in result.coverage}
    assert ids == {
        *(rule.id for rule in (*ruleset.criteria, *ruleset.blockers, *ruleset.actions)),
        *ruleset.tier_ids,
    }
    assert "Abdeckung vollständig" in result.coverage_summary()


def test_the_shipped_suite_holds_the_worked_examples_of_spec_4(ruleset) -> None:
    suite = load_scenarios(SHIPPED)
    by_id = {s.case.case_id: s for s in suite.scenarios}
    for line in EXAMPLES.read_text().splitlines():
        record = json.loads(line)
        scenario = by_id[record["case_id"]]
        assert scenario.case == validate_records([record], today=date.max)[0]
        assert scenario.as_of.isoformat() == "2026-11-23"
    expected = {"EX-1": ("P1", 55), "EX-2": ("P3", 15), "EX-3": ("BLOCKED", 40)}
    assert {k: (by_id[k].expect.tier, by_id[k].expect.score) for k in expected} == expected


def test_a_failure_says_what_differed_in_german(ruleset) -> None:
    suite = parse_scenarios(
        suite_text("      tier: P2\n      score: 55\n      criteria: [VIOLENT, REPEAT]\n")
    )
    (outcome,) = run(suite, ruleset).outcomes
    assert not outcome.passed and outcome.tier == "P1" and outcome.score == 30
    assert outcome.text(ruleset) == (
        "✗ Gewaltdelikt (Zeile 3): Stufe erwartet Priorität 2, erhalten Priorität 1; "
        "Punkte erwartet 55, erhalten 30; Kriterien: es fehlt „Mehrfachtäter“"
    )
    assert "tier expected Priority 2, got Priority 1" in outcome.text(ruleset, "en")


def test_include_keys_check_at_least_and_exact_sets_check_exactly(ruleset) -> None:
    passing = parse_scenarios(
        suite_text("      criteria_include: [VIOLENT]\n      blockers: []\n      actions: []\n")
    )
    assert run(passing, ruleset).passed
    failing = parse_scenarios(suite_text("      criteria: []\n"))
    (outcome,) = run(failing, ruleset).outcomes
    assert "zusätzlich „Gewaltdelikt“" in outcome.text(ruleset)


def test_parameters_override_the_rule_set_for_one_scenario(ruleset) -> None:
    text = suite_text("      tier: NONE\n", "    parameters: {violent_sentence_months: 15}\n")
    assert run(parse_scenarios(text), ruleset).passed


def test_ids_the_rule_set_does_not_have_fail_the_scenario_with_a_hint(ruleset) -> None:
    (outcome,) = run(parse_scenarios(suite_text("      criteria: [VIOLNET]\n")), ruleset).outcomes
    assert not outcome.passed and "VIOLNET" in outcome.text(ruleset)
    assert "VIOLENT" in outcome.text(ruleset)  # did you mean
    bad = parse_scenarios(suite_text("      tier: NONE\n", "    parameters: {nope: 1}\n"))
    (outcome,) = run(bad, ruleset).outcomes
    assert not outcome.passed and "Parameter nicht anwendbar" in outcome.text(ruleset)


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        (suite_text("      tier: P1\n      tire: P1\n"), 22, "scenarios[0].expect.tire", "tier"),
        (suite_text("      tier: [P1]\n"), 21, "scenarios[0].expect.tier", "Kennung"),
        (
            suite_text("      tier: P1\n", case=CASE.replace("region: koeln", "region: bonn")),
            7,
            "scenarios[0].case.region",
            "kein gültiger Fall",
        ),
        (
            suite_text("      tier: P1\n", case=CASE.replace("      in_custody: false\n", "")),
            5,
            "scenarios[0].case.in_custody",
            "Pflichtfeld fehlt",
        ),
        (
            suite_text("      tier: P1\n").replace("as_of: 2026-11-23", "as_of: 23.11.2026"),
            4,
            "scenarios[0].as_of",
            "JJJJ-MM-TT",
        ),
        ("ruleset: amit-nrw-default\nscenarios: []\n", 2, "scenarios", "nicht leere Liste"),
        ("ruleset: x\nscenarios:\n  - {name: [\n", 4, "<file>", "kein gültiges YAML"),
    ],
)
def test_a_malformed_file_names_line_and_key(text: str, line: int, key: str, words: str) -> None:
    with pytest.raises(ScenarioFileError) as error:
        parse_scenarios(text, source="s.yaml")
    issue = error.value.issues[0]
    assert (issue.line, issue.key) == (line, key), str(error.value)
    assert words in issue.text()
    assert issue.text().startswith(f"s.yaml:{line}: {key}: ")


def test_scenario_names_are_unique_and_the_suite_belongs_to_its_rule_set(ruleset) -> None:
    text = suite_text("      tier: P1\n")
    twice = text + text.split("scenarios:\n", 1)[1]
    with pytest.raises(ScenarioFileError) as error:
        parse_scenarios(twice)
    assert "schon in Szenario 1" in str(error.value)
    other = parse_scenarios(text.replace("ruleset: amit-nrw-default", "ruleset: anderes"))
    with pytest.raises(ScenarioFileError) as error:
        run(other, ruleset)
    assert error.value.issues[0].line == 1 and "anderes" in str(error.value)


def test_coverage_counts_fired_and_not_fired_and_names_gaps(ruleset) -> None:
    result = run(parse_scenarios(suite_text("      tier: P1\n")), ruleset)
    rows = {row.id: row for row in result.coverage}
    assert (rows["VIOLENT"].fired, rows["VIOLENT"].not_fired) == (1, 0)
    assert (rows["SERIOUS"].fired, rows["SERIOUS"].not_fired) == (0, 1)
    assert (rows["P1"].fired, rows["NONE"].not_fired) == (1, 1)
    summary = result.coverage_summary()
    assert (
        "Gewaltdelikt (trifft immer zu)" in summary
        and "Schwere Straftat (trifft nie zu)" in summary
    )


def test_a_parameter_change_breaks_exactly_the_scenarios_it_should(ruleset) -> None:
    drafted = with_parameters(ruleset, {"serious_sentence_months": 36})
    result = run(load_scenarios(SHIPPED), drafted)
    failed = {o.scenario.case.case_id for o in result.failed}
    # 24 and 30 months are no longer serious; SZ-19's 26 months neither.
    assert failed == {"EX-3", "SZ-02", "SZ-05", "SZ-19"}


def test_expectation_changes_by_name() -> None:
    old = parse_scenarios(suite_text("      tier: P1\n"))
    new = parse_scenarios(suite_text("      tier: P2\n"))
    changes = expectation_changes(old, new)
    assert (changes.changed, changes.added, changes.removed) == (("Gewaltdelikt",), (), ())
    renamed = parse_scenarios(suite_text("      tier: P1\n").replace("Gewaltdelikt", "Neu"))
    changes = expectation_changes(old, renamed)
    assert (changes.added, changes.removed) == (("Neu",), ("Gewaltdelikt",))


def test_a_key_written_twice_in_a_scenario_file_is_an_issue() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    first = text.index("\n", text.index("as_of:")) + 1
    indent = text[text.rindex("\n", 0, text.index("as_of:")) + 1 : text.index("as_of:")]
    doubled = text[:first] + f"{indent}as_of: 2026-01-01\n" + text[first:]
    with pytest.raises(ScenarioFileError) as refused:
        parse_scenarios(doubled, source="doubled.yaml")
    codes = [issue.code for issue in refused.value.issues]
    assert "key_twice" in codes
    (issue,) = [i for i in refused.value.issues if i.code == "key_twice"]
    assert issue.key.endswith("as_of") and "zweimal" in issue.message("de")
