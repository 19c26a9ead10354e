"""Issues of a rule set text carry the line of their key (for the editor and `rules check`)."""

from __future__ import annotations

import pytest

from rules import RuleSetError, parse_ruleset_text, shipped_rulesets
from rules.yaml_lines import YamlText

TEXT = shipped_rulesets()["amit-nrw-default"].read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_key_paths_find_their_lines() -> None:
    parsed = YamlText.parse(TEXT)
    assert parsed.line("criteria.SERIOUS.when") == line_of(TEXT, "when: {fact: serious_convictions")
    assert parsed.line("parameters.repeat_min_convictions.default") == line_of(TEXT, "default: 3")
    assert parsed.line("tiers.P2.when.all[1]") == line_of(TEXT, "        - any:")
    # A key that does not exist points at its deepest existing parent.
    assert parsed.line("criteria.SERIOUS.nope.deeper") == line_of(TEXT, "- id: SERIOUS")
    assert parsed.line("nothing.here") is None


def test_checker_issues_of_a_text_name_their_lines() -> None:
    broken = TEXT.replace(
        "when: {fact: serious_convictions, ge: 1}", "when: {fact: serious, ge: 1}"
    )
    with pytest.raises(RuleSetError) as error:
        parse_ruleset_text(broken, source="entwurf.yaml")
    (issue,) = error.value.issues
    assert issue.line == line_of(broken, "when: {fact: serious, ge: 1}")
    assert str(issue).startswith(f"entwurf.yaml:{issue.line}: SERIOUS: criteria.SERIOUS.when.fact")


def test_not_yaml_names_the_line() -> None:
    with pytest.raises(RuleSetError) as error:
        parse_ruleset_text("name: x\nversion: 1\n  bad: [\n", source="x.yaml")
    (issue,) = error.value.issues
    assert issue.line == 3 and issue.code == "rulecheck.not_yaml"
    assert issue.message().startswith("kein gültiges YAML")


@pytest.mark.parametrize(
    ("text", "line", "german", "english"),
    [
        (
            "a: b: c\n",
            1,
            "hier darf kein „Schlüssel: Wert“ stehen",
            "a “key: value” pair is not allowed",
        ),
        ("a:\n\tb: 1\n", 2, "Tabulatorzeichen sind in YAML nicht erlaubt", "tab characters"),
        ("a: [1, 2\n", 2, "eine Klammer wird nicht geschlossen: „]“ fehlt", "“]” is missing"),
        ("a: [1, 2]]\n", 1, "die Klammer „]“ schließt nichts", "closes nothing"),
        ("a: 'x\n", 2, "fehlt ein schließendes Anführungszeichen?", "closing quote"),
        ("a:\n  - x\n b: 1\n", 3, "die Einrückung dieser Zeile passt nicht", "indentation"),
    ],
)
def test_the_parsers_complaint_is_said_in_the_readers_language(
    text: str, line: int, german: str, english: str
) -> None:
    with pytest.raises(RuleSetError) as error:
        parse_ruleset_text(text, source="x.yaml")
    (issue,) = error.value.issues
    assert issue.line == line and issue.code == "rulecheck.not_yaml"
    assert issue.detail().startswith("kein gültiges YAML: ") and german in issue.detail()
    assert issue.detail("en").startswith("not valid YAML: ") and english in issue.detail("en")
