"""What single change of fact would move a case to another tier.

Nothing here is written by hand per rule: every candidate is a minimally changed copy of the
case (one field of legal status, one proceeding becoming a conviction, one more conviction or
incident, coming of age), and the rules are evaluated again on it. Only the changes that move
the tier are reported, each with the tier it would lead to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cases.model import Case, Incident, Offence
from rules.interpreter import CaseResult, decide, evaluate_case
from rules.labels import format_date, label
from rules.language import DeriveFact, RuleSet, Text
from rules.vocabulary import CASE_FIELDS

# Case fields whose every alternative value is tried (legal status, not history).
_STATUS_FIELDS = ("departure_status", "asylum_pending", "deportation_ban", "toleration_reason")
_CF_PREFIX = "CF"


@dataclass(frozen=True)
class Change:
    """One candidate change of fact and its German/English wording (a condition clause)."""

    code: str
    text: Text
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Counterfactual:
    change: Change
    from_tier: str
    to_tier: str
    to_score: int
    as_of: date


def _status_text(name: str, value: Any) -> Text:
    if name == "departure_status":
        return {
            "enforceable": Text(
                "wenn die Ausreisepflicht vollziehbar wird",
                "if the departure obligation becomes enforceable",
            ),
            "pending": Text(
                "wenn die Ausreisepflicht nicht (mehr) vollziehbar ist",
                "if the departure obligation is not (or no longer) enforceable",
            ),
            "none": Text(
                "wenn keine Ausreisepflicht (mehr) besteht",
                "if there is no (longer any) departure obligation",
            ),
        }[value]
    if name == "asylum_pending":
        return (
            Text("wenn ein Asylverfahren anhängig wird", "if an asylum procedure is opened")
            if value
            else Text("wenn das Asylverfahren abgeschlossen ist", "if the asylum procedure ends")
        )
    if name == "deportation_ban":
        return (
            Text(
                "wenn ein Abschiebungsverbot festgestellt wird",
                "if a ban on deportation is established",
            )
            if value
            else Text("wenn das Abschiebungsverbot entfällt", "if the ban on deportation is lifted")
        )
    if value is None:
        return Text("wenn die Duldung entfällt", "if the toleration ends")
    return Text(
        f"wenn eine Duldung wegen {label('toleration_reason', value, 'de')} erteilt wird",
        f"if a toleration for {label('toleration_reason', value, 'en')} is granted",
    )


def _candidates(case: Case, ruleset: RuleSet, as_of: date) -> Iterator[tuple[Change, Case, date]]:
    for name in _STATUS_FIELDS:
        spec = CASE_FIELDS[name]
        current = getattr(case, name)
        if spec.type == "bool":
            alternatives: list[Any] = [not current]
        else:
            alternatives = [v for v in spec.choices if v != current]
            if spec.nullable and current is not None:
                alternatives.append(None)
        for value in alternatives:
            yield (
                Change(f"{name}={value}", _status_text(name, value), {name: value}),
                case.model_copy(update={name: value}),
                as_of,
            )

    birthday_18 = _birthday(case.birth_date, 18)
    if birthday_18 > as_of:
        yield (
            Change(
                "adult",
                Text(
                    f"mit Eintritt der Volljährigkeit am {format_date(birthday_18, 'de')}",
                    f"when the person comes of age on {format_date(birthday_18, 'en')}",
                ),
                {"on": birthday_18.isoformat()},
            ),
            case,
            birthday_18,
        )

    sentence_steps = sorted(
        {
            0.0,
            *(
                float(v)
                for k, v in ruleset.values.items()
                if k.endswith("sentence_months") and isinstance(v, int)
            ),
        }
    )
    for index, offence in enumerate(case.offences):
        if offence.status not in ("under_investigation", "charged") or offence.date > as_of:
            continue
        for months in sentence_steps:
            convicted = offence.model_copy(
                update={"status": "convicted", "sentence_months": months, "suspended": False}
            )
            offences = [*case.offences[:index], convicted, *case.offences[index + 1 :]]
            what_de = f"Verfahren {offence.offence_id} ({label('category', offence.category)})"
            what_en = (
                f"proceeding {offence.offence_id} ({label('category', offence.category, 'en')})"
            )
            if months:
                text = Text(
                    f"wenn {what_de} zu einer rechtskräftigen Verurteilung zu mindestens "
                    f"{int(months)} Monaten führt",
                    f"if {what_en} ends in a final conviction to at least {int(months)} months",
                )
            else:
                text = Text(
                    f"wenn {what_de} zu einer rechtskräftigen Verurteilung führt",
                    f"if {what_en} ends in a final conviction",
                )
            yield (
                Change(
                    f"convict:{offence.offence_id}:{int(months)}",
                    text,
                    {"offence_id": offence.offence_id, "sentence_months": months},
                ),
                case.model_copy(update={"offences": offences}),
                as_of,
            )

    new_id = _free_id(case, "offence")
    yield (
        Change(
            "new_conviction",
            Text(
                "bei einer weiteren rechtskräftigen Verurteilung", "with one more final conviction"
            ),
        ),
        case.model_copy(
            update={
                "offences": [
                    *case.offences,
                    Offence.model_construct(
                        offence_id=new_id,
                        date=as_of,
                        category="other",
                        status="convicted",
                        sentence_months=0.0,
                        suspended=False,
                        juvenile=False,
                    ),
                ]
            }
        ),
        as_of,
    )
    severity = int(ruleset.values.get("social_min_severity", 2))
    for sev in sorted({severity, 3}):
        yield (
            Change(
                f"new_incident:{sev}",
                Text(
                    f"bei einem weiteren dokumentierten Vorfall der Schwere {sev}",
                    f"with one more documented incident of severity {sev}",
                ),
            ),
            case.model_copy(
                update={
                    "incidents": [
                        *case.incidents,
                        Incident.model_construct(
                            incident_id=_free_id(case, "incident"),
                            date=as_of,
                            type="other",
                            severity=sev,
                        ),
                    ]
                }
            ),
            as_of,
        )


def _birthday(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year: the birthday counts from 1 March
        return date(birth.year + years, 3, 1)


def _free_id(case: Case, kind: str) -> str:
    existing = {o.offence_id for o in case.offences} | {i.incident_id for i in case.incidents}
    n = 1
    while f"{_CF_PREFIX}-{kind}-{n}" in existing:
        n += 1
    return f"{_CF_PREFIX}-{kind}-{n}"


def counterfactuals(
    case: Case, ruleset: RuleSet, as_of: date, current: CaseResult | None = None
) -> list[Counterfactual]:
    """Every single change of fact that moves the case to another tier.

    For proceedings that become convictions only the smallest sentence that moves the tier is
    reported.
    """
    current = current or evaluate_case(case, ruleset, as_of)
    # Facts read records and the dates of derive-facts only; a change of legal status alone
    # leaves them as they are, so those candidates skip the (costly) fact derivation.
    fact_fields = {f.field for f in ruleset.facts.values() if isinstance(f, DeriveFact)}
    found: list[Counterfactual] = []
    convicted_seen: set[str] = set()
    for change, changed, when in _candidates(case, ruleset, as_of):
        offence_id = change.details.get("offence_id")
        if offence_id is not None and offence_id in convicted_seen:
            continue
        status_only = (
            when == as_of
            and change.details
            and set(change.details) <= set(_STATUS_FIELDS) - fact_fields
        )
        if status_only:
            result = decide(changed, ruleset, when, current.facts, current.evidence)
        else:
            result = evaluate_case(changed, ruleset, when)
        if result.tier != current.tier:
            if offence_id is not None:
                convicted_seen.add(offence_id)
            found.append(Counterfactual(change, current.tier, result.tier, result.score, when))
    return found
