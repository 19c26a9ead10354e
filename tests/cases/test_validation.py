"""SPEC §1 bulk rules: all or nothing, every issue reported, import-level checks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from cases.validation import CaseInputError, InputIssue, format_path, validate_records
from tests.cases.support import TODAY, issues_raised


def test_clean_input_gives_every_case_in_order(records: list[dict[str, Any]]) -> None:
    cases = validate_records(records, today=TODAY)
    assert [c.case_id for c in cases] == ["EX-3", "EX-2", "EX-1"]


def test_one_bad_record_rejects_the_whole_import(records: list[dict[str, Any]]) -> None:
    records[1]["region"] = "bayern"
    with pytest.raises(CaseInputError) as raised:
        validate_records(records, today=TODAY, source="upload.jsonl")
    assert [i.case_id for i in raised.value.issues] == ["EX-2"]
    assert "upload.jsonl" in str(raised.value) and "nothing was stored" in str(raised.value)


def test_every_issue_is_reported_not_just_the_first(records: list[dict[str, Any]]) -> None:
    records[0]["asylum_pending"] = "yes"
    records[0]["offences"][0]["sentence_months"] = -3
    records[2]["offences"][2]["status"] = "guilty"
    records[2]["color"] = "blue"
    issues = issues_raised(validate_records, records, today=TODAY)
    found = {(i.line, i.case_id, i.path) for i in issues}
    assert found == {
        (1, "EX-3", "asylum_pending"),
        (1, "EX-3", "offences[0].sentence_months"),
        (3, "EX-1", "offences[2].status"),
        (3, "EX-1", "color"),
    }


def test_duplicate_case_id_points_to_the_first(records: list[dict[str, Any]]) -> None:
    records.append(dict(records[0]))
    (issue,) = issues_raised(validate_records, records, today=TODAY)
    assert (issue.line, issue.case_id, issue.path) == (4, "EX-3", "case_id")
    assert (issue.code, issue.expected) == ("duplicate_case_id", "1")
    assert "steht schon in Zeile 1" in issue.message


def test_duplicate_case_id_of_an_invalid_record_is_reported(records: list[dict[str, Any]]) -> None:
    records.append(dict(records[0]))
    records[0]["region"] = "bayern"
    issues = issues_raised(validate_records, records, today=TODAY)
    assert ("EX-3", "case_id") in {(i.case_id, i.path) for i in issues}


@pytest.mark.parametrize(
    ("where", "path"),
    [
        (lambda r: r[0], "received_on"),
        (lambda r: r[0], "birth_date"),
        (lambda r: r[0]["offences"][1], "offences[1].date"),
        (lambda r: r[1]["incidents"][0], "incidents[0].date"),
    ],
)
def test_a_date_after_the_day_of_import_is_an_error(
    records: list[dict[str, Any]], where: Any, path: str
) -> None:
    record = where(records)
    field = path.rsplit(".", 1)[-1]
    record[field] = (TODAY + timedelta(days=1)).isoformat()
    (issue,) = issues_raised(validate_records, records, today=TODAY)
    assert issue.path == path
    assert (issue.code, issue.expected) == ("date_future", "2026-11-23")
    assert "nach dem Tag des Imports" in issue.message


def test_a_date_on_the_day_of_import_is_fine(records: list[dict[str, Any]]) -> None:
    records[0]["received_on"] = TODAY.isoformat()
    records[0]["offences"][1]["date"] = TODAY.isoformat()
    assert len(validate_records(records, today=TODAY)) == 3


def test_release_date_may_lie_in_the_future(records: list[dict[str, Any]]) -> None:
    records[0].update(in_custody=True, release_date="2027-05-01")
    assert validate_records(records, today=TODAY)[0].release_date.isoformat() == "2027-05-01"


@pytest.mark.parametrize("raw", [["EX-1"], "EX-1", 3, None])
def test_a_record_that_is_not_an_object(records: list[dict[str, Any]], raw: Any) -> None:
    (issue,) = issues_raised(validate_records, [records[0], raw], today=TODAY)
    assert (issue.line, issue.case_id) == (2, None)
    assert issue.code == "not_object" and "erwartet ein JSON-Objekt" in issue.message


def test_issue_text_names_line_case_path_and_problem() -> None:
    issue = InputIssue("EX-1", "offences[2].sentence_months", "must be >= 0; found -1", 7)
    assert str(issue) == "Zeile 7: Fall EX-1: offences[2].sentence_months: must be >= 0; found -1"
    assert issue.format("en").startswith("line 7: case EX-1: ")
    assert issue.as_dict() == {
        "case_id": "EX-1",
        "path": "offences[2].sentence_months",
        "message": "must be >= 0; found -1",
        "line": 7,
        "code": None,
        "found": None,
        "expected": None,
    }


def test_format_path() -> None:
    assert format_path(("offences", 2, "sentence_months")) == "offences[2].sentence_months"
    assert format_path(()) == "<record>"
