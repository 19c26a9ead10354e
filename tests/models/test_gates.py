"""Quality gates decide promotion: AUC, gap to logistic regression, fairness, monotonicity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fairness.report import fairness_report
from models.errors import ModelUnavailableError
from models.features import FEATURE_SCHEMA_VERSION, ruleset_fingerprint, schema_fingerprint
from models.gates import (
    GateConfig,
    all_passed,
    auc_gap_gate,
    auc_gate,
    evaluate_gates,
    fairness_gate,
    fairness_justification,
    group_selection_test,
    monotonicity_gate,
)
from models.registry import (
    Tags,
    check_compatibility,
    client_for,
    parse_model_uri,
    promote,
    resolve_version,
)
from rules import load_ruleset
from rules.parameters import with_parameters


def _report(rates: dict[str, tuple[int, float]], name: str = "nationality", seed: int = 0):
    """A fairness report where group g has n cases of which a share is selected."""
    rng = np.random.default_rng(seed)
    groups, selected = [], []
    for group, (n, rate) in rates.items():
        chosen = np.zeros(n, dtype=int)
        chosen[: round(n * rate)] = 1
        groups += [group] * n
        selected += list(rng.permutation(chosen))
    labels = np.array(selected)
    return fairness_report(np.array(selected), labels, pd.Series(groups, name=name))


def test_auc_gate() -> None:
    assert auc_gate(0.75, 0.70).passed
    failed = auc_gate(0.65, 0.70)
    assert not failed.passed and "0,650 < 0,70" in failed.message
    assert "0.650 < 0.70" in failed.message_in("en")
    assert not auc_gate(float("nan"), 0.70).passed


def test_auc_gap_gate() -> None:
    assert auc_gap_gate(0.78, 0.80, 0.05).passed
    gate = auc_gap_gate(0.70, 0.80, 0.05)
    assert not gate.passed and gate.value == pytest.approx(0.10)


def test_fairness_gate_fails_a_clear_disparity_in_large_groups() -> None:
    report = _report({"A": (1000, 0.30), "B": (1000, 0.12), "C": (800, 0.28)})
    gate = fairness_gate({"nationality": report}, GateConfig())
    assert not gate.passed and not gate.justified
    assert gate.value == pytest.approx(0.4)
    assert gate.details["failed_groups"] == ["nationality=B (0.40)"]
    assert "nicht bestanden" in gate.message and "Staatsangehörigkeit B (0,40)" in gate.message
    assert "nationality=" not in gate.message
    # One language at a time: German recorded with the model, English on request.
    assert " / " not in gate.message and "failed" not in gate.message
    english = gate.message_in("en")
    assert "failed" in english and "nicht bestanden" not in english
    assert "nationality B (0.40)" in english and "Staatsangehörigkeit" not in english


def test_fairness_gate_does_not_fail_on_noise_in_small_groups() -> None:
    # 3 of 60 versus 9 of 60: a ratio of 0.33, but well within chance.
    report = _report({"A": (60, 0.15), "B": (60, 0.05)})
    table = group_selection_test(report, min_group_size=50, threshold=0.8, alpha=0.01)
    assert table.loc["B", "below"] and not table.attrs["significant"]
    gate = fairness_gate({"nationality": report}, GateConfig(min_group_size=50))
    assert gate.passed and "Zufallsbereich" in gate.message
    assert gate.details["within_noise"] == ["nationality=B (0.33)"]


def test_a_ratio_below_the_threshold_passing_as_noise_records_its_justification() -> None:
    report = _report({"A": (60, 0.15), "B": (60, 0.05)})
    config = GateConfig(min_group_size=50)
    gate = fairness_gate({"nationality": report}, config)
    assert gate.passed and gate.justified
    reason = gate.details["justification"]
    assert "Staatsangehörigkeit B (0,33)" in reason
    assert "Chi-Quadrat: Staatsangehörigkeit p = " in reason and "≥ α = 0,01" in reason
    assert "nationality" not in reason and "0.33" not in reason
    assert fairness_justification([gate], config) == reason
    # A written justification of a failed gate is what is recorded then.
    failing = _report({"A": (1000, 0.30), "B": (1000, 0.12)})
    written = GateConfig(justification="geprüft von Referat 123")
    assert fairness_justification([fairness_gate({"n": failing}, written)], written) == (
        "geprüft von Referat 123"
    )
    # Nothing below the threshold: nothing to justify.
    even = _report({"A": (1000, 0.2), "B": (1000, 0.2)})
    assert fairness_justification([fairness_gate({"n": even}, GateConfig())], GateConfig()) is None


def test_groups_below_the_minimum_size_are_reported_not_judged() -> None:
    report = _report({"A": (1000, 0.20), "B": (1000, 0.20), "x": (20, 0.60)})
    table = group_selection_test(report, min_group_size=100, threshold=0.8, alpha=0.01)
    assert table.attrs["reference"] in ("A", "B")  # the tiny group does not set the bar
    assert not table.loc["x", "eligible"]
    gate = fairness_gate({"sex": report}, GateConfig())
    assert gate.passed
    assert gate.details["too_small"] == ["sex=x (n=20)"]


def test_a_recorded_justification_lets_the_fairness_gate_pass() -> None:
    report = _report({"A": (1000, 0.30), "B": (1000, 0.12)})
    reason = "Gruppe B: Verfahren ruhen wegen Sammelverfahren; geprüft von Referat 123"
    gate = fairness_gate({"nationality": report}, GateConfig(justification=reason))
    assert gate.passed and gate.justified
    assert reason in gate.message


def test_fairness_gate_checks_every_attribute() -> None:
    fair = _report({"A": (1000, 0.2), "B": (1000, 0.2)})
    unfair = _report({"f": (900, 0.30), "m": (900, 0.10)}, name="sex")
    gate = fairness_gate({"nationality": fair, "sex": unfair}, GateConfig())
    assert not gate.passed
    assert gate.details["failed_groups"] == ["sex=m (0.33)"]


def _table(points: dict[str, list[int]]) -> pd.DataFrame:
    rows = [
        (feature, f"bin{i}", p) for feature, values in points.items() for i, p in enumerate(values)
    ]
    return pd.DataFrame(rows, columns=["feature", "bin", "points"])


def test_monotonicity_gate() -> None:
    table = _table(
        {"repeat_convictions": [0, 1, 3], "asylum_pending": [0, -4], "in_custody": [0, -1]}
    )
    assert monotonicity_gate(table, {"repeat_convictions": 1, "asylum_pending": -1}).passed
    broken = _table({"repeat_convictions": [0, 3, 1], "asylum_pending": [0, 2]})
    gate = monotonicity_gate(broken, {"repeat_convictions": 1, "asylum_pending": -1})
    assert not gate.passed and gate.value == 2
    assert gate.details["violations"] == [
        "repeat_convictions (+1: 0/3/1)",
        "asylum_pending (-1: 0/2)",
    ]


def test_a_violated_direction_names_the_feature_by_its_title() -> None:
    """The reader meets the feature's title in their language, never its code."""
    from models.gates import recorded_message

    broken = _table({"repeat_convictions": [0, 3, 1], "asylum_pending": [0, 2]})
    gate = monotonicity_gate(broken, {"repeat_convictions": 1, "asylum_pending": -1})
    assert gate.message == (
        "Richtung verletzt: „Verurteilungen im Mehrfachtäter-Zeitfenster“ (soll steigen: 0/3/1); "
        "„Asylverfahren anhängig“ (soll fallen: 0/2): nicht bestanden"
    )
    assert gate.message_in("en") == (
        "direction violated: “convictions in the repeat-offender window” (should rise: 0/3/1); "
        "“asylum procedure pending” (should fall: 0/2): failed"
    )
    recorded = gate.as_dict()
    for lang in ("de", "en"):
        shown = recorded_message(recorded, lang)
        assert shown == gate.message_in(lang)
        assert "repeat_convictions" not in shown and "asylum_pending" not in shown
        assert "+1" not in shown and "-1" not in shown
    # a rule set of its own names its features itself
    own = monotonicity_gate(broken, {"asylum_pending": -1}, {"asylum_pending": ("Asyl", "asylum")})
    assert own.message_in("de") == "Richtung verletzt: „Asyl“ (soll fallen: 0/2): nicht bestanden"


def test_evaluate_gates_runs_every_gate_in_order() -> None:
    fair = _report({"A": (500, 0.2), "B": (500, 0.2)})
    gates = evaluate_gates(
        auc=0.8,
        baseline_auc=0.81,
        fairness={"nationality": fair},
        points_table=_table({"a": [0, 1]}),
        monotone={"a": 1},
        config=GateConfig(),
    )
    assert [g.name for g in gates] == ["min_auc", "auc_gap", "fairness", "monotonicity"]
    assert all_passed(gates)
    assert not all_passed([*gates, auc_gate(0.5, 0.7)])


# --------------------------------------------------------------------- registry side


def test_compatibility_check_names_every_problem() -> None:
    ruleset = load_ruleset()
    good = {
        Tags.FEATURE_SCHEMA_VERSION: str(FEATURE_SCHEMA_VERSION),
        Tags.FEATURE_SCHEMA_FINGERPRINT: schema_fingerprint(),
        Tags.RULESET_FINGERPRINT: ruleset_fingerprint(ruleset),
        Tags.RULESET_NAME: ruleset.name,
        Tags.RULESET_VERSION: "1",
    }
    assert check_compatibility(good, ruleset) == []
    assert check_compatibility(good, None) == []
    assert "no feature schema tag" in check_compatibility({}, None)[0]
    old = {**good, Tags.FEATURE_SCHEMA_VERSION: "0"}
    assert any("feature schema version 0" in p for p in check_compatibility(old, ruleset))
    changed = with_parameters(ruleset, {"repeat_window_months": 24})
    assert any("rule set facts differ" in p for p in check_compatibility(good, changed))


def test_model_uris_must_be_registry_uris() -> None:
    assert parse_model_uri("models:/amit-priority@champion").alias == "champion"
    assert parse_model_uri("models:/amit-priority/3").version == "3"
    for bad in ("runs:/abc/model", "models:/amit-priority", "/tmp/model"):
        with pytest.raises(ModelUnavailableError):
            parse_model_uri(bad)


def test_champion_alias_points_at_the_promoted_version(trained, store) -> None:
    client = client_for(store.tracking_uri)
    version = resolve_version(client, "models:/amit-priority@champion")
    assert str(version.version) == trained.model_version
    assert version.tags[Tags.PROMOTION] == "champion"
    assert version.tags[Tags.GATES_PASSED] == "true"
    assert "Status: befördert (champion)" in version.description


def test_promote_moves_the_alias(new_store) -> None:
    from mlflow import MlflowClient

    own = new_store("promote")
    client = MlflowClient(tracking_uri=own.tracking_uri, registry_uri=own.tracking_uri)
    client.create_registered_model("amit-priority")
    for _ in range(2):
        client.create_model_version("amit-priority", source=own.root.as_uri())
    promote(client, "1")
    assert str(resolve_version(client, "models:/amit-priority@champion").version) == "1"
    promote(client, "2")
    assert str(resolve_version(client, "models:/amit-priority@champion").version) == "2"


def test_gate_messages_name_groups_in_the_readers_language_from_gates_json() -> None:
    """gates.json records codes and values; each language renders them (names, decimal mark)."""
    import json

    from models.gates import noise_justification, recorded_message

    unfair = _report({"DZA": (900, 0.10), "SYR": (900, 0.30)})
    sexes = _report({"f": (900, 0.10), "m": (900, 0.30)}, name="sex")
    gate = fairness_gate({"nationality": unfair, "sex": sexes}, GateConfig())
    recorded = json.loads(json.dumps(gate.as_dict()))
    german, english = recorded_message(recorded, "de"), recorded_message(recorded, "en")
    assert german == gate.message
    assert (
        "Staatsangehörigkeit Algerien (0,33)" in german and "Geschlecht weiblich (0,33)" in german
    )
    assert "α = 0,01" in german and "unter 0,8" in german
    assert "nationality Algeria (0.33)" in english and "sex female (0.33)" in english
    for message in (german, english):
        assert "nationality=" not in message and "sex=" not in message
    assert "Staatsangehörigkeit" not in english and "nicht bestanden" not in english
    assert "failed" not in german
    # A run recorded before the codes were stored keeps its text, marked as stored.
    old = {"name": "fairness", "message": "niedrigstes Auswahlverhältnis 0.33: bestanden"}
    assert recorded_message(old, "en").startswith("niedrigstes Auswahlverhältnis 0.33")
    assert "stored" in recorded_message(old, "en") and "gespeichert" in recorded_message(old, "de")
    # Justifications recorded so far (``nationality=DZA (0.65)``) render with names, too.
    config = GateConfig()
    details = {"nationality": {"p_value": 0.6241}, "sex": {"p_value": 0.2}}
    old_noise = ["nationality=DZA (0.65)", "sex=f (0.75)"]
    de = noise_justification(old_noise, details, config, "de")
    en = noise_justification(old_noise, details, config, "en")
    assert "Staatsangehörigkeit Algerien (0,65), Geschlecht weiblich (0,75)" in de
    assert "Staatsangehörigkeit p = 0,624" in de and "unter 0,8" in de
    assert "nationality Algeria (0.65), sex female (0.75)" in en and "p = 0.624" in en
    assert "=" not in de.replace("p = ", "").replace("α = ", "")
