"""The columnar checks against the pydantic model, the definition of SPEC §1.

Hypothesis draws caseloads of good cases and spoils them with every kind of bad record SPEC §1
knows: wrong JSON types at every level, values outside a vocabulary, case ids and nationalities
that break their pattern, empty and overlong record ids, dates in the wrong form, dates that do
not exist and dates after the day of import, negative and missing sentences, severities outside
1..3, missing and unknown fields, records and list items that are no objects, lists that are no
lists, repeated record ids in a case and repeated case ids in the input. The model
(``validate_records``) and the columnar checks (``read_records`` on Python values, and
``read_caseload`` on the same records written as JSON Lines and as a JSON array: the Arrow fast
path, its fall-back and the exact reader) must give the same verdict and the same issues, code,
path, found, expected and message in both languages; good caseloads the same frames, also when
written as Parquet and as CSV and read back.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.columnar import read_caseload, read_records
from cases.frames import frames_from_cases
from cases.validation import CaseInputError, InputIssue, validate_records
from tests.strategies import cases

TODAY = date(2026, 11, 23)

CASE_FIELDS = [
    "case_id",
    "region",
    "received_on",
    "source",
    "birth_date",
    "departure_status",
    "asylum_pending",
    "deportation_ban",
    "toleration_reason",
    "travel_document",
    "in_custody",
    "release_date",
    "offences",
    "incidents",
    "nationality",
    "sex",
]
OFFENCE_FIELDS = [
    "offence_id",
    "date",
    "category",
    "status",
    "sentence_months",
    "suspended",
    "juvenile",
]
INCIDENT_FIELDS = ["incident_id", "date", "type", "severity"]

#: Values of every JSON type and the edges of every rule.
BAD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    4,
    3.0,
    -0.5,
    2.5,
    10**30,
    "",
    "false",
    "true",
    "30",
    "x",
    "koeln ",
    "Koeln",
    "bonn",
    "convicted",
    "theft",
    "threat",
    "a b",
    "..",
    "R-1",
    "Ä-1",
    "x" * 65,
    "DEU",
    "de",
    "DEUX",
    "2020-02-30",
    "2021-02-29",
    "2024-02-29",
    "0000-01-01",
    "2020-13-01",
    "2020-1-01",
    "2020-01-01T00:00:00",
    "20200101",
    "٢٠٢٠-01-01",
    (TODAY + timedelta(days=1)).isoformat(),
    TODAY.isoformat(),
    "9999-12-31",
    [],
    ["x"],
    {},
    {"a": 1},
]


def _dump(case: Any) -> dict[str, Any]:
    return json.loads(json.dumps(case.model_dump(mode="json")))


@st.composite
def spoiled_caseloads(draw: st.DrawFn) -> list[Any]:
    size = draw(st.integers(1, 4))
    records: list[Any] = [_dump(draw(cases(TODAY, case_id=f"C-{i}"))) for i in range(size)]
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(
            st.sampled_from(
                [
                    "case_field",
                    "case_field",
                    "nested_field",
                    "nested_field",
                    "nested_field",
                    "delete",
                    "unknown",
                    "duplicate_record",
                    "duplicate_case",
                    "not_object",
                    "item_not_object",
                    "conviction",
                ]
            )
        )
        row = draw(st.integers(0, len(records) - 1))
        record = records[row]
        if not isinstance(record, dict):
            continue
        if kind == "case_field":
            record[draw(st.sampled_from(CASE_FIELDS))] = draw(st.sampled_from(BAD_VALUES))
        elif kind in ("nested_field", "delete", "unknown", "item_not_object", "conviction"):
            lists = [k for k in ("offences", "incidents") if isinstance(record.get(k), list)]
            nested = [(k, i) for k in lists for i in range(len(record[k]))]
            if kind == "delete" and (not nested or draw(st.booleans())):
                record.pop(draw(st.sampled_from(CASE_FIELDS)), None)
                continue
            if kind == "unknown" and (not nested or draw(st.booleans())):
                record[draw(st.sampled_from(["name", "court", "Case_id"]))] = 1
                continue
            if not nested:
                continue
            list_name, index = draw(st.sampled_from(nested))
            item = record[list_name][index]
            if not isinstance(item, dict):
                continue
            fields = OFFENCE_FIELDS if list_name == "offences" else INCIDENT_FIELDS
            if kind == "nested_field":
                item[draw(st.sampled_from(fields))] = draw(st.sampled_from(BAD_VALUES))
            elif kind == "delete":
                item.pop(draw(st.sampled_from(fields)), None)
            elif kind == "unknown":
                item["court"] = "AG"
            elif kind == "item_not_object":
                record[list_name][index] = draw(st.sampled_from([None, "O1", 3, ["x"]]))
            elif kind == "conviction" and list_name == "offences":
                item["status"] = "convicted"
                if draw(st.booleans()):
                    item.pop("sentence_months", None)
                else:
                    item["sentence_months"] = None
        elif kind == "duplicate_record":
            for list_name, key in (("offences", "offence_id"), ("incidents", "incident_id")):
                items = record.get(list_name)
                if isinstance(items, list) and len(items) >= 2 and isinstance(items[-1], dict):
                    first = items[draw(st.integers(0, len(items) - 2))]
                    if isinstance(first, dict):
                        items[-1][key] = first.get(key)
                    break
        elif kind == "duplicate_case":
            other = draw(st.integers(0, len(records) - 1))
            if isinstance(records[other], dict):
                record["case_id"] = records[other].get("case_id")
        elif kind == "not_object":
            records[row] = draw(st.sampled_from([None, "C-1", 3, ["C-1"], []]))
    return records


def _key(issue: InputIssue) -> tuple[Any, ...]:
    return (
        issue.line,
        issue.case_id,
        issue.path,
        issue.code,
        issue.found,
        issue.expected,
        issue.text("de"),
        issue.text("en"),
    )


def _model(records: list[Any]) -> tuple[Any, list[tuple[Any, ...]]]:
    try:
        good = validate_records(records, today=TODAY)
    except CaseInputError as error:
        return None, sorted(map(_key, error.issues), key=repr)
    return frames_from_cases(good), []


def _same_frames(left: Any, right: Any) -> None:
    for a, b in (
        (left.cases, right.cases),
        (left.offences, right.offences),
        (left.incidents, right.incidents),
    ):
        pd.testing.assert_frame_equal(a, b)


def _jsonl(records: list[Any]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def _json_array(records: list[Any]) -> bytes:
    # record i starts on line i + 1, as in JSON Lines
    return ("[" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "]").encode()


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spoiled_caseloads())
def test_columnar_checks_give_the_models_verdict_and_issues(records: list[Any]) -> None:
    expected_frames, expected = _model(records)
    frames, issues = read_records(records, today=TODAY)
    assert sorted(map(_key, issues), key=repr) == expected
    for payload, fmt in ((_jsonl(records), "jsonl"), (_json_array(records), "json")):
        read, error = read_caseload(payload, fmt, today=TODAY)
        got = sorted(map(_key, error.issues), key=repr) if error else []
        assert got == expected, fmt
        if expected_frames is not None:
            assert read is not None
            _same_frames(read, expected_frames)
    if expected_frames is not None:
        assert frames is not None
        _same_frames(frames, expected_frames)
    if expected_frames is not None and len(expected_frames):
        # the good caseload written as Parquet and as CSV: read back into the same frames
        for written, fmt in _written(expected_frames):
            read, error = read_caseload(written, fmt, today=TODAY)
            assert error is None and read is not None, (fmt, error and error.issues)
            _same_frames(read, expected_frames)


def _written(frames: Any) -> list[tuple[bytes, str]]:
    import io
    import tempfile
    from pathlib import Path

    import pyarrow.parquet as pq

    from cases.io import frames_to_arrow, write_frames

    buffer = io.BytesIO()
    pq.write_table(frames_to_arrow(frames), buffer)
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "c.zip"
        write_frames(frames, target, "csv-zip")
        return [(buffer.getvalue(), "parquet"), (target.read_bytes(), "csv-zip")]
