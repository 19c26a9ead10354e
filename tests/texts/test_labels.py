"""Weeks, nationalities and sexes in words, in both languages; unknown codes as they are."""

from __future__ import annotations

from datetime import date

import pytest

from cases.generator import NATIONALITY_WEIGHTS, SEX_WEIGHTS
from models.dataset import MISSING_GROUP
from policy.simulation import UNKNOWN_GROUP
from rules.labels import label
from service.monitoring.figures import week_of
from texts import catalogue, text
from texts.labels import MISSING_GROUPS, group_label, week_label


def test_an_iso_week_reads_kw_in_german_and_week_in_english() -> None:
    assert week_label("2026-W49", "de") == "KW 49/2026"
    assert week_label("2026-W49", "en") == "week 49/2026"
    assert week_label("2027-W01", "de") == "KW 1/2027"
    assert week_label(week_of(date(2026, 11, 30)), "de") == "KW 49/2026"
    # ISO weeks belong to the ISO year: 1 January 2027 is in week 53 of 2026
    assert week_label(week_of(date(2027, 1, 1)), "en") == "week 53/2026"


@pytest.mark.parametrize("value", ["2026-W4", "W49", "total", "", "2026-49"])
def test_what_is_not_an_iso_week_stays_as_it_is(value: str) -> None:
    assert week_label(value, "de") == value and week_label(value, "en") == value


@pytest.mark.parametrize(
    ("code", "de", "en"),
    [
        ("SYR", "Syrien", "Syria"),
        ("TUR", "Türkei", "Türkiye"),
        ("AFG", "Afghanistan", "Afghanistan"),
        ("DZA", "Algerien", "Algeria"),
        ("GEO", "Georgien", "Georgia"),
        ("RUS", "Russland", "Russia"),
        ("DEU", "Deutschland", "Germany"),
        ("XXA", "staatenlos", "stateless"),
    ],
)
def test_a_nationality_reads_as_the_country(code: str, de: str, en: str) -> None:
    assert group_label("nationality", code, "de") == de
    assert group_label("nationality", code, "en") == en
    assert label("nationality", code, "de") == de  # the vocabulary façade says the same


def test_every_generated_nationality_and_sex_has_words_in_both_languages() -> None:
    for code in NATIONALITY_WEIGHTS:
        for lang in ("de", "en"):
            assert group_label("nationality", code, lang) != code, (code, lang)
    assert [group_label("sex", s, "de") for s in sorted(SEX_WEIGHTS)] == [
        "weiblich",
        "männlich",
        "divers",
    ]
    assert [group_label("sex", s, "en") for s in sorted(SEX_WEIGHTS)] == [
        "female",
        "male",
        "diverse",
    ]


def test_every_iso_code_has_a_name_and_no_name_is_both_languages_in_one() -> None:
    keys = catalogue.keys("vocab.nationality.")
    assert len(keys) >= 249
    for key in keys:
        de, en = text(key, "de"), text(key, "en")
        assert de and en and " / " not in de and " / " not in en, key


@pytest.mark.parametrize("code", ["QQQ", "ZZZ", "syr", "12"])
def test_an_unknown_code_is_shown_as_the_code_everywhere(code: str) -> None:
    for lang in ("de", "en"):
        assert group_label("nationality", code, lang) == code
        assert label("nationality", code, lang) == code
    assert group_label("sex", "q", "de") == "q"


def test_the_group_without_a_value_reads_ohne_angabe() -> None:
    # the markers the data uses for a missing value, wherever the groups are made
    assert {MISSING_GROUP, UNKNOWN_GROUP} <= MISSING_GROUPS
    assert text("cli.fairness.missing_group", "de") in MISSING_GROUPS
    assert text("cli.fairness.missing_group", "en") in MISSING_GROUPS
    for value in (None, "", MISSING_GROUP, UNKNOWN_GROUP):
        assert group_label("nationality", value, "de") == "(ohne Angabe)"
        assert group_label("sex", value, "en") == "(not given)"


def test_triage_trains_label_findings_name_the_groups() -> None:
    import numpy as np

    from fairness.report import fairness_report
    from models.gates import GateConfig
    from models.training import label_findings

    # 300 cases of each group; TUR's labels select 30 %, SYR's 10 %: a finding against SYR
    groups = np.array(["TUR"] * 300 + ["SYR"] * 300)
    labels = np.array([1] * 90 + [0] * 210 + [1] * 30 + [0] * 270)
    reports = {"nationality": fairness_report(labels, labels, groups)}
    config = GateConfig()
    assert label_findings(reports, config) == ["nationality=SYR (0.33 vs. TUR)"]
    assert label_findings(reports, config, "de") == [
        "Staatsangehörigkeit Syrien: 0,33 gegenüber Türkei"
    ]
    assert label_findings(reports, config, "en") == [
        "nationality Syria: 0.33 compared with Türkiye"
    ]
