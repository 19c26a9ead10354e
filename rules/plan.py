"""The evaluation plan: in which order a rule set's parts are decided, computed once per rule set.

A condition may refer to derived facts (``fact: NAME``) and to other named conditions
(``criterion: ID``, ``blocker: ID``, ``blocker: any``, ``flag: NAME``); a combined fact refers to
other facts (``max_of``, ``sum_of``). The plan reads these references off the typed rule set and
orders

* the derived facts, each after the facts it combines, and
* the criteria, blockers, flags and actions -- the *steps* -- each after everything it refers
  to (``blocker: any`` refers to every blocker),

keeping the order of the file wherever the references leave a choice. The tiers come last: no
condition may refer to a tier, and a tier may refer to anything.

Every engine decides in this order -- the batch engine (:mod:`rules.batch`), the per-case engine
(:mod:`rules.interpreter`) and the durable_rules compiler (:mod:`rules.durable_compiler`, which
groups the steps into stages by their :attr:`Plan.depth`). None of them knows a fixed order such
as "criteria, then blockers, then flags".

A cycle is not an exception but a :class:`rules.errors.RuleIssue` that names every rule in it
with its key in the file; :func:`plan_issues` reports them at load time, so a rule set with a
cycle is refused before anything runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from rules.errors import RuleIssue, RuleSetError, rule_issue
from rules.language import (
    AggregateFact,
    All,
    AnyOf,
    BlockerRef,
    CombineFact,
    Condition,
    CriterionRef,
    Fact,
    Flag,
    FlagRef,
    Not,
    Rule,
)

StepKind = Literal["criterion", "blocker", "flag", "action"]
#: A step of the plan: its kind and its id (a flag's name).
Node = tuple[StepKind, str]

_SECTION: dict[str, str] = {
    "criterion": "criteria",
    "blocker": "blockers",
    "flag": "flags",
    "action": "actions",
    "fact": "facts",
}


@dataclass(frozen=True)
class Step:
    """One named condition of the rule set and the steps it reads directly."""

    kind: StepKind
    id: str
    when: Condition
    reads: tuple[Node, ...]

    @property
    def node(self) -> Node:
        return (self.kind, self.id)

    @property
    def key(self) -> str:
        """Where its condition stands in the rule set file, e.g. ``criteria.SOCIAL.when``."""
        return f"{_SECTION[self.kind]}.{self.id}.when"


@dataclass(frozen=True)
class Plan:
    """The dependency order of one rule set: facts first, then the steps; tiers after all."""

    facts: tuple[str, ...]
    steps: tuple[Step, ...]

    def step(self, node: Node) -> Step:
        for step in self.steps:
            if step.node == node:
                return step
        raise KeyError(node)

    def depth(self, transparent: frozenset[StepKind] = frozenset()) -> dict[Node, int]:
        """How many rounds each step waits: 0 when it reads no step, else 1 + the deepest read.

        Steps of a ``transparent`` kind are looked through: whoever reads one waits for what it
        reads (the durable compiler reads flags inline, so flags are transparent there).
        Computed in plan order, so every step's readings are known before the step itself.
        """
        depth: dict[Node, int] = {}
        for step in self.steps:
            waits = _opaque(self, step, transparent)
            depth[step.node] = 1 + max((depth[node] for node in waits), default=-1)
        return depth


def _opaque(plan: Plan, step: Step, transparent: frozenset[StepKind]) -> set[Node]:
    """The steps ``step`` waits for, looking through transparent ones."""
    out: set[Node] = set()
    pending = list(step.reads)
    while pending:
        node = pending.pop()
        if node[0] in transparent:
            pending.extend(plan.step(node).reads)
        else:
            out.add(node)
    return out


def references(cond: Condition, blocker_ids: Iterable[str]) -> tuple[Node, ...]:
    """The steps a condition reads directly, in the order they appear (``blocker: any`` reads
    every blocker)."""
    out: list[Node] = []

    def walk(c: Condition) -> None:
        if isinstance(c, All | AnyOf):
            for item in c.items:
                walk(item)
        elif isinstance(c, Not):
            walk(c.item)
        elif isinstance(c, CriterionRef):
            out.append(("criterion", c.id))
        elif isinstance(c, BlockerRef):
            ids = list(blocker_ids) if c.id == "any" else [c.id]
            out.extend(("blocker", b) for b in ids)
        elif isinstance(c, FlagRef):
            out.append(("flag", c.name))

    walk(cond)
    return tuple(dict.fromkeys(out))


def _order(nodes: Mapping[str, tuple[str, ...]]) -> tuple[list[str], list[list[str]]]:
    """Depth-first topological order (file order where free) and every cycle found."""
    state: dict[str, int] = {}
    order: list[str] = []
    cycles: list[list[str]] = []
    seen_cycles: set[frozenset[str]] = set()

    for root in nodes:
        if root in state:
            continue
        # iterative DFS: (node, iterator over its references)
        stack: list[tuple[str, list[str]]] = [(root, list(nodes[root]))]
        path = [root]
        state[root] = 1
        while stack:
            node, pending = stack[-1]
            if pending:
                nxt = pending.pop(0)
                if nxt not in nodes:
                    continue  # an unknown reference: the checker has reported it
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt) :]
                    if frozenset(cycle) not in seen_cycles:
                        seen_cycles.add(frozenset(cycle))
                        cycles.append(cycle)
                    continue
                if state.get(nxt) == 2:
                    continue
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, list(nodes[nxt])))
                continue
            stack.pop()
            path.pop()
            state[node] = 2
            order.append(node)
    return order, cycles


def _cycle_issue(source: str, cycle: list[tuple[str, str]]) -> RuleIssue:
    """One issue per cycle, naming every rule in it and its key in the file."""
    what = "facts" if {kind for kind, _ in cycle} == {"fact"} else "rules"
    names = [name for _, name in cycle]
    keys = ", ".join(_key(kind, name) for kind, name in cycle)
    first_kind, first = cycle[0]
    return rule_issue(
        source,
        first,
        _key(first_kind, first),
        f"cycle.{what}",
        chain=" → ".join([*names, names[0]]),
        keys=keys,
    )


def _key(kind: str, name: str) -> str:
    if kind == "fact":
        return f"facts.{name}"
    return f"{_SECTION[kind]}.{name}.when"


def _fact_deps(fact: Fact) -> tuple[str, ...]:
    if isinstance(fact, CombineFact):
        return fact.facts
    if isinstance(fact, AggregateFact):
        return ()  # a record filter reads record fields only
    return ()


def build_plan(
    *,
    facts: Mapping[str, Fact],
    criteria: Iterable[Rule],
    blockers: Iterable[Rule],
    flags: Mapping[str, Flag],
    actions: Iterable[Rule],
    source: str = "<memory>",
) -> tuple[Plan | None, list[RuleIssue]]:
    """The plan of a rule set's parts, or the issues (one per cycle) that prevent one."""
    blocker_rules = tuple(blockers)
    blocker_ids = tuple(rule.id for rule in blocker_rules)
    issues: list[RuleIssue] = []

    fact_nodes = {name: _fact_deps(fact) for name, fact in facts.items()}
    fact_order, fact_cycles = _order(fact_nodes)
    issues.extend(_cycle_issue(source, [("fact", name) for name in c]) for c in fact_cycles)

    steps: dict[str, Step] = {}
    for kind, items in (
        ("criterion", [(r.id, r.when) for r in criteria]),
        ("blocker", [(r.id, r.when) for r in blocker_rules]),
        ("flag", [(name, flag.when) for name, flag in flags.items()]),
        ("action", [(r.id, r.when) for r in actions]),
    ):
        for ident, when in items:
            step = Step(kind, ident, when, references(when, blocker_ids))  # type: ignore[arg-type]
            steps.setdefault(_name(step.node), step)
    graph = {name: tuple(_name(node) for node in step.reads) for name, step in steps.items()}
    step_order, step_cycles = _order(graph)
    issues.extend(_cycle_issue(source, [steps[name].node for name in c]) for c in step_cycles)
    if issues:
        return None, issues
    return Plan(tuple(fact_order), tuple(steps[name] for name in step_order)), []


def _name(node: Node) -> str:
    return f"{node[0]}:{node[1]}"


def plan_or_raise(
    *,
    facts: Mapping[str, Fact],
    criteria: Iterable[Rule],
    blockers: Iterable[Rule],
    flags: Mapping[str, Flag],
    actions: Iterable[Rule],
    source: str = "<memory>",
) -> Plan:
    """:func:`build_plan`, raising :class:`rules.errors.RuleSetError` with the cycles."""
    plan, issues = build_plan(
        facts=facts,
        criteria=criteria,
        blockers=blockers,
        flags=flags,
        actions=actions,
        source=source,
    )
    if plan is None:
        raise RuleSetError(issues)
    return plan
