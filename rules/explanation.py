"""The explanation record of one case (SPEC §3): one function builds it, renderers show it.

The record is data in one language (German by default): rule set name and version, parameter
values, reference date, tier with its reason, score, every criterion with fired / not fired,
its measured value against the threshold and the records that made it fire, near misses, the
single changes of fact that would move the tier, blockers, required actions, and the records
that did not count and why.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from cases.model import Case, Incident, Offence
from rules.counterfactuals import counterfactuals
from rules.days import to_days as days_since_epoch
from rules.interpreter import CaseResult, evaluate_case
from rules.labels import format_date, format_number, label
from rules.language import Rule, RuleSet
from rules.parameters import describe_values

_DISCLAIMER = {
    "de": (
        "Diese Einordnung ordnet die Fallliste zur menschlichen Prüfung und begründet die "
        "Reihenfolge. Sie ist weder eine Entscheidung noch eine Empfehlung über "
        "aufenthaltsbeendende Maßnahmen; die Entscheidung trifft die zuständige Person."
    ),
    "en": (
        "This assessment orders the queue for human review and explains the order. It is "
        "neither a decision nor a recommendation on any removal measure; a person decides."
    ),
}


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
    severity: int | None = None
    text: str  # one readable line


class CriterionOutcome(_Model):
    id: str
    title: str
    basis: str
    points: int
    fired: bool
    value: float | None = None  # the measured value (count, months, days)
    threshold: float | None = None
    direction: Literal["at_least", "at_most"] = "at_least"
    unit: str | None = None
    near_miss: bool = False
    evidence: list[RecordRef] = []
    text: str


class RuleOutcome(_Model):
    id: str
    title: str
    basis: str
    evidence: list[RecordRef] = []


class TierChange(_Model):
    change: str
    to_tier: str
    to_tier_label: str
    to_score: int
    text: str


class NotCounted(_Model):
    record: RecordRef
    reason: Literal["dismissed", "acquitted", "after_as_of", "outside_criteria"]
    text: str


class Explanation(_Model):
    case_id: str
    region: str
    lang: Literal["de", "en"]
    ruleset: str
    ruleset_version: int
    parameters: dict[str, Any]
    as_of: date
    tier: str
    tier_label: str
    tier_reason: str
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


def _record_ref(record: Offence | Incident, lang: str) -> RecordRef:
    if isinstance(record, Offence):
        what = label("category", record.category, lang)
        parts = [
            f"{record.offence_id} ({format_date(record.date, lang)})",
            what,
            label("status", record.status, lang),
        ]
        if record.sentence_months is not None:
            months = format_number(record.sentence_months, lang)
            if record.sentence_months == 0:
                parts.append("Geldstrafe" if lang == "de" else "fine only")
            else:
                parts.append(f"{months} {'Monate' if lang == 'de' else 'months'}")
            if record.suspended:
                parts.append("zur Bewährung" if lang == "de" else "suspended")
        if record.juvenile:
            parts.append("Jugendstrafe" if lang == "de" else "juvenile sentence")
        return RecordRef(
            kind="offence",
            id=record.offence_id,
            date=record.date,
            what=what,
            status=record.status,
            sentence_months=record.sentence_months,
            suspended=record.suspended,
            text=", ".join(parts),
        )
    what = label("type", record.type, lang)
    severity = f"{'Schwere' if lang == 'de' else 'severity'} {record.severity}"
    return RecordRef(
        kind="incident",
        id=record.incident_id,
        date=record.date,
        what=what,
        severity=record.severity,
        text=f"{record.incident_id} ({format_date(record.date, lang)}), {what}, {severity}",
    )


def _unit_label(unit: str | None, lang: str) -> str:
    text = label("unit", unit, lang) if unit else ""
    return f" {text}" if text else ""


def _criterion(rule: Rule, result: CaseResult, ruleset: RuleSet, lang: str) -> CriterionOutcome:
    fired = result.fired[rule.id]
    evidence: list[RecordRef] = []
    seen: set[str] = set()
    for fact in rule.evidence:
        for record in result.evidence.get(fact, []):
            rid = getattr(record, "offence_id", None) or getattr(record, "incident_id", "")
            if rid not in seen:
                seen.add(rid)
                evidence.append(_record_ref(record, lang))
    value = threshold = None
    unit = None
    near = False
    direction: Literal["at_least", "at_most"] = "at_least"
    if rule.measure is not None:
        m = rule.measure
        raw = result.facts.get(m.fact)
        value = None if raw is None else float(raw)
        threshold = float(ruleset.value(m.threshold))
        direction = m.direction
        param = getattr(m.threshold, "name", None)
        unit = ruleset.parameters[param].unit if param else None
        if not fired and value is not None and m.near_miss is not None:
            gap = threshold - value if direction == "at_least" else value - threshold
            near = 0 < gap <= m.near_miss
    title = rule.title.get(lang)
    mark = (
        ("erfüllt" if fired else "nicht erfüllt")
        if lang == "de"
        else ("met" if fired else "not met")
    )
    text = f"{title}: {mark}"
    if rule.description is not None:
        text += f" ({rule.description.get(lang)})"
    if rule.measure is not None:
        u = _unit_label(unit, lang)
        shown = format_number(value, lang) + (u if value is not None else "")
        if lang == "de":
            rel = "mindestens" if direction == "at_least" else "höchstens"
            text += f" — Wert {shown}, Schwelle {rel} {format_number(threshold, lang)}{u}"
        else:
            rel = "at least" if direction == "at_least" else "at most"
            text += f" — value {shown}, threshold {rel} {format_number(threshold, lang)}{u}"
    return CriterionOutcome(
        id=rule.id,
        title=title,
        basis=rule.basis.get(lang),
        points=rule.points,
        fired=fired,
        value=value,
        threshold=threshold,
        direction=direction,
        unit=unit,
        near_miss=near,
        evidence=evidence,
        text=text,
    )


def _rule_outcome(rule: Rule, result: CaseResult, lang: str) -> RuleOutcome:
    evidence = [
        _record_ref(r, lang) for fact in rule.evidence for r in result.evidence.get(fact, [])
    ]
    return RuleOutcome(
        id=rule.id, title=rule.title.get(lang), basis=rule.basis.get(lang), evidence=evidence
    )


def _not_counted(case: Case, result: CaseResult, ruleset: RuleSet, lang: str) -> list[NotCounted]:
    counting_facts = {f for r in (*ruleset.criteria, *ruleset.actions) for f in r.evidence}
    counted = {id(rec) for fact in counting_facts for rec in result.evidence.get(fact, [])}
    de = lang == "de"
    out: list[NotCounted] = []
    for record in (*case.offences, *case.incidents):
        if id(record) in counted:
            continue
        status = getattr(record, "status", None)
        if status in ("dismissed", "acquitted"):
            reason = status
            text = "zählt nie" if de else "never counts"
        elif record.date > result.as_of:
            reason = "after_as_of"
            text = "nach dem Stichtag – zählt nicht" if de else "after the reference date"
        else:
            reason = "outside_criteria"
            text = (
                (
                    "von keinem Kriterium erfasst (außerhalb der Zeitfenster oder unter den "
                    "Schwellen)"
                )
                if de
                else ("counted by no criterion (outside the windows or below the thresholds)")
            )
        out.append(
            NotCounted(
                record=_record_ref(record, lang),
                reason=reason,  # type: ignore[arg-type]
                text=text,
            )
        )
    return out


def explain(
    case: Case, ruleset: RuleSet, as_of: date, lang: str = "de", result: CaseResult | None = None
) -> Explanation:
    """Build the explanation record of one case (in German unless ``lang='en'``)."""
    lang = "en" if lang == "en" else "de"
    result = result or evaluate_case(case, ruleset, as_of)
    tier = ruleset.tier(result.tier)
    criteria = [_criterion(rule, result, ruleset, lang) for rule in ruleset.criteria]
    changes = []
    for cf in counterfactuals(case, ruleset, as_of, result):
        to_label = ruleset.tier(cf.to_tier).label.get(lang)
        changes.append(
            TierChange(
                change=cf.change.code,
                to_tier=cf.to_tier,
                to_tier_label=to_label,
                to_score=cf.to_score,
                text=f"{_would_be(to_label, lang)}, {cf.change.text.get(lang)}",
            )
        )
    return Explanation(
        case_id=case.case_id,
        region=case.region,
        lang=lang,  # type: ignore[arg-type]
        ruleset=ruleset.name,
        ruleset_version=ruleset.version,
        parameters=describe_values(ruleset),
        as_of=as_of,
        tier=result.tier,
        tier_label=tier.label.get(lang),
        tier_reason=tier.reason.get(lang),
        score=result.score,
        flags=result.flags,
        criteria=criteria,
        near_misses=[c for c in criteria if c.near_miss],
        tier_changes=changes,
        blockers=[_rule_outcome(r, result, lang) for r in ruleset.blockers if result.fired[r.id]],
        actions=[_rule_outcome(r, result, lang) for r in ruleset.actions if result.fired[r.id]],
        not_counted=_not_counted(case, result, ruleset, lang),
        disclaimer=_DISCLAIMER[lang],
    )


def _would_be(tier_label: str, lang: str) -> str:
    """ "würde Priorität 1" reads well; other tiers need "würde als „…“ eingestuft"."""
    if lang == "en":
        return (
            f"would become {tier_label}"
            if tier_label.startswith("Priority")
            else f"would be classed as “{tier_label}”"
        )
    return (
        f"würde {tier_label}"
        if tier_label.startswith("Priorität")
        else f"würde als „{tier_label}“ eingestuft"
    )


def latest_event_date(result: CaseResult) -> date | None:
    """The most recent counted event (for display); ``None`` when there is none."""
    days = result.facts.get("latest_event")
    if days is None:
        return None
    return date.fromordinal(date(1970, 1, 1).toordinal() + int(days))


__all__ = ["Explanation", "days_since_epoch", "explain", "latest_event_date"]
