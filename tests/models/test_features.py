"""Model features: derived facts only, never an audit-only field, never age (issue #6, item 2)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from cases import generate_frames
from cases.frames import frames_from_cases
from cases.model import AUDIT_ONLY_FIELDS
from models.features import (
    EXCLUDED,
    FEATURE_NAMES,
    FEATURE_SCHEMA_VERSION,
    FEATURES,
    ForbiddenFeatureError,
    assert_allowed,
    build_features,
    check_sources,
    feature_schema,
    monotone_constraints,
    ruleset_fingerprint,
    schema_fingerprint,
    thresholds_for,
)
from rules import load_ruleset, parse_ruleset
from rules.errors import RuleSetError
from rules.parameters import with_parameters
from tests.factories import AS_OF, case, convictions, incident, offence
from tests.models.conftest import AS_OF as MODEL_AS_OF


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


def test_the_allowlist_is_exactly_the_declared_features() -> None:
    assert tuple(f.name for f in FEATURES) == FEATURE_NAMES
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)
    assert_allowed(FEATURE_NAMES)  # does not raise


@pytest.mark.parametrize("name", sorted(AUDIT_ONLY_FIELDS))
def test_audit_only_fields_are_refused_with_the_reason(name: str) -> None:
    with pytest.raises(ForbiddenFeatureError, match="nur für die Fairness-Prüfung") as caught:
        assert_allowed([*FEATURE_NAMES, name])
    assert set(caught.value.problems) == {name}
    assert str(caught.value).startswith("Unzulässige Eingabe des Punktemodells: „")
    assert "audit-only field" in caught.value.text("en")


@pytest.mark.parametrize(
    "name", ["age", "birth_date", "B_MINOR", "age_years", "birth_year", "years_since_birth"]
)
def test_age_in_any_spelling_is_refused(name: str) -> None:
    with pytest.raises(ForbiddenFeatureError, match=r"Alter|Geburtsdatum|Minderjährigkeit"):
        assert_allowed([name])


@pytest.mark.parametrize("name", ["nationality_code", "sex_f", "is_sex_m"])
def test_names_built_from_audit_fields_are_refused(name: str) -> None:
    with pytest.raises(ForbiddenFeatureError, match="Fairness-Prüfung gespeicherten Merkmal"):
        assert_allowed([name])


@pytest.mark.parametrize("name", ["region", "source", "travel_document", "toleration_reason"])
def test_known_proxies_are_refused_with_the_reason(name: str) -> None:
    with pytest.raises(ForbiddenFeatureError) as caught:
        assert_allowed([name])
    assert caught.value.problems[name] == EXCLUDED[name]


def test_anything_not_on_the_allowlist_is_refused() -> None:
    with pytest.raises(ForbiddenFeatureError, match="nicht auf der Liste der zulässigen"):
        assert_allowed(["convictions_total"])


def test_a_word_that_merely_contains_an_audit_field_is_not_mistaken_for_one() -> None:
    # "sexual" contains "sex"; only whole name parts count, and the allowlist decides anyway.
    with pytest.raises(ForbiddenFeatureError, match="nicht auf der Liste der zulässigen"):
        assert_allowed(["sexual_offences"])


def test_features_are_the_allowlist_and_carry_no_audit_or_age_column(ruleset) -> None:
    frames = generate_frames(300, seed=3, as_of=MODEL_AS_OF)
    X = build_features(frames, ruleset, MODEL_AS_OF).X
    assert tuple(X.columns) == FEATURE_NAMES
    assert not set(X.columns) & (AUDIT_ONLY_FIELDS | {"age", "birth_date", "region"})
    assert list(X.index) == list(frames.cases["case_id"])
    assert X.notna().all().all()
    assert np.array_equal(X.to_numpy(), np.round(X.to_numpy()))  # integer-valued


def test_audit_fields_and_age_do_not_change_a_single_feature(ruleset) -> None:
    base = case("T-1", offences=convictions(3), nationality="SYR", sex="m")
    variants = [
        base,
        base.model_copy(update={"nationality": "POL", "sex": "f"}),
        base.model_copy(update={"nationality": None, "sex": None}),
        base.model_copy(update={"birth_date": AS_OF.replace(year=AS_OF.year - 15)}),  # a minor
    ]
    X = build_features(frames_from_cases(variants), ruleset, AS_OF).X
    assert (X.nunique() == 1).all(), X


def test_feature_values_of_a_hand_made_case(ruleset) -> None:
    record = case(
        "T-2",
        departure_status="enforceable",
        asylum_pending=True,
        toleration_reason="family",
        in_custody=True,
        release_date=AS_OF.replace(month=12, day=1),
        offences=[
            *convictions(3, sentence=6),
            offence("V1", category="bodily_harm", sentence=14),
            offence("S1", category="drug_trafficking", sentence=30),
            offence("P1", status="under_investigation"),
            offence("P2", status="charged"),
            offence("D1", status="dismissed"),
        ],
        incidents=[
            incident("I1", severity=3),
            incident("I2", severity=2),
            incident("I3", severity=1),
        ],
    )
    row = build_features(frames_from_cases([record]), ruleset, AS_OF).X.iloc[0]
    assert row.to_dict() == {
        "serious_convictions": 1,
        "violent_convictions": 1,
        "repeat_convictions": 5,
        "intensive_offences": 7,
        "open_proceedings": 2,
        "max_sentence_months": 30,
        "social_incidents": 2,
        "grave_incidents": 1,
        "departure_obligation": 2,
        "in_custody": 1,
        "release_soon": 1,
        "asylum_pending": 1,
        "deportation_ban": 0,
        "legal_toleration": 1,
    }


def test_no_conviction_means_a_longest_sentence_of_zero(ruleset) -> None:
    row = build_features(frames_from_cases([case("T-3")]), ruleset, AS_OF).X.iloc[0]
    assert row["max_sentence_months"] == 0
    assert row.sum() == row["departure_obligation"] == 2


def test_bin_cuts_come_from_the_rule_set_parameters(ruleset) -> None:
    cuts = thresholds_for(ruleset)
    assert cuts["repeat_convictions"] == [1, 3, 6]
    assert cuts["max_sentence_months"] == [1, 12, 24]
    assert cuts["social_incidents"] == [1, 3]
    changed = with_parameters(ruleset, {"repeat_min_convictions": 4, "serious_sentence_months": 36})
    assert thresholds_for(changed)["repeat_convictions"] == [1, 4, 8]
    assert thresholds_for(changed)["max_sentence_months"] == [1, 12, 36]


def test_monotone_directions_are_declared_for_counts_and_obstacles() -> None:
    directions = monotone_constraints()
    for name in (
        "serious_convictions",
        "repeat_convictions",
        "open_proceedings",
        "max_sentence_months",
        "social_incidents",
        "departure_obligation",
    ):
        assert directions[name] == 1
    for name in ("asylum_pending", "deportation_ban", "legal_toleration"):
        assert directions[name] == -1
    assert "in_custody" not in directions


def test_a_rule_set_that_derives_a_feature_from_birth_date_is_refused(ruleset) -> None:
    document = copy.deepcopy(ruleset.document)
    document["facts"]["open_proceedings"] = {
        "description": {"de": "x", "en": "x"},
        "derive": "years_since",
        "field": "birth_date",
    }
    sneaky = parse_ruleset(document)
    with pytest.raises(ForbiddenFeatureError, match="birth_date"):
        check_sources(sneaky)
    with pytest.raises(ForbiddenFeatureError):
        build_features(generate_frames(5, seed=1, as_of=AS_OF), sneaky, AS_OF)


def test_a_rule_set_without_a_source_is_refused(ruleset) -> None:
    document = copy.deepcopy(ruleset.document)
    document["blockers"] = [b for b in document["blockers"] if b["id"] != "B_BAN"]
    # The checker refuses the model section's dangling source when the rule set is loaded.
    with pytest.raises(RuleSetError) as refused:
        parse_ruleset(document)
    assert [(i.key, i.code) for i in refused.value.issues] == [
        ("model.features[12].blocker", "rulecheck.unknown.blocker")
    ]
    # A rule set that declares no model inputs trains no model.
    document = copy.deepcopy(ruleset.document)
    del document["model"]
    with pytest.raises(ForbiddenFeatureError, match="nennt keine Eingaben des Punktemodells"):
        check_sources(parse_ruleset(document))


def test_rule_set_fingerprint_follows_the_facts_not_the_label(ruleset) -> None:
    same = copy.deepcopy(ruleset.document)
    same["version"] = 2
    same["tiers"][0]["label"] = {"de": "Sofort", "en": "Now"}
    assert ruleset_fingerprint(parse_ruleset(same)) == ruleset_fingerprint(ruleset)
    for change in (
        {"repeat_window_months": 24},
        {"social_min_severity": 3},
        {"release_horizon_days": 30},
        {"violent_categories": ["homicide"]},
    ):
        other = with_parameters(ruleset, change)
        assert ruleset_fingerprint(other) != ruleset_fingerprint(ruleset), change


def test_feature_schema_is_versioned_and_fingerprinted() -> None:
    schema = feature_schema()
    assert schema["version"] == FEATURE_SCHEMA_VERSION
    assert [f["name"] for f in schema["features"]] == list(FEATURE_NAMES)
    assert schema_fingerprint() == schema_fingerprint()
    assert len(schema_fingerprint()) == 64
