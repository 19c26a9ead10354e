"""What-if simulation: counts add up, a hand-made example to the last figure, fairness flags,
capacity, the audit-field isolation, and the ``triage simulate`` command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from cases.frames import CaseFrames, frames_from_cases
from cases.generator import generate_frames
from cases.io import write_cases, write_frames
from cases.model import Case
from policy.capacity import CapacityError, load_capacity, parse_capacity
from policy.simulation import SimulationResult, simulate
from rules import RuleSet, load_ruleset, with_parameters
from rules.batch import evaluate
from tests.factories import AS_OF, case, convictions

REGION_CAPACITY = {"arnsberg": 1, "detmold": 2, "duesseldorf": 2, "koeln": 1, "muenster": 0}


@pytest.fixture(scope="module")
def baseline() -> RuleSet:
    return load_ruleset("amit-nrw-default")


@pytest.fixture(scope="module")
def lower_repeat(baseline: RuleSet) -> RuleSet:
    return with_parameters(baseline, {"repeat_min_convictions": 2})


@pytest.fixture(scope="module")
def generated() -> CaseFrames:
    return generate_frames(4000, seed=11, as_of=AS_OF)


@pytest.fixture(scope="module")
def generated_result(
    generated: CaseFrames, baseline: RuleSet, lower_repeat: RuleSet
) -> SimulationResult:
    return simulate(generated, baseline, lower_repeat, AS_OF)


# --------------------------------------------------------------------------- counts


def test_matrix_sums_to_the_caseload_and_to_both_tier_counts(
    generated: CaseFrames, generated_result: SimulationResult
) -> None:
    result = generated_result
    assert int(result.matrix.sum()) == len(generated) == result.n_cases
    assert list(result.baseline.values()) == result.matrix.sum(axis=1).tolist()
    assert list(result.proposal.values()) == result.matrix.sum(axis=0).tolist()
    off_diagonal = int(result.matrix.sum() - np.trace(result.matrix))
    assert sum(result.transitions.values()) == off_diagonal == result.n_changed
    assert len(result.changed_cases) == result.n_changed > 0


def test_counts_agree_with_the_engine_and_every_tier_is_present(
    generated: CaseFrames,
    generated_result: SimulationResult,
    baseline: RuleSet,
    lower_repeat: RuleSet,
) -> None:
    for ruleset, counts in (
        (baseline, generated_result.baseline),
        (lower_repeat, generated_result.proposal),
    ):
        tiers = evaluate(generated, ruleset, AS_OF).tier
        expected = np.bincount(tiers, minlength=len(ruleset.tier_ids)).tolist()
        assert list(counts) == list(ruleset.tier_ids)
        assert list(counts.values()) == expected


def test_region_counts_add_up_to_the_totals(generated_result: SimulationResult) -> None:
    result = generated_result
    for key in ("baseline", "proposal"):
        for tier in result.tiers:
            assert (
                sum(r[key][tier] for r in result.by_region.values()) == getattr(result, key)[tier]
            )
    selected = result.selected_tiers
    base, draft = result.workload
    assert base == sum(result.baseline[t] for t in selected)
    assert draft == sum(result.proposal[t] for t in selected)


def test_lowering_repeat_min_convictions_only_moves_cases_up(
    generated_result: SimulationResult,
) -> None:
    result = generated_result
    order = {tier: i for i, tier in enumerate(result.tiers)}
    # Nothing below the diagonal's right: no case goes to a later (lower-priority) tier.
    assert not np.triu(result.matrix, k=1).any()
    assert all(order[c["to"]] < order[c["from"]] for c in result.changed_cases)
    assert all(c["score_after"] >= c["score_before"] for c in result.changed_cases)


def test_changed_cases_follow_the_new_queue_and_the_limit_keeps_the_count(
    generated: CaseFrames,
    generated_result: SimulationResult,
    baseline: RuleSet,
    lower_repeat: RuleSet,
) -> None:
    ranks = [c["rank_after"] for c in generated_result.changed_cases]
    assert ranks == sorted(ranks)
    limited = simulate(generated, baseline, lower_repeat, AS_OF, changed_limit=5)
    assert limited.n_changed == generated_result.n_changed
    assert limited.changed_cases == generated_result.changed_cases[:5]


def test_the_same_rule_set_changes_nothing(generated: CaseFrames, baseline: RuleSet) -> None:
    result = simulate(generated, baseline, baseline, AS_OF)
    assert result.transitions == {} and result.n_changed == 0
    assert result.parameters_changed == {}
    assert np.count_nonzero(result.matrix - np.diag(np.diag(result.matrix))) == 0


# --------------------------------------------------------------------------- hand-made example


def _four_cases() -> list[Case]:
    """A: 2 convictions, enforceable (NONE -> P1); B: 2, not enforceable (NONE -> P2);
    C: 3, enforceable (P1 both); D: 2, asylum pending (NONE -> BLOCKED)."""
    return [
        case("F-A", region="koeln", offences=convictions(2), nationality="SYR", sex="m"),
        case(
            "F-B", region="arnsberg", departure_status="pending", offences=convictions(2), sex="f"
        ),
        case("F-C", region="koeln", offences=convictions(3), nationality="SYR", sex="m"),
        case(
            "F-D",
            region="muenster",
            asylum_pending=True,
            offences=convictions(2),
            received_on=date(2026, 9, 1),
            nationality="TUR",
        ),
    ]


def _group(
    n: int,
    sel_b: int,
    sel_p: int,
    rate_b: float,
    rate_p: float,
    ratio_b: float,
    ratio_p: float,
    p_b: float | None = None,
    p_p: float | None = None,
) -> dict[str, Any]:
    return {
        "n": n,
        "selected_baseline": sel_b,
        "selected_proposal": sel_p,
        "baseline_rate": rate_b,
        "proposal_rate": rate_p,
        "baseline_ratio": ratio_b,
        "proposal_ratio": ratio_p,
        "baseline_p_value": p_b,
        "proposal_p_value": p_p,
        "flag_baseline": not 0.8 <= ratio_b <= 1.25,
        "flag_proposal": not 0.8 <= ratio_p <= 1.25,
        "small_group": False,
    }


def _tiers(p1: int, p2: int, p3: int, blocked: int, none: int) -> dict[str, int]:
    return {"P1": p1, "P2": p2, "P3": p3, "BLOCKED": blocked, "NONE": none}


def _moves(*pairs: tuple[str, str]) -> dict[str, dict[str, int]]:
    """A region's transition matrix with one case for each ``(from, to)`` of ``pairs``."""
    tiers = ("P1", "P2", "P3", "BLOCKED", "NONE")
    return {a: {b: pairs.count((a, b)) for b in tiers} for a in tiers}


def _region(
    n: int,
    base: dict[str, int],
    draft: dict[str, int],
    capacity: int,
    moves: dict[str, dict[str, int]],
) -> dict[str, Any]:
    work_b, work_p = base["P1"] + base["P2"], draft["P1"] + draft["P2"]
    return {
        "n": n,
        "baseline": base,
        "proposal": draft,
        "workload_baseline": work_b,
        "workload_proposal": work_p,
        "workload_delta": work_p - work_b,
        "capacity": capacity,
        "utilisation_baseline": work_b / capacity if capacity else None,
        "utilisation_proposal": work_p / capacity if capacity else None,
        "over_capacity_baseline": work_b > capacity,
        "over_capacity": work_p > capacity,
        "matrix": moves,
    }


EXPECTED_FOUR_CASES: dict[str, Any] = {
    "as_of": "2026-11-23",
    "n_cases": 4,
    "baseline_ruleset": {"name": "amit-nrw-default", "version": 1, "label": "amit-nrw-default v1"},
    "proposal_ruleset": {"name": "amit-nrw-default", "version": 1, "label": "Entwurf"},
    "parameters_changed": {"repeat_min_convictions": {"baseline": 3, "proposal": 2}},
    "tiers": ["P1", "P2", "P3", "BLOCKED", "NONE"],
    "tier_labels": {
        "P1": {"de": "Priorität 1", "en": "Priority 1"},
        "P2": {"de": "Priorität 2", "en": "Priority 2"},
        "P3": {"de": "Priorität 3", "en": "Priority 3"},
        "BLOCKED": {"de": "Rechtliches Hindernis", "en": "Legal obstacle"},
        "NONE": {"de": "Kein aMIT-Fall", "en": "Not an aMIT case"},
    },
    "selected_tiers": ["P1", "P2"],
    "baseline": _tiers(1, 0, 0, 0, 3),
    "proposal": _tiers(2, 1, 0, 1, 0),
    "delta": {"P1": 1, "P2": 1, "P3": 0, "BLOCKED": 1, "NONE": -3},
    "transitions": {"NONE->P1": 1, "NONE->P2": 1, "NONE->BLOCKED": 1},
    "matrix": {
        "P1": _tiers(1, 0, 0, 0, 0),
        "P2": _tiers(0, 0, 0, 0, 0),
        "P3": _tiers(0, 0, 0, 0, 0),
        "BLOCKED": _tiers(0, 0, 0, 0, 0),
        "NONE": _tiers(1, 1, 0, 1, 0),
    },
    "n_changed": 3,
    # Baseline queue: C (P1), then the three NONE cases by received_on (D first), then id.
    # Draft queue: C, A (P1; C's latest conviction is a day later), B (P2), D (BLOCKED).
    "changed_cases": [
        {
            "case_id": "F-A",
            "region": "koeln",
            "from": "NONE",
            "to": "P1",
            "score_before": 0,
            "score_after": 25,
            "rank_before": 3,
            "rank_after": 2,
        },
        {
            "case_id": "F-B",
            "region": "arnsberg",
            "from": "NONE",
            "to": "P2",
            "score_before": 0,
            "score_after": 25,
            "rank_before": 4,
            "rank_after": 3,
        },
        {
            "case_id": "F-D",
            "region": "muenster",
            "from": "NONE",
            "to": "BLOCKED",
            "score_before": 0,
            "score_after": 25,
            "rank_before": 2,
            "rank_after": 4,
        },
    ],
    "by_region": {
        "arnsberg": _region(
            1, _tiers(0, 0, 0, 0, 1), _tiers(0, 1, 0, 0, 0), 1, _moves(("NONE", "P2"))
        ),
        "detmold": _region(0, _tiers(0, 0, 0, 0, 0), _tiers(0, 0, 0, 0, 0), 2, _moves()),
        "duesseldorf": _region(0, _tiers(0, 0, 0, 0, 0), _tiers(0, 0, 0, 0, 0), 2, _moves()),
        "koeln": _region(
            2, _tiers(1, 0, 0, 0, 1), _tiers(2, 0, 0, 0, 0), 1, _moves(("P1", "P1"), ("NONE", "P1"))
        ),
        "muenster": _region(
            1, _tiers(0, 0, 0, 0, 1), _tiers(0, 0, 0, 1, 0), 0, _moves(("NONE", "BLOCKED"))
        ),
    },
    # min_group_size=1: every group is judged against the largest group (SYR, m), with
    # Fisher's exact test. Baseline: only C selected (SYR 1/2); draft: A, B, C selected (SYR
    # and unbekannt 1/1, TUR 0/1).
    "fairness": {
        "nationality": {
            "SYR": _group(2, 1, 2, 0.5, 1.0, 1.0, 1.0),
            "TUR": _group(1, 0, 0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.333333),
            "unbekannt": _group(1, 0, 1, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0),
        },
        "sex": {
            "f": _group(1, 0, 1, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0),
            "m": _group(2, 1, 2, 0.5, 1.0, 1.0, 1.0),
            "unbekannt": _group(1, 0, 0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.333333),
        },
    },
    "fairness_summary": {
        "threshold": 0.8,
        "min_group_size": 1,
        "reference": "largest",
        "test": "fisher_exact_two_sided",
        "unknown_group": "unbekannt",
        "attributes": {
            "nationality": {
                "reference_baseline": "SYR",
                "reference_proposal": "SYR",
                "flagged_baseline": ["TUR", "unbekannt"],
                "flagged_proposal": ["TUR"],
                "newly_flagged": [],
                "no_longer_flagged": ["unbekannt"],
                "small_groups": [],
            },
            "sex": {
                "reference_baseline": "m",
                "reference_proposal": "m",
                "flagged_baseline": ["f", "unbekannt"],
                "flagged_proposal": ["unbekannt"],
                "newly_flagged": [],
                "no_longer_flagged": ["f"],
                "small_groups": [],
            },
        },
    },
    "capacity_source": None,
    "notes": [],
}


def test_four_cases_give_exactly_the_expected_json(
    baseline: RuleSet, lower_repeat: RuleSet
) -> None:
    frames = frames_from_cases(_four_cases())
    result = simulate(
        frames,
        baseline,
        lower_repeat,
        AS_OF,
        capacity=REGION_CAPACITY,
        min_group_size=1,
        proposal_label="Entwurf",
    )
    assert json.loads(result.to_json()) == EXPECTED_FOUR_CASES


def test_default_min_group_size_marks_small_groups_and_flags_none(
    baseline: RuleSet, lower_repeat: RuleSet
) -> None:
    result = simulate(
        frames_from_cases(_four_cases()), baseline, lower_repeat, AS_OF, capacity=REGION_CAPACITY
    )
    for groups in result.fairness.values():
        for entry in groups.values():
            assert entry["small_group"] and not entry["flag_baseline"]
            assert not entry["flag_proposal"]
        # Ratios are still reported, against the highest group.
        assert max(e["proposal_ratio"] for e in groups.values()) == 1.0


# --------------------------------------------------------------------------- fairness


def _biased_cases() -> list[Case]:
    """AAA: 50 P1 in both, 40 more in the draft; BBB: 50 P1 in both; CCC: 5, never selected.

    Baseline: AAA 50 %, BBB 50 % (no flag). Draft: AAA 90 %, BBB 50 % -> BBB's ratio 0.56.
    """
    cases = []
    plan = (
        ("AAA", 50, 3),
        ("AAA", 40, 2),
        ("AAA", 10, 0),
        ("BBB", 50, 3),
        ("BBB", 50, 0),
        ("CCC", 5, 0),
    )
    for group, count, n_convictions in plan:
        for _ in range(count):
            cases.append(
                case(f"G-{len(cases):04d}", nationality=group, offences=convictions(n_convictions))
            )
    return cases


def test_a_draft_that_selects_one_group_more_is_flagged(
    baseline: RuleSet, lower_repeat: RuleSet
) -> None:
    frames = frames_from_cases(_biased_cases())
    result = simulate(frames, baseline, lower_repeat, AS_OF, audit_fields=("nationality",))
    groups = result.fairness["nationality"]
    assert groups["AAA"]["baseline_rate"] == groups["BBB"]["baseline_rate"] == 0.5
    assert groups["AAA"]["proposal_rate"] == 0.9
    assert groups["BBB"]["proposal_ratio"] == pytest.approx(0.5 / 0.9, abs=1e-6)
    assert not groups["BBB"]["flag_baseline"] and groups["BBB"]["flag_proposal"]
    assert not groups["AAA"]["flag_proposal"]
    # The small group has ratio 0 but is too small to be judged.
    assert groups["CCC"]["small_group"] and groups["CCC"]["proposal_ratio"] == 0.0
    assert not groups["CCC"]["flag_proposal"]
    summary = result.fairness_summary["attributes"]["nationality"]
    assert summary["newly_flagged"] == ["BBB"] and summary["reference_proposal"] == "AAA"
    assert summary["small_groups"] == ["CCC"]


def test_the_rule_engine_never_receives_audit_fields(
    monkeypatch: pytest.MonkeyPatch, baseline: RuleSet, lower_repeat: RuleSet
) -> None:
    import policy.simulation as simulation

    seen: list[list[str]] = []

    def spy(frames: CaseFrames, ruleset: RuleSet, as_of: date) -> Any:
        seen.append(list(frames.cases.columns))
        return evaluate(frames, ruleset, as_of)

    monkeypatch.setattr(simulation, "evaluate", spy)
    result = simulate(frames_from_cases(_four_cases()), baseline, lower_repeat, AS_OF)
    assert len(seen) == 2
    for columns in seen:
        assert "nationality" not in columns and "sex" not in columns
        assert "region" in columns
    assert set(result.fairness) == {"nationality", "sex"}  # read for the audit only


def test_an_unknown_audit_field_is_named(baseline: RuleSet, lower_repeat: RuleSet) -> None:
    with pytest.raises(ValueError, match="'religion'"):
        simulate(
            frames_from_cases(_four_cases()),
            baseline,
            lower_repeat,
            AS_OF,
            audit_fields=("religion",),
        )


# --------------------------------------------------------------------------- capacity


def test_capacity_over_and_under(baseline: RuleSet, lower_repeat: RuleSet) -> None:
    result = simulate(
        frames_from_cases(_four_cases()),
        baseline,
        lower_repeat,
        AS_OF,
        capacity={"koeln": 2, "arnsberg": 0},
    )
    koeln, arnsberg = result.by_region["koeln"], result.by_region["arnsberg"]
    assert (koeln["workload_proposal"], koeln["over_capacity"]) == (2, False)  # at capacity
    assert (arnsberg["workload_proposal"], arnsberg["over_capacity"]) == (1, True)
    assert arnsberg["over_capacity_baseline"] is False
    assert arnsberg["utilisation_proposal"] is None  # capacity 0: no ratio
    assert result.by_region["detmold"]["capacity"] is None
    assert result.by_region["detmold"]["over_capacity"] is None


def test_the_shipped_capacity_splits_fifteen_posts() -> None:
    capacity = load_capacity()
    assert sum(capacity.posts.values()) == 15  # type: ignore[arg-type]
    assert capacity.weekly == {
        r: capacity.posts[r] * 8  # type: ignore[operator]
        for r in capacity.weekly
    }
    assert capacity.tiers == ("P1", "P2") and capacity.total == 120


def test_default_capacity_is_used_when_none_is_given(generated_result: SimulationResult) -> None:
    assert generated_result.by_region["koeln"]["capacity"] == load_capacity().weekly["koeln"]
    assert generated_result.capacity_source is not None


def test_a_bad_capacity_file_reports_every_problem(tmp_path: Path) -> None:
    document = {
        "cases_per_post_per_week": 8,
        "regions": {
            "koeln": {"posts": -1},
            "kologne": 3,
            "arnsberg": {"posts": 2},
            "detmold": {"weekly_capacity": "viele"},
        },
    }
    with pytest.raises(CapacityError) as caught:
        parse_capacity(document)
    text = "; ".join(caught.value.problems)
    for needle in (
        "regions.koeln.posts",
        "regions.kologne: unknown region",
        "regions.detmold.weekly_capacity",
        "missing duesseldorf, muenster",
    ):
        assert needle in text
    path = tmp_path / "cap.json"
    path.write_text(json.dumps({"regions": {r: 5 for r in REGION_CAPACITY}}))
    assert load_capacity(path).weekly == dict.fromkeys(REGION_CAPACITY, 5)


# --------------------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    from service.cli import app as cli_app

    cli_app._register()
    return cli_app.app


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sim") / "cases.jsonl"
    write_frames(generate_frames(300, seed=5, as_of=AS_OF), path)
    return path


RUN = ["--as-of", AS_OF.isoformat()]


def test_cli_json_has_the_contract_keys(cli: typer.Typer, caseload: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["simulate", str(caseload), "--set", "repeat_min_convictions=2", *RUN, "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("baseline", "proposal", "transitions", "by_region", "fairness", "changed_cases"):
        assert key in data
    assert sum(data["baseline"].values()) == sum(data["proposal"].values()) == 300
    assert all("->" in pair for pair in data["transitions"])
    assert data["parameters_changed"] == {"repeat_min_convictions": {"baseline": 3, "proposal": 2}}
    assert len(data["changed_cases"]) == data["n_changed"]


def test_cli_table_out_and_plot(cli: typer.Typer, caseload: Path, tmp_path: Path) -> None:
    table = CliRunner().invoke(
        cli, ["simulate", str(caseload), "--set", "repeat_min_convictions=2", *RUN]
    )
    assert table.exit_code == 0, table.output
    for heading in (
        "Stufe",
        "Bisher",
        "Entwurf",
        "Änderung",
        "von \\ nach",
        "Kapazität",
        "4/5-Regel",
    ):
        assert heading in table.stdout
    out, png, svg = tmp_path / "r" / "sim.json", tmp_path / "sim.png", tmp_path / "sim.svg"
    result = CliRunner().invoke(
        cli,
        [
            "simulate",
            str(caseload),
            "--set",
            "repeat_min_convictions=2",
            *RUN,
            "--format",
            "json",
            "--out",
            str(out),
            "--plot",
            str(png),
            "--limit",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["changed_cases"]) == min(3, data["n_changed"])
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    text_out = tmp_path / "sim.txt"
    result = CliRunner().invoke(
        cli,
        [
            "simulate",
            str(caseload),
            "--set",
            "repeat_min_convictions=2",
            *RUN,
            "--out",
            str(text_out),
            "--plot",
            str(svg),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Fälle je Stufe" in text_out.read_text(encoding="utf-8")
    assert b"<svg" in svg.read_bytes()[:2000]


def test_cli_accepts_a_whole_proposed_rule_set(
    cli: typer.Typer, caseload: Path, tmp_path: Path
) -> None:
    from rules.loading import shipped_rulesets

    draft = shipped_rulesets()["amit-nrw-default"].read_text(encoding="utf-8")
    draft = draft.replace("version: 1", "version: 2", 1)
    path = tmp_path / "draft.yaml"
    path.write_text(draft, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "simulate",
            str(caseload),
            "--proposal",
            str(path),
            "--set",
            "social_min_incidents=2",
            *RUN,
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["proposal_ruleset"]["version"] == 2
    assert data["parameters_changed"] == {"social_min_incidents": {"baseline": 3, "proposal": 2}}


def test_cli_out_of_range_value_exits_1_with_the_range(cli: typer.Typer, caseload: Path) -> None:
    result = CliRunner().invoke(
        cli, ["simulate", str(caseload), "--set", "repeat_min_convictions=0", *RUN]
    )
    assert result.exit_code == 1
    assert "1 bis 50" in result.stderr and "repeat_min_convictions" in result.stderr


def test_cli_unknown_parameter_and_missing_draft(cli: typer.Typer, caseload: Path) -> None:
    unknown = CliRunner().invoke(
        cli, ["simulate", str(caseload), "--set", "repeat_min_conviction=2", *RUN]
    )
    assert unknown.exit_code == 1 and "repeat_min_convictions" in unknown.stderr
    nothing = CliRunner().invoke(cli, ["simulate", str(caseload), *RUN])
    assert nothing.exit_code == 2 and "--proposal" in nothing.output
    bad_chart = CliRunner().invoke(
        cli, ["simulate", str(caseload), "--set", "repeat_min_convictions=2", "--plot", "chart.pdf"]
    )
    assert bad_chart.exit_code == 2 and ".png" in bad_chart.output


def test_cli_bad_capacity_file_exits_1(cli: typer.Typer, caseload: Path, tmp_path: Path) -> None:
    path = tmp_path / "cap.yaml"
    path.write_text("regions: {koeln: 3}\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["simulate", str(caseload), "--set", "repeat_min_convictions=2", "--capacity", str(path)],
    )
    assert result.exit_code == 1 and "missing arnsberg" in result.stderr


def test_cli_reads_the_worked_example_with_its_audit_fields(
    cli: typer.Typer, tmp_path: Path
) -> None:
    path = tmp_path / "four.jsonl"
    write_cases(_four_cases(), path)
    result = CliRunner().invoke(
        cli, ["simulate", str(path), "--set", "repeat_min_convictions=2", *RUN, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["transitions"] == EXPECTED_FOUR_CASES["transitions"]
    assert data["changed_cases"] == EXPECTED_FOUR_CASES["changed_cases"]
    assert set(data["fairness"]["nationality"]) == {"SYR", "TUR", "unbekannt"}


def _uneven_cases() -> list[Case]:
    """AAA: 60 cases, 12 selected (20 %); BBB: 40 cases, 20 selected (50 %), under both."""
    cases = []
    plan = (("AAA", 12, 3), ("AAA", 48, 0), ("BBB", 20, 3), ("BBB", 20, 0))
    for group, count, n_convictions in plan:
        for _ in range(count):
            cases.append(
                case(f"U-{len(cases):04d}", nationality=group, offences=convictions(n_convictions))
            )
    return cases


def test_the_reference_is_the_largest_group_as_in_triage_fairness(
    baseline: RuleSet, lower_repeat: RuleSet
) -> None:
    from fairness import fairness_report

    frames = frames_from_cases(_uneven_cases())
    result = simulate(frames, baseline, baseline, AS_OF, audit_fields=("nationality",))
    summary = result.fairness_summary
    assert summary["reference"] == "largest"
    # The most selected group would be BBB; the reference is the largest, AAA.
    assert summary["attributes"]["nationality"]["reference_baseline"] == "AAA"
    groups = result.fairness["nationality"]
    assert groups["AAA"]["baseline_rate"] == 0.2 and groups["BBB"]["baseline_rate"] == 0.5
    assert groups["BBB"]["baseline_ratio"] == pytest.approx(2.5)
    assert groups["BBB"]["flag_baseline"]  # selected 2.5 times as often: above 1.25
    # The same caseload through the fairness audit: the same reference and the same flags.
    selected = np.array([g["selected_baseline"] for g in groups.values()])
    assert selected.sum() == 32
    names = ["AAA"] * 60 + ["BBB"] * 40
    picks = [1] * 12 + [0] * 48 + [1] * 20 + [0] * 20
    report = fairness_report(picks, picks, names, reference="largest", min_group_size=30)
    assert report.reference_group == "AAA"
    assert report.flagged_groups == summary["attributes"]["nationality"]["flagged_baseline"]


def test_every_large_group_gets_fishers_exact_p_value_against_the_reference(
    baseline: RuleSet, lower_repeat: RuleSet
) -> None:
    from scipy.stats import fisher_exact

    frames = frames_from_cases(_uneven_cases())
    result = simulate(frames, baseline, baseline, AS_OF, audit_fields=("nationality",))
    assert result.fairness_summary["test"] == "fisher_exact_two_sided"
    groups = result.fairness["nationality"]
    expected = fisher_exact([[20, 20], [12, 48]], alternative="two-sided").pvalue
    assert groups["BBB"]["baseline_p_value"] == pytest.approx(expected, abs=1e-6)
    assert groups["BBB"]["baseline_p_value"] < 0.01
    assert groups["AAA"]["baseline_p_value"] is None  # the reference is not tested against itself
