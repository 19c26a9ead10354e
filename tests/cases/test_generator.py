"""The synthetic caseload: reproducible, valid, and plausible enough to exercise every rule."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta

from cases.frames import CaseFrames
from cases.generator import GeneratorConfig, generate_cases, generate_frames
from cases.model import REGIONS, Case
from cases.validation import validate_records

AS_OF = date(2026, 11, 23)
VIOLENT = ["homicide", "bodily_harm", "sexual", "robbery", "resistance_officers", "threat_coercion"]


@pytest.fixture(scope="module")
def frames() -> CaseFrames:
    return generate_frames(20_000, seed=42, as_of=AS_OF)


def day(value: date) -> np.datetime64:
    return np.datetime64(value, "s")


def per_case(frames: CaseFrames, mask: np.ndarray | pd.Series) -> np.ndarray:
    """Number of offences per case among those selected by ``mask``."""
    idx = frames.offences["case_idx"].to_numpy()[np.asarray(mask)]
    return np.bincount(idx, minlength=len(frames.cases))


def test_same_n_and_seed_give_identical_frames() -> None:
    first, second = (generate_frames(500, seed=7, as_of=AS_OF) for _ in range(2))
    for name in ("cases", "offences", "incidents"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    other = generate_frames(500, seed=8, as_of=AS_OF)
    assert not first.offences["date"].equals(other.offences["date"])


def test_generated_cases_pass_validation() -> None:
    cases = generate_cases(3_000, seed=5, as_of=AS_OF)
    raw = [case.model_dump() for case in cases]
    validated = validate_records(raw, today=AS_OF)
    assert [c.model_dump() for c in validated] == raw


def test_case_ids_are_unique_and_zero_padded(frames: CaseFrames) -> None:
    ids = frames.cases["case_id"]
    assert ids.is_unique
    assert ids.iloc[0] == "R-0000001" and ids.iloc[-1] == "R-0020000"


def test_record_ids_are_unique_within_a_case(frames: CaseFrames) -> None:
    assert not frames.offences.duplicated(["case_idx", "offence_id"]).any()
    assert not frames.incidents.duplicated(["case_idx", "incident_id"]).any()


def test_every_date_lies_on_or_before_as_of(frames: CaseFrames) -> None:
    limit = day(AS_OF)
    for frame, column in (
        (frames.cases, "received_on"),
        (frames.cases, "birth_date"),
        (frames.offences, "date"),
        (frames.incidents, "date"),
    ):
        assert (frame[column] <= limit).all(), column
    assert (frames.cases["received_on"] > day(AS_OF - relativedelta(years=2, days=1))).all()
    assert (frames.offences["date"] > day(AS_OF - relativedelta(years=8, days=1))).all()


def test_offences_come_after_the_14th_birthday(frames: CaseFrames) -> None:
    birth = pd.Series(frames.cases["birth_date"].to_numpy()[frames.offences["case_idx"]])
    when = frames.offences["date"]
    years = when.dt.year - birth.dt.year
    before_birthday = (when.dt.month * 100 + when.dt.day) < (birth.dt.month * 100 + birth.dt.day)
    assert ((years - before_birthday) >= 14).all()


def test_offence_counts_most_low_a_minority_of_repeat_offenders(frames: CaseFrames) -> None:
    counts = per_case(frames, np.ones(len(frames.offences), dtype=bool))
    assert 2.5 <= counts.mean() <= 3.5
    assert (counts <= 2).mean() > 0.5
    convictions = per_case(frames, frames.offences["status"] == "convicted")
    assert 0.05 <= (convictions >= 3).mean() <= 0.40
    assert counts.max() >= 15  # a long tail of intensive offenders


def test_regions_are_unequal_and_all_present(frames: CaseFrames) -> None:
    share = frames.cases["region"].value_counts(normalize=True)
    assert set(share.index) == set(REGIONS) and (share > 0.05).all()
    assert share["duesseldorf"] > share["detmold"] and share["koeln"] > share["detmold"]


def test_offence_categories_and_statuses(frames: CaseFrames) -> None:
    category = frames.offences["category"].value_counts(normalize=True)
    assert category["theft"] > 0.15 and category["homicide"] < 0.01
    assert category["bodily_harm"] > category["robbery"] > category["homicide"]
    status = frames.offences["status"].value_counts(normalize=True)
    assert status.idxmax() == "convicted" and status["convicted"] > 0.5
    assert status[["under_investigation", "charged"]].sum() > 0.05
    assert status[["dismissed", "acquitted"]].sum() > 0.05


def test_sentences(frames: CaseFrames) -> None:
    offences = frames.offences
    convicted = offences["status"] == "convicted"
    assert offences.loc[convicted, "sentence_months"].notna().all()
    assert offences.loc[~convicted, "sentence_months"].isna().all()
    months = offences.loc[convicted, "sentence_months"]
    assert (months == 0).mean() > 0.2 and months.max() >= 36
    violent = offences.loc[convicted, "category"].isin(VIOLENT)
    assert months[violent].median() > months[~violent].median()
    assert not offences.loc[~convicted, ["suspended", "juvenile"]].any().any()
    assert (offences.loc[offences["suspended"], "sentence_months"].between(1, 24)).all()
    assert offences["suspended"].any() and offences["juvenile"].any()


def test_juvenile_sentences_only_for_the_young(frames: CaseFrames) -> None:
    juvenile = frames.offences[frames.offences["juvenile"]]
    birth = frames.cases["birth_date"].to_numpy()[juvenile["case_idx"].to_numpy()]
    age_years = (juvenile["date"].to_numpy() - birth) / np.timedelta64(1, "D") / 365.25
    assert (age_years < 21).all()


def test_incidents_are_for_a_minority_more_in_state_facilities(frames: CaseFrames) -> None:
    has = np.bincount(frames.incidents["case_idx"], minlength=len(frames.cases)) > 0
    assert 0.05 < has.mean() < 0.5
    state = (frames.cases["source"] == "state_facility").to_numpy()
    assert has[state].mean() > has[~state].mean()
    assert set(frames.incidents["severity"].unique()) == {1, 2, 3}


def test_blockers_and_legal_status(frames: CaseFrames) -> None:
    cases = frames.cases
    assert 0.12 <= cases["asylum_pending"].mean() <= 0.18
    assert 0.03 <= cases["deportation_ban"].mean() <= 0.07
    age_days = (day(AS_OF) - cases["birth_date"]).dt.days
    minors = age_days < 18 * 365.25
    assert 0.03 <= minors.mean() <= 0.07 and (age_days >= 14 * 365.25).all()
    assert set(cases["departure_status"].unique()) == {"none", "pending", "enforceable"}
    assert cases["toleration_reason"].notna().any()
    assert set(cases["travel_document"].unique()) == {"valid", "expired", "none", "in_procurement"}


def test_custody_and_release_dates(frames: CaseFrames) -> None:
    cases = frames.cases
    assert 0.05 < cases["in_custody"].mean() < 0.3
    assert cases.loc[~cases["in_custody"], "release_date"].isna().all()
    release = cases.loc[cases["in_custody"], "release_date"].dropna()
    assert (release > day(AS_OF)).all()
    assert (release <= day(AS_OF + relativedelta(years=1))).mean() > 0.6


def test_audit_only_fields_are_filled(frames: CaseFrames) -> None:
    nationality = frames.cases["nationality"]
    assert nationality.notna().all() and nationality.str.fullmatch("[A-Z]{3}").all()
    share = nationality.value_counts(normalize=True)
    assert 10 <= len(share) <= 15 and share.max() > 2 * share.min()
    assert frames.cases["sex"].notna().all()
    assert set(frames.cases["sex"].unique()) == {"f", "m", "x"}


def test_boundary_dates_land_on_window_edges() -> None:
    config = GeneratorConfig(boundary_share=1.0, boundary_months=(36,), release_boundary_days=(90,))
    frames = generate_frames(2_000, seed=3, as_of=AS_OF, config=config)
    edge = AS_OF - relativedelta(months=36)
    edges = {day(edge + relativedelta(days=shift)) for shift in (-1, 0, 1)}
    on_edge = frames.offences["date"].isin(edges)
    assert on_edge.mean() > 0.8  # the rest belong to people too young on that day
    release = frames.cases["release_date"].dropna()
    assert release.isin({day(AS_OF + relativedelta(days=d)) for d in (89, 90, 91)}).all()
    validate_records([c.model_dump() for c in generate_cases(300, 3, AS_OF, config)], today=AS_OF)


def test_small_and_empty_caseloads() -> None:
    (case,) = generate_cases(1, seed=1, as_of=AS_OF)
    assert isinstance(case, Case) and case.case_id == "R-0000001"
    empty = generate_frames(0, seed=1, as_of=AS_OF)
    assert len(empty) == 0 and len(empty.offences) == 0 and len(empty.incidents) == 0
    with pytest.raises(ValueError, match="n must be >= 0"):
        generate_frames(-1, seed=1)
