"""SPEC §3 criteria at their boundaries, on both engines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rules import with_parameters
from tests.factories import AS_OF, case, convictions, incident, months_ago, offence


class TestSerious:
    def test_sentence_at_threshold_fires(self, outcome):
        result = outcome(case(offences=[offence(sentence=24, category="fraud")]))
        assert "SERIOUS" in result["criteria"]
        assert result["score"] == 40

    def test_one_month_below_threshold_does_not_fire(self, outcome):
        result = outcome(case(offences=[offence(sentence=23.5, category="fraud")]))
        assert "SERIOUS" not in result["criteria"]

    def test_day_exactly_60_months_back_is_outside(self, outcome):
        result = outcome(case(offences=[offence(when=months_ago(60), sentence=30)]))
        assert "SERIOUS" not in result["criteria"]

    def test_day_after_60_months_back_is_inside(self, outcome):
        result = outcome(case(offences=[offence(when=months_ago(60, days=1), sentence=30)]))
        assert "SERIOUS" in result["criteria"]

    def test_offence_after_as_of_is_ignored(self, outcome):
        later = AS_OF + timedelta(days=1)
        result = outcome(case(offences=[offence(when=later, sentence=30)]), as_of=AS_OF)
        assert result["criteria"] == []

    @pytest.mark.parametrize("status", ["dismissed", "acquitted", "charged", "under_investigation"])
    def test_only_final_convictions_count(self, outcome, status):
        result = outcome(case(offences=[offence(status=status, sentence=None)]))
        assert "SERIOUS" not in result["criteria"]

    def test_suspended_sentence_counts_by_default(self, outcome):
        result = outcome(case(offences=[offence(sentence=30, suspended=True)]))
        assert "SERIOUS" in result["criteria"]

    def test_suspended_sentence_not_counted_when_parameter_false(self, outcome, default_rules):
        rules = with_parameters(default_rules, {"count_suspended_sentences": False})
        result = outcome(case(offences=[offence(sentence=30, suspended=True)]), ruleset=rules)
        assert "SERIOUS" not in result["criteria"]


class TestViolent:
    def test_violent_category_with_minimum_sentence(self, outcome):
        result = outcome(case(offences=[offence(category="bodily_harm", sentence=12)]))
        assert result["criteria"] == ["VIOLENT"]
        assert result["score"] == 30

    def test_violent_category_below_minimum(self, outcome):
        result = outcome(case(offences=[offence(category="robbery", sentence=11)]))
        assert "VIOLENT" not in result["criteria"]

    def test_non_violent_category_does_not_fire(self, outcome):
        result = outcome(case(offences=[offence(category="theft", sentence=20)]))
        assert "VIOLENT" not in result["criteria"]

    def test_violent_category_set_is_a_parameter(self, outcome, default_rules):
        rules = with_parameters(default_rules, {"violent_categories": ["theft"]})
        result = outcome(case(offences=[offence(category="theft", sentence=12)]), ruleset=rules)
        assert "VIOLENT" in result["criteria"]


class TestRepeat:
    def test_three_convictions_in_window(self, outcome):
        result = outcome(case(offences=convictions(3, months_back=35)))
        assert result["criteria"] == ["REPEAT"]

    def test_two_convictions_are_not_enough(self, outcome):
        result = outcome(case(offences=convictions(2)))
        assert "REPEAT" not in result["criteria"]

    def test_conviction_exactly_36_months_back_is_outside(self, outcome):
        offences = [*convictions(2), offence("OLD", when=months_ago(36))]
        assert "REPEAT" not in outcome(case(offences=offences))["criteria"]

    def test_dismissed_does_not_count(self, outcome):
        offences = [*convictions(2), offence("D", status="dismissed")]
        assert "REPEAT" not in outcome(case(offences=offences))["criteria"]


class TestIntensive:
    def test_convictions_and_open_proceedings_count_together(self, outcome):
        offences = [
            *convictions(2),
            offence("E1", status="under_investigation"),
            offence("E2", status="charged"),
            offence("E3", status="charged"),
        ]
        result = outcome(case(offences=offences))
        assert "INTENSIVE" in result["criteria"]
        assert "A_PROSECUTOR" in result["actions"]

    def test_four_are_not_enough(self, outcome):
        offences = [
            *convictions(2),
            offence("E1", status="charged"),
            offence("E2", status="charged"),
        ]
        assert "INTENSIVE" not in outcome(case(offences=offences))["criteria"]

    def test_window_edge_12_months(self, outcome):
        offences = [*convictions(4), offence("EDGE", when=months_ago(12))]
        assert "INTENSIVE" not in outcome(case(offences=offences))["criteria"]
        offences = [*convictions(4), offence("EDGE", when=months_ago(12, days=1))]
        assert "INTENSIVE" in outcome(case(offences=offences))["criteria"]


class TestSocial:
    def test_three_serious_incidents(self, outcome):
        incidents = [incident(f"I{i}", severity=2) for i in range(3)]
        result = outcome(case(incidents=incidents, departure_status="pending"))
        assert result["criteria"] == ["SOCIAL"]
        assert result["tier"] == "P3"

    def test_minor_incidents_do_not_count(self, outcome):
        incidents = [incident(f"I{i}", severity=1) for i in range(5)]
        assert outcome(case(incidents=incidents))["criteria"] == []

    def test_single_severity_three_incident_fires(self, outcome):
        assert outcome(case(incidents=[incident(severity=3)]))["criteria"] == ["SOCIAL"]

    def test_severity_three_outside_window(self, outcome):
        result = outcome(case(incidents=[incident(severity=3, when=months_ago(12))]))
        assert result["criteria"] == []

    def test_minimum_severity_is_a_parameter(self, outcome, default_rules):
        rules = with_parameters(default_rules, {"social_min_severity": 1})
        incidents = [incident(f"I{i}", severity=1) for i in range(3)]
        assert outcome(case(incidents=incidents), ruleset=rules)["criteria"] == ["SOCIAL"]


class TestReleaseSoon:
    @pytest.mark.parametrize(("days", "fires"), [(-1, False), (0, True), (90, True), (91, False)])
    def test_horizon_is_inclusive_and_not_before_as_of(self, outcome, days, fires):
        result = outcome(case(in_custody=True, release_date=AS_OF + timedelta(days=days)))
        assert ("RELEASE_SOON" in result["criteria"]) is fires
        assert ("A_CUSTODY" in result["actions"]) is fires

    def test_needs_custody(self, outcome):
        result = outcome(case(in_custody=False, release_date=AS_OF + timedelta(days=5)))
        assert result["criteria"] == []

    def test_release_soon_alone_never_lifts_a_case_out_of_none(self, outcome):
        result = outcome(case(in_custody=True, release_date=AS_OF))
        assert result["tier"] == "NONE"
        assert result["score"] == 10


class TestBlockers:
    def test_eighteenth_birthday_on_as_of_is_adult(self, outcome):
        born = date(AS_OF.year - 18, AS_OF.month, AS_OF.day)
        result = outcome(case(birth_date=born, offences=convictions(3)))
        assert result["blockers"] == []
        assert result["tier"] == "P1"

    def test_day_before_eighteenth_birthday_is_minor(self, outcome):
        born = date(AS_OF.year - 18, AS_OF.month, AS_OF.day) + timedelta(days=1)
        result = outcome(case(birth_date=born, offences=convictions(3)))
        assert result["blockers"] == ["B_MINOR"]
        assert result["tier"] == "BLOCKED"

    def test_leap_day_birthday_turns_on_first_of_march(self, outcome):
        born = date(2008, 2, 29)
        minor = outcome(case(birth_date=born, offences=convictions(3)), as_of=date(2026, 2, 28))
        adult = outcome(case(birth_date=born, offences=convictions(3)), as_of=date(2026, 3, 1))
        assert minor["blockers"] == ["B_MINOR"]
        assert adult["blockers"] == []

    @pytest.mark.parametrize(
        ("field", "value", "blocker"),
        [
            ("asylum_pending", True, "B_ASYLUM"),
            ("deportation_ban", True, "B_BAN"),
            ("toleration_reason", "health", "B_TOLERATION"),
            ("toleration_reason", "family", "B_TOLERATION"),
        ],
    )
    def test_each_blocker(self, outcome, field, value, blocker):
        result = outcome(case(offences=convictions(3), **{field: value}))
        assert result["blockers"] == [blocker]
        assert result["tier"] == "BLOCKED"

    @pytest.mark.parametrize("reason", ["travel_documents", "other"])
    def test_factual_toleration_is_no_blocker(self, outcome, reason):
        result = outcome(case(offences=convictions(3), toleration_reason=reason))
        assert result["blockers"] == []

    def test_blocker_without_criterion_is_none(self, outcome):
        assert outcome(case(asylum_pending=True))["tier"] == "NONE"


class TestTiers:
    @pytest.mark.parametrize(
        ("departure", "tier"), [("enforceable", "P1"), ("pending", "P2"), ("none", "P2")]
    )
    def test_amit_by_departure_status(self, outcome, departure, tier):
        assert outcome(case(offences=convictions(3), departure_status=departure))["tier"] == tier

    def test_social_and_enforceable_is_p2(self, outcome):
        assert outcome(case(incidents=[incident(severity=3)]))["tier"] == "P2"

    def test_nothing_is_none(self, outcome):
        assert outcome(case())["tier"] == "NONE"

    @pytest.mark.parametrize(
        ("doc", "action"),
        [("none", True), ("expired", True), ("valid", False), ("in_procurement", False)],
    )
    def test_documents_action(self, outcome, doc, action):
        result = outcome(case(travel_document=doc))
        assert ("A_DOCUMENTS" in result["actions"]) is action
        assert result["tier"] == "NONE"
