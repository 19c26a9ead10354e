"""Every claimed counterfactual is true: apply the change, re-rank, the claimed tier comes out.

The claims come from the per-case engine; the check re-ranks the changed cases with the batch
engine (a different implementation of the same rules), at the same reference date.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.frames import frames_from_cases
from cases.generator import generate_cases
from cases.model import Case, Incident, Offence
from rules.counterfactuals import Counterfactual, apply_change, counterfactuals
from rules.engines import rank_with
from rules.interpreter import evaluate_case
from rules.language import RuleSet
from rules.parameters import with_parameters
from tests.strategies import PARAMETER_SETS, as_of_dates, cases

AS_OF = date(2026, 11, 23)
N_CASES = 2_000


def _claims(caseload: list[Case], ruleset: RuleSet, as_of: date):
    """(original case, original tier, claim, changed case with a unique id) for every claim."""
    out = []
    for case in caseload:
        current = evaluate_case(case, ruleset, as_of)
        for k, cf in enumerate(counterfactuals(case, ruleset, as_of, current)):
            changed = apply_change(case, cf.change, as_of)
            changed = changed.model_copy(update={"case_id": f"{case.case_id}.cf{k}"})
            out.append((case, current.tier, cf, changed))
    return out


def _reranked(changed: list[Case], ruleset: RuleSet, as_of: date) -> dict[str, tuple[str, int]]:
    if not changed:
        return {}
    queue = rank_with("batch", frames_from_cases(changed), ruleset, as_of)
    return {
        str(row.case_id): (str(row.tier), int(row.score))
        for row in queue[["case_id", "tier", "score"]].itertuples()
    }


def _single_change(case: Case, changed: Case, cf: Counterfactual) -> bool:
    """The changed case differs from the case in exactly the one fact the claim names."""
    before = case.model_dump(exclude={"case_id", "offences", "incidents"})
    after = changed.model_dump(exclude={"case_id", "offences", "incidents"})
    fields = {k for k in before if before[k] != after[k]}
    offences = [(a, b) for a, b in zip(case.offences, changed.offences, strict=False) if a != b]
    added = len(changed.offences) - len(case.offences), len(changed.incidents) - len(case.incidents)
    kind = cf.change.kind
    if kind == "status":
        return fields == {cf.change.details["field"]} and not offences and added == (0, 0)
    if kind == "adult":
        return fields == {"birth_date"} and not offences and added == (0, 0)
    if kind == "dismiss":
        # presumption of innocence: an open proceeding only ever ends in dismissal/acquittal
        return (
            not fields
            and len(offences) == 1
            and offences[0][0].offence_id == cf.change.details["offence_id"]
            and offences[0][0].status in ("under_investigation", "charged")
            and offences[0][1].status == "dismissed"
            and added == (0, 0)
        )
    if kind == "new_conviction":
        return not fields and not offences and added == (1, 0)
    assert kind == "new_incident", f"unknown kind of change {kind!r}"
    return not fields and not offences and added == (0, 1)


def _counted_before(case: Case, cf: Counterfactual, ruleset: RuleSet, as_of: date) -> int:
    """How many records of the added kind the criteria count in the original case."""
    result = evaluate_case(case, ruleset, as_of)
    facts = {f for r in ruleset.criteria for f in r.evidence}
    facts |= {f for r in ruleset.criteria for m in r.measures for f in m.evidence}
    ids = set()
    for fact in facts:
        for record in result.evidence.get(fact, []):
            if cf.change.kind == "new_conviction":
                if isinstance(record, Offence) and record.status == "convicted":
                    ids.add(record.offence_id)
            elif isinstance(record, Incident) and record.severity == cf.change.details["severity"]:
                ids.add(record.incident_id)
    return len(ids)


def _check(claims, ruleset: RuleSet, as_of: date) -> Counter[str]:
    reranked = _reranked([changed for *_, changed in claims], ruleset, as_of)
    kinds: Counter[str] = Counter()
    for case, tier, cf, changed in claims:
        assert cf.as_of == as_of, "a counterfactual is a change of fact at the same as_of"
        assert cf.to_tier != tier, f"{case.case_id}: {cf.change.code} does not move the tier"
        assert _single_change(case, changed, cf), f"{case.case_id}: {cf.change.code}"
        assert reranked[changed.case_id] == (cf.to_tier, cf.to_score), (
            f"{case.case_id}: claimed {cf.change.code} -> {cf.to_tier} ({cf.to_score}), "
            f"re-ranked {reranked[changed.case_id]}"
        )
        if cf.change.kind in ("new_conviction", "new_incident"):
            # "ein weiterer …" only when the case already has such a counted record
            assert cf.change.details["existing"] == _counted_before(case, cf, ruleset, as_of)
        kinds[cf.change.kind] += 1
    return kinds


@pytest.fixture(scope="module")
def generated() -> list[Case]:
    return generate_cases(N_CASES, seed=20261123, as_of=AS_OF)


def _crafted() -> list[Case]:
    """Cases where a dismissal or coming of age moves the tier (rare in generated data)."""
    from tests.factories import case, convictions, offence

    return [
        case(
            "X-dismiss",
            departure_status="pending",
            offences=[*convictions(2), *[offence(f"O{i}", status="charged") for i in range(3)]],
        ),
        case("X-minor", birth_date=date(2009, 6, 1), offences=convictions(3, months_back=35)),
    ]


@pytest.mark.slow
def test_every_claim_holds_on_2000_generated_cases(generated, default_rules) -> None:
    claims = _claims([*generated, *_crafted()], default_rules, AS_OF)
    kinds = _check(claims, default_rules, AS_OF)
    assert len(generated) >= 2_000
    # The test sees every kind of change, so it cannot pass by finding none of one kind.
    assert set(kinds) == {
        "status",
        "adult",
        "dismiss",
        "new_conviction",
        "new_incident",
    }, kinds
    assert sum(kinds.values()) > len(generated)


@pytest.mark.slow
def test_every_claim_holds_under_other_parameters(generated, default_rules) -> None:
    for overrides in PARAMETER_SETS[1:]:
        ruleset = with_parameters(default_rules, overrides, source="test")
        _check(_claims(generated[:400], ruleset, AS_OF), ruleset, AS_OF)


@pytest.mark.slow
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_every_claim_holds_on_edge_cases(data, default_rules) -> None:
    """Dates on window boundaries, 18th birthdays on as_of, sentences on the thresholds."""
    as_of = data.draw(as_of_dates())
    ruleset = with_parameters(
        default_rules, data.draw(st.sampled_from(PARAMETER_SETS)), source="test"
    )
    caseload = [data.draw(cases(as_of, case_id=f"H-{i}")) for i in range(3)]
    _check(_claims(caseload, ruleset, as_of), ruleset, as_of)


def test_coming_of_age_changes_the_age_alone(default_rules) -> None:
    """The claim for a minor changes nothing but the blocker of minority, at the same date."""
    from tests.factories import case, convictions

    minor = case(birth_date=date(2009, 6, 1), offences=convictions(3, months_back=35))
    claims = _claims([minor], default_rules, AS_OF)
    adult = [c for c in claims if c[2].change.kind == "adult"]
    assert len(adult) == 1
    _, tier, cf, changed = adult[0]
    assert (tier, cf.to_tier) == ("BLOCKED", "P1")
    after = evaluate_case(changed, default_rules, AS_OF)
    before = evaluate_case(minor, default_rules, AS_OF)
    assert after.facts["repeat_convictions"] == before.facts["repeat_convictions"] == 3
    assert set(before.blockers) - set(after.blockers) == {"B_MINOR"}
    assert set(default_rules.counterfactuals.fields).isdisjoint({"birth_date"})
