"""Rule sets are checked completely at load time; every error says where and what."""

from __future__ import annotations

import copy

import pytest
import yaml

from rules import RuleSetError, load_ruleset, parse_ruleset, with_parameters
from rules.errors import ParameterError
from rules.loading import shipped_rulesets

DEFAULT = yaml.safe_load(shipped_rulesets()["amit-nrw-default"].read_text())


def broken(mutate) -> list:
    doc = copy.deepcopy(DEFAULT)
    mutate(doc)
    with pytest.raises(RuleSetError) as info:
        parse_ruleset(doc, source="test.yaml")
    return info.value.issues


def test_shipped_default_is_spec_version_1():
    rs = load_ruleset()
    assert (rs.name, rs.version) == ("amit-nrw-default", 1)
    assert {r.id: r.points for r in rs.criteria} == {
        "SERIOUS": 40,
        "VIOLENT": 30,
        "REPEAT": 25,
        "INTENSIVE": 20,
        "SOCIAL": 15,
        "RELEASE_SOON": 10,
    }
    assert rs.values == {
        "serious_sentence_months": 24,
        "violent_sentence_months": 12,
        "conviction_lookback_months": 60,
        "repeat_min_convictions": 3,
        "repeat_window_months": 36,
        "intensive_min_offences": 5,
        "intensive_window_months": 12,
        "social_min_incidents": 3,
        "social_min_severity": 2,
        "social_window_months": 12,
        "release_horizon_days": 90,
        "count_suspended_sentences": True,
        "violent_categories": (
            "homicide",
            "bodily_harm",
            "sexual",
            "robbery",
            "resistance_officers",
            "threat_coercion",
        ),
    }
    assert rs.tier_ids == ("P1", "P2", "P3", "BLOCKED", "NONE")


def test_audit_only_field_is_refused_with_the_reason():
    def mutate(doc):
        doc["blockers"][0]["when"] = {"field": "nationality", "eq": "AAA"}

    issues = broken(mutate)
    assert len(issues) == 1
    issue = issues[0]
    assert issue.rule_id == "B_ASYLUM" and issue.key == "blockers.B_ASYLUM.when.field"
    assert issue.code == "rulecheck.audit_only" and issue.values == {"name": "nationality"}
    assert "reines Auditfeld" in issue.message() and "Fairnessprüfung" in issue.message()
    assert "audit-only field" in issue.message("en")


def test_audit_only_field_in_a_record_filter_and_ordering():
    def mutate(doc):
        doc["facts"]["repeat_convictions"]["where"]["all"].append({"field": "sex", "eq": "m"})
        doc["ordering"].insert(0, {"by": "nationality"})

    issues = broken(mutate)
    assert len(issues) == 2
    assert all(i.code == "rulecheck.audit_only" for i in issues)


def test_typo_gets_did_you_mean_with_file_rule_and_key():
    def mutate(doc):
        doc["criteria"][2]["measure"]["fact"] = "repeat_convictons"

    (issue,) = broken(mutate)
    assert issue.suggestion == "repeat_convictions" and issue.code == "rulecheck.unknown.fact"
    assert str(issue) == (
        "test.yaml: REPEAT: criteria.REPEAT.measure.fact: unbekannte abgeleitete Größe "
        "(erwartet eine unter facts festgelegte Größe, gefunden repeat_convictons); "
        "meinten Sie „repeat_convictions“?"
    )
    assert issue.text("en") == (
        "test.yaml: REPEAT: criteria.REPEAT.measure.fact: unknown derived fact "
        "(expected a fact declared under facts, found repeat_convictons); "
        "did you mean “repeat_convictions”?"
    )


def test_enum_value_typo():
    def mutate(doc):
        doc["flags"]["ENFORCEABLE"]["when"]["eq"] = "enforcable"

    (issue,) = broken(mutate)
    assert issue.suggestion == "enforceable" and issue.found == "enforcable"


def test_every_problem_is_reported_not_just_the_first():
    def mutate(doc):
        doc["parameters"]["repeat_min_convictions"]["default"] = 99
        doc["criteria"][0]["points"] = "forty"
        doc["tiers"][0]["when"] = {"flag": "aMTI"}

    issues = broken(mutate)
    keys = {i.key for i in issues}
    assert {
        "parameters.repeat_min_convictions.default",
        "criteria.SERIOUS.points",
        "tiers.P1.when.flag",
    } <= keys
    # the bad default is the one issue of its parameter: rules that read it still find it
    assert not any(i.found == "repeat_min_convictions" for i in issues)
    out_of_range = next(i for i in issues if i.key.endswith(".default"))
    assert out_of_range.code == "rulecheck.param_range" and out_of_range.found == "99"
    assert out_of_range.as_dict()["expected"] == "1 bis 50"
    assert out_of_range.as_dict("en")["expected"] == "1 to 50"


def test_fact_cycle():
    def mutate(doc):
        doc["facts"]["a"] = {"max_of": ["b"]}
        doc["facts"]["b"] = {"max_of": ["a"]}

    assert "rulecheck.cycle.facts" in {i.code for i in broken(mutate)}


def test_criterion_cycle():
    def mutate(doc):
        doc["criteria"][0]["when"] = {"criterion": "VIOLENT"}
        doc["criteria"][1]["when"] = {"criterion": "SERIOUS"}

    assert "rulecheck.cycle.rules" in {i.code for i in broken(mutate)}


def test_unreachable_tier():
    def mutate(doc):
        doc["tiers"].insert(
            0,
            {
                "id": "ALL",
                "label": "x",
                "when": {"any": [{"blocker": "any"}, {"not": {"blocker": "any"}}]},
            },
        )

    issues = broken(mutate)
    assert {i.rule_id for i in issues} >= {"P1", "P2", "P3", "BLOCKED", "NONE"}
    assert all(i.code == "rulecheck.unreachable_tier" for i in issues)


def test_catch_all_must_be_last_and_order_total():
    def mutate(doc):
        doc["tiers"].append(doc["tiers"].pop(0))
        doc["ordering"].pop()

    codes = {i.code for i in broken(mutate)}
    assert {"rulecheck.catch_all_last", "rulecheck.ordering_total"} <= codes


def test_window_only_on_record_dates():
    def mutate(doc):
        doc["facts"]["open_proceedings"]["where"] = {"field": "status", "within_months": 3}

    (issue,) = broken(mutate)
    assert issue.code == "rulecheck.window_needs_record_date"
    assert (
        issue.message() == "ein Zeitfenster (within_months) gilt nur für das Datum eines Eintrags"
    )


def test_parameter_override_range_and_type():
    rs = load_ruleset()
    with pytest.raises(ParameterError) as info:
        with_parameters(
            rs,
            {
                "repeat_min_convictions": 0,
                "repeat_window_mnths": 3,
                "count_suspended_sentences": "yes",
            },
        )
    issues = {i.key: i for i in info.value.issues}
    assert issues["repeat_min_convictions"].detail() == (
        "der Parameter „repeat_min_convictions“ liegt außerhalb seines zulässigen Bereichs "
        "(erwartet 1 bis 50, gefunden 0)"
    )
    assert issues["repeat_window_mnths"].code == "rulecheck.unknown.parameter"
    assert issues["repeat_window_mnths"].suggestion == "repeat_window_months"
    assert issues["count_suspended_sentences"].detail("en") == (
        "the parameter “count_suspended_sentences” must be a yes/no value "
        "(expected true or false, found 'yes')"
    )
    assert with_parameters(rs, {"repeat_min_convictions": 2}).values["repeat_min_convictions"] == 2
    assert rs.values["repeat_min_convictions"] == 3  # the original is unchanged


def test_missing_file_suggests_shipped_name():
    with pytest.raises(RuleSetError) as info:
        load_ruleset("amit-nrw-defualt")
    assert info.value.issues[0].suggestion == "amit-nrw-default"


def test_a_key_written_twice_is_an_issue_with_its_line_not_a_silent_last_value():
    from rules.loading import parse_ruleset_text

    text = shipped_rulesets()["amit-nrw-default"].read_text(encoding="utf-8")
    doubled = text.replace("    points: 40\n", "    points: 40\n    points: 4\n", 1)
    assert doubled != text
    with pytest.raises(RuleSetError) as refused:
        parse_ruleset_text(doubled, source="doubled.yaml")
    (issue,) = refused.value.issues
    assert (issue.code, issue.key) == ("rulecheck.key_twice", "criteria.SERIOUS.points")
    assert issue.line == text[: text.index("    points: 40\n")].count("\n") + 2
    assert "zweimal" in issue.message("de") and "twice" in issue.message("en")
    # with other problems, all are reported together
    both = doubled.replace("when: {fact: serious_convictions", "when: {fact: serius_convictions", 1)
    with pytest.raises(RuleSetError) as refused:
        parse_ruleset_text(both, source="doubled.yaml")
    codes = [i.code for i in refused.value.issues]
    assert codes[0] == "rulecheck.key_twice" and len(codes) >= 2
