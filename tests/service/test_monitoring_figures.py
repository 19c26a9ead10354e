"""The monitoring figures from plain tables: PSI, suppression, departures, agreement, fairness."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from models.drift import psi, psi_table
from service.monitoring import figures
from service.monitoring.figures import Thresholds

T = Thresholds()


def test_psi_is_zero_for_equal_shares_and_grows_with_the_shift() -> None:
    assert psi([10, 20, 70], [100, 200, 700]) == 0.0
    small = psi([50, 50], [55, 45])
    large = psi([50, 50], [90, 10])
    assert 0 < small < T.psi_warn < T.psi_alert < large
    assert math.isnan(psi([0, 0], [1, 2]))
    with pytest.raises(ValueError, match="same bins"):
        psi([1, 2], [1, 2, 3])
    table = psi_table({"a": [5, 5], "b": [1, 1, 1]}, {"a": [5, 5], "b": [1, 1]})
    assert table.loc["a", "psi"] == 0.0 and math.isnan(table.loc["b", "psi"])


def _decisions(overrides: list[bool], regions: list[str]) -> pd.DataFrame:
    n = len(overrides)
    return pd.DataFrame(
        {
            "override": overrides,
            "tier": ["P1"] * n,
            "region": regions,
            "week": ["2026-W48"] * n,
            "criteria": [["SERIOUS"]] * n,
        }
    )


def test_departures_hide_small_cells_and_warn_above_the_threshold() -> None:
    overrides = [True] * 12 + [False] * 20 + [True] * 3
    regions = ["koeln"] * 32 + ["detmold"] * 3
    out, signals = figures.departures(_decisions(overrides, regions), T)
    assert out["total"] == {"decisions": 35, "departures": 15, "rate": 15 / 35}
    rows = {r["key"]: r for r in out["by_region"]}
    assert rows["detmold"]["suppressed"] and rows["detmold"]["decisions"] is None
    # A single hidden row could be recovered from the total: the next smallest is hidden too.
    assert rows["koeln"]["suppressed"]
    three = figures.hidden_rows(
        pd.DataFrame({"a": [3, 40, 50], "b": [20, 30, 50]}), minimum=10
    ).tolist()
    assert three == [True, True, False]
    # 3 and 4 hidden alone would leave their sum, 7, in the column total: 50's row goes too
    assert figures.hidden_rows(
        pd.DataFrame({"departed": [3, 4, 50], "followed": [30, 30, 30]})
    ).tolist() == [True, True, True]
    assert figures.hidden_rows(pd.DataFrame({"a": [30, 40], "b": [0, 30]})).tolist() == [
        False,
        False,
    ]
    assert [(s.code, s.subject) for s in signals] == [
        ("departures", "total"),
        ("departures", "2026-W48"),
    ]
    quiet, none = figures.departures(_decisions([False] * 20, ["koeln"] * 20), T)
    assert quiet["total"]["rate"] == 0 and none == []


def test_agreement_needs_enough_cases_and_warns_when_low() -> None:
    n = 40
    first = pd.DataFrame(
        {
            "decision": [1.0] * n,
            "rules": [1.0] * 10 + [0.0] * 30,
            "model": [np.nan] * n,
        }
    )
    out, signals = figures.agreement(first, T)
    assert out["rules_decisions"]["rate"] == 0.25
    assert out["model_decisions"] == {"cases": 0, "rate": None}
    assert [(s.code, s.subject) for s in signals] == [("agreement", "rules_decisions")]
    few, _ = figures.agreement(first.head(5), T)
    assert few["suppressed"] and few["rules_decisions"]["rate"] is None


def test_fairness_flags_an_uneven_selection_beyond_chance_only() -> None:
    rng = np.random.default_rng(0)
    groups = np.array(["A"] * 400 + ["B"] * 400 + ["C"] * 4 + ["D"] * 300)
    even = rng.random(1104) < 0.3
    week = figures.fairness_week(even, groups, T)
    assert week["flagged"] == []
    shown = {g["group"]: g for g in week["groups"]}
    # C is small; D, the smallest other group, is hidden with it (else C = total - A - B).
    assert shown["C"]["suppressed"] and shown["C"]["rate"] is None and shown["C"]["ratio"] is None
    assert shown["D"]["suppressed"] and not shown["A"]["suppressed"]
    uneven = np.concatenate(
        [rng.random(400) < 0.4, rng.random(400) < 0.1, [True] * 4, rng.random(300) < 0.4]
    )
    series, signals = figures.fairness_over_time(
        [(date(2026, 11, 23), uneven, {"nationality": groups})], T
    )
    last = series["nationality"][-1]
    assert last["flagged"] == ["B"] and last["significant"]
    assert last["lowest_ratio"] < 0.8 and last["week"] == "2026-W48"
    assert [(s.code, s.subject) for s in signals] == [("fairness", "nationality")]


def test_drift_levels_and_hidden_small_bins() -> None:
    rows, signals = figures.drift(
        {"a": [500, 500], "b": [500, 500]},
        {"a": [510, 490], "b": [995, 5]},
        {"a": ["x < 1", "x ≥ 1"]},
        {"a": "Merkmal A"},
        T,
    )
    by = {r["feature"]: r for r in rows}
    assert by["a"]["level"] == "ok" and by["a"]["title"] == "Merkmal A"
    # 5 is small, and 0.995 would give it away (the shares add up to one): both are hidden
    assert by["b"]["level"] == "alert" and by["b"]["current_share"] == [None, None]
    assert [(s.code, s.level, s.subject) for s in signals] == [("drift", "alert", "b")]


def test_week_helpers() -> None:
    assert figures.week_of(date(2026, 11, 23)) == "2026-W48"
    assert figures.week_ends(date(2026, 11, 23), 3) == [
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]


def test_fairness_compares_with_the_largest_group_as_the_simulation_does() -> None:
    """One reference group in the product: :func:`fairness.report.reference_group` (largest)."""
    import pandas as pd

    from fairness.report import DEFAULT_REFERENCE, reference_group

    # A (600 cases, 20 %) is the largest; B (300, 40 %) is the most selected; C (300, 20 %).
    groups = np.array(["A"] * 600 + ["B"] * 300 + ["C"] * 300)
    selected = np.concatenate([np.arange(600) < 120, np.arange(300) < 120, np.arange(300) < 60])
    week = figures.fairness_week(selected, groups, T)
    counts = pd.Series({"A": 600, "B": 300, "C": 300})
    rates = pd.Series({"A": 0.2, "B": 0.4, "C": 0.2})
    assert week["reference"] == reference_group(counts, rates, how=DEFAULT_REFERENCE) == "A"
    shown = {g["group"]: g for g in week["groups"]}
    assert shown["A"]["ratio"] == 1.0 and shown["C"]["ratio"] == 1.0
    assert abs(shown["B"]["ratio"] - 2.0) < 1e-9
    # Selected more than 1.25 times as often as the largest group is flagged, too.
    assert week["flagged"] == ["B"] and week["significant"]
    assert week["lowest_ratio"] == 1.0 and abs(week["highest_ratio"] - 2.0) < 1e-9
    _, signals = figures.fairness_over_time([(date(2026, 11, 23), selected, {"sex": groups})], T)
    assert [(s.subject, round(s.value, 2), s.threshold) for s in signals] == [
        ("sex", 2.0, 1 / T.fairness_ratio)
    ]
