"""The explanation record of one case (SPEC §3): one function builds it, renderers show it.

The record states everything the note for the file says, in one language (German by default),
so the renderers (:mod:`rules.render`, the web templates, JSON) only arrange it:

* rule set name and version, the reference date, every parameter with its label and value;
* the legal status at the reference date (departure obligation, asylum procedure, ban on
  deportation, Duldung and its reason, travel document, custody and release, age);
* the tier with the reason of the branch of its condition that applies;
* every criterion, met or not, with the value of each measure that made it fire (for a
  criterion with several branches, the branch or branches that hold), near misses, the records
  behind it (open proceedings marked as not final: the presumption of innocence applies);
* the single changes of fact that would move the tier (:mod:`rules.counterfactuals`);
* blockers, required actions, and every record not counted with its specific reason.

Texts come from the message catalogue (:mod:`texts`, keys ``note.*``); the rule set's own
titles, bases and fact descriptions come from the rule set document.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from cases.model import Case, Incident, Offence
from rules.counterfactuals import Counterfactual, counterfactuals
from rules.grounds import Check, Ground, Values, grounds, why_not
from rules.interpreter import CaseResult, condition_check, evaluate_case
from rules.labels import amount, format_date, label, parameter_value
from rules.language import (
    AggregateFact,
    All,
    Always,
    AnyOf,
    Condition,
    CriterionRef,
    DeriveFact,
    FlagRef,
    Measure,
    Not,
    Rule,
    RuleSet,
)
from rules.parameters import describe_values
from rules.windows import age_in_years
from texts import format_number, has, lang_of, plural, text

Record = Offence | Incident
OPEN_STATUSES = ("under_investigation", "charged")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class RecordRef(_Model):
    kind: Literal["offence", "incident"]
    id: str
    date: date
    what: str  # category or incident type, in the explanation's language
    status: str | None = None
    sentence_months: float | None = None
    suspended: bool | None = None
    juvenile: bool | None = None
    severity: int | None = None
    not_final: bool = False  # an open proceeding: the presumption of innocence applies
    text: str  # one readable line


class MeasureOutcome(_Model):
    """One measure of a criterion: the value found against its threshold."""

    fact: str
    label: str  # the fact's description
    value: float | None
    threshold: float
    direction: Literal["at_least", "at_most"] = "at_least"
    unit: str | None = None
    param: str | None = None  # the parameter the threshold comes from
    met: bool
    near_miss: bool = False
    text: str


class CriterionOutcome(_Model):
    id: str
    title: str
    basis: str
    description: str | None = None  # the requirement in words
    points: int
    fired: bool
    #: The measures the note shows: those that hold when the criterion is met, all otherwise.
    measures: list[MeasureOutcome] = []
    #: Further facts that decided, where the measures alone do not (e.g. "nicht in Haft").
    grounds: list[str] = []
    value: float | None = None  # the first shown measure's value (count, months, days)
    threshold: float | None = None
    direction: Literal["at_least", "at_most"] = "at_least"
    unit: str | None = None
    near_miss: bool = False
    evidence: list[RecordRef] = []  # the records that made it fire (met only)
    #: A met criterion's other measures that counted further records without holding
    #: (SOCIAL through a severity-3 incident, two serious incidents counted as well).
    other_measures: list[MeasureOutcome] = []
    #: Records the criterion counted that are not evidence: all its records when not met
    #: (below the threshold), the further records of ``other_measures`` when met.
    counted: list[RecordRef] = []
    text: str


class RuleOutcome(_Model):
    id: str
    title: str
    basis: str
    evidence: list[RecordRef] = []


class StatusLine(_Model):
    """One line of the legal status: the case field, its code and the words."""

    field: str
    label: str
    value: Any
    text: str


class ParameterLine(_Model):
    name: str
    label: str
    value: Any
    unit: str | None = None
    text: str  # the value in words: "24 Monate", "ja", "Raub, Körperverletzung"


class TierChange(_Model):
    change: str  # a code, e.g. "asylum_pending=False", "dismiss:O3", "adult"
    kind: str
    details: dict[str, Any] = {}
    to_tier: str
    to_tier_label: str
    to_score: int
    text: str


class CriterionReason(_Model):
    """Why one or more criteria left a record out (the same reason for all of them)."""

    criteria: list[str]
    titles: list[str]
    text: str  # the reason
    line: str  # criteria and reason, as the note shows it


class NotCounted(_Model):
    record: RecordRef
    #: dismissed / acquitted: never counts; after_as_of; criteria: counted by no criterion
    #: (``reasons`` says why per criterion); parameter: counted elsewhere, but a parameter
    #: switch (e.g. suspended sentences) left it out of the criteria in ``reasons``.
    reason: Literal["dismissed", "acquitted", "after_as_of", "criteria", "parameter"]
    reasons: list[CriterionReason] = []
    text: str


class Explanation(_Model):
    case_id: str
    region: str
    lang: Literal["de", "en"]
    ruleset: str
    ruleset_version: int
    parameters: dict[str, Any]  # name -> value (codes and numbers, for machines)
    parameter_lines: list[ParameterLine]
    as_of: date
    legal_status: list[StatusLine]
    tier: str
    tier_label: str
    tier_reason: str  # the branch of the tier's condition that applies, in words
    tier_rule: str  # the tier's rule as the rule set states it
    score: int
    flags: dict[str, bool]
    criteria: list[CriterionOutcome]
    near_misses: list[CriterionOutcome]
    tier_changes: list[TierChange]
    blockers: list[RuleOutcome]
    actions: list[RuleOutcome]
    not_counted: list[NotCounted]
    disclaimer: str

    @property
    def fired_criteria(self) -> list[str]:
        return [c.id for c in self.criteria if c.fired]


# ------------------------------------------------------------------------ records


def _sentence(record: Offence, lang: str) -> list[str]:
    parts = []
    if record.sentence_months is not None:
        if record.sentence_months == 0:
            parts.append(text("note.record.fine", lang))
        else:
            parts.append(plural("note.record.months", record.sentence_months, lang))
        if record.suspended:
            parts.append(text("note.record.suspended", lang))
    if record.juvenile:
        parts.append(text("note.record.juvenile", lang))
    return parts


def record_details(record: Record, lang: str) -> str:
    """Status, sentence and marks of a record (``rechtskräftig verurteilt, 14 Monate``)."""
    if isinstance(record, Offence):
        parts = [label("status", record.status, lang), *_sentence(record, lang)]
        if record.status in OPEN_STATUSES:
            parts.append(text("note.record.not_final", lang))
        return ", ".join(parts)
    return text("note.record.severity", lang, severity=record.severity)


def record_ref(record: Record, lang: str) -> RecordRef:
    """A record as the note cites it."""
    day = format_date(record.date, lang)
    if isinstance(record, Offence):
        what = label("category", record.category, lang)
        return RecordRef(
            kind="offence",
            id=record.offence_id,
            date=record.date,
            what=what,
            status=record.status,
            sentence_months=record.sentence_months,
            suspended=record.suspended,
            juvenile=record.juvenile,
            not_final=record.status in OPEN_STATUSES,
            text=f"{record.offence_id} vom {day}: {what}, {record_details(record, lang)}"
            if lang != "en"
            else f"{record.offence_id} of {day}: {what}, {record_details(record, lang)}",
        )
    what = label("type", record.type, lang)
    line = f"{record.incident_id} {'vom' if lang != 'en' else 'of'} {day}: {what}, "
    return RecordRef(
        kind="incident",
        id=record.incident_id,
        date=record.date,
        what=what,
        severity=record.severity,
        text=line + record_details(record, lang),
    )


def _record_id(record: Record) -> str:
    return record.offence_id if isinstance(record, Offence) else record.incident_id


# ------------------------------------------------------------------------ phrasing atoms


def _bool_key(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _field_label(ground: Ground, lang: str) -> str:
    key = f"note.field.{ground.name}"
    return text(key, lang) if has(key) else ground.name


def _value_words(ground: Ground, value: Any, ruleset: RuleSet, lang: str) -> str:
    """A value of a field, fact or parameter in words."""
    if ground.kind == "param":
        p = ruleset.parameters[ground.name]
        return parameter_value(value, p.type, p.unit, p.of, lang)
    if isinstance(value, bool):
        return text(f"note.{'yes' if value else 'no'}", lang)
    if value is None:
        return text("note.no_value", lang)
    if isinstance(value, int | float):
        return amount(value, _unit_of(ground, ruleset), lang)
    kind = {"category": "category", "status": "status", "type": "type"}.get(ground.name, "")
    return label(kind or ground.name, value, lang)


def _unit_of(ground: Ground, ruleset: RuleSet) -> str | None:
    if ground.param is not None:
        return ruleset.parameters[ground.param].unit
    if ground.kind == "fact":
        fact = ruleset.facts[ground.name]
        if isinstance(fact, DeriveFact) and fact.derive == "days_until":
            return "days"
    return "months" if ground.name == "sentence_months" else None


def _date_passed(fact: Any, value: Any, as_of: date, lang: str) -> str | None:
    """A count of days until a date that lies before ``as_of``: said as such, never negative."""
    if not (isinstance(fact, DeriveFact) and fact.derive == "days_until"):
        return None
    if value is None or value >= 0:
        return None
    day = as_of + timedelta(days=int(value))
    return text(
        "note.date_passed",
        lang,
        field=label("field", fact.field, lang),
        date=format_date(day, lang),
    )


def _operand_words(ground: Ground, ruleset: RuleSet, lang: str) -> str:
    if ground.param is not None:
        p = ruleset.parameters[ground.param]
        return parameter_value(ground.operand, p.type, p.unit, p.of, lang)
    if isinstance(ground.operand, tuple | list):
        kind = {"category": "category", "status": "status", "type": "type"}.get(ground.name, "")
        return ", ".join(label(kind or ground.name, v, lang) for v in ground.operand)
    return _value_words(ground, ground.operand, ruleset, lang)


def phrase(
    ground: Ground, case_result: CaseResult, ruleset: RuleSet, lang: str, bare: bool = False
) -> str:
    """One atom of a condition in words, stating what the case (or record) showed.

    ``bare``: a criterion that holds by its title alone (inside a flag's list).
    """
    if ground.kind == "criterion":
        title = ruleset.rule(ground.name).title.get(lang)
        if ground.holds:
            return title if bare else text("note.ground.criterion", lang, title=title)
        return text("note.ground.criterion_not", lang, title=title)
    if ground.kind == "blocker":
        if ground.name == "any":
            if not ground.holds:
                return text("note.ground.no_blocker", lang)
            titles = ", ".join(ruleset.rule(b).title.get(lang) for b in case_result.blockers)
            return text("note.ground.blocker", lang, titles=titles)
        title = ruleset.rule(ground.name).title.get(lang)
        return title if ground.holds else text("note.ground.blocker_not", lang, title=title)
    if ground.kind == "flag":
        inner = [phrase(g, case_result, ruleset, lang, bare=True) for g in ground.children]
        if ground.children and all(g.kind == "field" for g in ground.children):
            return ", ".join(inner)
        title = ruleset.flags[ground.name].title.get(lang)
        if not ground.holds:
            return text("note.ground.flag_not", lang, title=title)
        return text("note.ground.flag", lang, title=title, details=", ".join(inner))
    if ground.kind == "window":
        return plural("note.window_out", int(ground.operand), lang)
    if ground.kind == "param":
        label_ = ruleset.parameters[ground.name].description.get(lang)
        worded = f"note.param.{ground.name}.{_bool_key(ground.value)}"
        if has(worded):  # the parameter's value as a sentence ("Bewährungsstrafen werden …")
            return text(worded, lang, label=label_)
        value = _value_words(ground, ground.value, ruleset, lang)
        return text("note.ground.param", lang, label=label_, value=value)
    if ground.kind == "fact":
        fact = ruleset.facts[ground.name]
        passed = _date_passed(fact, ground.value, case_result.as_of, lang)
        if passed is not None:
            return passed
        return text(
            "note.ground.compare",
            lang,
            label=fact.description.get(lang),
            value=_value_words(ground, ground.value, ruleset, lang),
            op=text(f"note.op.{ground.op}", lang),
            operand=_operand_words(ground, ruleset, lang),
        )
    # a field of the case or of a record
    key = f"note.fact.{ground.name}.{_bool_key(ground.value)}"
    if ground.scope == "case" and has(key):
        return text(key, lang)
    record_key = f"note.field.{ground.name}.{_bool_key(ground.value)}"
    if has(record_key):
        return text(record_key, lang)
    value = _value_words(ground, ground.value, ruleset, lang)
    if ground.name == "sentence_months" and ground.value == 0:
        value = text("note.record.fine", lang)  # a conviction without months is a fine
    if ground.op in ("in", "not_in") and ground.param is not None and not ground.holds:
        label_ = ruleset.parameters[ground.param].description.get(lang)
        return text("note.field.not_in_set", lang, value=value, label=label_)
    if ground.op in ("ge", "gt", "le", "lt"):
        return text(
            "note.ground.compare",
            lang,
            label=_field_label(ground, lang),
            value=value,
            op=text(f"note.op.{ground.op}", lang),
            operand=_operand_words(ground, ruleset, lang),
        )
    return text("note.fact.generic", lang, field=_field_label(ground, lang), value=value)


def _phrases(found: list[Ground], result: CaseResult, ruleset: RuleSet, lang: str) -> list[str]:
    out: list[str] = []
    for g in found:
        words = phrase(g, result, ruleset, lang)
        if words not in out:
            out.append(words)
    return out


# ------------------------------------------------------------------------ criteria


def _measure(
    m: Measure, fired: bool, result: CaseResult, ruleset: RuleSet, lang: str
) -> MeasureOutcome:
    raw = result.facts.get(m.fact)
    value = None if raw is None else float(raw)
    threshold = float(ruleset.value(m.threshold))
    param = getattr(m.threshold, "name", None)
    unit = m.unit or (ruleset.parameters[param].unit if param else None)
    fact = ruleset.facts[m.fact]
    if value is None or _date_passed(fact, value, result.as_of, lang) is not None:
        met = False  # no value, or a day count to a date already passed (no measure holds)
    else:
        met = value >= threshold if m.direction == "at_least" else value <= threshold
    near = False
    if not fired and not met and value is not None and m.near_miss is not None:
        gap = threshold - value if m.direction == "at_least" else value - threshold
        near = 0 < gap <= m.near_miss
    op = "ge" if m.direction == "at_least" else "le"
    fact = ruleset.facts[m.fact]
    if value is None and isinstance(fact, AggregateFact):
        shown = text("note.none", lang)  # no record to aggregate
    elif value is None and isinstance(fact, DeriveFact):
        shown = text("note.no_date", lang, field=label("field", fact.field, lang))
    elif value is None:
        shown = text("note.no_value", lang)
    elif value == 0 and isinstance(fact, AggregateFact) and fact.field == "sentence_months":
        shown = text("note.record.fine", lang)  # the longest sentence is a fine
    elif (passed := _date_passed(fact, value, result.as_of, lang)) is not None:
        shown = passed  # a release date before the reference date: no negative day count
    else:
        shown = amount(value, unit, lang)
    words = text(
        "note.measure",
        lang,
        label=fact.description.get(lang),
        value=shown,
        op=text(f"note.op.{op}", lang),
        threshold=amount(threshold, unit, lang),
    )
    return MeasureOutcome(
        fact=m.fact,
        label=ruleset.facts[m.fact].description.get(lang),
        value=value,
        threshold=threshold,
        direction=m.direction,
        unit=unit,
        param=param,
        met=met,
        near_miss=near,
        text=words,
    )


def _evidence(facts: tuple[str, ...], result: CaseResult, lang: str) -> list[RecordRef]:
    refs: list[RecordRef] = []
    seen: set[str] = set()
    for fact in facts:
        for record in result.evidence.get(fact, []):
            rid = _record_id(record)
            if rid not in seen:
                seen.add(rid)
                refs.append(record_ref(record, lang))
    return refs


def _criterion(
    rule: Rule, case: Case, result: CaseResult, ruleset: RuleSet, lang: str
) -> CriterionOutcome:
    fired = result.fired[rule.id]
    declared = rule.measures or ((rule.measure,) if rule.measure is not None else ())
    outcomes = [(m, _measure(m, fired, result, ruleset, lang)) for m in declared]
    shown = [(m, o) for m, o in outcomes if o.met] if fired else outcomes
    extra: list[str] = []
    if fired and not shown:  # the measures do not say why: the condition does
        shown = outcomes
        extra = _phrases(_rule_grounds(rule, case, result, ruleset), result, ruleset, lang)
    elif (not fired and any(o.met for _, o in outcomes)) or not declared:
        extra = _phrases(_rule_grounds(rule, case, result, ruleset), result, ruleset, lang)
    evidence: list[RecordRef] = []
    others: list[MeasureOutcome] = []
    if fired:
        facts = tuple(f for m, _ in shown for f in (m.evidence or rule.evidence))
        evidence = _evidence(facts or rule.evidence, result, lang)
        cited = {e.id for e in evidence}
        for m, o in outcomes:
            if (m, o) not in shown and any(
                r.id not in cited for r in _evidence(m.evidence, result, lang)
            ):
                others.append(o)
    # the records counted without making it fire, in the order of the rule's facts
    every = (*rule.evidence, *(f for m in declared for f in m.evidence))
    counted = [r for r in _evidence(every, result, lang) if r.id not in {e.id for e in evidence}]
    title = rule.title.get(lang)
    mark = text("note.met" if fired else "note.not_met", lang)
    details = "; ".join([*(o.text for _, o in shown), *extra])
    first = shown[0][1] if shown else None
    return CriterionOutcome(
        id=rule.id,
        title=title,
        basis=rule.basis.get(lang),
        description=rule.description.get(lang) if rule.description else None,
        points=rule.points,
        fired=fired,
        measures=[o for _, o in shown],
        grounds=extra,
        value=first.value if first else None,
        threshold=first.threshold if first else None,
        direction=first.direction if first else "at_least",
        unit=first.unit if first else None,
        near_miss=any(o.near_miss for _, o in outcomes),
        evidence=evidence,
        other_measures=others,
        counted=counted,
        text=f"{title}: {mark}" + (f" – {details}" if details else ""),
    )


def _rule_grounds(rule: Rule, case: Case, result: CaseResult, ruleset: RuleSet) -> list[Ground]:
    check = condition_check(case, ruleset, result)
    return grounds(rule.when, check, ruleset, Values(case, result.facts))


def _rule_outcome(rule: Rule, result: CaseResult, lang: str) -> RuleOutcome:
    return RuleOutcome(
        id=rule.id,
        title=rule.title.get(lang),
        basis=rule.basis.get(lang),
        evidence=_evidence(rule.evidence, result, lang),
    )


# ------------------------------------------------------------------------ tier, status


def _tier_reason(case: Case, result: CaseResult, ruleset: RuleSet, lang: str) -> str:
    """The branch of the tier's condition that applies, and why no earlier tier applies.

    Tiers are tried in order, first match wins: so the reason of Priorität 3 also says what
    kept the case out of Priorität 1 and 2 ("Ausreisepflicht nicht vollziehbar …"), unless the
    tier's own grounds say it already (a legal obstacle keeps a case out of every tier that
    requires none). The catch-all tier says which criteria are met and that they alone make no
    tier (e.g. an imminent release only adds points).
    """
    tier = ruleset.tier(result.tier)
    check = condition_check(case, ruleset, result)
    values = Values(case, result.facts)
    if isinstance(tier.when, Always):
        return _otherwise_reason(case, result, ruleset, lang)
    found = grounds(tier.when, check, ruleset, values)
    found.sort(key=_reason_order)  # criteria, then legal status, then obstacles
    met = [g for g in found if g.kind == "criterion" and g.holds]
    words = _phrases([g for g in found if g not in met], result, ruleset, lang)
    if met:
        words.insert(0, _criteria_met(met, result, ruleset, lang))
    words += _why_not_earlier(tier.id, words, case, result, ruleset, lang)
    return "; ".join(words) if words else tier.reason.get(lang)


def _listed(titles: list[str], lang: str, last: str = "note.and") -> str:
    """„A“, „B“ und „C“ (or ``note.or``: „A“, „B“ oder „C“)."""
    quoted = [text("note.quoted", lang, title=t) for t in titles]
    if len(quoted) < 2:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + text(last, lang) + quoted[-1]


def _criteria_met(met: list[Ground], result: CaseResult, ruleset: RuleSet, lang: str) -> str:
    if len(met) == 1:
        return phrase(met[0], result, ruleset, lang)
    titles = [ruleset.rule(g.name).title.get(lang) for g in met]
    return text("note.ground.criteria", lang, titles=_listed(titles, lang))


def _why_not_earlier(
    tier_id: str, stated: list[str], case: Case, result: CaseResult, ruleset: RuleSet, lang: str
) -> list[str]:
    """What kept the case out of each earlier tier, where the tier's own grounds do not say it."""
    check = condition_check(case, ruleset, result)
    values = Values(case, result.facts)
    own = set(stated)
    known = set(stated)
    atoms: list[str] = []
    passed: list[str] = []
    earlier = ruleset.tier_ids[: ruleset.tier_ids.index(tier_id)]
    for other in reversed(earlier):  # the nearest tier first: its reasons are the closest
        found = why_not(
            ruleset.tier(other).when,
            check,
            ruleset,
            values,
            lambda g: _phrase_not(g, result, ruleset, lang) in known,
        )
        found.sort(key=_reason_order, reverse=True)  # legal status before criteria
        words = [_phrase_not(g, result, ruleset, lang) for g in found]
        if not words or set(words) <= own:
            continue  # the tier's own grounds already exclude it (e.g. a legal obstacle)
        passed.insert(0, ruleset.tier(other).label.get(lang))
        for w in words:
            if w not in known:
                known.add(w)
                atoms.append(w)
    if not passed:
        return []
    joined = (
        atoms[0] if len(atoms) == 1 else ", ".join(atoms[:-1]) + text("note.and", lang) + atoms[-1]
    )
    return [
        text("note.ground.not_tiers", lang, facts=joined, tiers=_listed(passed, lang, "note.or"))
    ]


def _phrase_not(ground: Ground, result: CaseResult, ruleset: RuleSet, lang: str) -> str:
    """An atom that failed; a flag of criteria none of which is met as „keines der Kriterien …“."""
    if (
        ground.kind == "flag"
        and not ground.holds
        and ground.children
        and all(g.kind == "criterion" and not g.holds for g in ground.children)
    ):
        titles = [ruleset.rule(g.name).title.get(lang) for g in ground.children]
        return text("note.ground.criteria_none", lang, titles=_listed(titles, lang, "note.or"))
    return phrase(ground, result, ruleset, lang)


def tier_criteria(ruleset: RuleSet) -> list[str]:
    """The criteria a tier's condition reads (directly or through a flag), in rule set order.

    The others (e.g. an imminent release) only add points and order the queue.
    """
    found: set[str] = set()

    def walk(cond: Condition) -> None:
        if isinstance(cond, All | AnyOf):
            for item in cond.items:
                walk(item)
        elif isinstance(cond, Not):
            walk(cond.item)
        elif isinstance(cond, CriterionRef):
            found.add(cond.id)
        elif isinstance(cond, FlagRef):
            walk(ruleset.flags[cond.name].when)

    for tier in ruleset.tiers:
        walk(tier.when)
    return [r.id for r in ruleset.criteria if r.id in found]


def _otherwise_reason(case: Case, result: CaseResult, ruleset: RuleSet, lang: str) -> str:
    """The catch-all tier: which criteria are met, and that they alone make no tier."""
    tier = ruleset.tier(result.tier)
    making = tier_criteria(ruleset)
    fired = [r for r in ruleset.criteria if result.fired[r.id]]
    if not fired:
        return tier.reason.get(lang)
    points_only = [r for r in fired if r.id not in making]
    words: list[str] = []
    if points_only:
        titles = [r.title.get(lang) for r in points_only]
        words.append(
            plural("note.ground.points_only", len(titles), lang, titles=_listed(titles, lang))
        )
    missing = [
        r.title.get(lang) for r in ruleset.criteria if r.id in making and not result.fired[r.id]
    ]
    if len(points_only) == len(fired):
        if missing:
            words.append(
                text("note.ground.criteria_none", lang, titles=_listed(missing, lang, "note.or"))
            )
        return "; ".join(words)
    # a criterion that can make a tier is met, yet no tier's condition holds (other rule sets)
    met = [Ground("criterion", r.id, True) for r in fired if r.id in making]
    words.insert(0, _criteria_met(met, result, ruleset, lang))
    words += _why_not_earlier(tier.id, words, case, result, ruleset, lang)
    return "; ".join(words)


def _reason_order(ground: Ground) -> int:
    if ground.kind == "blocker":
        return 2
    if ground.kind == "field" or (
        ground.kind == "flag" and all(g.kind == "field" for g in ground.children)
    ):
        return 1
    return 0


def _birthday(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year: the birthday counts from 1 March
        return date(birth.year + years, 3, 1)


def legal_status(case: Case, as_of: date, lang: str) -> list[StatusLine]:
    """The legal status of the case at ``as_of``, one line per fact."""

    def line(field: str, value: Any, words: str) -> StatusLine:
        return StatusLine(
            field=field, label=text(f"note.status.{field}", lang), value=value, text=words
        )

    if case.toleration_reason is None:
        toleration = text("note.status.no_toleration", lang)
    else:
        toleration = text(f"note.toleration.{case.toleration_reason}", lang)
    if not case.in_custody:
        custody = text("note.status.not_in_custody", lang)
    elif case.release_date is None:
        custody = text("note.status.in_custody_unknown", lang)
    elif case.release_date < as_of:  # stale or wrong data: say so, the person checks it
        custody = text(
            "note.status.in_custody_release_passed",
            lang,
            date=format_date(case.release_date, lang),
        )
    else:
        custody = text(
            "note.status.in_custody_release", lang, date=format_date(case.release_date, lang)
        )
    years = age_in_years(case.birth_date, as_of)
    age = plural("note.status.age_adult", years, lang)
    if years < 18:
        age = text(
            "note.status.age_minor",
            lang,
            years=age,
            date=format_date(_birthday(case.birth_date, 18), lang),
        )
    return [
        line(
            "departure_status",
            case.departure_status,
            label("departure_status", case.departure_status, lang),
        ),
        line(
            "asylum_pending",
            case.asylum_pending,
            text(f"note.status.{'pending' if case.asylum_pending else 'not_pending'}", lang),
        ),
        line(
            "deportation_ban",
            case.deportation_ban,
            text(
                f"note.status.{'established' if case.deportation_ban else 'not_established'}",
                lang,
            ),
        ),
        line("toleration_reason", case.toleration_reason, toleration),
        line(
            "travel_document",
            case.travel_document,
            label("travel_document", case.travel_document, lang),
        ),
        line(
            "custody",
            case.release_date.isoformat()
            if case.in_custody and case.release_date
            else case.in_custody,
            custody,
        ),
        line("age", years, age),
    ]


def parameter_lines(ruleset: RuleSet, lang: str) -> list[ParameterLine]:
    """Every parameter with its label (the rule set's description) and its value in words."""
    lines = []
    for name, p in ruleset.parameters.items():
        value = ruleset.values[name]
        lines.append(
            ParameterLine(
                name=name,
                label=p.description.get(lang),
                value=list(value) if isinstance(value, tuple) else value,
                unit=p.unit,
                text=parameter_value(value, p.type, p.unit, p.of, lang),
            )
        )
    return lines


# ------------------------------------------------------------------------ not counted


def _record_facts(ruleset: RuleSet, rule: Rule, kind: str) -> list[str]:
    """The facts behind a rule (its evidence and measures) that range over ``kind`` records."""
    names = [*rule.evidence, *(f for m in rule.measures for f in m.evidence)]
    out = []
    for name in names:
        fact = ruleset.facts.get(name)
        if isinstance(fact, AggregateFact) and fact.over == kind and name not in out:
            out.append(name)
    return out


def _failing_parts(cond: Condition, check: Check) -> list[Condition]:
    """The parts of a failing ``all`` that fail (the condition itself if it is no ``all``)."""
    if isinstance(cond, All):
        return [c for c in cond.items if not check(c)]
    return [cond]


def _left_out(
    record: Record, case: Case, result: CaseResult, ruleset: RuleSet, lang: str
) -> tuple[list[CriterionReason], list[CriterionReason], bool]:
    """Per criterion over this kind of record: why the record is not among its records.

    Returns the reasons (criteria with the same reason grouped), the reasons where a parameter
    switch alone left the record out (e.g. suspended sentences not counted: every failing part
    of the criterion's filter involves the parameter), and whether any criterion counted it.
    """
    kind = "offences" if isinstance(record, Offence) else "incidents"
    check = condition_check(case, ruleset, result, record)
    values = Values(case, result.facts, record)
    counted = False
    grouped: dict[str, list[Rule]] = {}
    switched: dict[str, list[Rule]] = {}
    for rule in ruleset.criteria:
        facts = _record_facts(ruleset, rule, kind)
        if not facts:
            continue
        if any(record in result.evidence.get(f, []) for f in facts):
            counted = True
            continue
        where = ruleset.facts[facts[0]]
        assert isinstance(where, AggregateFact)
        parts = [
            grounds(part, check, ruleset, values) for part in _failing_parts(where.where, check)
        ]
        found = [g for part in parts for g in part]
        # a value the record does not have (no sentence of an open proceeding) follows from
        # another reason (not convicted): say that one
        stated = [g for g in found if g.value is not None or g.kind == "window"] or found
        words = text("note.ground.and", lang).join(_phrases(stated, result, ruleset, lang))
        grouped.setdefault(words, []).append(rule)
        if parts and all(any(g.kind == "param" for g in part) for part in parts):
            switched.setdefault(words, []).append(rule)

    def reason(words: str, rules: list[Rule]) -> CriterionReason:
        titles = [r.title.get(lang) for r in rules]
        return CriterionReason(
            criteria=[r.id for r in rules],
            titles=titles,
            text=words,
            line=plural(
                "note.not_counted_for",
                len(titles),
                lang,
                criteria=_listed(titles, lang),
                reason=words,
            ),
        )

    reasons = [reason(w, rules) for w, rules in grouped.items()]
    by_param = [reason(w, rules) for w, rules in switched.items()]
    return reasons, by_param, counted


def _not_counted(case: Case, result: CaseResult, ruleset: RuleSet, lang: str) -> list[NotCounted]:
    """Every record no criterion counts, with its reason per criterion; and every record a
    parameter switch left out of a criterion that would otherwise count it, naming it."""
    out: list[NotCounted] = []
    records: list[Record] = [*case.offences, *case.incidents]
    for record in records:
        ref = record_ref(record, lang)
        status = getattr(record, "status", None)
        if status in ("dismissed", "acquitted"):
            out.append(
                NotCounted(record=ref, reason=status, text=text(f"note.never.{status}", lang))
            )
            continue
        if record.date > result.as_of:
            out.append(
                NotCounted(record=ref, reason="after_as_of", text=text("note.after_as_of", lang))
            )
            continue
        reasons, by_param, counted = _left_out(record, case, result, ruleset, lang)
        if not counted:  # evidence of an action (an open proceeding) is still counted by none
            chosen, why = reasons, "criteria"
        elif by_param:
            chosen, why = by_param, "parameter"
        else:
            continue
        out.append(
            NotCounted(
                record=ref,
                reason=why,  # type: ignore[arg-type]
                reasons=chosen,
                text="; ".join(r.line for r in chosen),
            )
        )
    return out


# ------------------------------------------------------------------------ the record


def change_text(cf: Counterfactual, case: Case, ruleset: RuleSet, lang: str) -> str:
    """A counterfactual as a sentence: the tier it leads to and the single change of fact."""
    return text(
        "note.change",
        lang,
        tier=ruleset.tier(cf.to_tier).label.get(lang),
        score=format_number(cf.to_score, lang),
        clause=change_clause(cf, case, lang),
    )


def change_clause(cf: Counterfactual, case: Case, lang: str) -> str:
    """The change as a conditional clause (``wenn das Asylverfahren abgeschlossen wäre``)."""
    change = cf.change
    d = change.details
    if change.kind == "status":
        field, value = d["field"], d["value"]
        if field == "toleration_reason" and value is not None:
            reason = text(f"note.toleration.{value}", lang)
            if case.toleration_reason is None:
                return text("note.cf.toleration_new", lang, reason=reason)
            current = text(f"note.toleration.{case.toleration_reason}", lang)
            return text("note.cf.toleration_other", lang, reason=reason, current=current)
        return text(f"note.cf.{field}.{_bool_key(value)}", lang)
    if change.kind == "adult":
        return text(
            "note.cf.adult", lang, date=format_date(date.fromisoformat(d["of_age_on"]), lang)
        )
    if change.kind == "dismiss":
        offence = next(o for o in case.offences if o.offence_id == d["offence_id"])
        record = text(
            "note.cf.record",
            lang,
            id=offence.offence_id,
            what=label("category", offence.category, lang),
        )
        return text("note.cf.dismissed", lang, record=record)
    # "ein weiterer …" only when the criteria already count such a record
    more = "more" if d.get("existing") else "first"
    if change.kind == "new_conviction":
        return text(f"note.cf.new_conviction.{more}", lang)
    return text(f"note.cf.new_incident.{more}", lang, severity=d["severity"])


def explain(
    case: Case, ruleset: RuleSet, as_of: date, lang: str = "de", result: CaseResult | None = None
) -> Explanation:
    """Build the explanation record of one case (in German unless ``lang='en'``)."""
    chosen = lang_of(lang)
    lang = chosen
    result = result or evaluate_case(case, ruleset, as_of)
    tier = ruleset.tier(result.tier)
    criteria = [_criterion(rule, case, result, ruleset, lang) for rule in ruleset.criteria]
    changes = [
        TierChange(
            change=cf.change.code,
            kind=cf.change.kind,
            details=cf.change.details,
            to_tier=cf.to_tier,
            to_tier_label=ruleset.tier(cf.to_tier).label.get(lang),
            to_score=cf.to_score,
            text=change_text(cf, case, ruleset, lang),
        )
        for cf in counterfactuals(case, ruleset, as_of, result)
    ]
    return Explanation(
        case_id=case.case_id,
        region=case.region,
        lang=chosen,
        ruleset=ruleset.name,
        ruleset_version=ruleset.version,
        parameters=describe_values(ruleset),
        parameter_lines=parameter_lines(ruleset, lang),
        as_of=as_of,
        legal_status=legal_status(case, as_of, lang),
        tier=result.tier,
        tier_label=tier.label.get(lang),
        tier_reason=_tier_reason(case, result, ruleset, lang),
        tier_rule=tier.reason.get(lang),
        score=result.score,
        flags=result.flags,
        criteria=criteria,
        near_misses=[c for c in criteria if c.near_miss],
        tier_changes=changes,
        blockers=[_rule_outcome(r, result, lang) for r in ruleset.blockers if result.fired[r.id]],
        actions=[_rule_outcome(r, result, lang) for r in ruleset.actions if result.fired[r.id]],
        not_counted=_not_counted(case, result, ruleset, lang),
        disclaimer=text("note.disclaimer", lang),
    )


__all__ = ["Explanation", "explain", "record_ref"]
