"""Every SPEC §1 format reads through the same validation and round-trips losslessly."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cases.frames import frames_from_cases
from cases.generator import GeneratorConfig, generate_frames
from cases.io import (
    CASE_KINDS,
    FORMATS,
    INCIDENT_KINDS,
    OFFENCE_KINDS,
    UnsupportedFormatError,
    detect_format,
    format_from_filename,
    load_cases,
    load_frames,
    parse_payload,
    write_cases,
    write_frames,
)
from cases.model import CASE_FIELDS, INCIDENT_FIELDS, OFFENCE_FIELDS, Case
from cases.validation import validate_records
from tests.cases.support import TODAY, issues_raised

TARGETS = {
    "jsonl": "cases.jsonl",
    "json": "cases.json",
    "parquet": "cases.parquet",
    "csv": "csv_dir",
    "csv-zip": "cases.zip",
}
CASE_HEADER = (
    "case_id,region,received_on,source,birth_date,departure_status,asylum_pending,"
    "deportation_ban,toleration_reason,travel_document,in_custody,release_date,"
    "nationality,sex"
)
OFFENCE_HEADER = "case_id,offence_id,date,category,status,sentence_months,suspended,juvenile"
INCIDENT_HEADER = "case_id,incident_id,date,type,severity"


def dumped(cases: list[Case]) -> list[dict[str, Any]]:
    return [c.model_dump() for c in cases]


def awkward_case(records: list[dict[str, Any]]) -> dict[str, Any]:
    """A valid case whose strings need quoting and escaping in every format."""
    case = dict(records[2], case_id="EX-4")
    case["offences"] = [dict(o) for o in records[2]["offences"]]
    case["offences"][0]["offence_id"] = 'a,"b"\nc'
    case["offences"][1]["offence_id"] = "Ü\u2028x"
    case["offences"][2]["sentence_months"] = 4.5
    return case


def write_csv_dir(
    directory: Path, cases: str, offences: str = OFFENCE_HEADER, incidents: str = INCIDENT_HEADER
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in (
        ("cases.csv", cases),
        ("offences.csv", offences),
        ("incidents.csv", incidents),
    ):
        (directory / name).write_text(text + "\n", encoding="utf-8")
    return directory


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_the_examples(
    tmp_path: Path, records: list[dict[str, Any]], fmt: str
) -> None:
    cases = validate_records([*records, awkward_case(records)], today=TODAY)
    target = tmp_path / TARGETS[fmt]
    write_cases(cases, target, fmt)
    assert dumped(load_cases(target, today=TODAY)) == dumped(cases)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_generated_frames(tmp_path: Path, fmt: str) -> None:
    config = GeneratorConfig(boundary_share=0.2)
    frames = generate_frames(400, seed=11, as_of=TODAY, config=config)
    target = tmp_path / TARGETS[fmt]
    write_frames(frames, target)  # the format from the suffix (no suffix: a CSV directory)
    again = load_frames(target, today=TODAY)
    for name in ("cases", "offences", "incidents"):
        left, right = getattr(frames, name), getattr(again, name)
        assert left.astype(object).equals(right.astype(object)), name


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_caseload_is_an_error_in_a_file_and_nothing_in_an_upload(
    tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / TARGETS[fmt]
    write_frames(generate_frames(0, seed=1, as_of=TODAY), target, fmt)
    (issue,) = issues_raised(load_cases, target, today=TODAY)
    assert (issue.code, issue.path) == ("file.empty", target.name)
    assert issue.format().startswith(f"{target.name}: die Eingabe enthält keinen Fall")
    if fmt != "csv":
        payload = target.read_bytes()
        assert parse_payload(payload, fmt=fmt, today=TODAY) == []


def test_writers_group_records_that_are_not_sorted_by_case(tmp_path: Path) -> None:
    frames = generate_frames(50, seed=3, as_of=TODAY)
    shuffled = frames.offences.sample(frac=1.0, random_state=1).reset_index(drop=True)
    assert not shuffled["case_idx"].is_monotonic_increasing
    frames.offences = shuffled
    for fmt in FORMATS:
        target = tmp_path / TARGETS[fmt]
        write_frames(frames, target, fmt)
        loaded = load_cases(target, today=TODAY)
        counts = np.bincount(shuffled["case_idx"], minlength=50)
        assert [len(c.offences) for c in loaded] == counts.tolist(), fmt


def test_jsonl_output_keeps_the_spec_key_order(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    write_cases(validate_records(records, today=TODAY), tmp_path / "x.jsonl")
    first = json.loads((tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert list(first) == list(CASE_FIELDS)
    assert list(first["offences"][0]) == list(OFFENCE_FIELDS)
    assert first["offences"][0]["sentence_months"] == 30  # integral months are written as ints


def test_parquet_layout_is_one_row_per_case_with_nested_lists(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    write_cases(validate_records(records, today=TODAY), tmp_path / "x.parquet")
    table = pq.read_table(tmp_path / "x.parquet")
    assert table.num_rows == 3 and table.column_names == list(CASE_FIELDS)
    offence = table.schema.field("offences").type
    assert pa.types.is_list(offence) and pa.types.is_struct(offence.value_type)
    assert [offence.value_type.field(i).name for i in range(offence.value_type.num_fields)] == list(
        OFFENCE_FIELDS
    )
    assert table.schema.field("received_on").type == pa.date32()
    assert table.column("offences").to_pylist()[2][3]["sentence_months"] is None


def test_csv_layout_is_three_files_joined_by_case_id(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    write_cases(validate_records(records, today=TODAY), tmp_path / "out")
    lines = {
        name: (tmp_path / "out" / name).read_text(encoding="utf-8").splitlines()
        for name in ("cases.csv", "offences.csv", "incidents.csv")
    }
    assert lines["cases.csv"][0].replace('"', "") == CASE_HEADER
    assert lines["offences.csv"][0].replace('"', "") == OFFENCE_HEADER
    assert (
        lines["offences.csv"][1] == "EX-3,D1,2023-04-18,drug_trafficking,convicted,30,false,false"
    )
    assert lines["incidents.csv"][1] == "EX-2,V1,2026-10-12,violence_against_persons,3"


def test_the_kind_tables_cover_exactly_the_model_fields() -> None:
    assert set(CASE_KINDS) == set(CASE_FIELDS) - {"offences", "incidents"}
    assert set(OFFENCE_KINDS) == set(OFFENCE_FIELDS)
    assert set(INCIDENT_KINDS) == set(INCIDENT_FIELDS)


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_syntax_error_names_its_line_and_other_lines_are_still_checked(
    tmp_path: Path, examples_path: Path
) -> None:
    lines = examples_path.read_text(encoding="utf-8").splitlines()
    broken = lines[1].replace('"region": "arnsberg",', '"region": "arnsberg"')
    bad_type = lines[2].replace('"in_custody": false', '"in_custody": "no"')
    (tmp_path / "x.jsonl").write_text(
        "\n".join([lines[0], broken, "", bad_type]) + "\n", encoding="utf-8"
    )
    issues = issues_raised(load_cases, tmp_path / "x.jsonl", today=TODAY)
    assert [(i.line, i.case_id, i.path) for i in issues] == [
        (2, "EX-2", "<record>"),
        (4, "EX-1", "in_custody"),
    ]
    assert issues[0].message.startswith("ungültiges JSON: Expecting ',' delimiter (Spalte")
    assert issues[0].text("en").startswith("invalid JSON: Expecting ',' delimiter (column")


def test_jsonl_lines_are_physical_lines_even_after_blank_lines(
    tmp_path: Path, examples_path: Path
) -> None:
    first = examples_path.read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "x.jsonl").write_text(f"\n{first}\n\n\n{first}\n", encoding="utf-8")
    (issue,) = issues_raised(load_cases, tmp_path / "x.jsonl", today=TODAY)
    assert (issue.line, issue.path) == (5, "case_id")
    assert (issue.code, issue.expected) == ("duplicate_case_id", "2")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"case_id": "A", "case_id": "B"}', "Schlüssel 'case_id' steht zweimal"),
        ('{"case_id": "A", "x": NaN}', "NaN ist keine JSON-Zahl"),
        ('{"case_id": "A", "x": Infinity}', "Infinity ist keine JSON-Zahl"),
    ],
)
def test_json_that_would_lose_or_invent_values_is_rejected(
    tmp_path: Path, text: str, expected: str
) -> None:
    (tmp_path / "x.jsonl").write_text(text + "\n", encoding="utf-8")
    (issue,) = issues_raised(load_cases, tmp_path / "x.jsonl", today=TODAY)
    assert issue.line == 1 and expected in issue.message and issue.case_id == "A"


@pytest.mark.parametrize("text", ["", "\n", "\n  \n"])
def test_an_empty_jsonl_file_is_an_error(tmp_path: Path, text: str) -> None:
    (tmp_path / "x.ndjson").write_text(text, encoding="utf-8")
    (issue,) = issues_raised(load_cases, tmp_path / "x.ndjson", today=TODAY)
    assert issue.code == "file.empty" and "keinen Fall" in issue.message


# --------------------------------------------------------------------------- JSON array


def test_json_array_issues_name_the_line_where_the_case_starts(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    records[1]["severity_note"] = "x"
    (tmp_path / "x.json").write_text(json.dumps(records, indent=2), encoding="utf-8")
    text = (tmp_path / "x.json").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(text, 1) if '"case_id": "EX-2"' in line) - 1
    (issue,) = issues_raised(load_cases, tmp_path / "x.json", today=TODAY)
    assert (issue.line, issue.case_id, issue.path) == (start, "EX-2", "severity_note")


def test_a_single_object_is_not_a_json_array(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    (tmp_path / "x.json").write_text(json.dumps(records[0]), encoding="utf-8")
    (issue,) = issues_raised(load_cases, tmp_path / "x.json", today=TODAY)
    assert issue.code == "json.one_object"
    assert "erwartet eine JSON-Liste von Fall-Objekten" in issue.message
    assert ".jsonl" in issue.message


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("", 1, "keinen Fall"),
        ('[\n{"case_id": "A"}\n{"case_id": "B"}\n]', 3, "erwartet „,“ oder „]“"),
        ('[\n{"case_id": "A",\n', 3, "ungültiges JSON"),
        ("[]\n[]", 2, "weitere Daten nach der Liste"),
    ],
)
def test_broken_json_arrays(tmp_path: Path, text: str, line: int, expected: str) -> None:
    (tmp_path / "x.json").write_text(text, encoding="utf-8")
    issues = issues_raised(load_cases, tmp_path / "x.json", today=TODAY)
    assert any(i.line == line and expected in i.message for i in issues), issues


def test_json_array_reads_on_after_a_duplicate_key(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    records[2]["region"] = "bayern"
    text = json.dumps(records).replace(
        '"region": "muenster"', '"region": "muenster", "region": "koeln"'
    )
    (tmp_path / "x.json").write_text(text, encoding="utf-8")
    issues = issues_raised(load_cases, tmp_path / "x.json", today=TODAY)
    assert [(i.case_id, i.path) for i in issues] == [("EX-3", "<record>"), ("EX-1", "region")]


def test_an_empty_json_array_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text(" [ ] \n", encoding="utf-8")
    (issue,) = issues_raised(load_cases, tmp_path / "x.json", today=TODAY)
    assert issue.code == "file.empty"


# --------------------------------------------------------------------------- CSV

CSV_CASE = (
    "C-1,koeln,2026-01-05,municipal,1990-01-01,enforceable,false,FALSE,,valid,true,2027-01-01,SYR,m"
)


def test_csv_cells_are_converted_by_the_schema(tmp_path: Path) -> None:
    directory = write_csv_dir(
        tmp_path / "in",
        f"{CASE_HEADER}\n{CSV_CASE}",
        f"{OFFENCE_HEADER}\nC-1,O1,2025-01-01,theft,convicted,4.5,true,\n"
        f"C-1,O2,2025-02-01,theft,charged,,,\nC-1,O3,2025-03-01,fraud,convicted,0,,",
        f"{INCIDENT_HEADER}\nC-1,V1,2025-03-01,threat,2",
    )
    (case,) = load_cases(directory, today=TODAY)
    assert (case.asylum_pending, case.deportation_ban, case.in_custody) == (False, False, True)
    assert case.toleration_reason is None and case.release_date == date(2027, 1, 1)
    assert [(o.sentence_months, o.suspended, o.juvenile) for o in case.offences] == [
        (4.5, True, False),
        (None, False, False),
        (0, False, False),
    ]
    assert case.incidents[0].severity == 2


def test_csv_path_may_name_cases_csv(tmp_path: Path) -> None:
    directory = write_csv_dir(tmp_path / "in", f"{CASE_HEADER}\n{CSV_CASE}")
    assert [c.case_id for c in load_cases(directory / "cases.csv", today=TODAY)] == ["C-1"]


def test_unconvertible_csv_cells_are_reported_as_wrong_types(tmp_path: Path) -> None:
    bad_case = CSV_CASE.replace(",false,FALSE,", ",yes,FALSE,").replace("1990-01-01", "1990-02-30")
    directory = write_csv_dir(
        tmp_path / "in",
        f"{CASE_HEADER}\n{CSV_CASE.replace('C-1', 'C-0')}\n{bad_case}",
        f"{OFFENCE_HEADER}\nC-1,O1,2025-01-01,theft,convicted,abc,,\n"
        f"C-1,O2,2025-01-01,theft,convicted,nan,,",
        f"{INCIDENT_HEADER}\nC-1,V1,2025-03-01,threat,2.0",
    )
    issues = issues_raised(load_cases, directory, today=TODAY)
    found = {(i.line, i.case_id, i.path): i.message for i in issues}
    assert set(found) == {
        (3, "C-1", "asylum_pending"),
        (3, "C-1", "birth_date"),
        (3, "C-1", "offences[0].sentence_months"),
        (3, "C-1", "offences[1].sentence_months"),
        (3, "C-1", "incidents[0].severity"),
    }
    assert "'yes'" in found[(3, "C-1", "asylum_pending")]
    assert "'abc'" in found[(3, "C-1", "offences[0].sentence_months")]
    assert found[(3, "C-1", "offences[1].sentence_months")].endswith("(offences.csv Zeile 3)")
    assert "'2.0'" in found[(3, "C-1", "incidents[0].severity")]


def test_an_empty_csv_cell_means_absent(tmp_path: Path) -> None:
    directory = write_csv_dir(
        tmp_path / "in",
        f"{CASE_HEADER}\n{CSV_CASE.replace('koeln', '')}",
        f"{OFFENCE_HEADER}\nC-1,O1,2025-01-01,theft,convicted,,,",
    )
    issues = issues_raised(load_cases, directory, today=TODAY)
    assert [(i.path, i.message.split(";")[0]) for i in issues] == [
        ("region", "Pflichtfeld fehlt"),
        (
            "offences[0].sentence_months",
            "bei einer Verurteilung Pflicht: erwartet eine Zahl ≥ 0 (0 = nur Geldstrafe), "
            "gefunden None (offences.csv Zeile 2)",
        ),
    ]


def test_unknown_and_missing_columns_are_reported_once(tmp_path: Path) -> None:
    header = CASE_HEADER.replace("region,", "") + ",name"
    row = CSV_CASE.replace("koeln,", "") + ",Max"
    directory = write_csv_dir(
        tmp_path / "in", f"{header}\n{row}\n{row.replace('C-1', 'C-2')}", f"{OFFENCE_HEADER},court"
    )
    issues = issues_raised(load_cases, directory, today=TODAY)
    assert sorted((i.line, i.path, i.message) for i in issues) == [
        (1, "name", "unbekannte Spalte in cases.csv (nicht Teil des Fallformats)"),
        (1, "offences[*].court", "unbekannte Spalte in offences.csv (nicht Teil des Fallformats)"),
        (1, "region", "Pflichtspalte fehlt in cases.csv"),
    ]


def test_records_of_unknown_cases_are_issues(tmp_path: Path) -> None:
    directory = write_csv_dir(
        tmp_path / "in",
        f"{CASE_HEADER}\n{CSV_CASE}",
        f"{OFFENCE_HEADER}\nC-9,O1,2025-01-01,theft,charged,,,",
        f"{INCIDENT_HEADER}\n,V1,2025-03-01,threat,2",
    )
    issues = issues_raised(load_cases, directory, today=TODAY)
    assert [(i.case_id, i.path, i.message) for i in issues] == [
        ("C-9", "offences", "case_id 'C-9' steht nicht in cases.csv (offences.csv Zeile 2)"),
        (None, "incidents", "case_id '' steht nicht in cases.csv (incidents.csv Zeile 2)"),
    ]


def test_csv_line_numbers_count_quoted_line_breaks(tmp_path: Path) -> None:
    directory = write_csv_dir(
        tmp_path / "in",
        f"{CASE_HEADER}\n{CSV_CASE}",
        f'{OFFENCE_HEADER}\nC-1,"two\nlines",2025-01-01,theft,charged,,,\n'
        f"C-1,O2,2025-01-01,robbery,charged,,,maybe",
    )
    (issue,) = issues_raised(load_cases, directory, today=TODAY)
    assert (issue.line, issue.path, issue.message) == (
        2,
        "offences[1].juvenile",
        "falscher Typ: erwartet einen Wahrheitswert (true/false), gefunden 'maybe' "
        "(offences.csv Zeile 4)",
    )


def test_duplicate_case_ids_in_cases_csv(tmp_path: Path) -> None:
    directory = write_csv_dir(
        tmp_path / "in",
        f"{CASE_HEADER}\n{CSV_CASE}\n{CSV_CASE}",
        f"{OFFENCE_HEADER}\nC-1,O1,2025-01-01,theft,charged,,,",
    )
    (issue,) = issues_raised(load_cases, directory, today=TODAY)
    assert (issue.line, issue.path, issue.message) == (
        3,
        "case_id",
        "case_id doppelt in dieser Eingabe: 'C-1' steht schon in Zeile 2",
    )


def test_a_row_with_too_many_cells(tmp_path: Path) -> None:
    directory = write_csv_dir(tmp_path / "in", f"{CASE_HEADER}\n{CSV_CASE},extra")
    (issue,) = issues_raised(load_cases, directory, today=TODAY)
    assert issue.line == 2 and "15 Zellen, aber 14 Spalten" in issue.message
    assert issue.text("en") == "15 cells but 14 columns in the header (cases.csv line 2)"


def test_a_missing_csv_file_is_an_issue(tmp_path: Path) -> None:
    directory = write_csv_dir(tmp_path / "in", f"{CASE_HEADER}\n{CSV_CASE}")
    (directory / "incidents.csv").unlink()
    (issue,) = issues_raised(load_cases, directory, today=TODAY)
    assert issue.message.startswith("incidents.csv fehlt")


def test_csv_from_a_spreadsheet_with_byte_order_mark(tmp_path: Path) -> None:
    directory = write_csv_dir(tmp_path / "in", f"{CASE_HEADER}\n{CSV_CASE}")
    text = (directory / "cases.csv").read_text(encoding="utf-8")
    (directory / "cases.csv").write_text(text, encoding="utf-8-sig")
    assert len(load_cases(directory, today=TODAY)) == 1


# --------------------------------------------------------------------------- Parquet


def parquet_of(rows: list[dict[str, Any]], schema: pa.Schema | None = None) -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), sink)
    return sink.getvalue()


def test_parquet_nulls_mean_absent(records: list[dict[str, Any]]) -> None:
    rows = [
        dict(
            records[0],
            nationality=None,
            sex=None,
            offences=[
                dict(o, sentence_months=o.get("sentence_months"), suspended=None, juvenile=None)
                for o in records[0]["offences"]
            ],
        )
    ]
    (case,) = parse_payload(parquet_of(rows), fmt="parquet", today=TODAY)
    assert case.offences[1].sentence_months is None and case.offences[0].suspended is False


def test_parquet_values_are_not_coerced(records: list[dict[str, Any]]) -> None:
    rows = [dict(r, asylum_pending=str(r["asylum_pending"]).lower()) for r in records]
    issues = issues_raised(parse_payload, parquet_of(rows), fmt="parquet", today=TODAY)
    assert [(i.line, i.path) for i in issues] == [
        (1, "asylum_pending"),
        (2, "asylum_pending"),
        (3, "asylum_pending"),
    ]


def test_parquet_timestamps_at_midnight_are_dates(records: list[dict[str, Any]]) -> None:
    rows = [
        dict(
            r,
            received_on=datetime.fromisoformat(r["received_on"]),
            birth_date=datetime.fromisoformat(r["birth_date"]),
        )
        for r in records
    ]
    rows[1]["birth_date"] = datetime(2001, 1, 30, 12, 0)
    (issue,) = issues_raised(parse_payload, parquet_of(rows), fmt="parquet", today=TODAY)
    assert (issue.line, issue.path) == (2, "birth_date")
    assert issue.code == "date_time" and "Uhrzeit" in issue.message


def test_parquet_schema_problems_are_reported_once(records: list[dict[str, Any]]) -> None:
    rows = [dict(r, name="Max") for r in records]
    for row in rows:
        del row["region"]
        row["offences"] = [dict(o, court="AG") for o in row["offences"]]
    issues = issues_raised(parse_payload, parquet_of(rows), fmt="parquet", today=TODAY)
    assert sorted((i.path, i.message) for i in issues) == [
        ("name", "unbekannte Spalte in Parquet (nicht Teil des Fallformats)"),
        ("offences[*].court", "unbekannte Spalte in Parquet offences (nicht Teil des Fallformats)"),
        ("region", "Pflichtspalte fehlt in Parquet"),
    ]


def test_bytes_that_are_not_parquet() -> None:
    (issue,) = issues_raised(parse_payload, b"PAR1 not really", fmt="parquet", today=TODAY)
    assert issue.code == "file.bad_parquet"
    assert issue.message.startswith("keine lesbare Parquet-Datei")


# --------------------------------------------------------------------------- payloads


def test_every_payload_format_gives_the_same_cases(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    expected = validate_records(records, today=TODAY)
    write_frames(frames_from_cases(expected), tmp_path / "csv")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in ("cases.csv", "offences.csv", "incidents.csv"):
            zipped.write(tmp_path / "csv" / name, f"export/{name}")
    write_cases(expected, tmp_path / "x.parquet")
    payloads = {
        "json": json.dumps(records).encode(),
        "jsonl": "\n".join(json.dumps(r) for r in records),
        "ndjson": "\n".join(json.dumps(r) for r in records).encode("utf-8-sig"),
        "parquet": (tmp_path / "x.parquet").read_bytes(),
        "csv-zip": archive.getvalue(),
    }
    for fmt, data in payloads.items():
        assert dumped(parse_payload(data, fmt=fmt, today=TODAY)) == dumped(expected), fmt


def test_csv_zip_with_two_files_of_the_same_name() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for folder in ("a", "b"):
            for name in ("cases.csv", "offences.csv", "incidents.csv"):
                zipped.writestr(f"{folder}/{name}", "case_id\n")
    issues = issues_raised(parse_payload, archive.getvalue(), fmt="csv-zip")
    assert [i.message for i in issues] == [
        f"{name} kommt mehrfach im Zip-Archiv vor"
        for name in ("cases.csv", "offences.csv", "incidents.csv")
    ]


def test_csv_written_to_a_cases_csv_path_lands_beside_it(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    write_cases(validate_records(records, today=TODAY), tmp_path / "out" / "cases.csv", "csv")
    assert (tmp_path / "out" / "offences.csv").is_file()
    assert len(load_cases(tmp_path / "out" / "cases.csv", today=TODAY)) == 3


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_nested_too_deeply_is_an_issue_not_a_crash(fmt: str) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    data = f"[{deep}]" if fmt == "json" else deep
    (issue,) = issues_raised(parse_payload, data, fmt=fmt)
    assert issue.message == "ungültiges JSON: zu tief verschachtelt"


def test_payload_problems() -> None:
    with pytest.raises(UnsupportedFormatError, match="unknown format 'xml'"):
        parse_payload(b"<cases/>", fmt="xml")
    (issue,) = issues_raised(parse_payload, b"not a zip", fmt="csv-zip")
    assert issue.code == "file.bad_zip"
    (issue,) = issues_raised(parse_payload, b'[\n{"case_id": "\xff"}]', fmt="json")
    assert (issue.line, issue.message) == (2, "kein UTF-8-Text: ungültiges Byte an Stelle 15")


def test_format_detection(tmp_path: Path) -> None:
    assert detect_format("a.JSONL") == detect_format("a.ndjson") == "jsonl"
    assert detect_format("a.json") == "json" and detect_format("a.parquet") == "parquet"
    assert detect_format(tmp_path) == "csv" and detect_format("x/cases.csv") == "csv"
    with pytest.raises(UnsupportedFormatError, match="Verzeichnis") as raised:
        detect_format("offences.csv")
    assert "directory" in raised.value.text("en")
    with pytest.raises(UnsupportedFormatError, match="Endung") as raised:
        detect_format("cases.xlsx")
    assert "suffix .xlsx" in raised.value.text("en")
    assert detect_format("x.zip") == format_from_filename("upload.zip") == "csv-zip"
    with pytest.raises(UnsupportedFormatError):
        format_from_filename("upload.txt")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_cases(tmp_path / "nope.jsonl")
