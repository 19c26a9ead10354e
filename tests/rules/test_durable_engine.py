"""The durable engine's public face: evaluate_case, rank, rank_with and ``triage rank --engine``."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cases.generator import generate_cases, generate_frames
from rules import load_ruleset, with_parameters
from rules.durable import DurableEngine, DurableEngineError, engine_for
from rules.engines import ENGINES, rank_with
from rules.interpreter import CaseResult, rank_cases
from tests.factories import AS_OF, case, convictions, incident

DEFAULT = load_ruleset()


def test_evaluate_case_returns_the_interpreters_result_type() -> None:
    result = DurableEngine(DEFAULT).evaluate_case(case(offences=convictions(3)), AS_OF)
    assert isinstance(result, CaseResult)
    assert (result.tier, result.score, result.criteria) == ("P1", 25, ["REPEAT"])
    assert result.flags == {"aMIT": True, "ENFORCEABLE": True}
    assert result.evidence["repeat_convictions"]  # the records behind the facts are kept


def test_rank_is_the_queue_order_of_the_interpreter() -> None:
    cases = [
        case("A", departure_status="pending", offences=convictions(3)),
        case("B", incidents=[incident("I1", severity=3)]),
        case("C", offences=convictions(3)),
        case("D"),
        case("E", asylum_pending=True, offences=convictions(3)),
    ]
    ranked = DurableEngine(DEFAULT).rank(cases, AS_OF)
    assert [r.case_id for r in ranked] == ["C", "A", "B", "E", "D"]
    assert [r.summary() for r in ranked] == [r.summary() for r in rank_cases(cases, DEFAULT, AS_OF)]


def test_each_parameter_set_is_its_own_durable_ruleset() -> None:
    strict = with_parameters(DEFAULT, {"repeat_min_convictions": 4})
    default_engine, strict_engine = engine_for(DEFAULT), engine_for(strict)
    assert engine_for(load_ruleset()) is default_engine  # cached by name
    assert strict_engine.name != default_engine.name
    three = case(offences=convictions(3))
    assert default_engine.evaluate_case(three, AS_OF).tier == "P1"
    assert strict_engine.evaluate_case(three, AS_OF).tier == "NONE"
    assert default_engine.evaluate_case(three, AS_OF).tier == "P1"  # both live side by side


def test_a_rule_set_without_a_matching_tier_is_an_error_not_a_guess() -> None:
    no_catch_all = dataclasses.replace(DEFAULT, tiers=DEFAULT.tiers[:-1])
    with pytest.raises(DurableEngineError, match="exactly one tier"):
        DurableEngine(no_catch_all).evaluate_case(case(), AS_OF)


def test_rank_with_gives_the_batch_frame_for_both_engines() -> None:
    frames = generate_frames(400, seed=5, as_of=AS_OF)
    batch, durable = (rank_with(e, frames, DEFAULT, AS_OF) for e in ENGINES)
    assert list(durable.columns) == [
        "rank",
        "case_id",
        "tier",
        "score",
        "criteria",
        "blockers",
        "actions",
        "region",
        "latest_event",
        "row",
    ]
    assert durable.equals(batch)
    with pytest.raises(ValueError, match="unknown engine"):
        rank_with("drools", frames, DEFAULT, AS_OF)


def test_an_empty_caseload_ranks_to_an_empty_frame() -> None:
    frames = generate_frames(0, seed=1, as_of=AS_OF)
    assert rank_with("durable", frames, DEFAULT, AS_OF).equals(
        rank_with("batch", frames, DEFAULT, AS_OF)
    )


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_triage_rank_engine_durable_prints_exactly_the_batch_output(
    tmp_path: Path, fmt: str
) -> None:
    from service.cli.app import _register, app

    as_of = date(2026, 11, 23)
    path = tmp_path / "cases.jsonl"
    path.write_text(
        "".join(
            json.dumps(c.model_dump(mode="json")) + "\n"
            for c in generate_cases(500, seed=9, as_of=as_of)
        )
    )
    _register()
    runner = CliRunner()
    outputs = {}
    for engine in ENGINES:
        result = runner.invoke(
            app,
            ["rank", str(path), "--as-of", as_of.isoformat(), "--engine", engine, "--format", fmt],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        outputs[engine] = result.stdout
    assert outputs["durable"] == outputs["batch"]
    assert outputs["durable"].count("\n") >= 500
