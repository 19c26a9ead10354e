"""Checking conditions: comparisons, operands, references, windows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rules.check_base import CheckerBase, Scope
from rules.errors import did_you_mean, either, expect
from rules.language import (
    All,
    Always,
    AnyOf,
    BlockerRef,
    Compare,
    Condition,
    CriterionRef,
    FactRef,
    FieldRef,
    FlagRef,
    Not,
    ParamRef,
    Within,
)
from rules.operators import MEMBERSHIP, OPERATORS
from rules.vocabulary import AUDIT_ONLY, FieldSpec
from texts import coded, has


class ConditionChecks(CheckerBase):
    """Build typed conditions from YAML, reporting every problem."""

    def condition(self, raw: Any, rule_id: str | None, key: str, scope: Scope) -> Condition:
        if not isinstance(raw, Mapping) or not raw:
            self.issue(rule_id, key, "condition_not_mapping", expect("condition"), raw)
            return Always()
        if "all" in raw or "any" in raw:
            op = "all" if "all" in raw else "any"
            self.unknown_keys(rule_id, key, raw, (op,))
            items = raw[op]
            if not isinstance(items, list) or not items:
                self.issue(
                    rule_id,
                    f"{key}.{op}",
                    "needs_conditions",
                    expect("non_empty_list"),
                    items,
                    op=op,
                )
                return Always()
            parts = tuple(
                self.condition(item, rule_id, f"{key}.{op}[{i}]", scope)
                for i, item in enumerate(items)
            )
            return All(parts) if op == "all" else AnyOf(parts)
        if "not" in raw:
            self.unknown_keys(rule_id, key, raw, ("not",))
            return Not(self.condition(raw["not"], rule_id, f"{key}.not", scope))
        for ref in ("criterion", "blocker", "flag"):
            if ref in raw:
                self.unknown_keys(rule_id, key, raw, (ref,))
                return self.reference(ref, raw[ref], rule_id, f"{key}.{ref}", scope)
        return self.comparison(raw, rule_id, key, scope)

    def reference(
        self, ref: str, target: Any, rule_id: str | None, key: str, scope: Scope
    ) -> Condition:
        if not scope.rules:
            self.issue(rule_id, key, f"filter_ref.{ref}")
            return Always()
        if ref == "criterion":
            if target not in self.criterion_ids:
                self.unknown(
                    rule_id, key, "criterion", expect("criterion_id"), target, self.criterion_ids
                )
            return CriterionRef(str(target))
        if ref == "blocker":
            if target != "any" and target not in self.blocker_ids:
                self.unknown(
                    rule_id, key, "blocker", expect("blocker_id"), target, self.blocker_ids
                )
            return BlockerRef(str(target))
        if target not in self.flag_names:
            self.unknown(rule_id, key, "flag", expect("flag_name"), target, self.flag_names)
        return FlagRef(str(target))

    def comparison(
        self, raw: Mapping[str, Any], rule_id: str | None, key: str, scope: Scope
    ) -> Condition:
        subjects = [k for k in ("field", "fact", "param") if k in raw]
        ops = [k for k in raw if k in (*OPERATORS, "within_months")]
        others = [k for k in raw if k not in subjects and k not in ops]
        if len(subjects) != 1 or len(ops) != 1 or others:
            bad = others[0] if others else None
            self.issue(
                rule_id,
                key,
                "comparison_shape",
                "{field|fact|param: NAME, eq|ne|lt|le|gt|ge|in|not_in|within_months: VALUE}",
                sorted(map(str, raw)),
                did_you_mean(
                    str(bad),
                    (
                        *OPERATORS,
                        "within_months",
                        "field",
                        "fact",
                        "param",
                        "all",
                        "any",
                        "not",
                        "criterion",
                        "blocker",
                        "flag",
                    ),
                )
                if bad
                else None,
            )
            return Always()
        kind, op = subjects[0], ops[0]
        name = raw[kind]
        subject: FieldRef | FactRef | ParamRef
        stype: str
        if kind == "field":
            spec = scope.fields.get(str(name))
            if spec is None:
                expected = (
                    expect("case_field")
                    if scope.field_scope == "case"
                    else expect("record_field", over=scope.field_scope)
                )
                self.field_issue(rule_id, f"{key}.field", name, scope.fields, expected)
                return Always()
            subject = FieldRef(str(name), scope.field_scope)  # type: ignore[arg-type]
            stype = spec.type
        elif kind == "fact":
            if not scope.facts:
                self.issue(rule_id, f"{key}.fact", "filter_reads_fields")
                return Always()
            if name not in self.fact_types:
                if name in AUDIT_ONLY:
                    self.audit_only(rule_id, f"{key}.fact", name)
                else:
                    self.unknown(
                        rule_id, f"{key}.fact", "fact", expect("fact"), name, self.fact_types
                    )
                return Always()
            subject, stype, spec = FactRef(str(name)), self.fact_types[name], None
        else:
            param = self.params.get(str(name))
            if param is None:
                self.unknown(
                    rule_id, f"{key}.param", "parameter", expect("parameter"), name, self.params
                )
                return Always()
            subject, spec = ParamRef(str(name)), None
            stype = {"int": "number", "bool": "bool", "category_set": "set"}[param.type]
        operand = self.operand(raw[op], rule_id, f"{key}.{op}")
        if op == "within_months":
            if stype != "date" or kind != "field" or scope.field_scope == "case":
                self.issue(
                    rule_id,
                    f"{key}.within_months",
                    "window_needs_record_date",
                    "field: date",
                    f"{kind}: {name}",
                )
                return Always()
            self.expect_operand(operand, "number", rule_id, f"{key}.within_months")
            return Within(subject, operand)  # type: ignore[arg-type]
        self.check_operand(stype, spec, op, operand, rule_id, f"{key}.{op}")
        return Compare(subject, op, operand)  # type: ignore[arg-type]

    def operand(self, raw: Any, rule_id: str | None, key: str) -> Any:
        if isinstance(raw, Mapping):
            if set(raw) != {"param"}:
                self.issue(
                    rule_id,
                    key,
                    "operand_shape",
                    either("1", "{param: NAME}"),
                    sorted(map(str, raw)),
                )
                return None
            name = raw["param"]
            if name not in self.params:
                self.unknown(
                    rule_id, f"{key}.param", "parameter", expect("parameter"), name, self.params
                )
                return None
            return ParamRef(name)
        if isinstance(raw, list):
            return tuple(raw)
        return raw

    def operand_type(self, operand: Any) -> str:
        if isinstance(operand, ParamRef):
            param = self.params[operand.name]
            return {"int": "number", "bool": "bool", "category_set": "set"}[param.type]
        if isinstance(operand, bool):
            return "bool"
        if isinstance(operand, int | float):
            return "number"
        if isinstance(operand, tuple):
            return "set"
        if isinstance(operand, str):
            return "enum"
        return "null" if operand is None else type(operand).__name__

    def expect_operand(self, operand: Any, expected: str, rule_id: str | None, key: str) -> None:
        found = self.operand_type(operand)
        if found != expected and operand is not None:
            self.issue(rule_id, key, "operand_type", expect(expected), operand)

    def check_choice(
        self, value: Any, choices: tuple[str, ...], rule_id: str | None, key: str
    ) -> None:
        """Report a value that is not one of an enumeration's names (with did-you-mean)."""
        if value not in choices:
            self.unknown(rule_id, key, "value", either(*choices), value, choices)

    def check_operand(
        self,
        stype: str,
        spec: FieldSpec | None,
        op: str,
        operand: Any,
        rule_id: str | None,
        key: str,
    ) -> None:
        if operand is None:
            return  # already reported, or a null literal (never true)
        otype = self.operand_type(operand)
        if op in MEMBERSHIP:
            if stype != "enum":
                self.issue(
                    rule_id,
                    key,
                    "membership_needs_enum",
                    expect("enum_field"),
                    coded(f"rulecheck.found.type.{stype}")
                    if has(f"rulecheck.found.type.{stype}")
                    else stype,
                    op=op,
                )
                return
            if otype != "set":
                self.issue(
                    rule_id,
                    key,
                    "membership_needs_list",
                    expect("list_or_set_param"),
                    operand,
                    op=op,
                )
                return
            assert spec is not None
            if isinstance(operand, ParamRef):
                param = self.params[operand.name]
                if param.of != spec.vocabulary:
                    self.issue(
                        rule_id,
                        key,
                        "other_vocabulary",
                        expect("set_param_of", vocabulary=spec.vocabulary),
                        param.of,
                    )
                return
            for item in operand:
                self.check_choice(item, spec.choices, rule_id, key)
            return
        if stype == "enum":
            assert spec is not None
            if op not in ("eq", "ne"):
                self.issue(
                    rule_id, key, "enum_order", either("eq", "ne", "in", "not_in"), op, op=op
                )
            else:
                self.check_choice(operand, spec.choices, rule_id, key)
            return
        if stype == "bool":
            if op not in ("eq", "ne") or otype != "bool":
                self.issue(
                    rule_id,
                    key,
                    "bool_compare",
                    "eq: true|false",
                    f"{op}: {operand!r}",
                )
            return
        if stype == "date":
            self.issue(
                rule_id,
                key,
                "date_compare",
                expect("date_compare"),
                op,
            )
            return
        if otype != "number":
            self.issue(
                rule_id,
                key,
                "number_compare",
                expect("number_or_int_param"),
                operand,
            )
