"""Hypothesis strategies for whole rule sets of varied shape (YAML documents, before checking).

:func:`ruleset_documents` draws parameters, derived facts (counts, exists, max/min over
offences or incidents with filters and windows, ages, days until a date, max_of / sum_of),
criteria, blockers, flags and actions, tiers in any order and a queue order. The named
conditions (criteria, blockers, flags, actions) refer to each other in an *acyclic* order drawn
independently of their order in the file: a criterion may read a blocker, a flag may read a flag
declared after it, a blocker may read a flag, an action may read an action's criterion, and so
on. Comparisons mostly use values that make sense (counts 0-4, sentences around 12 and 24
months, days around the release horizon) so that rules fire and tiers differ; some draws are
refused by the checker (an unreachable tier), which the tests accept only with named issues.

With ``cycle=True`` one reference runs backwards against the drawn order, so the document has a
cycle the checker must refuse.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from cases.model import (
    DEPARTURE_STATUSES,
    INCIDENT_TYPES,
    OFFENCE_CATEGORIES,
    OFFENCE_STATUSES,
    REGIONS,
    SOURCES,
    TOLERATION_REASONS,
    TRAVEL_DOCUMENTS,
)

Doc = dict[str, Any]

#: Parameters every drawn rule set declares (their values are drawn).
_INT_PARAMS = {
    "window_a": (1, 120),
    "window_b": (1, 120),
    "count_min": (1, 5),
    "sentence_min": (1, 36),
    "horizon_days": (1, 365),
}
_ENUM_FIELDS = {
    "region": REGIONS,
    "source": SOURCES,
    "departure_status": DEPARTURE_STATUSES,
    "toleration_reason": TOLERATION_REASONS,
    "travel_document": TRAVEL_DOCUMENTS,
}
_BOOL_FIELDS = ("asylum_pending", "deportation_ban", "in_custody")
_NUMBER_OPS = ("eq", "ne", "lt", "le", "gt", "ge")


@st.composite
def _parameters(draw: st.DrawFn) -> Doc:
    params: Doc = {}
    for name, (lo, hi) in _INT_PARAMS.items():
        default = draw(
            st.sampled_from([v for v in (3, 6, 12, 24, 36, 60, 90) if lo <= v <= hi] or [lo])
        )
        params[name] = {"type": "int", "default": default, "range": [lo, hi]}
    params["switch"] = {"type": "bool", "default": draw(st.booleans())}
    params["cats"] = {
        "type": "category_set",
        "of": "offence_category",
        "default": draw(
            st.lists(st.sampled_from(OFFENCE_CATEGORIES), min_size=1, max_size=5, unique=True)
        ),
    }
    return params


def _window() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from([{"param": "window_a"}, {"param": "window_b"}]),
        st.sampled_from([6, 12, 36, 60]),
    )


@st.composite
def _offence_filter(draw: st.DrawFn) -> Doc:
    kind = draw(
        st.sampled_from(["status", "category", "window", "sentence", "suspended", "switch"])
    )
    if kind == "status":
        op = draw(st.sampled_from(["eq", "ne", "in", "not_in"]))
        if op in ("eq", "ne"):
            return {"field": "status", op: draw(st.sampled_from(OFFENCE_STATUSES))}
        values = draw(st.lists(st.sampled_from(OFFENCE_STATUSES), min_size=1, max_size=3))
        return {"field": "status", op: values}
    if kind == "category":
        op = draw(st.sampled_from(["in", "not_in"]))
        return {"field": "category", op: {"param": "cats"}}
    if kind == "window":
        return {"field": "date", "within_months": draw(_window())}
    if kind == "sentence":
        operand = draw(
            st.one_of(st.sampled_from([0, 6, 12, 24]), st.just({"param": "sentence_min"}))
        )
        return {"field": "sentence_months", draw(st.sampled_from(_NUMBER_OPS)): operand}
    if kind == "suspended":
        return {"field": "suspended", "eq": draw(st.booleans())}
    return {"any": [{"field": "suspended", "eq": False}, {"param": "switch", "eq": True}]}


@st.composite
def _incident_filter(draw: st.DrawFn) -> Doc:
    kind = draw(st.sampled_from(["type", "window", "severity"]))
    if kind == "type":
        return {"field": "type", "in": draw(st.lists(st.sampled_from(INCIDENT_TYPES), min_size=1))}
    if kind == "window":
        return {"field": "date", "within_months": draw(_window())}
    return {"field": "severity", draw(st.sampled_from(_NUMBER_OPS)): draw(st.integers(1, 3))}


@st.composite
def _facts(draw: st.DrawFn) -> tuple[Doc, dict[str, str]]:
    """Fact declarations (in a drawn order) and the type of each: number, bool or date."""
    facts: Doc = {}
    types: dict[str, str] = {}
    for i in range(draw(st.integers(2, 6))):
        over = draw(st.sampled_from(["offences", "offences", "incidents"]))
        aggregate = draw(st.sampled_from(["count", "count", "exists", "max", "min"]))
        body: Doc = {"over": over, "aggregate": aggregate}
        if aggregate in ("max", "min"):
            fields = ["sentence_months", "date"] if over == "offences" else ["severity", "date"]
            body["field"] = draw(st.sampled_from(fields))
        parts = draw(
            st.lists(_offence_filter() if over == "offences" else _incident_filter(), max_size=3)
        )
        if parts:
            body["where"] = parts[0] if len(parts) == 1 else {"all": parts}
        name = f"f{i}"
        facts[name] = body
        types[name] = (
            "bool"
            if aggregate == "exists"
            else ("date" if body.get("field") == "date" else "number")
        )
    if draw(st.booleans()):
        facts["age"] = {"derive": "years_since", "field": "birth_date"}
        types["age"] = "number"
    if draw(st.booleans()):
        facts["until_release"] = {"derive": "days_until", "field": "release_date"}
        types["until_release"] = "number"
    for kind in ("number", "date"):
        same = sorted(n for n, t in types.items() if t == kind)
        if len(same) >= 2 and draw(st.booleans()):
            combine = "max_of" if kind == "date" else draw(st.sampled_from(["max_of", "sum_of"]))
            name = f"combined_{kind}"
            facts[name] = {combine: draw(st.lists(st.sampled_from(same), min_size=2, max_size=3))}
            types[name] = kind
    names = list(facts)
    order = draw(st.permutations(names))  # a combined fact may come before its parts
    return {name: facts[name] for name in order}, types


@st.composite
def _comparison(draw: st.DrawFn, fact_types: dict[str, str]) -> Doc:
    numbers = [n for n, t in fact_types.items() if t == "number"]
    flags = [n for n, t in fact_types.items() if t == "bool"]
    kind = draw(st.sampled_from(["fact", "fact", "fact", "enum", "bool", "param"]))
    if kind == "fact" and numbers:
        name = draw(st.sampled_from(numbers))
        if name == "age":
            operand: Any = draw(st.sampled_from([18, 21, 30]))
        elif name == "until_release":
            operand = draw(st.sampled_from([0, 30, {"param": "horizon_days"}]))
        else:
            operand = draw(
                st.one_of(st.integers(0, 4), st.sampled_from([12, 24, {"param": "count_min"}]))
            )
        return {"fact": name, draw(st.sampled_from(_NUMBER_OPS)): operand}
    if kind in ("fact", "bool") and flags and draw(st.booleans()):
        return {"fact": draw(st.sampled_from(flags)), "eq": draw(st.booleans())}
    if kind == "enum":
        name = draw(st.sampled_from(sorted(_ENUM_FIELDS)))
        choices = _ENUM_FIELDS[name]
        op = draw(st.sampled_from(["eq", "ne", "in", "not_in"]))
        if op in ("eq", "ne"):
            return {"field": name, op: draw(st.sampled_from(choices))}
        return {"field": name, op: draw(st.lists(st.sampled_from(choices), min_size=1))}
    if kind == "param":
        if draw(st.booleans()):
            return {"param": "switch", "eq": draw(st.booleans())}
        return {"param": "count_min", draw(st.sampled_from(_NUMBER_OPS)): draw(st.integers(1, 5))}
    return {"field": draw(st.sampled_from(_BOOL_FIELDS)), "eq": draw(st.booleans())}


def _reference(node: tuple[str, str]) -> Doc:
    kind, name = node
    return {kind: name}


@st.composite
def _condition(
    draw: st.DrawFn,
    fact_types: dict[str, str],
    readable: list[tuple[str, str]],
    depth: int = 0,
) -> Doc:
    """A condition tree over facts, fields, parameters and the ``readable`` named conditions."""
    choices = ["leaf", "leaf"]
    if readable:
        choices += ["ref", "ref"]
    if depth < 2:
        choices += ["all", "any", "not"]
    kind = draw(st.sampled_from(choices))
    if kind == "leaf":
        return draw(_comparison(fact_types))
    if kind == "ref":
        node = draw(st.sampled_from(readable))
        if node[0] == "blocker" and draw(st.integers(0, 3)) == 0:
            return {"blocker": "any"}
        return _reference(node)
    if kind == "not":
        return {"not": draw(_condition(fact_types, readable, depth + 1))}
    items = draw(st.lists(_condition(fact_types, readable, depth + 1), min_size=1, max_size=3))
    return {kind: items}


@st.composite
def ruleset_documents(draw: st.DrawFn, cycle: bool = False) -> Doc:
    """One rule set document; see the module docstring."""
    parameters = draw(_parameters())
    facts, fact_types = draw(_facts())
    counts = {
        "criterion": draw(st.integers(1, 4)),
        "blocker": draw(st.integers(0, 2)),
        "flag": draw(st.integers(0, 3)),
        "action": draw(st.integers(0, 2)),
    }
    prefix = {"criterion": "C", "blocker": "B", "flag": "F", "action": "A"}
    nodes = [(kind, f"{prefix[kind]}{i}") for kind, n in counts.items() for i in range(n)]
    order = draw(st.permutations(nodes))  # the dependency order, unrelated to the file's
    readable_kinds = ("criterion", "blocker", "flag")  # no condition refers to an action
    when: dict[tuple[str, str], Doc] = {}
    for position, node in enumerate(order):
        earlier = [n for n in order[:position] if n[0] in readable_kinds]
        when[node] = draw(_condition(fact_types, earlier))
    if cycle:
        readable = [n for n in order if n[0] in readable_kinds]
        if len(readable) >= 1:
            # the last readable step refers to the first (or to itself): a cycle
            first, last = readable[0], readable[-1]
            when[first] = {"all": [when[first], _reference(last)]}
            if first != last:
                when[last] = {"all": [when[last], _reference(first)]}

    def rules(kind: str) -> list[Doc]:
        out = []
        for node in nodes:
            if node[0] != kind:
                continue
            body: Doc = {"id": node[1], "title": node[1], "when": when[node]}
            if kind == "criterion":
                body["points"] = draw(st.sampled_from([0, 5, 10, 15, 25, 40]))
                numbers = sorted(n for n, t in fact_types.items() if t == "number")
                if numbers and not cycle and draw(st.integers(0, 3)) == 0:
                    del body["when"]  # fires when the measure reaches its threshold
                    body["measure"] = {
                        "fact": draw(st.sampled_from(numbers)),
                        "threshold": draw(st.sampled_from([1, 2, {"param": "count_min"}])),
                        "direction": draw(st.sampled_from(["at_least", "at_most"])),
                    }
            out.append(body)
        return out

    fact_names = sorted(fact_types)
    readable_all = [n for n in nodes if n[0] in readable_kinds]
    tiers = [
        {"id": f"T{i}", "label": f"T{i}", "when": draw(_condition(fact_types, readable_all, 1))}
        for i in range(draw(st.integers(1, 4)))
    ]
    tiers.append({"id": "REST", "label": "REST", "otherwise": True})
    ordering: list[Doc] = [{"by": "tier"}, {"by": "score", "direction": "desc"}]
    extra = draw(
        st.lists(
            st.sampled_from([*fact_names, "received_on", "departure_status", "in_custody"]),
            max_size=2,
            unique=True,
        )
    )
    for by in extra:
        ordering.append(
            {
                "by": by,
                "direction": draw(st.sampled_from(["asc", "desc"])),
                "missing": draw(st.sampled_from(["first", "last"])),
            }
        )
    draw(st.randoms()).shuffle(ordering)  # the tier need not come first
    ordering.append({"by": "case_id", "direction": draw(st.sampled_from(["asc", "desc"]))})
    return {
        "name": "drawn",
        "version": 1,
        "parameters": parameters,
        "facts": facts,
        "criteria": rules("criterion"),
        "blockers": rules("blocker"),
        "actions": rules("action"),
        "flags": {
            node[1]: {"title": node[1], "when": when[node]} for node in nodes if node[0] == "flag"
        },
        "tiers": tiers,
        "ordering": ordering,
    }
