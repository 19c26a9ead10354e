"""Both engines, one meaning: batch and durable_rules agree on every case the tests can make.

Compared are the whole queue frames of :func:`rules.engines.rank_with` -- rank, tier, score,
criteria, blockers, actions, region, latest event, row -- so the order is compared too. The
per-case interpreter is the third witness on the hypothesis cases.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.frames import cases_from_frames
from cases.generator import GeneratorConfig, generate_frames
from rules import load_ruleset, with_parameters
from rules.durable import engine_for
from tests.rules.conftest import assert_engines_agree, assert_same_queue
from tests.strategies import PARAMETER_SETS, as_of_dates, caseloads, parameter_overrides

DEFAULT = load_ruleset()
AS_OF = date(2026, 11, 23)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), as_of=as_of_dates(), overrides=parameter_overrides())
def test_engines_agree_on_generated_edge_cases(
    data: st.DataObject, as_of: date, overrides: dict
) -> None:
    ruleset = with_parameters(DEFAULT, overrides)
    cases = data.draw(caseloads(as_of))
    assert_engines_agree(cases, ruleset, as_of)


@pytest.mark.slow
def test_engines_agree_on_10000_generated_cases() -> None:
    frames = generate_frames(
        10_000, seed=20261123, as_of=AS_OF, config=GeneratorConfig(boundary_share=0.15)
    )
    queue = assert_same_queue(frames, DEFAULT, AS_OF)
    assert set(queue["tier"]) == set(DEFAULT.tier_ids)  # every tier occurs: not a vacuous check


@pytest.mark.parametrize("overrides", PARAMETER_SETS[1:], ids=lambda o: ",".join(o))
def test_engines_agree_with_changed_parameters(overrides: dict) -> None:
    as_of = date(2026, 3, 31)
    frames = generate_frames(
        1_000,
        seed=7,
        as_of=as_of,
        config=GeneratorConfig(
            boundary_share=0.3,
            boundary_months=(6, 12, 24, 36, 60),
            release_boundary_days=(0, 30, 90),
        ),
    )
    assert_same_queue(frames, with_parameters(DEFAULT, overrides), as_of)


def test_example_queue_of_the_spec_on_durable() -> None:
    from cases.io import load_cases
    from tests.factories import AS_OF as SPEC_AS_OF

    cases = load_cases(Path(__file__).parents[1] / "fixtures" / "examples.jsonl", today=SPEC_AS_OF)
    ranked = engine_for(DEFAULT).rank(cases, SPEC_AS_OF)
    assert [(r.case_id, r.tier, r.score, r.criteria, r.blockers, r.actions) for r in ranked] == [
        ("EX-1", "P1", 55, ["VIOLENT", "REPEAT"], [], ["A_DOCUMENTS"]),
        ("EX-2", "P3", 15, ["SOCIAL"], [], []),
        ("EX-3", "BLOCKED", 40, ["SERIOUS"], ["B_ASYLUM"], ["A_DOCUMENTS", "A_PROSECUTOR"]),
    ]


def test_durable_results_carry_the_same_facts_as_the_interpreter() -> None:
    from rules.interpreter import evaluate_case

    frames = generate_frames(300, seed=3, as_of=AS_OF)
    engine = engine_for(DEFAULT)
    for case in cases_from_frames(frames):
        durable, interpreted = (
            engine.evaluate_case(case, AS_OF),
            evaluate_case(case, DEFAULT, AS_OF),
        )
        assert durable.facts == interpreted.facts
        assert durable.flags == interpreted.flags
        assert durable.fired == interpreted.fired
        assert durable.tier == interpreted.tier
