"""Labels: recorded decisions, or a simulated history with an optional, detectable bias."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cases import generate_frames
from models.features import FEATURE_NAMES, build_features
from models.history import (
    DECISION_LABELS,
    LABEL,
    Bias,
    DecisionError,
    apply_over_recording,
    first_decisions,
    labels_from_decisions,
    simulate_decisions,
    simulate_history,
)
from rules import load_ruleset
from rules.batch import evaluate
from tests.models.conftest import AS_OF


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


@pytest.fixture(scope="module")
def frames():
    return generate_frames(6000, seed=11, as_of=AS_OF)


def test_simulated_decisions_are_reproducible_from_the_seed(frames, ruleset) -> None:
    first = simulate_decisions(frames, ruleset, AS_OF, seed=5)
    again = simulate_decisions(frames, ruleset, AS_OF, seed=5)
    other = simulate_decisions(frames, ruleset, AS_OF, seed=6)
    pd.testing.assert_series_equal(first, again)
    assert not first.equals(other)
    assert first.name == LABEL and set(first.unique()) == {0, 1}
    assert list(first.index) == list(frames.cases["case_id"])


def test_simulated_decisions_follow_the_rules_but_are_not_the_rules(frames, ruleset) -> None:
    labels = simulate_decisions(frames, ruleset, AS_OF, seed=5).to_numpy()
    tiers = evaluate(frames, ruleset, AS_OF).tier_ids()
    rate = {t: labels[tiers == t].mean() for t in ("P1", "P2", "BLOCKED", "NONE")}
    assert rate["P1"] > rate["P2"] > rate["NONE"]
    assert rate["BLOCKED"] < rate["P1"]
    assert 0.15 < labels.mean() < 0.35
    # Not a copy of the tiers: some P1 cases were held back, some NONE cases taken up.
    assert 0 < rate["P1"] < 1 and rate["NONE"] > 0


def test_simulate_history_without_bias_matches_simulate_decisions(frames, ruleset) -> None:
    history = simulate_history(frames, ruleset, AS_OF, seed=5)
    pd.testing.assert_series_equal(
        history.labels, simulate_decisions(frames, ruleset, AS_OF, seed=5)
    )
    assert history.frames is frames
    assert ((history.probability > 0) & (history.probability < 1)).all()


def test_decision_bias_raises_the_take_up_of_one_group_only(frames, ruleset) -> None:
    bias = Bias("nationality", "SYR", strength=1.5)
    plain = simulate_history(frames, ruleset, AS_OF, seed=5)
    biased = simulate_history(frames, ruleset, AS_OF, seed=5, bias=bias)
    group = bias.members(frames)
    assert biased.probability[group].mean() > plain.probability[group].mean() + 0.1
    np.testing.assert_allclose(biased.probability[~group], plain.probability[~group])
    assert biased.labels[group].mean() > 1.5 * plain.labels[group].mean()


def test_over_recording_adds_open_investigations_to_the_group_only(frames, ruleset) -> None:
    bias = Bias("nationality", "SYR", strength=0.0, over_recording=1.0)
    recorded = apply_over_recording(frames, bias, AS_OF, seed=5)
    group = bias.members(frames)
    before = build_features(frames, ruleset, AS_OF).X
    after = build_features(recorded, ruleset, AS_OF).X
    extra = after["open_proceedings"] - before["open_proceedings"]
    assert (extra[~group] == 0).all()
    assert 0.8 < extra[group].mean() < 1.2
    unchanged = [f for f in FEATURE_NAMES if f not in ("open_proceedings", "intensive_offences")]
    pd.testing.assert_frame_equal(after[unchanged], before[unchanged])
    offences = recorded.offences
    added = offences[offences["offence_id"].str.startswith("X")]
    assert (added["status"] == "under_investigation").all()
    assert not offences.duplicated(["case_idx", "offence_id"]).any()


def test_a_bias_needs_an_audit_only_attribute() -> None:
    with pytest.raises(ValueError, match="audit-only"):
        Bias("region", "koeln")
    with pytest.raises(ValueError, match="over_recording"):
        Bias("sex", "f", over_recording=-1)


def test_decision_kinds_map_to_labels() -> None:
    assert DECISION_LABELS == {
        "case_conference": 1,
        "prepare_measure": 1,
        "defer": 0,
        "monitor": 0,
        "close": 0,
    }
    labels = labels_from_decisions(
        [
            {"case_id": "A", "kind": "case_conference"},
            {"case_id": "B", "kind": "prepare_measure"},
            {"case_id": "C", "kind": "defer"},
            {"case_id": "D", "kind": "close"},
            {"case_id": "E", "kind": "request_information"},  # no position on priority
            {"case_id": "F", "kind": "reopen"},
        ]
    )
    assert labels.to_dict() == {"A": 1, "B": 1, "C": 0, "D": 0}
    assert labels.name == LABEL and labels.dtype == np.int64


def test_only_the_first_labelled_decision_of_a_case_counts() -> None:
    decisions = [
        {"case_id": "A", "kind": "close", "decided_at": "2026-10-20T09:00:00Z"},
        {"case_id": "A", "kind": "case_conference", "decided_at": "2026-09-01T09:00:00Z"},
        {"case_id": "B", "kind": "request_information", "decided_at": "2026-08-01"},
        {"case_id": "B", "kind": "defer", "decided_at": "2026-08-15", "as_of": "2026-08-14"},
    ]
    first = first_decisions(decisions)
    assert first.loc["A", "kind"] == "case_conference"
    assert first.loc["B", LABEL] == 0
    assert str(first.loc["B", "as_of"]) == "2026-08-14"
    assert labels_from_decisions(decisions).to_dict() == {"A": 1, "B": 0}


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"kind": "defer"}, "decision 1: case_id: required"),
        ({"case_id": "A"}, "decision 1: kind: required"),
        ({"case_id": "A", "kind": "deport"}, "unknown decision kind 'deport'"),
        ({"case_id": "A", "kind": "defer", "as_of": "2026-13-01"}, "as_of: expected a date"),
    ],
)
def test_bad_decisions_are_refused_naming_the_record(record, message) -> None:
    with pytest.raises(DecisionError, match=message):
        labels_from_decisions([record])


def test_no_labelled_decision_gives_an_empty_series() -> None:
    assert labels_from_decisions([{"case_id": "A", "kind": "reopen"}]).empty
