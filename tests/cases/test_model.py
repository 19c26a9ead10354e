"""SPEC §1: the case model is strict. Each test names the bad input the spec lists."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from cases.model import Case, Offence
from cases.validation import CaseInputError, InputIssue, validate_records
from tests.cases.support import TODAY


def issues_of(record: dict[str, Any]) -> list[InputIssue]:
    """The issues validate_records reports for one record (empty when it is valid)."""
    try:
        validate_records([record], today=TODAY)
    except CaseInputError as error:
        return error.issues
    return []


def paths_of(record: dict[str, Any]) -> list[str]:
    return [issue.path for issue in issues_of(record)]


def test_the_worked_example_is_valid(records: list[dict[str, Any]]) -> None:
    cases = [Case.model_validate(r) for r in records]
    assert [c.case_id for c in cases] == ["EX-3", "EX-2", "EX-1"]
    assert cases[2].offences[0].suspended is True
    assert cases[2].offences[1].suspended is False  # the default


def test_bool_as_string_is_rejected(records: list[dict[str, Any]]) -> None:
    records[0]["asylum_pending"] = "false"
    (issue,) = issues_of(records[0])
    assert issue.path == "asylum_pending"
    assert (issue.code, issue.expected, issue.found) == ("type", "boolean", "'false'")
    assert "Wahrheitswert" in issue.message and "'false'" in issue.message
    assert "a boolean" in issue.text("en")


@pytest.mark.parametrize("value", [1, 0, "true", None])
def test_nested_bool_accepts_only_booleans(records: list[dict[str, Any]], value: Any) -> None:
    records[0]["offences"][0]["suspended"] = value
    assert paths_of(records[0]) == ["offences[0].suspended"]


def test_number_as_string_is_rejected(records: list[dict[str, Any]]) -> None:
    records[0]["offences"][0]["sentence_months"] = "30"
    assert paths_of(records[0]) == ["offences[0].sentence_months"]


def test_integral_float_severity_is_rejected(records: list[dict[str, Any]]) -> None:
    records[1]["incidents"][0]["severity"] = 3.0
    assert paths_of(records[1]) == ["incidents[0].severity"]


@pytest.mark.parametrize("severity", [0, 4])
def test_severity_outside_1_to_3_is_rejected(records: list[dict[str, Any]], severity: int) -> None:
    records[1]["incidents"][0]["severity"] = severity
    assert paths_of(records[1]) == ["incidents[0].severity"]


def test_unknown_fields_are_errors_at_every_level(records: list[dict[str, Any]]) -> None:
    records[0]["name"] = "Max"
    records[0]["offences"][1]["court"] = "AG Münster"
    issues = issues_of(records[0])
    assert sorted(i.path for i in issues) == ["name", "offences[1].court"]
    assert all(i.code == "unknown_field" for i in issues)
    assert all("unbekanntes Feld" in i.message for i in issues)


@pytest.mark.parametrize("field", ["region", "birth_date", "offences", "incidents"])
def test_missing_required_field(records: list[dict[str, Any]], field: str) -> None:
    del records[0][field]
    (issue,) = issues_of(records[0])
    assert (issue.path, issue.message) == (field, "Pflichtfeld fehlt")
    assert issue.text("en") == "required field is missing"


def test_missing_nested_field_names_the_record(records: list[dict[str, Any]]) -> None:
    del records[2]["offences"][3]["category"]
    assert paths_of(records[2]) == ["offences[3].category"]


def test_optional_fields_may_be_absent(records: list[dict[str, Any]]) -> None:
    for field in ("toleration_reason", "release_date", "nationality", "sex"):
        records[0].pop(field, None)
    case = Case.model_validate(records[0])
    assert (case.toleration_reason, case.release_date, case.nationality, case.sex) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "value", ["2026-02-30", "2025-13-01", "2026-2-3", "03.03.1988", "2026-11-23T00:00:00", 20261123]
)
def test_dates_must_exist_and_be_iso(records: list[dict[str, Any]], value: Any) -> None:
    records[0]["birth_date"] = value
    (issue,) = issues_of(records[0])
    assert issue.path == "birth_date"
    assert repr(value) in issue.message


def test_a_date_object_is_accepted() -> None:
    offence = Offence.model_validate(
        {"offence_id": "A", "date": date(2024, 2, 29), "category": "theft", "status": "charged"}
    )
    assert offence.date == date(2024, 2, 29)


def test_negative_sentence_is_rejected(records: list[dict[str, Any]]) -> None:
    records[0]["offences"][0]["sentence_months"] = -1
    (issue,) = issues_of(records[0])
    assert issue.path == "offences[0].sentence_months"
    assert (issue.code, issue.expected, issue.found) == ("too_small", "0", "-1")


@pytest.mark.parametrize("absent", ["missing", "null"])
def test_conviction_needs_a_sentence(records: list[dict[str, Any]], absent: str) -> None:
    offence = records[0]["offences"][0]
    assert offence["status"] == "convicted"
    if absent == "missing":
        del offence["sentence_months"]
    else:
        offence["sentence_months"] = None
    (issue,) = issues_of(records[0])
    assert issue.path == "offences[0].sentence_months"
    assert issue.code == "missing_sentence" and "Verurteilung" in issue.message


def test_open_proceedings_need_no_sentence(records: list[dict[str, Any]]) -> None:
    assert records[0]["offences"][1]["status"] == "under_investigation"
    assert "sentence_months" not in records[0]["offences"][1]
    assert issues_of(records[0]) == []


def test_a_fine_is_a_sentence_of_zero(records: list[dict[str, Any]]) -> None:
    records[0]["offences"][0]["sentence_months"] = 0
    assert Case.model_validate(records[0]).offences[0].sentence_months == 0


def test_duplicate_offence_id_names_the_second_record(records: list[dict[str, Any]]) -> None:
    records[2]["offences"][1]["offence_id"] = "T1"
    (issue,) = issues_of(records[2])
    assert issue.path == "offences[1].offence_id"
    assert (issue.code, issue.found, issue.expected) == ("duplicate_record_id", "'T1'", "0")


def test_duplicate_incident_id_names_the_second_record(records: list[dict[str, Any]]) -> None:
    records[1]["incidents"].append(dict(records[1]["incidents"][0]))
    assert paths_of(records[1]) == ["incidents[1].incident_id"]


def test_duplicate_id_message_names_the_id(records: list[dict[str, Any]]) -> None:
    records[2]["offences"][1]["offence_id"] = "T1"
    (issue,) = issues_of(records[2])
    assert "'T1'" in issue.message and "{" not in issue.message


@pytest.mark.parametrize("case_id", ["", "EX 1", "Müller", "x" * 65, "a/b"])
def test_case_id_is_a_pseudonymous_token(records: list[dict[str, Any]], case_id: str) -> None:
    records[0]["case_id"] = case_id
    assert paths_of(records[0]) == ["case_id"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("region", "bayern"), ("sex", "d"), ("nationality", "syr"), ("source", "police")],
)
def test_vocabularies_are_closed(records: list[dict[str, Any]], field: str, value: str) -> None:
    records[0][field] = value
    assert paths_of(records[0]) == [field]


def test_models_are_frozen(records: list[dict[str, Any]]) -> None:
    case = Case.model_validate(records[0])
    with pytest.raises(ValidationError):
        case.region = "koeln"  # type: ignore[misc]
