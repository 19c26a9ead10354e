"""Rule conditions and derived facts in words, German (default) or English.

Used where a person reads what a rule *says* rather than what it found for one case: the
semantic diff between two versions (:mod:`rules.diff`) and the list of what the DMN export
cannot express. Every word comes from :mod:`rules.labels`; field values are shown with their
labels, parameters with their description and their value in this rule set.
"""

from __future__ import annotations

from typing import Any

from rules import labels
from rules.labels import label, phrase
from rules.language import (
    AggregateFact,
    All,
    Always,
    AnyOf,
    BlockerRef,
    CombineFact,
    Compare,
    Condition,
    CriterionRef,
    DeriveFact,
    Fact,
    FactRef,
    FieldRef,
    FlagRef,
    Not,
    ParamRef,
    RuleSet,
    Within,
)
from rules.vocabulary import CASE_FIELDS, RECORD_FIELDS, FieldSpec

#: Vocabulary of a field -> the label kind of its values in :mod:`rules.labels`.
_VALUE_KINDS = {"offence_category": "category", "offence_status": "status", "incident_type": "type"}


def w(key: str, lang: str, /, **values: Any) -> str:
    return phrase("wording", key, lang, **values)


def field_spec(ref: FieldRef) -> FieldSpec | None:
    fields = CASE_FIELDS if ref.scope == "case" else RECORD_FIELDS.get(ref.scope, {})
    spec: FieldSpec | None = fields.get(ref.name)
    return spec


def field_label(ref: FieldRef, lang: str) -> str:
    kind = "field" if ref.scope == "case" else f"{ref.scope}_field"
    return label(kind, ref.name, lang)


def value_label(spec: FieldSpec | None, value: Any, lang: str) -> str:
    """A literal as a person reads it: a named value by its label, yes/no, a number."""
    if isinstance(value, bool):
        return w("yes" if value else "no", lang)
    if isinstance(value, tuple | list | frozenset | set):
        return ", ".join(value_label(spec, item, lang) for item in value)
    if value is None:
        return w("missing", lang)
    if spec is not None and spec.vocabulary and isinstance(value, str):
        return label(_VALUE_KINDS.get(spec.vocabulary, spec.vocabulary), value, lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parameter_value(ruleset: RuleSet, name: str, value: Any, lang: str) -> str:
    """A parameter's value in words: categories by their labels, amounts with their unit."""
    param = ruleset.parameters[name]
    return labels.parameter_value(value, param.type, param.unit, param.of, lang)


def parameter_label(ruleset: RuleSet, name: str, lang: str) -> str:
    return ruleset.parameters[name].description.get(lang)


def operand_words(ruleset: RuleSet, operand: Any, spec: FieldSpec | None, lang: str) -> str:
    if isinstance(operand, ParamRef):
        value = ruleset.values.get(operand.name)
        return w(
            "param_value",
            lang,
            label=parameter_label(ruleset, operand.name, lang),
            value=parameter_value(ruleset, operand.name, value, lang),
        )
    return value_label(spec, operand, lang)


def subject_words(ruleset: RuleSet, subject: FieldRef | FactRef | ParamRef, lang: str) -> str:
    if isinstance(subject, FieldRef):
        return field_label(subject, lang)
    if isinstance(subject, FactRef):
        return ruleset.facts[subject.name].description.get(lang)
    return parameter_label(ruleset, subject.name, lang)


def compare_words(ruleset: RuleSet, cond: Compare, lang: str) -> str:
    spec = field_spec(cond.subject) if isinstance(cond.subject, FieldRef) else None
    subject = subject_words(ruleset, cond.subject, lang)
    if isinstance(cond.operand, bool) and cond.op in ("eq", "ne"):
        positive = cond.operand == (cond.op == "eq")
        return subject if positive else w("not_flag", lang, text=subject)
    if cond.op in ("in", "not_in") and not isinstance(cond.operand, ParamRef):
        names = [value_label(spec, item, lang) for item in cond.operand]
        joined = (
            w(
                "list_or" if cond.op == "in" else "list_nor",
                lang,
                items=", ".join(names[:-1]),
                last=names[-1],
            )
            if len(names) > 1
            else names[0]
            if names
            else "–"
        )
        return w(f"op_{cond.op}_list", lang, subject=subject, value=joined)
    operand = operand_words(ruleset, cond.operand, spec, lang)
    return w(f"op_{cond.op}", lang, subject=subject, value=operand)


def condition_words(
    ruleset: RuleSet, cond: Condition, lang: str = "de", nested: bool = False
) -> str:
    """A condition as one sentence fragment (``und``/``oder`` bracketed when nested)."""
    if isinstance(cond, All | AnyOf):
        joiner = w("and" if isinstance(cond, All) else "or", lang)
        text = joiner.join(condition_words(ruleset, item, lang, nested=True) for item in cond.items)
        return f"({text})" if nested and len(cond.items) > 1 else text
    if isinstance(cond, Not):
        inner = cond.item
        if isinstance(inner, BlockerRef):
            if inner.id == "any":
                return w("no_blocker", lang)
            return w("blocker_not", lang, title=rule_title(ruleset, inner.id, lang))
        if isinstance(inner, CriterionRef):
            return w("criterion_not", lang, title=rule_title(ruleset, inner.id, lang))
        return w("not", lang, text=condition_words(ruleset, inner, lang, nested=True))
    if isinstance(cond, Compare):
        return compare_words(ruleset, cond, lang)
    if isinstance(cond, Within):
        months = ruleset.value(cond.months)
        subject = field_label(cond.field, lang)
        if isinstance(cond.months, ParamRef):
            name = parameter_label(ruleset, cond.months.name, lang)
            return w("within_param", lang, subject=subject, months=months, param=name)
        return w("within", lang, subject=subject, months=months)
    if isinstance(cond, CriterionRef):
        return w("criterion", lang, title=rule_title(ruleset, cond.id, lang))
    if isinstance(cond, BlockerRef):
        if cond.id == "any":
            return w("any_blocker", lang)
        return w("blocker", lang, title=rule_title(ruleset, cond.id, lang))
    if isinstance(cond, FlagRef):
        flag = ruleset.flags.get(cond.name)
        return w("flag", lang, title=flag.title.get(lang) if flag else cond.name)
    assert isinstance(cond, Always)
    return w("always", lang)


def rule_title(ruleset: RuleSet, rule_id: str, lang: str) -> str:
    try:
        return ruleset.rule(rule_id).title.get(lang)
    except KeyError:
        return rule_id


def fact_words(ruleset: RuleSet, fact: Fact, lang: str = "de") -> str:
    """How a derived fact is computed, in words."""
    if isinstance(fact, AggregateFact):
        records = label("records", fact.over, lang)
        where = (
            ""
            if isinstance(fact.where, Always)
            else w("where", lang, text=condition_words(ruleset, fact.where, lang))
        )
        if fact.aggregate in ("count", "exists"):
            return w(f"fact_{fact.aggregate}", lang, records=records, where=where)
        assert fact.field is not None
        name = label(f"{fact.over}_field", fact.field, lang)
        return w(f"fact_{fact.aggregate}", lang, field=name, records=records, where=where)
    if isinstance(fact, DeriveFact):
        return w(f"fact_{fact.derive}", lang, field=label("field", fact.field, lang))
    assert isinstance(fact, CombineFact)
    parts = ", ".join(ruleset.facts[name].description.get(lang) for name in fact.facts)
    return w(f"fact_{fact.combine}", lang, facts=parts)
