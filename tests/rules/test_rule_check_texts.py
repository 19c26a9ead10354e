"""Every issue of the rule set checker is a code with German and English words (issue #11).

The checker stores codes (``rulecheck.*``) with their values, never sentences; these tests make
sure every code it can report has a text in both languages with the same placeholders, and that
an issue is said in the language asked for, with its names as written.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from rules.errors import RuleIssue, RuleSetError, either, expect
from rules.loading import parse_ruleset_text
from rules.scenarios import ScenarioIssue
from texts import catalogue

ROOT = Path(__file__).resolve().parents[2]
#: Where issues of rule sets are made.
SOURCES = [
    *sorted((ROOT / "rules").glob("*.py")),
    *sorted((ROOT / "service" / "rulesets").glob("*.py")),
]
#: The values an f-string code of the checker takes (``f"filter_ref.{ref}"``).
EXPANSIONS = {
    "rulecheck.filter_ref.": ("criterion", "blocker", "flag"),
    "rulecheck.no_points.": ("blocker", "action"),
    "rulecheck.cycle.": ("facts", "rules"),
    "rulecheck.expect.of_ruleset.": ("fact", "criterion", "blocker"),
    "rulecheck.unknown.": ("fact", "criterion", "blocker"),
    "rulecheck.found.type.": ("number", "bool", "date", "set", "enum"),
    "rulecheck.stored.": ("no_database", "not_found", "database"),
}


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _code(node: ast.expr, prefix: str) -> str | None:
    """The catalogue key a code argument names (``…`` for the formatted part of an f-string)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return prefix + node.value
    if isinstance(node, ast.JoinedStr):
        return prefix + "".join(
            part.value if isinstance(part, ast.Constant) else "…" for part in node.values
        )
    return None


def _used_codes() -> set[str]:
    """Every code the checker and the service's rule set code pass to an issue."""
    used: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            on_self = isinstance(func, ast.Attribute)
            where = {
                ("issue", True): (2, "rulecheck."),
                ("unknown", True): (2, "rulecheck.unknown."),
                ("unknown", False): (3, "rulecheck.unknown."),
                ("rule_issue", False): (3, "rulecheck."),
                ("expect", False): (0, "rulecheck.expect."),
                ("_refused", False): (1, "rulecheck."),
            }.get((name, on_self))
            if where is None or len(node.args) <= where[0]:
                continue
            code = _code(node.args[where[0]], where[1])
            if code is not None:
                used.add(code)
    return used


def test_every_checker_text_has_german_and_english_with_the_same_placeholders() -> None:
    keys = catalogue.keys("rulecheck.")
    assert len(keys) > 100
    for key, de, en in catalogue.entries():
        if not key.startswith("rulecheck."):
            continue
        assert de.strip() and en.strip(), key
        assert _placeholders(de) == _placeholders(en), key
        assert de != en, f"{key}: the same words in both languages"
        assert " / " not in de and " / " not in en, f"{key}: bilingual"


def test_every_code_the_checker_reports_has_its_texts() -> None:
    used = _used_codes()
    assert len(used) > 90, sorted(used)
    missing = []
    for code in used:
        if "…" not in code:
            if not catalogue.has(code):
                missing.append(code)
            continue
        prefix = code.split("…")[0]
        values = EXPANSIONS.get(prefix)
        assert values is not None, f"{code}: say in EXPANSIONS which values it takes"
        missing += [prefix + value for value in values if not catalogue.has(prefix + value)]
    assert not missing, missing


def test_every_scenario_issue_has_its_text() -> None:
    """The service shows a scenario file's issues as rule set issues (``issue_<code>``)."""
    source = (ROOT / "rules" / "scenarios.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'self\.issue\([^,]+,\s*"(\w+)"', source))
    codes |= {"unreadable", "yaml", "other_ruleset"}
    assert len(codes) > 8
    for code in codes:
        issue = ScenarioIssue("s.yaml", 1, "k", code)
        assert catalogue.has(f"authoring.scenario.issue_{code}"), issue


def test_an_issue_is_said_in_the_language_asked_for() -> None:
    issue = RuleIssue(
        "r.yaml",
        "SERIOUS",
        "criteria.SERIOUS.when.in",
        "rulecheck.membership_needs_list",
        expect("list_or_set_param"),
        "3",
        "in",
        12,
        {"op": "in"},
    )
    assert issue.text() == (
        "r.yaml:12: SERIOUS: criteria.SERIOUS.when.in: „in“ setzt eine Liste voraus "
        "(erwartet eine Liste oder einen Parameter der Art category_set, gefunden 3); "
        "meinten Sie „in“?"
    )
    assert issue.text("en") == (
        "r.yaml:12: SERIOUS: criteria.SERIOUS.when.in: “in” needs a list "
        "(expected a list or a parameter of the kind category_set, found 3); "
        "did you mean “in”?"
    )
    assert [piece for piece, as_written in issue.segments() if as_written] == [
        "in",
        "category_set",
        "3",
        "in",
    ]
    assert issue.as_dict("en") | {"values": {}} == {
        "source": "r.yaml",
        "rule_id": "SERIOUS",
        "key": "criteria.SERIOUS.when.in",
        "code": "rulecheck.membership_needs_list",
        "values": {},
        "message": "“in” needs a list",
        "expected": "a list or a parameter of the kind category_set",
        "found": "3",
        "suggestion": "in",
        "line": 12,
    }


def test_a_choice_of_nothing_is_a_dash() -> None:
    """Found by the junk test: a rule set without tiers that lists a priority tier."""
    assert either() == "–" and either("P1") == "P1"


def test_a_choice_of_names_is_joined_in_the_readers_language() -> None:
    issue = RuleIssue("r", None, "k", "rulecheck.unknown.direction", either("asc", "desc"), "up")
    assert issue.detail() == "unbekannte Richtung (erwartet asc oder desc, gefunden up)"
    assert issue.detail("en") == "unknown direction (expected asc or desc, found up)"


@pytest.mark.parametrize(
    ("broken", "code"),
    [
        ("name: x\nversion: 1\n  bad: [\n", "rulecheck.not_yaml"),
        ("- a\n- b\n", "rulecheck.ruleset_not_mapping"),
        (
            "name: x\nversion: 0\nparameters: {}\nfacts: {}\ncriteria: []\n",
            "rulecheck.needs_version",
        ),
    ],
)
def test_the_file_as_a_whole(broken: str, code: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        parse_ruleset_text(broken, source="x.yaml")
    issues = caught.value.issues
    assert code in {issue.code for issue in issues}
    for issue in issues:
        for lang in ("de", "en"):
            assert "[" + issue.code not in issue.text(lang)
    if code == "rulecheck.ruleset_not_mapping":
        (issue,) = issues
        assert issue.detail() == (
            "ein Regelwerk muss eine YAML-Zuordnung von Schlüsseln zu Werten sein "
            "(erwartet eine YAML-Zuordnung, gefunden eine Liste)"
        )


SCENARIO = """\
ruleset: amit-nrw-default
scenarios:
  - name: kaputt
    as_of: [2026, 11]
    case:
      case_id: S-1
      region: koeln
      received_on: 2026-09-14
      source: municipal
      birth_date: 1994-07-19
      departure_status: enforceable
      asylum_pending: "nein"
      deportation_ban: false
      travel_document: none
      in_custody: false
      offences: []
      incidents: []
    expect: {tier: P1}
"""


def test_a_problem_of_a_scenarios_case_is_said_in_the_readers_language() -> None:
    from rules.scenarios import ScenarioFileError, parse_scenarios
    from service.rulesets.authoring import DocumentRejected, check_document
    from tests.service.test_authoring import DEFAULT_TEXT

    with pytest.raises(ScenarioFileError) as caught:
        parse_scenarios(SCENARIO, source="s.yaml")
    by_key = {issue.key: issue for issue in caught.value.issues}
    boolean = by_key["scenarios[0].case.asylum_pending"]
    assert "Wahrheitswert" in boolean.message() and "gefunden 'nein'" in boolean.message()
    assert "a boolean (true/false)" in boolean.message("en")
    assert "Wahrheitswert" not in boolean.message("en")
    with pytest.raises(DocumentRejected) as rejected:
        check_document(DEFAULT_TEXT, scenarios=SCENARIO)
    issues = {issue.key: issue for issue in rejected.value.issues}
    said = issues["scenarios[0].case.asylum_pending"]
    assert said.detail("en") == boolean.message("en") and said.detail() == boolean.message()
    assert "erwartet ein Datum" in issues["scenarios[0].as_of"].detail()
    assert issues["scenarios[0].as_of"].as_dict()["values"] == {"found": "[2026, 11]"}
