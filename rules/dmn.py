"""Export a rule set as a DMN 1.3 model, so that auditors can open it in a standard DMN modeller.

The model is a decision requirements graph over two inputs, ``case`` (a case record of SPEC §1
with its defaults filled in) and ``as_of`` (the reference date):

* every **parameter** is a decision with its value in this version (a literal expression),
* every **derived fact** the rules read is a decision with a FEEL expression (``count(...)``,
  ``max(...)`` over the filtered records, age and days from dates),
* every **criterion, blocker, action and flag** is a boolean decision in FEEL, plus
  ``any_blocker``, ``score`` and the lists ``criteria``, ``blockers`` and ``actions``,
* the **tiers** are one decision table with the FIRST hit policy: each tier's condition in
  disjunctive normal form, one row per conjunction, the tiers in their order (first match wins),
  the catch-all tier last.

The meaning is the rule language's (:mod:`rules.language`): a comparison with a missing value is
false (every comparison is written null-safe), records dated after ``as_of`` never count, a
window of W months holds ``as_of - W months < date <= as_of`` (FEEL subtracts calendar months
like ``dateutil.relativedelta``), dates compare as days. What DMN cannot express — the total
order of the queue (across cases, not a decision about one case), the measure and near miss of
a criterion, the evidence an explanation lists — is named in :attr:`DmnExport.not_expressed` and
in the model's description. The tests read the file with dmn-moddle and evaluate every FEEL
expression with feelin on the worked examples and the shipped scenarios.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from rules.labels import phrase
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
    FactRef,
    FieldRef,
    FlagRef,
    Not,
    ParamRef,
    RuleSet,
    Within,
)
from rules.vocabulary import CASE_FIELDS, RECORD_FIELDS, FieldSpec
from rules.wording import condition_words

DMN = "https://www.omg.org/spec/DMN/20191111/MODEL/"
DMNDI = "https://www.omg.org/spec/DMN/20191111/DMNDI/"
DC = "http://www.omg.org/spec/DMN/20180521/DC/"
DI = "http://www.omg.org/spec/DMN/20180521/DI/"
FEEL = "https://www.omg.org/spec/DMN/20191111/FEEL/"

#: More rows than this for one tier's condition and the tier table is not written as a table.
MAX_TIER_ROWS = 64

#: Names a decision may not take: the inputs, FEEL keywords and the built-ins used here.
_RESERVED = frozenset(
    (
        *("case", "as_of", "item", "and", "or", "not", "if", "then", "else", "for", "in"),
        *("return", "some", "every", "satisfies", "between", "instance", "of", "null"),
        *("true", "false", "function", "date", "time", "duration", "count", "max", "min"),
        *("sum", "string", "years", "months", "days", "list"),
    )
)
_OPS = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_TYPES = {"enum": "string", "bool": "boolean", "number": "number", "date": "date"}


def t(key: str, lang: str, /, **values: Any) -> str:
    return phrase("dmn", key, lang, **values)


@dataclass(frozen=True)
class NotExpressed:
    """A part of the rule set the DMN model leaves out, and why (German or English)."""

    what: str
    why: str

    def __str__(self) -> str:
        return f"{self.what}: {self.why}"


@dataclass(frozen=True)
class DmnExport:
    """The DMN XML of a rule set and the list of what it does not express."""

    xml: str
    not_expressed: tuple[NotExpressed, ...]
    decisions: tuple[str, ...]


class DmnError(ValueError):
    """A rule set that cannot be exported (names that clash in FEEL)."""


# --------------------------------------------------------------------------- FEEL


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, tuple | list | frozenset):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    if value is None:
        return "null"
    raise DmnError(f"no FEEL literal for {value!r}")


@dataclass
class _Decision:
    """One decision of the model: name, FEEL text (or a table), what it requires."""

    id: str
    name: str
    type_ref: str
    feel: str | None
    requires: list[str] = field(default_factory=list)  # names of decisions or inputs
    label: str = ""
    table: _TierTable | None = None
    kind: str = "decision"


@dataclass
class _TierTable:
    inputs: list[tuple[str, str]]  # (label, FEEL input expression)
    rows: list[tuple[list[str], str, str]]  # (input entries, output, annotation)
    outputs: list[str]


class _Feel:
    """FEEL for the conditions and facts of one rule set; records what each expression reads."""

    def __init__(self, ruleset: RuleSet, names: dict[tuple[str, str], str]) -> None:
        self.ruleset = ruleset
        self.names = names
        self.reads: set[str] = set()

    def name(self, kind: str, key: str) -> str:
        name = self.names[(kind, key)]
        self.reads.add(name)
        return name

    def operand(self, operand: Any) -> str:
        if isinstance(operand, ParamRef):
            return self.name("param", operand.name)
        return _literal(operand)

    def subject(self, subject: FieldRef | FactRef | ParamRef) -> str:
        if isinstance(subject, FieldRef):
            if subject.scope == "case":
                self.reads.add("case")
                return f"case.{subject.name}"
            return f"item.{subject.name}"
        if isinstance(subject, FactRef):
            return self.name("fact", subject.name)
        return self.name("param", subject.name)

    def condition(self, cond: Condition) -> str:
        """A null-safe boolean: true or false, never null (a missing value makes it false)."""
        if isinstance(cond, All | AnyOf):
            joiner = " and " if isinstance(cond, All) else " or "
            parts = [self.condition(item) for item in cond.items]
            return parts[0] if len(parts) == 1 else "(" + joiner.join(parts) + ")"
        if isinstance(cond, Not):
            return f"not({self.condition(cond.item)})"
        if isinstance(cond, Always):
            return "true"
        if isinstance(cond, CriterionRef):
            return self.name("criterion", cond.id)
        if isinstance(cond, BlockerRef):
            return (
                self.name("any_blocker", "") if cond.id == "any" else self.name("blocker", cond.id)
            )
        if isinstance(cond, FlagRef):
            return self.name("flag", cond.name)
        if isinstance(cond, Within):
            self.reads.add("as_of")
            months = self.operand(cond.months)
            window = (
                f'duration("P{months}M")'
                if not isinstance(cond.months, ParamRef)
                else f'duration("P" + string({months}) + "M")'
            )
            day = f"date({self.subject(cond.field)})"
            return f"({day} > date(as_of) - {window} and {day} <= date(as_of))"
        assert isinstance(cond, Compare)
        return self.compare(cond)

    def compare(self, cond: Compare) -> str:
        if cond.operand is None:
            return "false"  # a comparison with null is never true
        subject = self.subject(cond.subject)
        operand = self.operand(cond.operand)
        if cond.op == "in":
            return f"({subject} in {operand})"
        if cond.op == "not_in":
            return f"({subject} != null and not({subject} in {operand}))"
        if cond.op == "ne":
            return f"({subject} != null and {subject} != {operand})"
        if cond.op == "eq":
            return f"({subject} = {operand})"
        return f"(({subject} {_OPS[cond.op]} {operand}) = true)"

    def records(self, over: str, where: Condition) -> str:
        """The records of one kind that count at ``as_of`` and pass the filter."""
        self.reads.update(("case", "as_of"))
        parts = ["date(item.date) <= date(as_of)"]
        if not isinstance(where, Always):
            parts.append(self.condition(where))
        return f"case.{over}[{' and '.join(parts)}]"

    def fact(self, fact: AggregateFact | DeriveFact | CombineFact) -> tuple[str, str]:
        """(FEEL, typeRef) of a derived fact; dates come out as days since 1970-01-01."""
        if isinstance(fact, AggregateFact):
            records = self.records(fact.over, fact.where)
            if fact.aggregate == "count":
                return f"count({records})", "number"
            if fact.aggregate == "exists":
                return f"count({records}) > 0", "boolean"
            assert fact.field is not None
            spec = RECORD_FIELDS[fact.over][fact.field]
            values = f"{records}.{fact.field}"
            if spec.type == "date":
                values = (
                    f'for d in {records}.{fact.field} return (date(d) - date("1970-01-01")).days'
                )
            return f"{fact.aggregate}(({values})[item != null])", "number"
        if isinstance(fact, DeriveFact):
            self.reads.update(("case", "as_of"))
            value = f"case.{fact.field}"
            if fact.derive == "years_since":
                body = f"years and months duration(date({value}), date(as_of)).years"
            else:
                body = f"(date({value}) - date(as_of)).days"
            return f"if {value} = null then null else {body}", "number"
        assert isinstance(fact, CombineFact)
        parts = ", ".join(self.name("fact", name) for name in fact.facts)
        combine = "max" if fact.combine == "max_of" else "sum"
        return f"{combine}([{parts}][item != null])", "number"


# --------------------------------------------------------------------------- tiers as a table

_Literal = tuple[str, bool]  # (atom key, wanted value)


def _dnf(
    cond: Condition, atoms: dict[str, Condition], positive: bool = True
) -> list[list[_Literal]]:
    """``cond`` as a disjunction of conjunctions of atoms (references and comparisons)."""
    if isinstance(cond, Not):
        return _dnf(cond.item, atoms, not positive)
    if isinstance(cond, Always):
        return [[]] if positive else []
    if isinstance(cond, All | AnyOf):
        conjunctive = isinstance(cond, All) == positive
        parts = [_dnf(item, atoms, positive) for item in cond.items]
        if not conjunctive:
            return [conj for part in parts for conj in part]
        out: list[list[_Literal]] = []
        for combination in product(*parts):
            merged = [literal for conj in combination for literal in conj]
            if len(out) > MAX_TIER_ROWS:
                break
            out.append(merged)
        return out
    key = repr(cond)
    atoms.setdefault(key, cond)
    return [[(key, positive)]]


def _consistent(conj: Sequence[_Literal]) -> dict[str, bool] | None:
    wanted: dict[str, bool] = {}
    for key, value in conj:
        if wanted.get(key, value) != value:
            return None
        wanted[key] = value
    return wanted


# --------------------------------------------------------------------------- the model


def export_dmn(ruleset: RuleSet, lang: str = "de") -> DmnExport:
    """The DMN 1.3 model of ``ruleset`` (XML) and what it leaves out."""
    return _Builder(ruleset, lang).build()


def _q(tag: str) -> str:
    """A tag of the DMN model namespace."""
    return f"{{{DMN}}}{tag}"


def _ncname(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "_", text)
    return cleaned if re.match(r"[A-Za-z_]", cleaned) else f"_{cleaned}"


class _Builder:
    def __init__(self, ruleset: RuleSet, lang: str) -> None:
        self.ruleset = ruleset
        self.lang = lang
        self.names = self._names()
        self.decisions: list[_Decision] = []
        self.not_expressed: list[NotExpressed] = []

    def _names(self) -> dict[tuple[str, str], str]:
        rs = self.ruleset
        wanted: list[tuple[str, str]] = [
            *(("param", name) for name in rs.parameters),
            *(("fact", name) for name in rs.facts),
            *(("criterion", rule.id) for rule in rs.criteria),
            *(("blocker", rule.id) for rule in rs.blockers),
            *(("action", rule.id) for rule in rs.actions),
            *(("flag", name) for name in rs.flags),
            ("any_blocker", ""),
            ("score", ""),
            ("criteria", ""),
            ("blockers", ""),
            ("actions", ""),
            ("tier", ""),
        ]
        names: dict[tuple[str, str], str] = {}
        taken = set(_RESERVED)
        for kind, key in wanted:
            name = key or kind
            if name in taken or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                name = _ncname(f"{kind}_{key}" if key else kind)
                if name in taken:
                    raise DmnError(f"the name {name!r} is used twice in the rule set")
            taken.add(name)
            names[(kind, key)] = name
        return names

    def feel(self) -> _Feel:
        return _Feel(self.ruleset, self.names)

    def add(
        self, kind: str, key: str, type_ref: str, text: str | None, reads: Iterable[str], title: str
    ) -> None:
        name = self.names[(kind, key)]
        requires = sorted(set(reads) - {name})
        self.decisions.append(
            _Decision(
                _ncname(f"{kind}_{key}" if key else kind), name, type_ref, text, requires, title
            )
        )

    def build(self) -> DmnExport:
        rs = self.ruleset
        needed = self._needed_facts()
        for name, param in rs.parameters.items():
            value = rs.values[name]
            type_ref = {"int": "number", "bool": "boolean", "category_set": "tStrings"}[param.type]
            self.add("param", name, type_ref, _literal(value), (), param.description.get(self.lang))
        for name, fact in rs.facts.items():
            if name not in needed:
                continue
            feel = self.feel()
            text, type_ref = feel.fact(fact)
            self.add("fact", name, type_ref, text, feel.reads, fact.description.get(self.lang))
        for kind, rules in (("criterion", rs.criteria), ("blocker", rs.blockers)):
            for rule in rules:
                feel = self.feel()
                text = feel.condition(rule.when)
                self.add(kind, rule.id, "boolean", text, feel.reads, rule.title.get(self.lang))
        blocker_names = [self.names[("blocker", rule.id)] for rule in rs.blockers]
        self.add(
            "any_blocker",
            "",
            "boolean",
            " or ".join(blocker_names) or "false",
            blocker_names,
            t("any_blocker", self.lang),
        )
        for name, flag in rs.flags.items():
            feel = self.feel()
            text = feel.condition(flag.when)
            self.add("flag", name, "boolean", text, feel.reads, flag.title.get(self.lang))
        for rule in rs.actions:
            feel = self.feel()
            text = feel.condition(rule.when)
            self.add("action", rule.id, "boolean", text, feel.reads, rule.title.get(self.lang))
        self._lists()
        self._tiers()
        self._not_expressed(needed)
        return DmnExport(
            self._xml(),
            tuple(self.not_expressed),
            tuple(d.name for d in self.decisions),
        )

    def _needed_facts(self) -> set[str]:
        """Facts the rules read (directly or through other facts); the rest only order."""
        rs = self.ruleset
        feel = self.feel()
        for rule in (*rs.criteria, *rs.blockers, *rs.actions):
            feel.condition(rule.when)
        for flag in rs.flags.values():
            feel.condition(flag.when)
        for tier in rs.tiers:
            feel.condition(tier.when)
        needed = {
            key for (kind, key), name in self.names.items() if kind == "fact" and name in feel.reads
        }
        changed = True
        while changed:
            changed = False
            for name in list(needed):
                fact = rs.facts[name]
                if isinstance(fact, CombineFact):
                    for dep in fact.facts:
                        if dep not in needed:
                            needed.add(dep)
                            changed = True
        return needed

    def _lists(self) -> None:
        rs = self.ruleset
        terms = [
            f"if {self.names[('criterion', rule.id)]} then {rule.points} else 0"
            for rule in rs.criteria
        ]
        self.add(
            "score",
            "",
            "number",
            f"sum([{', '.join(terms)}])" if terms else "0",
            [self.names[("criterion", rule.id)] for rule in rs.criteria],
            t("score", self.lang),
        )
        for kind, rules in (
            ("criteria", rs.criteria),
            ("blockers", rs.blockers),
            ("actions", rs.actions),
        ):
            single = {"criteria": "criterion", "blockers": "blocker", "actions": "action"}[kind]
            names = [self.names[(single, rule.id)] for rule in rules]
            items = ", ".join(
                f"if {name} then {_string(rule.id)} else null"
                for name, rule in zip(names, rules, strict=True)
            )
            self.add(
                kind,
                "",
                "tStrings",
                f"[{items}][item != null]",
                names,
                t(f"list_{kind}", self.lang),
            )

    def _tiers(self) -> None:
        rs = self.ruleset
        atoms: dict[str, Condition] = {}
        rows: list[tuple[dict[str, bool], str, str]] = []
        too_many = False
        for tier in rs.tiers:
            conjunctions = [
                c for c in (_consistent(x) for x in _dnf(tier.when, atoms)) if c is not None
            ]
            if len(conjunctions) > MAX_TIER_ROWS:
                too_many = True
                break
            rows += [(conj, tier.id, tier.label.get(self.lang)) for conj in conjunctions]
        feel = self.feel()
        if too_many:
            # Still exact, only not a table: nested if-then-else in tier order.
            text = '"' + rs.tiers[-1].id + '"'
            for tier in reversed(rs.tiers[:-1]):
                text = f"if {feel.condition(tier.when)} then {_string(tier.id)} else {text}"
            self.add("tier", "", "string", text, feel.reads, t("tier", self.lang))
            self.not_expressed.append(
                NotExpressed(
                    t("tier_table", self.lang), t("tier_table_why", self.lang, n=MAX_TIER_ROWS)
                )
            )
            return
        keys = list(atoms)
        inputs = []
        for key in keys:
            atom = atoms[key]
            expression = feel.condition(atom)
            inputs.append((condition_words(rs, atom, self.lang), expression))
        table_rows = [
            (
                ["-" if key not in conj else ("true" if conj[key] else "false") for key in keys],
                _string(tier_id),
                tier_label,
            )
            for conj, tier_id, tier_label in rows
        ]
        decision = _Decision(
            "tier",
            self.names[("tier", "")],
            "string",
            None,
            sorted(feel.reads),
            t("tier", self.lang),
            _TierTable(inputs, table_rows, [_string(tier.id) for tier in rs.tiers]),
        )
        self.decisions.append(decision)

    def _not_expressed(self, needed: set[str]) -> None:
        rs = self.ruleset
        lang = self.lang
        order = ", ".join(key.by for key in rs.ordering)
        self.not_expressed.append(
            NotExpressed(t("ordering", lang), t("ordering_why", lang, keys=order))
        )
        only_order = [name for name in rs.facts if name not in needed]
        if only_order:
            self.not_expressed.append(
                NotExpressed(
                    t("order_facts", lang),
                    t("order_facts_why", lang, facts=", ".join(only_order)),
                )
            )
        measured = [rule.id for rule in rs.criteria if rule.measure is not None]
        if measured:
            self.not_expressed.append(
                NotExpressed(
                    t("measures", lang), t("measures_why", lang, rules=", ".join(measured))
                )
            )
        if rs.model.features:
            inputs = ", ".join(feature.title.get(lang) for feature in rs.model.features)
            self.not_expressed.append(
                NotExpressed(t("model", lang), t("model_why", lang, inputs=inputs))
            )
        with_evidence = [rule.id for rule in (*rs.criteria, *rs.actions) if rule.evidence]
        if with_evidence:
            self.not_expressed.append(
                NotExpressed(
                    t("evidence", lang), t("evidence_why", lang, rules=", ".join(with_evidence))
                )
            )

    # ------------------------------------------------------------------ XML

    def _xml(self) -> str:
        rs = self.ruleset
        ET.register_namespace("", DMN)
        ET.register_namespace("dmndi", DMNDI)
        ET.register_namespace("dc", DC)
        ET.register_namespace("di", DI)
        q = _q
        root = ET.Element(
            q("definitions"),
            {
                "id": _ncname(f"{rs.name}_v{rs.version}"),
                "name": rs.label,
                "namespace": f"urn:rrk-triage:ruleset:{rs.name}:{rs.version}",
                "expressionLanguage": FEEL,
                "typeLanguage": FEEL,
                "exporter": "rrk-triage",
                "exporterVersion": "1",
            },
        )
        description = [rs.description.get(self.lang), t("inputs", self.lang)]
        description += [t("not_expressed", self.lang)]
        description += [f"- {item}" for item in self.not_expressed]
        ET.SubElement(root, q("description")).text = "\n".join(description)
        self._item_definitions(root, q)
        ids: dict[str, str] = {}
        for input_name, type_ref, text in (
            ("case", "tCase", t("input_case", self.lang)),
            ("as_of", "date", t("input_as_of", self.lang)),
        ):
            element = ET.SubElement(
                root, q("inputData"), {"id": f"input_{input_name}", "name": input_name}
            )
            ET.SubElement(element, q("description")).text = text
            ET.SubElement(
                element,
                q("variable"),
                {"id": f"input_{input_name}_variable", "name": input_name, "typeRef": type_ref},
            )
            ids[input_name] = f"input_{input_name}"
        for decision in self.decisions:
            ids[decision.name] = decision.id
        edges: list[tuple[str, str, str]] = []
        for decision in self.decisions:
            element = ET.SubElement(root, q("decision"), {"id": decision.id, "name": decision.name})
            if decision.label:
                ET.SubElement(element, q("description")).text = decision.label
            ET.SubElement(
                element,
                q("variable"),
                {
                    "id": f"{decision.id}_variable",
                    "name": decision.name,
                    "typeRef": decision.type_ref,
                },
            )
            for index, required in enumerate(decision.requires):
                requirement_id = f"{decision.id}_requires_{index}"
                requirement = ET.SubElement(
                    element, q("informationRequirement"), {"id": requirement_id}
                )
                tag = "requiredInput" if required in ("case", "as_of") else "requiredDecision"
                ET.SubElement(requirement, q(tag), {"href": f"#{ids[required]}"})
                edges.append((requirement_id, ids[required], decision.id))
            if decision.table is not None:
                self._table(element, decision, q)
            else:
                expression = ET.SubElement(
                    element,
                    q("literalExpression"),
                    {"id": f"{decision.id}_expression", "typeRef": decision.type_ref},
                )
                ET.SubElement(expression, q("text")).text = decision.feel
        self._diagram(root, edges)
        ET.indent(root)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode")
            + "\n"
        )

    def _item_definitions(self, root: ET.Element, q: Callable[[str], str]) -> None:
        def components(parent: ET.Element, fields: dict[str, FieldSpec], prefix: str) -> None:
            for name, spec in fields.items():
                component = ET.SubElement(
                    parent, q("itemComponent"), {"id": f"{prefix}_{name}", "name": name}
                )
                ET.SubElement(component, q("typeRef")).text = _TYPES[spec.type]
                if spec.choices:
                    allowed = ET.SubElement(
                        component, q("allowedValues"), {"id": f"{prefix}_{name}_values"}
                    )
                    values = [_string(choice) for choice in spec.choices]
                    if spec.nullable:
                        values.append("null")
                    ET.SubElement(allowed, q("text")).text = ", ".join(values)

        for kind, fields in (
            ("tOffence", RECORD_FIELDS["offences"]),
            ("tIncident", RECORD_FIELDS["incidents"]),
        ):
            item = ET.SubElement(root, q("itemDefinition"), {"id": kind, "name": kind})
            components(item, fields, kind)
            many = ET.SubElement(
                root,
                q("itemDefinition"),
                {"id": f"{kind}List", "name": f"{kind}List", "isCollection": "true"},
            )
            ET.SubElement(many, q("typeRef")).text = kind
        strings = ET.SubElement(
            root,
            q("itemDefinition"),
            {"id": "tStrings", "name": "tStrings", "isCollection": "true"},
        )
        ET.SubElement(strings, q("typeRef")).text = "string"
        case = ET.SubElement(root, q("itemDefinition"), {"id": "tCase", "name": "tCase"})
        components(case, CASE_FIELDS, "tCase")
        for name, type_ref in (("offences", "tOffenceList"), ("incidents", "tIncidentList")):
            component = ET.SubElement(
                case, q("itemComponent"), {"id": f"tCase_{name}", "name": name}
            )
            ET.SubElement(component, q("typeRef")).text = type_ref

    def _table(self, element: ET.Element, decision: _Decision, q: Callable[[str], str]) -> None:
        assert decision.table is not None
        table = ET.SubElement(
            element,
            q("decisionTable"),
            {"id": f"{decision.id}_table", "hitPolicy": "FIRST", "outputLabel": decision.label},
        )
        for index, (text, expression) in enumerate(decision.table.inputs):
            column = ET.SubElement(
                table, q("input"), {"id": f"{decision.id}_in_{index}", "label": text}
            )
            expr = ET.SubElement(
                column,
                q("inputExpression"),
                {"id": f"{decision.id}_in_{index}_expression", "typeRef": "boolean"},
            )
            ET.SubElement(expr, q("text")).text = expression
        output = ET.SubElement(
            table,
            q("output"),
            {
                "id": f"{decision.id}_out",
                "name": decision.name,
                "label": decision.label,
                "typeRef": "string",
            },
        )
        values = ET.SubElement(output, q("outputValues"), {"id": f"{decision.id}_out_values"})
        ET.SubElement(values, q("text")).text = ", ".join(decision.table.outputs)
        ET.SubElement(table, q("annotation"), {"name": t("annotation", self.lang)})
        for row_index, (entries, output_value, annotation) in enumerate(decision.table.rows):
            rule = ET.SubElement(table, q("rule"), {"id": f"{decision.id}_rule_{row_index}"})
            for column_index, entry in enumerate(entries):
                cell = ET.SubElement(
                    rule,
                    q("inputEntry"),
                    {"id": f"{decision.id}_rule_{row_index}_in_{column_index}"},
                )
                ET.SubElement(cell, q("text")).text = entry
            out = ET.SubElement(
                rule, q("outputEntry"), {"id": f"{decision.id}_rule_{row_index}_out"}
            )
            ET.SubElement(out, q("text")).text = output_value
            note = ET.SubElement(rule, q("annotationEntry"))
            ET.SubElement(note, q("text")).text = annotation

    def _diagram(self, root: ET.Element, edges: list[tuple[str, str, str]]) -> None:
        """Shapes laid out by depth in the requirements graph, and one edge per requirement."""
        depth: dict[str, int] = {"input_case": 0, "input_as_of": 0}
        by_id = {d.id: d for d in self.decisions}
        ids = {d.name: d.id for d in self.decisions} | {
            "case": "input_case",
            "as_of": "input_as_of",
        }

        def level(node: str) -> int:
            if node not in depth:
                decision = by_id[node]
                depth[node] = 1 + max((level(ids[r]) for r in decision.requires), default=-1)
            return depth[node]

        for decision in self.decisions:
            level(decision.id)
        width, height, gap_x, gap_y = 180, 80, 40, 100
        columns: dict[int, int] = {}
        bounds: dict[str, tuple[int, int]] = {}
        for node in ["input_case", "input_as_of", *(d.id for d in self.decisions)]:
            row = depth[node]
            column = columns.get(row, 0)
            columns[row] = column + 1
            bounds[node] = (40 + column * (width + gap_x), 40 + row * (height + gap_y))
        dmndi = ET.SubElement(root, f"{{{DMNDI}}}DMNDI")
        diagram = ET.SubElement(dmndi, f"{{{DMNDI}}}DMNDiagram", {"id": "diagram"})
        for node, (x, y) in bounds.items():
            shape = ET.SubElement(
                diagram, f"{{{DMNDI}}}DMNShape", {"id": f"{node}_shape", "dmnElementRef": node}
            )
            ET.SubElement(
                shape,
                f"{{{DC}}}Bounds",
                {"height": str(height), "width": str(width), "x": str(x), "y": str(y)},
            )
        for requirement, source, target in edges:
            edge = ET.SubElement(
                diagram,
                f"{{{DMNDI}}}DMNEdge",
                {"id": f"{requirement}_edge", "dmnElementRef": requirement},
            )
            sx, sy = bounds[source]
            tx, ty = bounds[target]
            ET.SubElement(
                edge, f"{{{DI}}}waypoint", {"x": str(sx + width // 2), "y": str(sy + height)}
            )
            ET.SubElement(edge, f"{{{DI}}}waypoint", {"x": str(tx + width // 2), "y": str(ty)})
