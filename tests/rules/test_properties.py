"""Invariants of the rules, checked on generated cases (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.frames import frames_from_cases
from cases.model import Case, Offence
from rules import load_ruleset
from rules.batch import evaluate
from rules.interpreter import evaluate_case, rank_cases
from tests.factories import AS_OF
from tests.rules.conftest import batch_outcome

RULES = load_ruleset()
TIERS = RULES.tier_ids
# Boundaries the rules care about: window edges (12, 36, 60 months) and the horizon.
EDGE_DAYS = [0, 1, 89, 90, 91, 364, 365, 366, 1095, 1096, 1826, 1827]


@st.composite
def days_back(draw: st.DrawFn) -> date:
    offset = draw(st.one_of(st.sampled_from(EDGE_DAYS), st.integers(0, 2500)))
    return AS_OF - timedelta(days=offset)


@st.composite
def offences(draw: st.DrawFn, n: int) -> list[dict]:
    out = []
    for i in range(n):
        status = draw(
            st.sampled_from(
                [
                    "convicted",
                    "convicted",
                    "charged",
                    "under_investigation",
                    "dismissed",
                    "acquitted",
                ]
            )
        )
        out.append(
            {
                "offence_id": f"O{i}",
                "date": draw(days_back()),
                "category": draw(
                    st.sampled_from(
                        ["theft", "bodily_harm", "robbery", "fraud", "drug_trafficking", "homicide"]
                    )
                ),
                "status": status,
                "sentence_months": draw(st.sampled_from([0, 6, 11, 12, 23, 24, 36]))
                if status == "convicted"
                else None,
                "suspended": draw(st.booleans()),
            }
        )
    return out


@st.composite
def cases(draw: st.DrawFn, case_id: str = "H-1") -> Case:
    n_off = draw(st.integers(0, 7))
    n_inc = draw(st.integers(0, 4))
    in_custody = draw(st.booleans())
    birth = AS_OF - timedelta(
        days=draw(st.sampled_from([18 * 365 + 4, 18 * 365 + 5, 6000, 9000, 15000]))
    )
    return Case.model_validate(
        {
            "case_id": case_id,
            "region": draw(st.sampled_from(["koeln", "detmold"])),
            "received_on": AS_OF - timedelta(days=draw(st.integers(0, 400))),
            "source": "municipal",
            "birth_date": birth,
            "departure_status": draw(st.sampled_from(["none", "pending", "enforceable"])),
            "asylum_pending": draw(st.booleans()),
            "deportation_ban": draw(st.booleans()),
            "toleration_reason": draw(st.sampled_from([None, "health", "travel_documents"])),
            "travel_document": draw(st.sampled_from(["valid", "none"])),
            "in_custody": in_custody,
            "release_date": AS_OF + timedelta(days=draw(st.sampled_from([-1, 0, 90, 91])))
            if in_custody
            else None,
            "offences": draw(offences(n_off)),
            "incidents": [
                {
                    "incident_id": f"I{i}",
                    "date": draw(days_back()),
                    "type": "threat",
                    "severity": draw(st.integers(1, 3)),
                }
                for i in range(n_inc)
            ],
            "nationality": draw(st.sampled_from([None, "AAA", "BBB"])),
            "sex": draw(st.sampled_from([None, "f", "m", "x"])),
        }
    )


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(
    cases(),
    st.sampled_from([0, 6, 12, 24, 40]),
    st.sampled_from(["theft", "robbery"]),
    st.integers(0, 2000),
)
def test_adding_a_final_conviction_never_lowers_score_or_tier(case, months, category, back):
    before = evaluate_case(case, RULES, AS_OF)
    extra = Offence(
        offence_id="NEW",
        date=AS_OF - timedelta(days=back),
        category=category,
        status="convicted",
        sentence_months=months,
    )
    after = evaluate_case(
        case.model_copy(update={"offences": [*case.offences, extra]}), RULES, AS_OF
    )
    assert after.score >= before.score
    assert TIERS.index(after.tier) <= TIERS.index(before.tier)


@FAST
@given(
    cases(), st.sampled_from(["asylum_pending", "deportation_ban", "toleration_reason", "minor"])
)
def test_adding_a_blocker_never_raises_the_tier(case, blocker):
    before = evaluate_case(case, RULES, AS_OF)
    update = {
        "asylum_pending": {"asylum_pending": True},
        "deportation_ban": {"deportation_ban": True},
        "toleration_reason": {"toleration_reason": "family"},
        "minor": {"birth_date": AS_OF - timedelta(days=16 * 365)},
    }[blocker]
    after = evaluate_case(case.model_copy(update=update), RULES, AS_OF)
    assert TIERS.index(after.tier) >= TIERS.index(before.tier) or after.tier == "BLOCKED"
    assert after.tier not in ("P1", "P2", "P3")


@FAST
@given(st.lists(cases(), min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_order_is_total_and_deterministic(case_list, rnd):
    case_list = [c.model_copy(update={"case_id": f"H-{i}"}) for i, c in enumerate(case_list)]
    shuffled = list(case_list)
    rnd.shuffle(shuffled)
    first = [r["case_id"] for r in batch_outcome(case_list, RULES, AS_OF)]
    second = [r["case_id"] for r in batch_outcome(shuffled, RULES, AS_OF)]
    per_case = [r.case_id for r in rank_cases(shuffled, RULES, AS_OF)]
    assert first == second == per_case
    assert sorted(first) == sorted(c.case_id for c in case_list)


@FAST
@given(cases(), st.sampled_from([None, "AAA", "ZZZ"]), st.sampled_from([None, "f", "m", "x"]))
def test_audit_only_fields_never_change_any_output(case, nationality, sex):
    other = case.model_copy(update={"nationality": nationality, "sex": sex})
    a, b = evaluate_case(case, RULES, AS_OF), evaluate_case(other, RULES, AS_OF)
    assert a.summary() == b.summary() and a.facts == b.facts
    ev_a = evaluate(frames_from_cases([case]), RULES, AS_OF)
    ev_b = evaluate(frames_from_cases([other]), RULES, AS_OF)
    assert ev_a.to_frame().drop(columns="row").equals(ev_b.to_frame().drop(columns="row"))


@FAST
@given(st.lists(cases(), min_size=1, max_size=6))
def test_batch_and_per_case_engine_agree(case_list):
    case_list = [c.model_copy(update={"case_id": f"H-{i}"}) for i, c in enumerate(case_list)]
    batch = batch_outcome(case_list, RULES, AS_OF)
    per_case = [r.summary() for r in rank_cases(case_list, RULES, AS_OF)]
    assert batch == per_case
