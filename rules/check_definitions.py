"""Checking parameters, derived facts, criteria, blockers, actions and flags."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rules.check_base import Scope
from rules.check_conditions import ConditionChecks
from rules.errors import either, expect
from rules.language import (
    AggregateFact,
    Always,
    AnyOf,
    CombineFact,
    Compare,
    DeriveFact,
    Fact,
    FactRef,
    Flag,
    Measure,
    Parameter,
    Rule,
    Text,
)
from rules.parameters import check_value
from rules.vocabulary import AUDIT_ONLY, CASE_FIELDS, RECORD_FIELDS, VOCABULARIES


class DefinitionChecks(ConditionChecks):
    """Parameters, facts and rules, with cycle detection."""

    def parameters(self, raw: Any) -> dict[str, Parameter]:
        out: dict[str, Parameter] = {}
        if not isinstance(raw, Mapping):
            self.issue(
                None,
                "parameters",
                "section_not_mapping",
                expect("mapping"),
                raw,
                section="parameters",
            )
            return out
        allowed = ("type", "default", "range", "unit", "description", "of")
        for name, body in raw.items():
            key = f"parameters.{name}"
            if name in AUDIT_ONLY:
                self.audit_only(None, key, name)
            if not isinstance(body, Mapping):
                self.issue(None, key, "parameter_not_mapping", "type, default, …", body)
                continue
            self.unknown_keys(None, key, body, allowed)
            ptype = body.get("type")
            if ptype not in ("int", "bool", "category_set"):
                self.issue(
                    None,
                    f"{key}.type",
                    "unknown.parameter_type",
                    either("int", "bool", "category_set"),
                    ptype,
                )
                continue
            lo = hi = None
            choices: tuple[str, ...] = ()
            if ptype == "int":
                rng = body.get("range")
                if (
                    not isinstance(rng, list)
                    or len(rng) != 2
                    or not all(isinstance(v, int) and not isinstance(v, bool) for v in rng)
                    or rng[0] > rng[1]
                ):
                    self.issue(
                        None,
                        f"{key}.range",
                        "int_range",
                        expect("range_pair"),
                        rng,
                    )
                    continue
                lo, hi = rng
            if ptype == "category_set":
                vocabulary = body.get("of")
                if vocabulary not in VOCABULARIES:
                    expected = either(*VOCABULARIES)
                    self.unknown(
                        None, f"{key}.of", "vocabulary", expected, vocabulary, VOCABULARIES
                    )
                    continue
                choices = VOCABULARIES[str(vocabulary)]
            param = Parameter(
                name,
                ptype,
                body.get("default"),
                self.text(body.get("description", name), None, f"{key}.description"),
                lo,
                hi,
                body.get("unit"),
                body.get("of"),
                choices,
            )
            default, problem = check_value(
                param, body.get("default"), source=self.source, key=f"{key}.default"
            )
            if problem:
                # Reported once here; the parameter stays declared, so a rule that refers to it
                # is not also called unknown (with a suggestion of some other parameter).
                self.issues.append(problem)
            out[name] = Parameter(
                name, ptype, default, param.description, lo, hi, param.unit, param.of, choices
            )
        return out

    def facts(self, raw: Any) -> dict[str, Fact]:
        if not isinstance(raw, Mapping):
            self.issue(
                None, "facts", "section_not_mapping", expect("mapping"), raw, section="facts"
            )
            return {}
        pending: dict[str, Any] = dict(raw)
        # Types first, so a fact may refer to one declared later.
        for name, body in pending.items():
            if name in AUDIT_ONLY or name in CASE_FIELDS:
                if name in CASE_FIELDS:
                    self.issue(name, f"facts.{name}", "fact_shadows_field", found=name)
                else:
                    self.audit_only(name, f"facts.{name}", name)
            self.fact_types[name] = self.fact_type(name, body, pending)
        # In file order; the evaluation plan (rules/plan.py) orders them and finds cycles.
        out: dict[str, Fact] = {}
        for name, body in pending.items():
            fact = self.fact(name, body)
            if fact is not None:
                out[name] = fact
        return out

    def fact_type(
        self,
        name: str,
        body: Any,
        raw: Mapping[str, Any] | None = None,
        seen: frozenset[str] = frozenset(),
    ) -> str:
        """number, bool or date: what a comparison with this fact may use."""
        if not isinstance(body, Mapping):
            return "number"
        if body.get("aggregate") == "exists":
            return "bool"
        if body.get("aggregate") in ("max", "min"):
            spec = RECORD_FIELDS.get(str(body.get("over")), {}).get(str(body.get("field")))
            return "date" if spec and spec.type == "date" else "number"
        deps = body.get("max_of") or body.get("sum_of")
        if (
            isinstance(deps, list)
            and deps
            and raw is not None
            and isinstance(deps[0], str)
            and deps[0] in raw
            and deps[0] not in seen
        ):
            return self.fact_type(deps[0], raw[deps[0]], raw, seen | {name})
        return "number"

    def fact(self, name: str, body: Any) -> Fact | None:
        key = f"facts.{name}"
        if not isinstance(body, Mapping):
            self.issue(name, key, "fact_not_mapping", expect("fact_kinds"), body)
            return None
        description = self.text(body.get("description", name), name, f"{key}.description")
        if "over" in body:
            allowed = ("over", "aggregate", "field", "where", "description")
            self.unknown_keys(name, key, body, allowed)
            over = body.get("over")
            if over not in RECORD_FIELDS:
                self.unknown(
                    name,
                    f"{key}.over",
                    "record_kind",
                    either(*RECORD_FIELDS),
                    over,
                    RECORD_FIELDS,
                )
                return None
            agg = body.get("aggregate")
            if agg not in ("count", "exists", "max", "min"):
                self.issue(
                    name,
                    f"{key}.aggregate",
                    "unknown.aggregation",
                    either("count", "exists", "max", "min"),
                    agg,
                )
                return None
            over = str(over)  # a known record kind
            fld = body.get("field")
            if agg in ("max", "min"):
                spec = RECORD_FIELDS[over].get(str(fld))
                if spec is None or spec.type not in ("number", "date"):
                    self.field_issue(
                        name,
                        f"{key}.field",
                        fld,
                        RECORD_FIELDS[over],
                        expect("number_or_date_field", over=over),
                    )
                    return None
            where = (
                self.condition(
                    body["where"],
                    name,
                    f"{key}.where",
                    Scope(RECORD_FIELDS[over], over, facts=False, rules=False),
                )
                if "where" in body
                else Always()
            )
            return AggregateFact(name, description, over, agg, fld, where)  # type: ignore[arg-type]
        if "derive" in body:
            self.unknown_keys(name, key, body, ("derive", "field", "description"))
            kind = body.get("derive")
            if kind not in ("years_since", "days_until"):
                self.issue(
                    name,
                    f"{key}.derive",
                    "unknown.derivation",
                    either("years_since", "days_until"),
                    kind,
                )
                return None
            fld = body.get("field")
            spec = CASE_FIELDS.get(str(fld))
            if spec is None or spec.type != "date":
                self.field_issue(name, f"{key}.field", fld, CASE_FIELDS, expect("case_date_field"))
                return None
            return DeriveFact(name, description, kind, str(fld))
        for combine in ("max_of", "sum_of"):
            if combine in body:
                self.unknown_keys(name, key, body, (combine, "description"))
                deps = body.get(combine)
                if not isinstance(deps, list) or not deps:
                    self.issue(
                        name,
                        f"{key}.{combine}",
                        "fact_list",
                        expect("non_empty_list"),
                        deps,
                    )
                    return None
                for dep in deps:
                    if dep not in self.fact_types:
                        self.unknown(
                            name,
                            f"{key}.{combine}",
                            "fact",
                            expect("fact"),
                            dep,
                            self.fact_types,
                        )
                        return None
                return CombineFact(name, description, combine, tuple(deps))
        self.issue(
            name,
            key,
            "fact_how",
            expect("fact_kinds"),
            sorted(map(str, body)),
        )
        return None

    def rule(self, raw: Mapping[str, Any], kind: str) -> Rule:
        rid = raw["id"]
        key = {"criterion": "criteria", "blocker": "blockers", "action": "actions"}[kind]
        key = f"{key}.{rid}"
        allowed = ("id", "title", "description", "basis", "when", "points", "measure", "evidence")
        self.unknown_keys(rid, key, raw, allowed)
        scope = Scope(CASE_FIELDS, "case")
        measures = self.measures(raw["measure"], rid, f"{key}.measure") if "measure" in raw else []
        measure = measures[0] if measures else None
        if "when" in raw:
            when = self.condition(raw["when"], rid, f"{key}.when", scope)
        elif measures:
            branches = tuple(
                Compare(FactRef(m.fact), "ge" if m.direction == "at_least" else "le", m.threshold)
                for m in measures
            )
            when = branches[0] if len(branches) == 1 else AnyOf(branches)
        elif "measure" in raw:
            when = Always()  # the broken measure is already reported
        else:
            self.issue(rid, f"{key}.when", "rule_needs_condition", either("when", "measure"))
            when = Always()
        points = raw.get("points", 0)
        if kind == "criterion" and (
            isinstance(points, bool) or not isinstance(points, int) or points < 0
        ):
            self.issue(rid, f"{key}.points", "points_type", expect("integer"), points)
            points = 0
        elif kind != "criterion" and "points" in raw:
            self.issue(rid, f"{key}.points", f"no_points.{kind}")
        evidence = self.evidence_facts(raw.get("evidence"), rid, f"{key}.evidence")
        return Rule(
            rid,
            kind,  # type: ignore[arg-type]  # one of the three, by the caller
            self.text(raw.get("title"), rid, f"{key}.title"),
            self.text(raw.get("basis", ""), rid, f"{key}.basis"),
            when,
            points,
            measure,
            evidence,
            self.text(raw["description"], rid, f"{key}.description")
            if "description" in raw
            else None,
            tuple(measures),
        )

    def evidence_facts(self, evidence: Any, rid: str, key: str) -> tuple[str, ...]:
        """The declared facts named as evidence; anything else is an issue and left out."""
        if evidence is None:
            return ()
        if not isinstance(evidence, list):
            self.issue(rid, key, "evidence_list", expect("list"), evidence)
            return ()
        for fact in evidence:
            if fact not in self.fact_types:
                self.unknown(rid, key, "fact", expect("fact"), fact, self.fact_types)
        return tuple(f for f in evidence if isinstance(f, str) and f in self.fact_types)

    def measures(self, raw: Any, rid: str, key: str) -> list[Measure]:
        """One measure (a mapping) or one per branch of the condition (a list of mappings)."""
        if isinstance(raw, list) and raw:
            found = [self.measure(item, rid, f"{key}[{i}]") for i, item in enumerate(raw)]
            return [m for m in found if m is not None]
        measure = self.measure(raw, rid, key)
        return [measure] if measure is not None else []

    def measure(self, raw: Any, rid: str, key: str) -> Measure | None:
        if not isinstance(raw, Mapping):
            self.issue(rid, key, "measure_not_mapping", "{fact, threshold, near_miss}", raw)
            return None
        allowed = ("fact", "threshold", "direction", "near_miss", "evidence", "unit")
        self.unknown_keys(rid, key, raw, allowed)
        fact = raw.get("fact")
        if fact not in self.fact_types:
            self.unknown(rid, f"{key}.fact", "fact", expect("fact"), fact, self.fact_types)
            return None
        threshold = self.operand(raw.get("threshold"), rid, f"{key}.threshold")
        self.expect_operand(threshold, "number", rid, f"{key}.threshold")
        direction = raw.get("direction", "at_least")
        if direction not in ("at_least", "at_most"):
            self.issue(
                rid,
                f"{key}.direction",
                "unknown.direction",
                either("at_least", "at_most"),
                direction,
            )
        near = raw.get("near_miss")
        if near is not None and (
            isinstance(near, bool) or not isinstance(near, int | float) or near <= 0
        ):
            self.issue(rid, f"{key}.near_miss", "near_miss", expect("positive_number"), near)
            near = None
        evidence = self.evidence_facts(raw.get("evidence"), rid, f"{key}.evidence")
        unit = raw.get("unit")
        if unit is not None and not isinstance(unit, str):
            self.issue(rid, f"{key}.unit", "unit_word", "months, days, count, …", unit)
            unit = None
        return Measure(str(fact), threshold, direction, near, evidence, unit)

    def flag(self, name: str, body: Any) -> Flag:
        key = f"flags.{name}"
        if not isinstance(body, Mapping):
            self.issue(name, key, "flag_not_mapping", "{title, when}", body)
            return Flag(name, Text(name, name), Always())
        self.unknown_keys(name, key, body, ("title", "when"))
        when = self.condition(body.get("when"), name, f"{key}.when", Scope(CASE_FIELDS, "case"))
        return Flag(name, self.text(body.get("title", name), name, f"{key}.title"), when)
