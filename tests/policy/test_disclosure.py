"""Small cells and audit-only fields in simulation results (issue #14, item 4)."""

from __future__ import annotations

from datetime import date

from cases.frames import frames_from_cases
from cases.generator import generate_cases
from policy.disclosure import protect
from policy.simulation import simulate
from rules import load_ruleset, with_parameters

AS_OF = date(2026, 11, 23)


def _result(n: int = 400) -> dict:
    cases = generate_cases(n, seed=3, as_of=AS_OF)
    ruleset = load_ruleset("amit-nrw-default")
    changed = with_parameters(ruleset, {"repeat_min_convictions": 2})
    return simulate(frames_from_cases(cases), ruleset, changed, AS_OF).to_dict()


def _counts(shown: dict) -> list[int | None]:
    values = [*shown["baseline"].values(), *shown["proposal"].values()]
    values += [n for row in shown["matrix"].values() for n in row.values()]
    for entry in shown["by_region"].values():
        values += [*entry["baseline"].values(), *entry["proposal"].values()]
        values += [entry["n"], entry["workload_baseline"], entry["workload_proposal"]]
    return values


def test_no_count_of_people_below_the_minimum_is_shown():
    raw = _result()
    shown = protect(raw, fairness=False)
    visible = [n for n in _counts(shown) if n is not None]
    assert all(n == 0 or n >= 10 for n in visible)
    assert any(n is None for n in _counts(shown))  # the generated caseload has small cells
    assert any(0 < n < 10 for n in _counts(raw) if n is not None)  # which the raw one shows


def test_a_hidden_cell_cannot_be_recomputed_from_a_total():
    shown = protect(_result(), fairness=False)
    tiers = shown["tiers"]
    for source in tiers:
        row = [shown["matrix"][source][t] for t in tiers]
        if sum(v is None for v in row) == 1:  # total minus the visible cells = the hidden one
            assert shown["baseline"][source] is None
    for target in tiers:
        column = [shown["matrix"][s][target] for s in tiers]
        if sum(v is None for v in column) == 1:
            assert shown["proposal"][target] is None


def test_the_fairness_breakdown_is_for_auditors_only():
    raw = _result()
    assert raw["fairness"]["nationality"]  # the simulation computes it
    others = protect(raw, fairness=False)
    assert others["fairness"] == {} and others["fairness_summary"] == {}
    assert others["fairness_hidden"] is True
    auditors = protect(raw, fairness=True)
    groups = auditors["fairness"]["nationality"]
    assert groups and auditors["fairness_hidden"] is False
    for entry in groups.values():
        for key in ("n", "selected_baseline", "selected_proposal"):
            assert entry[key] is None or entry[key] == 0 or entry[key] >= 10
        if entry["n"] is not None and entry["selected_baseline"] is not None:
            assert entry["n"] - entry["selected_baseline"] in (0,) or (
                entry["n"] - entry["selected_baseline"] >= 10
            )


def test_protect_leaves_the_result_it_was_given_unchanged():
    raw = _result(120)
    before = repr(raw)
    protect(raw, fairness=False, minimum=20)
    assert repr(raw) == before


def test_a_p_value_is_hidden_with_the_rate_it_was_computed_from() -> None:
    from policy.disclosure import protect

    entry = {
        "n": 40,
        "selected_baseline": 3,
        "selected_proposal": 20,
        "baseline_rate": 0.075,
        "proposal_rate": 0.5,
        "baseline_ratio": 0.3,
        "proposal_ratio": 1.0,
        "baseline_p_value": 0.01,
        "proposal_p_value": 0.2,
        "flag_baseline": True,
        "flag_proposal": False,
        "small_group": False,
    }
    shown = protect({"fairness": {"sex": {"f": entry}}}, fairness=True)
    f = shown["fairness"]["sex"]["f"]
    assert f["baseline_p_value"] is None and f["baseline_rate"] is None
    assert f["proposal_p_value"] == 0.2


# --- the date grid against differencing (issue #14, item 4)


def _days(*spec: tuple[str, int]) -> list[date]:
    return [date.fromisoformat(day) for day, n in spec for _ in range(n)]


def test_only_mondays_whose_population_moved_by_none_or_enough_are_available() -> None:
    from policy.disclosure import available_dates

    received = _days(("2026-10-05", 30), ("2026-11-24", 1))
    dates = available_dates(received, ["koeln"] * 31, date(2026, 12, 14))
    assert all(d.weekday() == 0 for d in dates)
    assert dates[-1] == date(2026, 11, 23)  # after the lone case, no date differs by >= 10
    more = _days(("2026-10-05", 30), ("2026-11-24", 1), ("2026-12-01", 9))
    dates = available_dates(more, ["koeln"] * 40, date(2026, 12, 14))
    assert dates[-2:] == [date(2026, 12, 7), date(2026, 12, 14)]  # 10 more: available again
    assert date(2026, 11, 30) not in dates


def test_every_region_that_publishes_and_the_pool_of_small_ones_must_move_enough() -> None:
    from policy.disclosure import available_dates

    # koeln is large; arnsberg has 3 cases (all its cells hidden), but its one new case would
    # show in the state's totals minus koeln's
    received = _days(("2026-10-05", 30), ("2026-10-05", 3), ("2026-11-10", 1))
    regions = ["koeln"] * 30 + ["arnsberg"] * 4
    dates = available_dates(received, regions, date(2026, 11, 30))
    assert dates[-1] == date(2026, 11, 9)
    # a small state publishes nothing at all: every Monday is available
    tiny = available_dates(
        _days(("2026-10-05", 3), ("2026-11-10", 1)), ["koeln"] * 4, date(2026, 11, 30)
    )
    assert tiny[-1] == date(2026, 11, 30)
