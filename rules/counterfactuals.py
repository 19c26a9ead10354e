"""What single change of fact would move a case to another tier, at the same reference date.

Nothing here is written by hand per rule: every candidate is a copy of the case with exactly one
fact changed, and the rules are evaluated again on it at the same ``as_of`` (so no record leaves
or enters a window). Only the changes that move the tier are reported, each with the tier and
score it leads to. The candidates:

* each field of legal status set to each other value (departure obligation, asylum procedure,
  ban on deportation, Duldung and its reason);
* coming of age: the person 18 at ``as_of`` and nothing else changed (it lifts the blocker of
  minority alone; the date of the 18th birthday is stated for information);
* each open proceeding dismissed (or ended in acquittal: the rules treat both alike);
* a final conviction (a fine, dated ``as_of``) added, and a documented incident of each
  severity the rule set distinguishes added; each change records how many such records the
  criteria already count (``existing``), so the note says "ein weiterer" only when there is one.

An open proceeding is never imagined to end in a conviction: the note for the file respects the
presumption of innocence (DOMAIN.md), so of an open proceeding only its dismissal or acquittal
is offered as a change.

:func:`apply_change` applies a reported change to the case, so anyone (the property test does)
can re-rank the changed case and check the claim.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from cases.model import Case, Incident, Offence
from rules.interpreter import CaseResult, decide, evaluate_case
from rules.language import (
    AggregateFact,
    All,
    AnyOf,
    Compare,
    Condition,
    DeriveFact,
    FieldRef,
    Not,
    RuleSet,
)
from rules.vocabulary import CASE_FIELDS
from rules.windows import age_in_years

OPEN_STATUSES = ("under_investigation", "charged")
_CF_PREFIX = "CF"


@dataclass(frozen=True)
class Change:
    """One single change of fact, as data: ``kind`` and ``details`` say exactly what changes.

    kinds: ``status`` (details: field, value), ``adult`` (of_age_on), ``dismiss`` (offence_id),
    ``new_conviction`` (existing), ``new_incident`` (severity, existing). ``existing`` is the
    number of such records the criteria count at ``as_of`` (convictions; incidents of that
    severity).
    """

    code: str
    kind: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Counterfactual:
    change: Change
    from_tier: str
    to_tier: str
    to_score: int
    as_of: date


def _free_id(case: Case, kind: str) -> str:
    existing = {o.offence_id for o in case.offences} | {i.incident_id for i in case.incidents}
    n = 1
    while f"{_CF_PREFIX}-{kind}-{n}" in existing:
        n += 1
    return f"{_CF_PREFIX}-{kind}-{n}"


def _replace_offence(case: Case, offence_id: str, **update: Any) -> Case:
    offences = [
        o.model_copy(update=update) if o.offence_id == offence_id else o for o in case.offences
    ]
    return case.model_copy(update={"offences": offences})


def apply_change(case: Case, change: Change, as_of: date) -> Case:
    """The case with exactly this one fact changed (everything else as it is)."""
    d = change.details
    if change.kind == "status":
        return case.model_copy(update={d["field"]: d["value"]})
    if change.kind == "adult":
        return case.model_copy(update={"birth_date": as_of - relativedelta(years=18)})
    if change.kind == "dismiss":
        return _replace_offence(case, d["offence_id"], status="dismissed", sentence_months=None)
    if change.kind == "new_conviction":
        offence = Offence.model_construct(
            offence_id=_free_id(case, "offence"),
            date=as_of,
            category="other",
            status="convicted",
            sentence_months=0.0,
            suspended=False,
            juvenile=False,
        )
        return case.model_copy(update={"offences": [*case.offences, offence]})
    if change.kind == "new_incident":
        incident = Incident.model_construct(
            incident_id=_free_id(case, "incident"), date=as_of, type="other", severity=d["severity"]
        )
        return case.model_copy(update={"incidents": [*case.incidents, incident]})
    raise ValueError(f"unknown change {change.kind!r}")


def _compared(cond: Condition, field_name: str, ruleset: RuleSet) -> set[float]:
    """Every value a record field is compared with anywhere in ``cond``."""
    if isinstance(cond, All | AnyOf):
        return {v for item in cond.items for v in _compared(item, field_name, ruleset)}
    if isinstance(cond, Not):
        return _compared(cond.item, field_name, ruleset)
    if (
        isinstance(cond, Compare)
        and isinstance(cond.subject, FieldRef)
        and cond.subject.name == field_name
    ):
        value = ruleset.value(cond.operand)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return {float(value)}
    return set()


def record_steps(ruleset: RuleSet, field_name: str) -> list[float]:
    """The values of a record field the rule set's facts distinguish (sorted)."""
    found: set[float] = set()
    for fact in ruleset.facts.values():
        if isinstance(fact, AggregateFact):
            found |= _compared(fact.where, field_name, ruleset)
    return sorted(found)


def _status_changes(case: Case, ruleset: RuleSet) -> Iterator[Change]:
    # The case fields whose every other value is tried: declared by the rule set
    # (counterfactuals.fields, checked at load time).
    for name in ruleset.counterfactuals.fields:
        spec = CASE_FIELDS[name]
        current = getattr(case, name)
        if spec.type == "bool":
            alternatives: list[Any] = [not current]
        else:
            alternatives = [v for v in spec.choices if v != current]
            if spec.nullable and current is not None:
                alternatives.append(None)
        for value in alternatives:
            yield Change(f"{name}={value}", "status", {"field": name, "value": value})


def _birthday(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year: the birthday counts from 1 March
        return date(birth.year + years, 3, 1)


def _counted_records(result: CaseResult, ruleset: RuleSet) -> list[Offence | Incident]:
    """The records some criterion counts at ``as_of`` (each once)."""
    facts = {f for r in ruleset.criteria for f in r.evidence}
    facts |= {f for r in ruleset.criteria for m in r.measures for f in m.evidence}
    out: list[Offence | Incident] = []
    seen: set[str] = set()
    for name in sorted(facts):
        for record in result.evidence.get(name, []):
            key = record.offence_id if isinstance(record, Offence) else f"/{record.incident_id}"
            if key not in seen:
                seen.add(key)
                out.append(record)
    return out


def counterfactuals(
    case: Case, ruleset: RuleSet, as_of: date, current: CaseResult | None = None
) -> list[Counterfactual]:
    """Every single change of fact that moves the case to another tier at ``as_of``."""
    current = current or evaluate_case(case, ruleset, as_of)
    # Facts read records and the dates of derive-facts only; a change of legal status alone
    # leaves them as they are, so those candidates skip the (costly) fact derivation.
    fact_fields = {f.field for f in ruleset.facts.values() if isinstance(f, DeriveFact)}
    found: list[Counterfactual] = []

    def outcome(change: Change) -> CaseResult:
        changed = apply_change(case, change, as_of)
        if change.kind == "status" and change.details["field"] not in fact_fields:
            return decide(changed, ruleset, as_of, current.facts, current.evidence)
        return evaluate_case(changed, ruleset, as_of)

    def report(change: Change, result: CaseResult) -> None:
        found.append(Counterfactual(change, current.tier, result.tier, result.score, as_of))

    for change in _status_changes(case, ruleset):
        result = outcome(change)
        if result.tier != current.tier:
            report(change, result)

    if age_in_years(case.birth_date, as_of) < 18:
        of_age = _birthday(case.birth_date, 18)
        change = Change("adult", "adult", {"of_age_on": of_age.isoformat()})
        result = outcome(change)
        if result.tier != current.tier:
            report(change, result)

    for offence in case.offences:
        if offence.status not in OPEN_STATUSES or offence.date > as_of:
            continue
        oid = offence.offence_id
        change = Change(f"dismiss:{oid}", "dismiss", {"offence_id": oid})
        result = outcome(change)
        if result.tier != current.tier:
            report(change, result)

    counted = _counted_records(current, ruleset)
    convictions = sum(1 for r in counted if isinstance(r, Offence) and r.status == "convicted")
    change = Change("new_conviction", "new_conviction", {"existing": convictions})
    result = outcome(change)
    if result.tier != current.tier:
        report(change, result)
    severities = sorted({int(s) for s in record_steps(ruleset, "severity")})
    for severity in severities:
        existing = sum(1 for r in counted if isinstance(r, Incident) and r.severity == severity)
        details = {"severity": severity, "existing": existing}
        change = Change(f"new_incident:{severity}", "new_incident", details)
        result = outcome(change)
        if result.tier != current.tier:
            report(change, result)
    return found


__all__ = ["Change", "Counterfactual", "apply_change", "counterfactuals", "record_steps"]
