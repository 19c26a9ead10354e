"""The compiler: a loaded rule set becomes plain durable_rules data with the same meaning."""

from __future__ import annotations

import copy
import dataclasses
import json
from datetime import date, timedelta
from typing import Any

import pytest

from rules import RuleSetError, load_ruleset, parse_ruleset, with_parameters
from rules.durable import DurableEngine
from rules.durable_compiler import (
    DurableCompileError,
    DurableTypeError,
    Slot,
    compile_ruleset,
)
from rules.interpreter import evaluate_case
from rules.language import (
    All,
    CriterionRef,
    FieldRef,
    Flag,
    FlagRef,
    Not,
    Within,
)
from tests.factories import AS_OF, case, offence

DEFAULT = load_ruleset()


def leaves(expr: Any) -> list[tuple[str, Any]]:
    """Every (property, literal) a durable expression compares."""
    out: list[tuple[str, Any]] = []
    for key, value in expr.items():
        if key in ("$and", "$or"):
            for item in value:
                out += leaves(item)
        elif key.startswith("$"):
            out += list(value.items())
        else:
            out.append((key, value))
    return out


def test_every_rule_of_the_rule_set_becomes_one_durable_rule() -> None:
    compiled = compile_ruleset(DEFAULT)
    names = [r.name for r in compiled.rules]
    expected = (
        [f"criterion.{r.id}" for r in DEFAULT.criteria]
        + [f"blocker.{r.id}" for r in DEFAULT.blockers]
        + [f"flag.{n}" for n in DEFAULT.flags]
        + [f"action.{r.id}" for r in DEFAULT.actions]
        + [f"tier.{t}" for t in DEFAULT.tier_ids]
    )
    assert sorted(names) == sorted(expected)


def test_the_definition_is_plain_json_without_actions_or_strings() -> None:
    definition = compile_ruleset(DEFAULT).definition()
    assert json.loads(json.dumps(definition)) == definition
    for rule in definition.values():
        assert set(rule) == {"all", "cap"}  # no "run": actions are the adapter's business
        for key, value in leaves(rule["all"][0]["m"]):
            # strings compare as numbers in durable_rules: only numbers may appear
            assert type(value) in (int, float), (key, value)


def test_references_run_one_stage_after_what_they_read() -> None:
    compiled = compile_ruleset(DEFAULT)
    stage = {r.name: r.stage for r in compiled.rules}
    assert stage["criterion.SERIOUS"] == stage["blocker.B_ASYLUM"] == 0
    assert stage["action.A_CUSTODY"] == 1  # reads RELEASE_SOON
    assert stage["flag.aMIT"] == 1
    assert {stage[f"tier.{t}"] for t in DEFAULT.tier_ids} == {1}  # flags are read inline
    assert compiled.stages == (0, 1)


def test_parameters_are_substituted_and_name_the_ruleset() -> None:
    base = compile_ruleset(DEFAULT)
    changed = compile_ruleset(with_parameters(DEFAULT, {"repeat_min_convictions": 2}))
    repeat = next(r for r in changed.rules if r.name == "criterion.REPEAT")
    assert ("f_repeat_convictions", 2) in leaves(repeat.expression)
    assert base.name.startswith("amit-nrw-default.v1.")
    assert changed.name.startswith("amit-nrw-default.v1.") and changed.name != base.name
    # a parameter that only shapes facts (not the compiled rules) still gets its own name
    window = compile_ruleset(with_parameters(DEFAULT, {"repeat_window_months": 24}))
    assert window.definition() == base.definition() and window.name != base.name
    assert compile_ruleset(load_ruleset()).name == base.name  # stable across loads


def test_enums_are_integer_codes_of_the_vocabulary() -> None:
    compiled = compile_ruleset(DEFAULT)
    enforceable = next(r for r in compiled.rules if r.name == "flag.ENFORCEABLE")
    assert ("c_departure_status", 2) in leaves(enforceable.expression)  # none, pending, enf.
    slot = next(s for s in compiled.slots if s.name == "departure_status")
    encoded: dict[str, int | float] = {}
    slot.encode("enforceable", encoded)
    assert encoded == {"c_departure_status": 2}


@pytest.mark.parametrize("value", ["ENFORCEABLE", 2, True, None])
def test_a_wrong_enum_value_is_refused_before_asserting(value: Any) -> None:
    slot = Slot(
        "c_departure_status",
        "field",
        "departure_status",
        "enum",
        False,
        ("none", "pending", "enforceable"),
    )
    with pytest.raises(DurableTypeError, match="departure_status"):
        slot.encode(value, {})


@pytest.mark.parametrize("value", ["12", True, float("nan"), [1]])
def test_a_number_slot_takes_only_finite_numbers(value: Any) -> None:
    slot = Slot("f_x", "fact", "x", "number", True)
    with pytest.raises(DurableTypeError):
        slot.encode(value, {})


def test_missing_values_are_encoded_with_a_known_flag() -> None:
    slot = Slot("f_days", "fact", "days", "number", True)
    out: dict[str, int | float] = {}
    slot.encode(None, out)
    assert out == {"f_days": 0, "k_f_days": 0}
    slot.encode(12.5, out)
    assert out == {"f_days": 12.5, "k_f_days": 1}


def _with_criteria(extra: list[dict[str, Any]], flags: dict[str, Any] | None = None):
    document = copy.deepcopy(DEFAULT.document)
    document["criteria"] = [*document["criteria"], *extra]
    if flags:
        document["flags"] = {**document["flags"], **flags}
    return parse_ruleset(document)


def _criterion(rule_id: str, when: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rule_id,
        "title": {"de": rule_id, "en": rule_id},
        "basis": "test",
        "points": 1,
        "when": when,
    }


NULL_CRITERIA = [
    _criterion("NOT_SOON", {"not": {"fact": "days_until_release", "le": 30}}),
    _criterion("NOT_HEALTH_NE", {"field": "toleration_reason", "ne": "health"}),
    _criterion("NOT_IN_HEALTH", {"field": "toleration_reason", "not_in": ["health", "family"]}),
    _criterion("NOT_HEALTH", {"not": {"field": "toleration_reason", "in": ["health"]}}),
    _criterion(
        "NOT_BOTH",
        {
            "not": {
                "all": [
                    {"fact": "days_until_release", "ge": 0},
                    {"field": "toleration_reason", "eq": "other"},
                ]
            }
        },
    ),
    _criterion(
        "NEITHER",
        {"not": {"any": [{"fact": "max_sentence_lookback", "ge": 0}, {"criterion": "SOCIAL"}]}},
    ),
    _criterion("PARAM_TRUE", {"param": "count_suspended_sentences", "eq": True}),
    _criterion("PARAM_FALSE", {"not": {"param": "count_suspended_sentences", "eq": True}}),
]


@pytest.mark.parametrize("release", [None, -1, 0, 30, 31])
@pytest.mark.parametrize("toleration", [None, "health", "family", "other"])
def test_not_and_missing_values_mean_what_the_interpreter_means(
    release: int | None, toleration: str | None
) -> None:
    """A comparison with a missing value is false; its negation is true (De Morgan + guards)."""
    ruleset = _with_criteria(NULL_CRITERIA)
    # a present or missing max_sentence_lookback, too
    offences = {0: [offence("O1", status="charged")], 30: [offence("O1", sentence=0)]}
    subject = case(
        in_custody=release is not None,
        toleration_reason=toleration,
        release_date=None if release is None else AS_OF + timedelta(days=release),
        offences=offences.get(release, []) if release is not None else [],
    )
    durable = DurableEngine(ruleset).evaluate_case(subject, AS_OF)
    interpreted = evaluate_case(subject, ruleset, AS_OF)
    assert durable.fired == interpreted.fired
    assert durable.summary() == interpreted.summary()
    assert durable.fired["PARAM_TRUE"] and not durable.fired["PARAM_FALSE"]


def test_a_constant_rule_is_still_a_durable_rule() -> None:
    compiled = compile_ruleset(_with_criteria(NULL_CRITERIA))
    rules = {r.name: r.expression for r in compiled.rules}
    assert rules["criterion.PARAM_TRUE"] == {"stage": 0}
    assert rules["criterion.PARAM_FALSE"] == {"$and": [{"stage": 0}, {"always": 0}]}


def test_flags_may_refer_to_flags_and_a_cycle_is_refused_when_built() -> None:
    ruleset = _with_criteria(
        [],
        flags={
            "BOTH": {"title": "x", "when": {"all": [{"flag": "aMIT"}, {"flag": "ENFORCEABLE"}]}}
        },
    )
    compiled = compile_ruleset(ruleset)
    assert next(r for r in compiled.rules if r.name == "flag.BOTH").stage == 1
    with pytest.raises(RuleSetError) as caught:
        dataclasses.replace(
            ruleset,
            flags={
                **ruleset.flags,
                "A": Flag("A", ruleset.flags["aMIT"].title, FlagRef("B")),
                "B": Flag("B", ruleset.flags["aMIT"].title, Not(FlagRef("A"))),
            },
        )
    (cycle,) = caught.value.issues
    assert cycle.code == "rulecheck.cycle.rules" and cycle.values["chain"] == "A → B → A"


def test_constructs_without_a_durable_form_are_refused_at_compile_time() -> None:
    serious = DEFAULT.criteria[0]
    window = dataclasses.replace(serious, when=Within(FieldRef("date", "offences"), 12))
    with pytest.raises(DurableCompileError, match="window"):
        compile_ruleset(dataclasses.replace(DEFAULT, criteria=(window, *DEFAULT.criteria[1:])))
    itself = dataclasses.replace(serious, when=All((CriterionRef("SERIOUS"),)))
    with pytest.raises(RuleSetError) as caught:  # the plan refuses it before compiling
        dataclasses.replace(DEFAULT, criteria=(itself, *DEFAULT.criteria[1:]))
    assert [issue.code for issue in caught.value.issues] == ["rulecheck.cycle.rules"]


def test_a_stage_wider_than_a_durable_fact_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import rules.durable_compiler as compiler

    monkeypatch.setattr(compiler, "MAX_FACT_PROPERTIES", 10)
    with pytest.raises(DurableCompileError, match="at most 10"):
        compile_ruleset(DEFAULT)


def test_durable_agrees_with_the_interpreter_on_an_18th_birthday() -> None:
    engine = DurableEngine(DEFAULT)
    for days in (-1, 0, 1):
        birthday = date(AS_OF.year - 18, AS_OF.month, AS_OF.day) + timedelta(days=days)
        subject = case(birth_date=birthday, offences=[offence("O1", sentence=30)])
        assert engine.evaluate_case(subject, AS_OF).blockers == (["B_MINOR"] if days > 0 else [])
