"""The typed form of a rule set: what a YAML file becomes after it has been checked.

Nothing here parses or evaluates; :mod:`rules.loading` builds these objects (and refuses any
file it cannot build completely), the engines (:mod:`rules.batch`, :mod:`rules.interpreter`,
:mod:`rules.durable`) evaluate them.

A condition is a small tree:

* ``All`` / ``Any`` / ``Not`` combine conditions,
* ``Compare`` compares a *subject* (a case or record field, a derived fact, a parameter) with an
  operand (a literal or a parameter reference),
* ``Within`` is the calendar-month window on a record's date,
* ``CriterionRef`` / ``BlockerRef`` / ``FlagRef`` refer to other named conditions.

Comparisons with a missing value (``null``) are false, whatever the operator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rules.plan import Plan

Lang = Literal["de", "en"]
Operator = Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"]
RecordKind = Literal["offences", "incidents"]


@dataclass(frozen=True)
class Text:
    """A text in German (the default) and English."""

    de: str
    en: str

    def get(self, lang: str = "de") -> str:
        return self.en if lang == "en" else self.de


# --- operands and subjects -------------------------------------------------------------------


@dataclass(frozen=True)
class ParamRef:
    name: str


Operand = Any  # a literal (bool, int, float, str, tuple of str) or a ParamRef


@dataclass(frozen=True)
class FieldRef:
    """A field of the case (``scope='case'``) or of the record being filtered."""

    name: str
    scope: Literal["case", "offences", "incidents"]


@dataclass(frozen=True)
class FactRef:
    name: str


Subject = FieldRef | FactRef | ParamRef


# --- conditions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


@dataclass(frozen=True)
class Compare:
    subject: Subject
    op: Operator
    operand: Operand


@dataclass(frozen=True)
class Within:
    """``as_of - months < record.date <= as_of`` (calendar months)."""

    field: FieldRef
    months: Operand


@dataclass(frozen=True)
class CriterionRef:
    id: str


@dataclass(frozen=True)
class BlockerRef:
    id: str  # "any" for any blocker


@dataclass(frozen=True)
class FlagRef:
    name: str


@dataclass(frozen=True)
class Always:
    pass


Condition = All | AnyOf | Not | Compare | Within | CriterionRef | BlockerRef | FlagRef | Always


# --- parameters and facts --------------------------------------------------------------------

ParamType = Literal["int", "bool", "category_set"]


@dataclass(frozen=True)
class Parameter:
    name: str
    type: ParamType
    default: Any
    description: Text
    minimum: int | None = None
    maximum: int | None = None
    unit: str | None = None
    of: str | None = None  # vocabulary of a category_set
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class AggregateFact:
    """count / exists / max / min over one kind of record, filtered by ``where``."""

    name: str
    description: Text
    over: RecordKind
    aggregate: Literal["count", "exists", "max", "min"]
    field: str | None
    where: Condition


@dataclass(frozen=True)
class DeriveFact:
    """A value derived from a case date at the reference date."""

    name: str
    description: Text
    derive: Literal["years_since", "days_until"]
    field: str


@dataclass(frozen=True)
class CombineFact:
    """The maximum (or sum) of other facts; missing values are skipped."""

    name: str
    description: Text
    combine: Literal["max_of", "sum_of"]
    facts: tuple[str, ...]


Fact = AggregateFact | DeriveFact | CombineFact


# --- rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """The value a criterion is judged by, shown against its threshold in explanations."""

    fact: str
    threshold: Operand
    direction: Literal["at_least", "at_most"] = "at_least"
    near_miss: float | None = None  # how far below the threshold counts as a near miss
    evidence: tuple[str, ...] = ()  # facts whose records back this measure (default: the rule's)
    unit: str | None = None  # of a literal threshold (a parameter's threshold has its own unit)


@dataclass(frozen=True)
class Rule:
    """A criterion, blocker or action: a named condition with its legal or policy basis."""

    id: str
    kind: Literal["criterion", "blocker", "action"]
    title: Text
    basis: Text
    when: Condition
    points: int = 0
    measure: Measure | None = None
    evidence: tuple[str, ...] = ()
    description: Text | None = None  # when it fires, in words (shown in explanations)
    #: Every measure, one per branch of ``when`` (``measure`` is the first); the explanation
    #: shows the value of each branch that made the criterion fire.
    measures: tuple[Measure, ...] = ()


@dataclass(frozen=True)
class Flag:
    name: str
    title: Text
    when: Condition


@dataclass(frozen=True)
class Tier:
    id: str
    label: Text
    reason: Text
    when: Condition  # Always() for the catch-all tier


@dataclass(frozen=True)
class OrderKey:
    by: str  # "tier", "score", a fact name or a case field
    direction: Literal["asc", "desc"] = "asc"
    missing: Literal["first", "last"] = "last"


@dataclass(frozen=True)
class QueueUse:
    """What the product reads off a rule set's queue (its ``queue:`` section), checked at load.

    Generic code (workload and capacity, the what-if selection, model labels, the queue's
    "latest event" column) reads these instead of knowing any tier or fact by name.
    """

    priority: tuple[str, ...] = ()  # tier ids that count as priority cases
    latest_event: str | None = None  # a date fact: a case's most recent event, shown in the queue


@dataclass(frozen=True)
class CounterfactualUse:
    """Which single changes of fact an explanation tries (the ``counterfactuals:`` section).

    Sentence steps and incident severities need no declaration: the counterfactuals take them
    from the values the rule set's facts compare with (:func:`rules.counterfactuals.record_steps`).
    """

    fields: tuple[str, ...] = ()  # case fields set to each of their other values


@dataclass(frozen=True)
class ModelFeature:
    """One input of the optional points model, as the rule set declares it (``model.features``).

    ``kind`` says where the value comes from: a ``fact``, a ``criterion`` or ``blocker`` (0/1), or
    a case ``field`` (a yes/no field, or a field whose values ``levels`` maps to numbers).
    ``cuts`` are numbers or ``(parameter, factor)`` pairs.
    """

    name: str
    kind: Literal["fact", "criterion", "blocker", "field"]
    source: str
    monotone: Literal[-1, 0, 1]
    cuts: tuple[float | tuple[str, float], ...]
    title: Text
    levels: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ModelUse:
    """What the points model reads off a rule set (the ``model:`` section), checked at load.

    ``simulation`` is the simulated caseworker of the demo as declared (checked mapping).
    """

    features: tuple[ModelFeature, ...] = ()
    excluded: tuple[tuple[str, Text], ...] = ()
    simulation: dict[str, Any] | None = None


@dataclass(frozen=True)
class RuleSet:
    """A checked rule set with its current parameter values."""

    name: str
    version: int
    description: Text
    parameters: dict[str, Parameter]
    values: dict[str, Any]
    facts: dict[str, Fact]  # in dependency order
    criteria: tuple[Rule, ...]
    blockers: tuple[Rule, ...]
    actions: tuple[Rule, ...]
    flags: dict[str, Flag]
    tiers: tuple[Tier, ...]
    ordering: tuple[OrderKey, ...]
    source: str = "<memory>"
    document: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    queue: QueueUse = field(default_factory=QueueUse)
    counterfactuals: CounterfactualUse = field(default_factory=CounterfactualUse)
    model: ModelUse = field(default_factory=ModelUse)
    #: The evaluation plan (:mod:`rules.plan`), computed once when the rule set is built.
    plan: Plan = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        from rules.plan import plan_or_raise  # the plan reads this module's types

        plan = plan_or_raise(
            facts=self.facts,
            criteria=self.criteria,
            blockers=self.blockers,
            flags=self.flags,
            actions=self.actions,
            source=self.source,
        )
        object.__setattr__(self, "plan", plan)

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"

    def rule(self, rule_id: str) -> Rule:
        for rule in (*self.criteria, *self.blockers, *self.actions):
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def tier(self, tier_id: str) -> Tier:
        for tier in self.tiers:
            if tier.id == tier_id:
                return tier
        raise KeyError(tier_id)

    @property
    def tier_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tiers)

    def priority_tiers(self) -> tuple[str, ...]:
        """The tiers the rule set declares as priority (``queue.priority``), or a
        :class:`rules.errors.RuleSetError` saying that it declares none."""
        if not self.queue.priority:
            from rules.errors import RuleSetError, rule_issue

            raise RuleSetError(
                [
                    rule_issue(
                        self.source,
                        None,
                        "queue.priority",
                        "no_priority",
                        "queue: {priority: [TIER, …]}",
                        ruleset=self.label,
                    )
                ]
            )
        return self.queue.priority

    def value(self, operand: Operand) -> Any:
        """Resolve an operand against the current parameter values."""
        if isinstance(operand, ParamRef):
            return self.values[operand.name]
        return operand
