"""Every rule test runs on all three engines: vectorized batch, per-case, and durable_rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import pytest

from cases.frames import CaseFrames, frames_from_cases
from cases.model import Case
from rules import RuleSet, load_ruleset
from rules.batch import evaluate

Outcome = dict[str, Any]


def batch_outcome(cases: list[Case], ruleset: RuleSet, as_of: date) -> list[Outcome]:
    frame = evaluate(frames_from_cases(cases), ruleset, as_of).to_frame()
    return [
        {
            "case_id": r.case_id,
            "tier": r.tier,
            "score": int(r.score),
            "criteria": list(r.criteria),
            "blockers": list(r.blockers),
            "actions": list(r.actions),
        }
        for r in frame.itertuples()
    ]


def interpreter_outcome(cases: list[Case], ruleset: RuleSet, as_of: date) -> list[Outcome]:
    from rules.interpreter import rank_cases

    return [r.summary() for r in rank_cases(cases, ruleset, as_of)]


def durable_outcome(cases: list[Case], ruleset: RuleSet, as_of: date) -> list[Outcome]:
    from rules.durable import engine_for

    return [r.summary() for r in engine_for(ruleset).rank(cases, as_of)]


ENGINES: dict[str, Callable[[list[Case], RuleSet, date], list[Outcome]]] = {
    "batch": batch_outcome,
    "interpreter": interpreter_outcome,
    "durable": durable_outcome,
}


def assert_same_queue(frames: CaseFrames, ruleset: RuleSet, as_of: date) -> pd.DataFrame:
    """The batch and durable_rules queue frames of ``frames`` are equal; the batch one."""
    from rules.engines import rank_with

    batch = rank_with("batch", frames, ruleset, as_of)
    durable = rank_with("durable", frames, ruleset, as_of)
    pd.testing.assert_frame_equal(durable, batch)
    return batch


def assert_engines_agree(cases: list[Case], ruleset: RuleSet, as_of: date) -> pd.DataFrame:
    """All three engines give the same queue: order, tiers, scores and fired rules."""
    queue = assert_same_queue(frames_from_cases(cases), ruleset, as_of)
    assert interpreter_outcome(cases, ruleset, as_of) == [
        {
            "case_id": r.case_id,
            "tier": r.tier,
            "score": r.score,
            "criteria": r.criteria,
            "blockers": r.blockers,
            "actions": r.actions,
        }
        for r in queue.itertuples()
    ]
    return queue


@pytest.fixture(scope="session")
def default_rules() -> RuleSet:
    return load_ruleset("amit-nrw-default")


@pytest.fixture(params=sorted(ENGINES))
def outcome(request: pytest.FixtureRequest, default_rules: RuleSet) -> Callable[..., Outcome]:
    """``outcome(case, as_of=..., ruleset=...)`` -> the one case's tier, score and rule ids."""
    engine = ENGINES[request.param]

    def run(case: Case, as_of: date | None = None, ruleset: RuleSet | None = None) -> Outcome:
        from tests.factories import AS_OF

        return engine([case], ruleset or default_rules, as_of or AS_OF)[0]

    return run


@pytest.fixture(params=sorted(ENGINES))
def queue(request: pytest.FixtureRequest, default_rules: RuleSet) -> Callable[..., list[Outcome]]:
    engine = ENGINES[request.param]

    def run(
        cases: list[Case], as_of: date | None = None, ruleset: RuleSet | None = None
    ) -> list[Outcome]:
        from tests.factories import AS_OF

        return engine(cases, ruleset or default_rules, as_of or AS_OF)

    return run
