"""Small cells and audit-only fields in simulation results (issue #14, item 4)."""

from __future__ import annotations

import math
from datetime import date

import pytest

from cases.frames import frames_from_cases
from cases.generator import generate_cases
from policy.disclosure import protect
from policy.simulation import simulate
from rules import load_ruleset, with_parameters
from tests.fairness.attacker import Equation, intervals, one_sided_sums

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

    assert f["flag_baseline"] is None  # no rating over the hidden count
    assert f["flag_proposal"] is False


def test_no_capacity_claim_over_a_hidden_workload() -> None:
    shown = protect(_result(400), fairness=False, minimum=10)
    hidden = 0
    for entry in shown["by_region"].values():
        for side, over in (("baseline", "over_capacity_baseline"), ("proposal", "over_capacity")):
            if entry[f"workload_{side}"] is None:
                hidden += 1
                assert entry[over] is None and entry[f"utilisation_{side}"] is None
    assert hidden


def test_a_hidden_reference_group_hides_every_ratio_and_rating_of_its_side() -> None:
    def group(n: int, selected: int, ratio: float, flag: bool) -> dict:
        return {
            "n": n,
            "selected_baseline": selected,
            "selected_proposal": selected,
            "baseline_rate": selected / n,
            "proposal_rate": selected / n,
            "baseline_ratio": ratio,
            "proposal_ratio": ratio,
            "baseline_p_value": 0.5,
            "proposal_p_value": 0.5,
            "flag_baseline": flag,
            "flag_proposal": flag,
            "small_group": False,
        }

    result = {
        "fairness": {"sex": {"f": group(40, 4, 1.0, False), "m": group(60, 30, 5.0, False)}},
        "fairness_summary": {
            "attributes": {
                "sex": {
                    "reference_baseline": "f",
                    "reference_proposal": "f",
                    "flagged_baseline": [],
                    "flagged_proposal": [],
                    "newly_flagged": [],
                    "no_longer_flagged": [],
                }
            }
        },
    }
    m = protect(result, fairness=True)["fairness"]["sex"]["m"]
    assert m["selected_baseline"] == 30  # shown, but its ratio would give f's rate away
    assert m["baseline_ratio"] is None and m["flag_baseline"] is None


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


# --- the reader who knows everything the protected JSON publishes (issue #14, item 4)


def _as_published(raw: dict, shown: dict) -> tuple[dict, set, list, dict, set]:
    """Every count of people in ``shown`` with its true value from ``raw``, the hidden ones,
    the equations a reader knows between them, the bounds "over capacity" gives, and the
    hidden cells that may be empty (the counts of a group hidden whole)."""
    values: dict[str, int] = {}
    hidden: set[str] = set()
    equations: list[Equation] = []
    known: dict[str, tuple[float, float]] = {}
    may_be_zero: set[str] = set()

    def cell(name: str, true: int, published: object) -> None:
        values[name] = true
        if published is None:
            hidden.add(name)
        else:
            assert published == true, f"{name} shows {published}, not {true}"

    tiers, regions = shown["tiers"], list(shown["by_region"])
    selected = [t for t in tiers if t in shown["selected_tiers"]]
    cell("n_cases", raw["n_cases"], shown["n_cases"])
    cell("n_changed", raw["n_changed"], shown["n_changed"])
    for a in tiers:
        for b in tiers:
            cell(f"m:{a}:{b}", raw["matrix"][a][b], shown["matrix"][a][b])
            if a != b and raw["matrix"][a][b]:
                assert shown["transitions"][f"{a}->{b}"] == shown["matrix"][a][b]
        for side in ("baseline", "proposal"):
            cell(f"{side}:{a}", raw[side][a], shown[side][a])
        both = shown["baseline"][a] is not None and shown["proposal"][a] is not None
        assert (shown["delta"][a] is not None) == both
    for r in regions:
        entry, true = shown["by_region"][r], raw["by_region"][r]
        cell(f"n:{r}", true["n"], entry["n"])
        for side in ("baseline", "proposal"):
            for t in tiers:
                cell(f"{side}:{r}:{t}", true[side][t], entry[side][t])
            cell(f"w:{side}:{r}", true[f"workload_{side}"], entry[f"workload_{side}"])
            if entry[f"workload_{side}"] is None:
                assert entry[f"utilisation_{side}"] is None
            over = entry["over_capacity_baseline" if side == "baseline" else "over_capacity"]
            if over is not None and entry["capacity"] is not None:
                known[f"w:{side}:{r}"] = (
                    (entry["capacity"] + 1, math.inf) if over else (0, entry["capacity"])
                )
            equations.append(([f"n:{r}"], [f"{side}:{r}:{t}" for t in tiers]))
            equations.append(([f"w:{side}:{r}"], [f"{side}:{r}:{t}" for t in selected]))
        if entry["workload_delta"] is not None:
            assert None not in (entry["workload_baseline"], entry["workload_proposal"])
    for r in regions:  # each region's transitions: never published, but the tables add up
        assert "matrix" not in shown["by_region"][r]
        for a in tiers:
            for b in tiers:
                name = f"x:{r}:{a}:{b}"
                values[name] = raw["by_region"][r]["matrix"][a][b]
                hidden.add(name)
                may_be_zero.add(name)
    for a in tiers:
        for b in tiers:
            equations.append(([f"m:{a}:{b}"], [f"x:{r}:{a}:{b}" for r in regions]))
        for r in regions:
            equations.append(([f"baseline:{r}:{a}"], [f"x:{r}:{a}:{b}" for b in tiers]))
            equations.append(([f"proposal:{r}:{a}"], [f"x:{r}:{b}:{a}" for b in tiers]))
    for a in tiers:
        equations.append(([f"baseline:{a}"], [f"m:{a}:{b}" for b in tiers]))
        equations.append(([f"proposal:{a}"], [f"m:{b}:{a}" for b in tiers]))
        for side in ("baseline", "proposal"):
            equations.append(([f"{side}:{a}"], [f"{side}:{r}:{a}" for r in regions]))
    for side in ("baseline", "proposal"):
        equations.append((["n_cases"], [f"{side}:{t}" for t in tiers]))
    equations.append((["n_cases"], [f"n:{r}" for r in regions]))
    equations.append((["n_changed"], [f"m:{a}:{b}" for a in tiers for b in tiers if a != b]))
    for attribute, groups in shown["fairness"].items():
        for group, entry in groups.items():
            true = raw["fairness"][attribute][group]
            name = f"f:{attribute}:{group}"
            cell(f"{name}:n", true["n"], entry["n"])
            for side in ("baseline", "proposal"):
                chosen = entry[f"selected_{side}"]
                cell(f"{name}:{side}", true[f"selected_{side}"], chosen)
                rest = None if chosen is None or entry["n"] is None else entry["n"] - chosen
                cell(f"{name}:{side}:not", true["n"] - true[f"selected_{side}"], rest)
                if entry["n"] is None:  # hidden whole, zeros too
                    may_be_zero |= {f"{name}:{side}", f"{name}:{side}:not"}
                if chosen is None:
                    assert entry[f"{side}_rate"] is None and entry[f"{side}_p_value"] is None
                equations.append(([f"{name}:n"], [f"{name}:{side}", f"{name}:{side}:not"]))
        equations.append((["n_cases"], [f"f:{attribute}:{g}:n" for g in groups]))
        for side in ("baseline", "proposal"):
            equations.append(
                ([f"f:{attribute}:{g}:{side}" for g in groups], [f"{side}:{t}" for t in selected])
            )
    return values, hidden, equations, known, may_be_zero


@pytest.mark.parametrize(
    ("n", "seed", "minimum", "fairness"),
    [(400, 3, 10, False), (400, 3, 10, True), (1500, 5, 10, True), (250, 7, 5, False)],
)
def test_no_hidden_small_count_can_be_narrowed_down_from_the_json(
    n: int, seed: int, minimum: int, fairness: bool
) -> None:
    cases = generate_cases(n, seed=seed, as_of=AS_OF)
    ruleset = load_ruleset("amit-nrw-default")
    changed = with_parameters(ruleset, {"repeat_min_convictions": 2})
    raw = simulate(frames_from_cases(cases), ruleset, changed, AS_OF).to_dict()
    shown = protect(raw, fairness=fairness, minimum=minimum)
    values, hidden, equations, known, may_be_zero = _as_published(raw, shown)
    for name, value in values.items():
        if 0 < value < minimum:
            assert name in hidden, f"{name} = {value} is shown"
    for total in one_sided_sums(values, hidden, equations):
        assert total == 0 or total >= minimum, f"a line publishes a hidden sum of {total}"
    bounds = intervals(values, hidden, equations, known, may_be_zero)
    for name, (lo, hi) in bounds.items():
        assert lo - 1e-6 <= values[name] <= hi + 1e-6
        if 0 < values[name] < minimum:
            assert hi >= minimum - 1e-6, f"{name} = {values[name]} lies in [{lo}, {hi}]"
    assert len(hidden) < len(values)  # and something is still shown
    for groups in shown["fairness"].values():  # the breakdown is read by the judged groups' size
        assert all(e["n"] is not None for e in groups.values() if not e["small_group"])


def test_cases_that_leave_count_only_among_enough_changes_and_never_freeze_the_grid() -> None:
    from policy.disclosure import available_dates

    # 30 cases of koeln from Monday 5 October; one closes on Wednesday 14 October (it leaves
    # the population of 19 October on); 12 more arrive on Tuesday 27 October.
    received = _days(("2026-10-05", 30), ("2026-10-27", 12))
    left: list[date | None] = [None] * 42
    left[0] = date(2026, 10, 14)
    dates = available_dates(
        received, ["koeln"] * 42, date(2026, 11, 16), left=left, cases=[str(i) for i in range(42)]
    )
    # 19 and 26 October: one case left and none came - that one case would show.
    assert date(2026, 10, 12) in dates and date(2026, 10, 19) not in dates
    assert date(2026, 10, 26) not in dates
    # 2 November: 12 came, 1 left - 13 changes, 12 of them new: the grid moves on and stays.
    assert dates[-3:] == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
