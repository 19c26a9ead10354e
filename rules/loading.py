"""Load a rule set from YAML and check it completely before anything runs.

Every problem found is collected (not just the first) and raised together as a
:class:`rules.errors.RuleSetError`; each names the file, the rule id and the offending key, says
what was expected and what was found, and suggests the closest known name.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rules.errors import RuleIssue, RuleSetError, did_you_mean
from rules.language import (
    OPERATORS,
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
    Flag,
    FlagRef,
    Measure,
    Not,
    OrderKey,
    Parameter,
    ParamRef,
    Rule,
    RuleSet,
    Text,
    Tier,
    Within,
)
from rules.parameters import check_value
from rules.vocabulary import AUDIT_ONLY, CASE_FIELDS, RECORD_FIELDS, VOCABULARIES, FieldSpec

SETS_DIR = Path(__file__).parent / "sets"
TOP_KEYS = ("name", "version", "description", "parameters", "facts", "criteria", "blockers",
            "actions", "flags", "tiers", "ordering")
_AUDIT_REASON = ("is an audit-only field: it is stored only for the fairness audit and may never "
                 "be read by a rule, a derived fact or a model (Art. 3 Abs. 3 GG, GDPR Art. 9, "
                 "EU AI Act Art. 10)")


def shipped_rulesets() -> dict[str, Path]:
    """Name -> path of the rule sets that ship with the product."""
    return {path.stem: path for path in sorted(SETS_DIR.glob("*.yaml"))}


def load_ruleset(name_or_path: str | Path = "amit-nrw-default",
                 overrides: Mapping[str, Any] | None = None) -> RuleSet:
    """Load a shipped rule set by name, or a YAML file by path, and check it completely."""
    shipped = shipped_rulesets()
    path = shipped.get(str(name_or_path)) or Path(name_or_path)
    if not path.exists():
        raise RuleSetError([RuleIssue(str(name_or_path), None, "<file>", "no such rule set",
                                      "a file path or one of " + ", ".join(shipped),
                                      str(name_or_path), did_you_mean(str(name_or_path), shipped))])
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RuleSetError([RuleIssue(str(path), None, "<file>", f"not valid YAML: {error}")]) from None
    return parse_ruleset(document, source=str(path), overrides=overrides)


def parse_ruleset(document: Any, *, source: str = "<memory>",
                  overrides: Mapping[str, Any] | None = None) -> RuleSet:
    """Check a parsed YAML document and build the typed rule set, or raise every issue."""
    checker = _Checker(source)
    ruleset = checker.build(document, dict(overrides or {}))
    if checker.issues or ruleset is None:
        raise RuleSetError(checker.issues)
    return ruleset


@dataclass
class _Scope:
    """What a condition may refer to where it stands."""

    fields: Mapping[str, FieldSpec]
    field_scope: str
    facts: bool = True
    rules: bool = True


@dataclass
class _Checker:
    source: str
    issues: list[RuleIssue] = field(default_factory=list)
    params: dict[str, Parameter] = field(default_factory=dict)
    fact_types: dict[str, str] = field(default_factory=dict)
    criterion_ids: set[str] = field(default_factory=set)
    blocker_ids: set[str] = field(default_factory=set)
    flag_names: set[str] = field(default_factory=set)
    # rule id -> ids of criteria it refers to (for cycle detection)
    references: dict[str, set[str]] = field(default_factory=dict)
    _current_refs: set[str] = field(default_factory=set)
    _flag_conditions: dict[str, Condition] = field(default_factory=dict)

    def issue(self, rule_id: str | None, key: str, message: str, expected: str | None = None,
              found: Any = None, suggestion: str | None = None) -> None:
        self.issues.append(RuleIssue(self.source, rule_id, key, message, expected,
                                     None if found is None else _show(found), suggestion))

    # --- top level ------------------------------------------------------------------------

    def build(self, doc: Any, overrides: dict[str, Any]) -> RuleSet | None:
        if not isinstance(doc, Mapping):
            self.issue(None, "<file>", "a rule set is a mapping", "a YAML mapping", type(doc).__name__)
            return None
        for key in doc:
            if key not in TOP_KEYS:
                self.issue(None, str(key), "unknown top-level key", ", ".join(TOP_KEYS), key,
                           did_you_mean(str(key), TOP_KEYS))
        for key in ("name", "version", "parameters", "facts", "criteria", "tiers", "ordering"):
            if key not in doc:
                self.issue(None, key, "required key is missing")
        name = doc.get("name")
        if not isinstance(name, str) or not name:
            self.issue(None, "name", "a rule set needs a name", "a non-empty string", name)
        version = doc.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            self.issue(None, "version", "a rule set needs a version", "a positive integer", version)
        description = self.text(doc.get("description", {"de": "", "en": ""}), None, "description")

        self.params = self.parameters(doc.get("parameters") or {})
        values = {name: p.default for name, p in self.params.items()}
        for key, raw in overrides.items():
            if key not in self.params:
                self.issue(None, f"parameters.{key}", "unknown parameter", None, key,
                           did_you_mean(key, self.params))
                continue
            value, problem = check_value(self.params[key], raw, source=self.source,
                                         key=f"parameters.{key}")
            if problem:
                self.issues.append(problem)
            values[key] = value
        facts = self.facts(doc.get("facts") or {})

        raw_criteria = self.rule_list(doc.get("criteria") or [], "criteria")
        raw_blockers = self.rule_list(doc.get("blockers") or [], "blockers")
        raw_actions = self.rule_list(doc.get("actions") or [], "actions")
        self.criterion_ids = {r["id"] for r in raw_criteria if isinstance(r.get("id"), str)}
        self.blocker_ids = {r["id"] for r in raw_blockers if isinstance(r.get("id"), str)}
        raw_flags = doc.get("flags") or {}
        if not isinstance(raw_flags, Mapping):
            self.issue(None, "flags", "flags are a mapping of name to condition", "a mapping",
                       type(raw_flags).__name__)
            raw_flags = {}
        self.flag_names = set(raw_flags)

        criteria = tuple(self.rule(r, "criterion") for r in raw_criteria)
        blockers = tuple(self.rule(r, "blocker") for r in raw_blockers)
        actions = tuple(self.rule(r, "action") for r in raw_actions)
        flags = {name: self.flag(name, body) for name, body in raw_flags.items()}
        self._flag_conditions = {name: flag.when for name, flag in flags.items()}
        self.check_cycles()
        tiers = self.tiers(doc.get("tiers") or [])
        ordering = self.ordering(doc.get("ordering") or [])
        if self.issues:
            return None
        return RuleSet(
            name=name, version=version, description=description, parameters=self.params,
            values=values, facts=facts,
            criteria=criteria, blockers=blockers, actions=actions,  # type: ignore[arg-type]
            flags=flags, tiers=tiers, ordering=ordering, source=self.source,  # type: ignore[arg-type]
            document=dict(doc),
        )

    def text(self, raw: Any, rule_id: str | None, key: str) -> Text:
        if isinstance(raw, str):
            return Text(raw, raw)
        if isinstance(raw, Mapping) and isinstance(raw.get("de"), str):
            extra = set(raw) - {"de", "en"}
            if extra:
                self.issue(rule_id, key, "unknown language", "de and en", sorted(extra)[0])
            return Text(raw["de"], raw.get("en") or raw["de"])
        self.issue(rule_id, key, "a text needs at least German", "{de: ..., en: ...}", raw)
        return Text("", "")

    # --- parameters -----------------------------------------------------------------------

    def parameters(self, raw: Any) -> dict[str, Parameter]:
        out: dict[str, Parameter] = {}
        if not isinstance(raw, Mapping):
            self.issue(None, "parameters", "parameters are a mapping", "a mapping", raw)
            return out
        allowed = ("type", "default", "range", "unit", "description", "of")
        for name, body in raw.items():
            key = f"parameters.{name}"
            if name in AUDIT_ONLY:
                self.issue(None, key, f"{name!r} {_AUDIT_REASON}")
            if not isinstance(body, Mapping):
                self.issue(None, key, "a parameter is a mapping", "type, default, ...", body)
                continue
            for k in body:
                if k not in allowed:
                    self.issue(None, f"{key}.{k}", "unknown key", ", ".join(allowed), k,
                               did_you_mean(str(k), allowed))
            ptype = body.get("type")
            if ptype not in ("int", "bool", "category_set"):
                self.issue(None, f"{key}.type", "unknown parameter type",
                           "int, bool or category_set", ptype)
                continue
            lo = hi = None
            choices: tuple[str, ...] = ()
            if ptype == "int":
                rng = body.get("range")
                if (not isinstance(rng, list) or len(rng) != 2
                        or not all(isinstance(v, int) and not isinstance(v, bool) for v in rng)
                        or rng[0] > rng[1]):
                    self.issue(None, f"{key}.range", "an int parameter needs an allowed range",
                               "[min, max] with min <= max", rng)
                    continue
                lo, hi = rng
            if ptype == "category_set":
                vocabulary = body.get("of")
                if vocabulary not in VOCABULARIES:
                    self.issue(None, f"{key}.of", "unknown vocabulary", ", ".join(VOCABULARIES),
                               vocabulary, did_you_mean(str(vocabulary), VOCABULARIES))
                    continue
                choices = VOCABULARIES[vocabulary]
            param = Parameter(name, ptype, body.get("default"),
                              self.text(body.get("description", name), None, f"{key}.description"),
                              lo, hi, body.get("unit"), body.get("of"), choices)
            default, problem = check_value(param, body.get("default"), source=self.source,
                                           key=f"{key}.default")
            if problem:
                self.issues.append(problem)
                continue
            out[name] = Parameter(name, ptype, default, param.description, lo, hi, param.unit,
                                  param.of, choices)
        return out

    # --- facts ----------------------------------------------------------------------------

    def facts(self, raw: Any) -> dict[str, Fact]:
        if not isinstance(raw, Mapping):
            self.issue(None, "facts", "facts are a mapping of name to declaration", "a mapping", raw)
            return {}
        pending: dict[str, Any] = dict(raw)
        # Derived types first, so a fact may refer to one declared later; then order by deps.
        for name, body in pending.items():
            if name in AUDIT_ONLY or name in CASE_FIELDS:
                self.issue(name, f"facts.{name}", "a fact may not shadow a case field"
                           if name in CASE_FIELDS else f"{name!r} {_AUDIT_REASON}")
            self.fact_types[name] = self.fact_type(name, body, pending)
        ordered: dict[str, Fact] = {}
        visiting: set[str] = set()

        def visit(name: str) -> None:
            if name in ordered or name not in pending:
                return
            if name in visiting:
                self.issue(name, f"facts.{name}", "facts refer to each other in a cycle")
                return
            visiting.add(name)
            body = pending[name]
            if isinstance(body, Mapping):
                for dep in body.get("max_of") or body.get("sum_of") or []:
                    visit(dep)
            visiting.discard(name)
            fact = self.fact(name, body)
            if fact is not None:
                ordered[name] = fact

        for name in pending:
            visit(name)
        return ordered

    def fact_type(self, name: str, body: Any, raw: Mapping[str, Any] | None = None,
                  seen: frozenset[str] = frozenset()) -> str:
        """number, bool or date: what a comparison with this fact may use."""
        if not isinstance(body, Mapping):
            return "number"
        if body.get("aggregate") == "exists":
            return "bool"
        if body.get("aggregate") in ("max", "min"):
            spec = RECORD_FIELDS.get(str(body.get("over")), {}).get(str(body.get("field")))
            return "date" if spec and spec.type == "date" else "number"
        deps = body.get("max_of") or body.get("sum_of")
        if isinstance(deps, list) and deps and raw is not None and deps[0] in raw \
                and deps[0] not in seen:
            return self.fact_type(deps[0], raw[deps[0]], raw, seen | {name})
        return "number"

    def fact(self, name: str, body: Any) -> Fact | None:
        key = f"facts.{name}"
        if not isinstance(body, Mapping):
            self.issue(name, key, "a fact is a mapping", "over/aggregate/where, derive or max_of",
                       body)
            return None
        description = self.text(body.get("description", name), name, f"{key}.description")
        if "over" in body:
            allowed = ("over", "aggregate", "field", "where", "description")
            self.unknown_keys(name, key, body, allowed)
            over = body.get("over")
            if over not in RECORD_FIELDS:
                self.issue(name, f"{key}.over", "unknown record kind", "offences or incidents",
                           over, did_you_mean(str(over), RECORD_FIELDS))
                return None
            agg = body.get("aggregate")
            if agg not in ("count", "exists", "max", "min"):
                self.issue(name, f"{key}.aggregate", "unknown aggregation",
                           "count, exists, max or min", agg)
                return None
            fld = body.get("field")
            if agg in ("max", "min"):
                spec = RECORD_FIELDS[over].get(str(fld))
                if spec is None or spec.type not in ("number", "date"):
                    self.field_issue(name, f"{key}.field", fld, RECORD_FIELDS[over],
                                     "a numeric or date field of " + over)
                    return None
            where = (self.condition(body["where"], name, f"{key}.where",
                                    _Scope(RECORD_FIELDS[over], over, facts=False, rules=False))
                     if "where" in body else Always())
            return AggregateFact(name, description, over, agg, fld, where)
        if "derive" in body:
            self.unknown_keys(name, key, body, ("derive", "field", "description"))
            kind = body.get("derive")
            if kind not in ("years_since", "days_until"):
                self.issue(name, f"{key}.derive", "unknown derivation",
                           "years_since or days_until", kind)
                return None
            fld = body.get("field")
            spec = CASE_FIELDS.get(str(fld))
            if spec is None or spec.type != "date":
                self.field_issue(name, f"{key}.field", fld, CASE_FIELDS, "a date field of the case")
                return None
            return DeriveFact(name, description, kind, fld)
        for combine in ("max_of", "sum_of"):
            if combine in body:
                self.unknown_keys(name, key, body, (combine, "description"))
                deps = body.get(combine)
                if not isinstance(deps, list) or not deps:
                    self.issue(name, f"{key}.{combine}", "a list of facts is needed",
                               "a non-empty list", deps)
                    return None
                for dep in deps:
                    if dep not in self.fact_types:
                        self.issue(name, f"{key}.{combine}", "unknown fact", "a declared fact",
                                   dep, did_you_mean(str(dep), self.fact_types))
                        return None
                return CombineFact(name, description, combine, tuple(deps))
        self.issue(name, key, "a fact declares how it is derived",
                   "over/aggregate, derive or max_of/sum_of", sorted(body))
        return None

    def unknown_keys(self, rule_id: str | None, key: str, body: Mapping[str, Any],
                     allowed: tuple[str, ...]) -> None:
        for k in body:
            if k not in allowed:
                self.issue(rule_id, f"{key}.{k}", "unknown key", ", ".join(allowed), k,
                           did_you_mean(str(k), allowed))

    def field_issue(self, rule_id: str | None, key: str, name: Any,
                    known: Mapping[str, FieldSpec], expected: str) -> None:
        if name in AUDIT_ONLY:
            self.issue(rule_id, key, f"{name!r} {_AUDIT_REASON}")
        else:
            self.issue(rule_id, key, "unknown field", expected, name,
                       did_you_mean(str(name), known))

    # --- conditions -----------------------------------------------------------------------

    def condition(self, raw: Any, rule_id: str | None, key: str, scope: _Scope) -> Condition:
        if not isinstance(raw, Mapping) or not raw:
            self.issue(rule_id, key, "a condition is a mapping",
                       "all/any/not, a comparison or a reference", raw)
            return Always()
        if "all" in raw or "any" in raw:
            op = "all" if "all" in raw else "any"
            self.unknown_keys(rule_id, key, raw, (op,))
            items = raw[op]
            if not isinstance(items, list) or not items:
                self.issue(rule_id, f"{key}.{op}", f"'{op}' needs a list of conditions",
                           "a non-empty list", items)
                return Always()
            parts = tuple(self.condition(item, rule_id, f"{key}.{op}[{i}]", scope)
                          for i, item in enumerate(items))
            return All(parts) if op == "all" else AnyOf(parts)
        if "not" in raw:
            self.unknown_keys(rule_id, key, raw, ("not",))
            return Not(self.condition(raw["not"], rule_id, f"{key}.not", scope))
        for ref in ("criterion", "blocker", "flag"):
            if ref in raw:
                self.unknown_keys(rule_id, key, raw, (ref,))
                return self.reference(ref, raw[ref], rule_id, f"{key}.{ref}", scope)
        return self.comparison(raw, rule_id, key, scope)

    def reference(self, ref: str, target: Any, rule_id: str | None, key: str,
                  scope: _Scope) -> Condition:
        if not scope.rules:
            self.issue(rule_id, key, f"a record filter cannot refer to a {ref}")
            return Always()
        if ref == "criterion":
            if target not in self.criterion_ids:
                self.issue(rule_id, key, "unknown criterion", "a criterion id", target,
                           did_you_mean(str(target), self.criterion_ids))
            self._current_refs.add(str(target))
            return CriterionRef(str(target))
        if ref == "blocker":
            if target != "any" and target not in self.blocker_ids:
                self.issue(rule_id, key, "unknown blocker", "a blocker id or 'any'", target,
                           did_you_mean(str(target), self.blocker_ids))
            return BlockerRef(str(target))
        if target not in self.flag_names:
            self.issue(rule_id, key, "unknown flag", "a flag name", target,
                       did_you_mean(str(target), self.flag_names))
        return FlagRef(str(target))

    def comparison(self, raw: Mapping[str, Any], rule_id: str | None, key: str,
                   scope: _Scope) -> Condition:
        subjects = [k for k in ("field", "fact", "param") if k in raw]
        ops = [k for k in raw if k in (*OPERATORS, "within_months")]
        others = [k for k in raw if k not in subjects and k not in ops]
        if len(subjects) != 1 or len(ops) != 1 or others:
            bad = others[0] if others else None
            self.issue(rule_id, key, "a comparison names one subject and one operator",
                       "{field|fact|param: NAME, eq|ne|lt|le|gt|ge|in|not_in|within_months: VALUE}",
                       sorted(raw), did_you_mean(str(bad), (*OPERATORS, "within_months",
                                                            "field", "fact", "param", "all",
                                                            "any", "not", "criterion", "blocker",
                                                            "flag")) if bad else None)
            return Always()
        kind, op = subjects[0], ops[0]
        name = raw[kind]
        subject: FieldRef | FactRef | ParamRef
        if kind == "field":
            spec = scope.fields.get(str(name))
            if spec is None:
                self.field_issue(rule_id, f"{key}.field", name, scope.fields,
                                 f"a field of {scope.field_scope}")
                return Always()
            subject = FieldRef(str(name), scope.field_scope)  # type: ignore[arg-type]
            stype = spec.type
        elif kind == "fact":
            if not scope.facts:
                self.issue(rule_id, f"{key}.fact", "a record filter reads record fields, not facts")
                return Always()
            if name not in self.fact_types:
                if name in AUDIT_ONLY:
                    self.issue(rule_id, f"{key}.fact", f"{name!r} {_AUDIT_REASON}")
                else:
                    self.issue(rule_id, f"{key}.fact", "unknown fact", "a declared fact", name,
                               did_you_mean(str(name), self.fact_types))
                return Always()
            subject, stype, spec = FactRef(str(name)), self.fact_types[name], None
        else:
            param = self.params.get(str(name))
            if param is None:
                self.issue(rule_id, f"{key}.param", "unknown parameter", "a declared parameter",
                           name, did_you_mean(str(name), self.params))
                return Always()
            subject, spec = ParamRef(str(name)), None
            stype = {"int": "number", "bool": "bool", "category_set": "set"}[param.type]
        operand = self.operand(raw[op], rule_id, f"{key}.{op}")
        if op == "within_months":
            if stype != "date" or kind != "field" or scope.field_scope == "case":
                self.issue(rule_id, f"{key}.within_months",
                           "a window applies to the date of a record", "field: date",
                           f"{kind}: {name}")
                return Always()
            self.expect_operand(operand, "number", rule_id, f"{key}.within_months")
            return Within(subject, operand)  # type: ignore[arg-type]
        self.check_operand(stype, spec, op, operand, rule_id, f"{key}.{op}")
        return Compare(subject, op, operand)  # type: ignore[arg-type]

    def operand(self, raw: Any, rule_id: str | None, key: str) -> Any:
        if isinstance(raw, Mapping):
            if set(raw) != {"param"}:
                self.issue(rule_id, key, "an operand is a value or {param: NAME}",
                           "{param: NAME}", sorted(raw))
                return None
            name = raw["param"]
            if name not in self.params:
                self.issue(rule_id, f"{key}.param", "unknown parameter", "a declared parameter",
                           name, did_you_mean(str(name), self.params))
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
            self.issue(rule_id, key, "operand of the wrong type", expected, operand)

    def check_operand(self, stype: str, spec: FieldSpec | None, op: str, operand: Any,
                      rule_id: str | None, key: str) -> None:
        if operand is None:
            return  # already reported, or a null literal (never true)
        otype = self.operand_type(operand)
        if op in ("in", "not_in"):
            if stype != "enum":
                self.issue(rule_id, key, f"'{op}' needs a field with named values",
                           "an enumeration field", stype)
                return
            if otype != "set":
                self.issue(rule_id, key, f"'{op}' needs a list", "a list or a category_set "
                           "parameter", operand)
                return
            assert spec is not None
            if isinstance(operand, ParamRef):
                param = self.params[operand.name]
                if param.of != spec.vocabulary:
                    self.issue(rule_id, key, "parameter of another vocabulary",
                               f"a category_set of {spec.vocabulary}", param.of)
                return
            for item in operand:
                if item not in spec.choices:
                    self.issue(rule_id, key, "unknown value", ", ".join(spec.choices), item,
                               did_you_mean(str(item), spec.choices))
            return
        if stype == "enum":
            assert spec is not None
            if op not in ("eq", "ne"):
                self.issue(rule_id, key, f"'{op}' does not order named values", "eq, ne, in or "
                           "not_in", op)
            elif operand not in spec.choices:
                self.issue(rule_id, key, "unknown value", ", ".join(spec.choices), operand,
                           did_you_mean(str(operand), spec.choices))
            return
        if stype == "bool":
            if op not in ("eq", "ne") or otype != "bool":
                self.issue(rule_id, key, "a yes/no value compares with eq/ne to true/false",
                           "eq: true|false", f"{op}: {operand!r}")
            return
        if stype == "date":
            self.issue(rule_id, key, "dates compare only through within_months or a derived fact",
                       "within_months or a derive fact", op)
            return
        if otype != "number":
            self.issue(rule_id, key, "a number compares with a number", "a number or an int "
                       "parameter", operand)

    # --- rules ----------------------------------------------------------------------------

    def rule_list(self, raw: Any, key: str) -> list[Mapping[str, Any]]:
        if not isinstance(raw, list):
            self.issue(None, key, f"{key} are a list", "a list", raw)
            return []
        out, seen = [], set()
        for i, item in enumerate(raw):
            if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
                self.issue(None, f"{key}[{i}]", "each entry needs an id", "id: NAME", item)
                continue
            if item["id"] in seen:
                self.issue(item["id"], f"{key}[{i}].id", "duplicate id")
            seen.add(item["id"])
            out.append(item)
        return out

    def rule(self, raw: Mapping[str, Any], kind: str) -> Rule:
        rid = raw["id"]
        key = {"criterion": "criteria", "blocker": "blockers", "action": "actions"}[kind]
        key = f"{key}.{rid}"
        allowed = ("id", "title", "description", "basis", "when", "points", "measure", "evidence")
        self.unknown_keys(rid, key, raw, allowed)
        scope = _Scope(CASE_FIELDS, "case")
        self._current_refs = set()
        measure = self.measure(raw.get("measure"), rid, f"{key}.measure") if "measure" in raw \
            else None
        if "when" in raw:
            when = self.condition(raw["when"], rid, f"{key}.when", scope)
        elif measure is not None:
            op = "ge" if measure.direction == "at_least" else "le"
            when = Compare(FactRef(measure.fact), op, measure.threshold)  # type: ignore[arg-type]
        elif "measure" in raw:
            when = Always()  # the broken measure is already reported
        else:
            self.issue(rid, f"{key}.when", "a rule needs a condition", "when or measure")
            when = Always()
        self.references[rid] = set(self._current_refs)
        points = raw.get("points", 0)
        if kind == "criterion" and (isinstance(points, bool) or not isinstance(points, int)
                                    or points < 0):
            self.issue(rid, f"{key}.points", "points are a whole number >= 0", "an integer",
                       points)
            points = 0
        elif kind != "criterion" and "points" in raw:
            self.issue(rid, f"{key}.points", f"a {kind} carries no points")
        evidence = raw.get("evidence") or []
        for fact in evidence:
            if fact not in self.fact_types:
                self.issue(rid, f"{key}.evidence", "unknown fact", "a declared fact", fact,
                           did_you_mean(str(fact), self.fact_types))
        return Rule(rid, kind, self.text(raw.get("title"), rid, f"{key}.title"),  # type: ignore[arg-type]
                    self.text(raw.get("basis", ""), rid, f"{key}.basis"), when, points,
                    measure, tuple(evidence),
                    self.text(raw["description"], rid, f"{key}.description")
                    if "description" in raw else None)

    def measure(self, raw: Any, rid: str, key: str) -> Measure | None:
        if not isinstance(raw, Mapping):
            self.issue(rid, key, "a measure is a mapping", "{fact, threshold, near_miss}", raw)
            return None
        self.unknown_keys(rid, key, raw, ("fact", "threshold", "direction", "near_miss"))
        fact = raw.get("fact")
        if fact not in self.fact_types:
            self.issue(rid, f"{key}.fact", "unknown fact", "a declared fact", fact,
                       did_you_mean(str(fact), self.fact_types))
            return None
        threshold = self.operand(raw.get("threshold"), rid, f"{key}.threshold")
        self.expect_operand(threshold, "number", rid, f"{key}.threshold")
        direction = raw.get("direction", "at_least")
        if direction not in ("at_least", "at_most"):
            self.issue(rid, f"{key}.direction", "unknown direction", "at_least or at_most",
                       direction)
        near = raw.get("near_miss")
        if near is not None and (isinstance(near, bool) or not isinstance(near, int | float)
                                 or near <= 0):
            self.issue(rid, f"{key}.near_miss", "a near miss is a positive distance", "a number",
                       near)
            near = None
        return Measure(fact, threshold, direction, near)

    def flag(self, name: str, body: Any) -> Flag:
        key = f"flags.{name}"
        if not isinstance(body, Mapping):
            self.issue(name, key, "a flag is a mapping", "{title, when}", body)
            return Flag(name, Text(name, name), Always())
        self.unknown_keys(name, key, body, ("title", "when"))
        self._current_refs = set()
        when = self.condition(body.get("when"), name, f"{key}.when", _Scope(CASE_FIELDS, "case"))
        self.references[f"flag:{name}"] = set(self._current_refs)
        return Flag(name, self.text(body.get("title", name), name, f"{key}.title"), when)

    def check_cycles(self) -> None:
        graph = {rid: refs for rid, refs in self.references.items() if not rid.startswith("flag:")}
        state: dict[str, int] = {}

        def walk(node: str, path: list[str]) -> None:
            if state.get(node) == 2:
                return
            if state.get(node) == 1:
                cycle = " -> ".join([*path[path.index(node):], node])
                self.issue(node, "when", f"rules refer to each other in a cycle: {cycle}")
                return
            state[node] = 1
            for nxt in graph.get(node, ()):
                walk(nxt, [*path, node])
            state[node] = 2

        for node in graph:
            walk(node, [])

    def tiers(self, raw: Any) -> tuple[Tier, ...]:
        items = self.rule_list(raw, "tiers")
        out: list[Tier] = []
        for i, item in enumerate(items):
            tid = item["id"]
            key = f"tiers.{tid}"
            self.unknown_keys(tid, key, item, ("id", "label", "reason", "when", "otherwise"))
            if item.get("otherwise") is True:
                if "when" in item:
                    self.issue(tid, key, "a catch-all tier has no condition")
                if i != len(items) - 1:
                    self.issue(tid, key, "the catch-all tier must come last: every tier after it "
                               "is unreachable")
                when: Condition = Always()
            else:
                when = self.condition(item.get("when"), tid, f"{key}.when",
                                      _Scope(CASE_FIELDS, "case"))
            out.append(Tier(tid, self.text(item.get("label", tid), tid, f"{key}.label"),
                            self.text(item.get("reason", ""), tid, f"{key}.reason"), when))
        if not out or not isinstance(out[-1].when, Always):
            self.issue(None, "tiers", "the last tier must catch every other case",
                       "otherwise: true on the last tier")
        elif not self.issues:
            self.check_reachable(out)
        return tuple(out)

    def check_reachable(self, tiers: list[Tier]) -> None:
        """Every tier must be the first match for at least one combination of its atoms."""
        atoms: list[Condition] = []

        def collect(cond: Condition) -> None:
            if isinstance(cond, All | AnyOf):
                for item in cond.items:
                    collect(item)
            elif isinstance(cond, Not):
                collect(cond.item)
            elif isinstance(cond, FlagRef):
                collect(self._flag_conditions[cond.name])
            elif not isinstance(cond, Always) and cond not in atoms:
                atoms.append(cond)

        for tier in tiers:
            collect(tier.when)
        if len(atoms) > 16:
            return  # too many to enumerate; reachability is then not proven, only assumed

        def truth(cond: Condition, world: dict[Condition, bool]) -> bool:
            if isinstance(cond, All):
                return all(truth(c, world) for c in cond.items)
            if isinstance(cond, AnyOf):
                return any(truth(c, world) for c in cond.items)
            if isinstance(cond, Not):
                return not truth(cond.item, world)
            if isinstance(cond, FlagRef):
                return truth(self._flag_conditions[cond.name], world)
            if isinstance(cond, Always):
                return True
            if isinstance(cond, BlockerRef) and cond.id == "any":
                return world[cond] or any(world.get(BlockerRef(b), False) for b in self.blocker_ids)
            return world[cond]

        reached: set[str] = set()
        for bits in itertools.product((False, True), repeat=len(atoms)):
            world = dict(zip(atoms, bits, strict=True))
            for tier in tiers:
                if truth(tier.when, world):
                    reached.add(tier.id)
                    break
        for tier in tiers:
            if tier.id not in reached:
                self.issue(tier.id, f"tiers.{tier.id}.when",
                           "unreachable tier: an earlier tier always matches first")

    def ordering(self, raw: Any) -> tuple[OrderKey, ...]:
        if not isinstance(raw, list) or not raw:
            self.issue(None, "ordering", "the queue order needs at least one key", "a list", raw)
            return ()
        out = []
        known = ("tier", "score", "case_id", *self.fact_types, *CASE_FIELDS)
        for i, item in enumerate(raw):
            key = f"ordering[{i}]"
            if not isinstance(item, Mapping):
                self.issue(None, key, "an ordering key is a mapping", "{by, direction}", item)
                continue
            self.unknown_keys(None, key, item, ("by", "direction", "missing"))
            by = item.get("by")
            if by not in known:
                if by in AUDIT_ONLY:
                    self.issue(None, f"{key}.by", f"{by!r} {_AUDIT_REASON}")
                else:
                    self.issue(None, f"{key}.by", "unknown ordering key",
                               "tier, score, case_id, a fact or a case field", by,
                               did_you_mean(str(by), known))
                continue
            direction = item.get("direction", "asc")
            missing = item.get("missing", "last")
            if direction not in ("asc", "desc"):
                self.issue(None, f"{key}.direction", "unknown direction", "asc or desc", direction)
            if missing not in ("first", "last"):
                self.issue(None, f"{key}.missing", "unknown placement", "first or last", missing)
            out.append(OrderKey(by, direction, missing))
        if out and out[-1].by != "case_id":
            self.issue(None, "ordering", "the queue order must be total",
                       "case_id as the last key", out[-1].by)
        return tuple(out)


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "..."
