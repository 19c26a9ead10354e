"""The columnar reader: its limits (bombs, row counts), damaged files, and its field table."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cases.columnar import ReadLimits, read_caseload, read_records
from cases.columnar.spec import CASE_SPEC, INCIDENT_SPEC, OFFENCE_SPEC
from cases.generator import generate_frames
from cases.io import frames_to_arrow, write_frames
from cases.model import Case, Incident, Offence
from tests.cases.support import TODAY, example_records


def _jsonl(records: list[object]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_field_table_is_the_model() -> None:
    for spec, model in ((CASE_SPEC, Case), (OFFENCE_SPEC, Offence), (INCIDENT_SPEC, Incident)):
        assert [f.name for f in spec] == list(model.model_fields)
        for f in spec:
            info = model.model_fields[f.name]
            assert (f.presence == "required") == info.is_required(), f.name


def test_a_json_lines_record_null_is_an_issue_not_a_crash() -> None:
    # pyarrow 25's JSON reader crashes the process on a first line "null"
    payload = b"null\n" + _jsonl(example_records())
    frames, error = read_caseload(payload, "jsonl", today=TODAY)
    assert frames is None and error is not None
    (issue,) = error.issues
    assert (issue.line, issue.code, issue.found) == (1, "not_object", "None")


def test_good_json_lines_come_out_as_the_engine_frames() -> None:
    frames, error = read_caseload(_jsonl(example_records()), "jsonl", today=TODAY)
    assert error is None and frames is not None
    assert list(frames.cases["case_id"]) == ["EX-3", "EX-2", "EX-1"]


def test_too_many_json_lines_are_refused_before_any_record_is_built() -> None:
    records = example_records()
    _, error = read_caseload(_jsonl(records), "jsonl", limits=ReadLimits(max_cases=2))
    assert error is not None
    (issue,) = error.issues
    assert (issue.code, issue.found, issue.expected) == ("file.too_many_cases", "3", "2")


def test_a_parquet_row_bomb_is_refused_from_its_metadata(tmp_path: Path) -> None:
    # a small file with many rows: the count comes from the footer, no row is read
    table = pa.table({"case_id": pa.array(["x"] * 200_000)})
    target = tmp_path / "bomb.parquet"
    pq.write_table(table, target)
    assert target.stat().st_size < 100_000
    _, error = read_caseload(target.read_bytes(), "parquet", limits=ReadLimits(max_cases=1000))
    assert error is not None
    (issue,) = error.issues
    assert (issue.code, issue.found) == ("file.too_many_cases", "200000")


def test_the_issue_list_is_capped_and_counts_every_problem(tmp_path: Path) -> None:
    table = pa.table({"case_id": pa.array(["x"] * 5000)})
    target = tmp_path / "bad.parquet"
    pq.write_table(table, target)
    _, error = read_caseload(target, "parquet", limits=ReadLimits(max_issues=20))
    assert error is not None
    assert len(error.issues) == 20 and error.total > 5000


def test_parquet_dates_outside_the_calendar_are_issues(tmp_path: Path) -> None:
    frames = generate_frames(3, seed=1, as_of=TODAY)
    table = frames_to_arrow(frames)
    column = table.schema.get_field_index("birth_date")
    table = table.set_column(column, "birth_date", pa.array([10**7, -(10**7), 0], type=pa.date32()))
    target = tmp_path / "dates.parquet"
    pq.write_table(table, target)
    _, error = read_caseload(target, "parquet", today=TODAY)
    assert error is not None
    assert [(i.line, i.path, i.code) for i in error.issues] == [
        (1, "birth_date", "date_invalid"),
        (2, "birth_date", "date_invalid"),
    ]


def test_a_zip_bomb_is_refused_while_unpacking() -> None:
    header = b"case_id,region\n"
    bomb = _zip(
        {"cases.csv": header + b"\n" * 20_000_000, "offences.csv": b"", "incidents.csv": b""}
    )
    assert len(bomb) < 100_000
    _, error = read_caseload(bomb, "csv-zip", limits=ReadLimits(max_unzipped_bytes=1_000_000))
    assert error is not None
    (issue,) = error.issues
    assert (issue.code, issue.expected) == ("file.too_large", "1000000")


def test_a_zip_with_a_bad_crc_is_an_issue(tmp_path: Path) -> None:
    write_frames(generate_frames(2, seed=1, as_of=TODAY), tmp_path / "c.zip", "csv-zip")
    data = bytearray((tmp_path / "c.zip").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(archive.namelist()[0])
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 2] ^= 0xFF  # spoil the compressed bytes
    _, error = read_caseload(bytes(data), "csv-zip", today=TODAY)
    assert error is not None
    assert [i.code for i in error.issues] == ["file.bad_zip"]


def test_a_zip_with_an_unknown_method_is_an_issue(tmp_path: Path) -> None:
    data = bytearray(_zip({"cases.csv": b"x", "offences.csv": b"x", "incidents.csv": b"x"}))
    # compression method 99 (AES) in the local header and the central directory
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        position = data.find(signature)
        while position >= 0:
            data[position + offset : position + offset + 2] = (99).to_bytes(2, "little")
            position = data.find(signature, position + 4)
    _, error = read_caseload(bytes(data), "csv-zip", today=TODAY)
    assert error is not None
    assert [i.code for i in error.issues] == ["file.zip_method"]
    assert error.issues[0].expected == "#99"


@pytest.mark.parametrize("payload", [b"", b"\n\n", b"[]", b" [ ] "])
def test_an_input_without_cases_is_an_issue(payload: bytes) -> None:
    fmt = "json" if b"[" in payload else "jsonl"
    _, error = read_caseload(payload, fmt, today=date(2026, 11, 23))
    assert error is not None
    assert [i.code for i in error.issues] == ["file.empty"]
    frames, error = read_caseload(payload, fmt, limits=ReadLimits(allow_empty=True))
    assert error is None and frames is not None and len(frames) == 0


@pytest.mark.parametrize("fmt", ["csv", "csv-zip"])
def test_csv_columns_and_the_exact_csv_reader_give_the_same_frames(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd

    import cases.columnar as columnar

    target = tmp_path / ("csv" if fmt == "csv" else "c.zip")
    write_frames(generate_frames(400, seed=9, as_of=TODAY), target, fmt)
    fast, error = read_caseload(target, fmt, today=TODAY)
    assert error is None and fast is not None
    monkeypatch.setattr(columnar, "_read_csv_fast", lambda *args: None)
    exact, error = read_caseload(target, fmt, today=TODAY)
    assert error is None and exact is not None
    for a, b in ((fast.cases, exact.cases), (fast.offences, exact.offences)):
        pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(fast.incidents, exact.incidents)


def _parquet_of(records: list[dict[str, object]], target: Path) -> Path:
    """Records written as Parquet the way the readers' users write them (lists of structs)."""
    jsonl = target.with_suffix(".jsonl")
    jsonl.write_bytes(_jsonl(records))
    frames, error = read_caseload(jsonl, "jsonl", today=TODAY)
    assert error is None and frames is not None
    write_frames(frames, target, "parquet")
    return target


def test_parquet_enumerations_are_read_as_dictionaries_and_checked_by_their_words(
    tmp_path: Path,
) -> None:
    target = _parquet_of(example_records(), tmp_path / "c.parquet")
    table = pq.read_table(target)
    regions = table.column("region").to_pylist()
    regions[1] = "bielefeld"
    table = table.set_column(table.schema.get_field_index("region"), "region", pa.array(regions))
    pq.write_table(table, target)  # text in the file; the reader asks for a dictionary
    _, error = read_caseload(target, "parquet", today=TODAY)
    assert error is not None
    assert [(i.line, i.path, i.code, i.found) for i in error.issues] == [
        (2, "region", "enum", "'bielefeld'")
    ]


def test_parquet_frames_are_those_of_the_model_with_the_id_order(tmp_path: Path) -> None:
    import pandas as pd

    from cases.frames import CaseFrames, frames_from_cases

    records = example_records()
    target = _parquet_of(records, tmp_path / "c.parquet")
    frames, error = read_caseload(target, "parquet", today=TODAY)
    assert error is None and frames is not None
    expected = frames_from_cases([Case.model_validate(r) for r in records])
    for a, b in (
        (frames.cases, expected.cases),
        (frames.offences, expected.offences),
        (frames.incidents, expected.incidents),
    ):
        pd.testing.assert_frame_equal(a, b)
    fresh = CaseFrames(frames.cases, frames.offences, frames.incidents)
    assert frames.id_rank().tolist() == fresh.id_rank().tolist() == [2, 1, 0]


@pytest.mark.parametrize("distinct", [3, 100])
def test_a_repeated_record_id_is_found_among_few_and_many_distinct_ids(
    tmp_path: Path, distinct: int
) -> None:
    # at most 64 distinct ids: one bit per id and case; more: one sort (both must find it)
    records = example_records()
    offence = records[0]["offences"][0]
    records[0]["offences"] = [{**offence, "offence_id": f"O{i}"} for i in range(distinct)]
    records[0]["offences"].append({**offence, "offence_id": "O1"})
    target = _parquet_of(example_records(), tmp_path / "c.parquet")
    table = pq.read_table(target)
    lists = table.column("offences").to_pylist()
    lists[0] = records[0]["offences"]
    for item in lists[0]:
        item["date"] = date.fromisoformat(item["date"])
    index = table.schema.get_field_index("offences")
    table = table.set_column(
        index, "offences", pa.array(lists, type=table.schema.field("offences").type)
    )
    pq.write_table(table, target)
    _, error = read_caseload(target, "parquet", today=TODAY)
    assert error is not None
    assert [(i.line, i.path, i.code, i.expected) for i in error.issues] == [
        (1, f"offences[{distinct}].offence_id", "duplicate_record_id", "1")
    ]


@pytest.mark.parametrize("fmt", ["csv", "csv-zip"])
def test_csv_read_by_arrow_from_the_files_agrees_with_the_exact_reader(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte order mark, quoted empty cells and offences not grouped by case: the fast path
    reads them (no fall-back) and gives the exact reader's frames."""
    import pandas as pd

    import cases.columnar as columnar

    directory = tmp_path / "csv"
    write_frames(generate_frames(60, seed=3, as_of=TODAY), directory, "csv")
    cases_csv = directory / "cases.csv"
    cases_csv.write_bytes(b"\xef\xbb\xbf" + cases_csv.read_bytes().replace(b",,", b',"",', 1))
    offences = (directory / "offences.csv").read_bytes().splitlines(keepends=True)
    (directory / "offences.csv").write_bytes(offences[0] + b"".join(reversed(offences[1:])))
    target = directory
    if fmt == "csv-zip":
        target = tmp_path / "c.zip"
        target.write_bytes(
            _zip(
                {
                    n: (directory / n).read_bytes()
                    for n in ("cases.csv", "offences.csv", "incidents.csv")
                }
            )
        )
    calls: list[object] = []
    fast_reader = columnar._read_csv_fast

    def counted(*args: object) -> object:
        calls.append(result := fast_reader(*args))  # type: ignore[arg-type]
        return result

    monkeypatch.setattr(columnar, "_read_csv_fast", counted)
    fast, error = read_caseload(target, fmt, today=TODAY)
    assert error is None and fast is not None and calls[0] is not None
    monkeypatch.setattr(columnar, "_read_csv_fast", lambda *args: None)
    exact, error = read_caseload(target, fmt, today=TODAY)
    assert error is None and exact is not None
    pd.testing.assert_frame_equal(fast.cases, exact.cases)
    pd.testing.assert_frame_equal(fast.offences, exact.offences)
    pd.testing.assert_frame_equal(fast.incidents, exact.incidents)


def test_csv_that_is_not_utf8_is_named_by_the_exact_reader(tmp_path: Path) -> None:
    directory = tmp_path / "csv"
    write_frames(generate_frames(5, seed=3, as_of=TODAY), directory, "csv")
    lines = (directory / "incidents.csv").read_bytes().splitlines(keepends=True)
    lines.insert(2, b"\xff" + lines[1])
    (directory / "incidents.csv").write_bytes(b"".join(lines))
    _, error = read_caseload(directory, "csv", today=TODAY)
    assert error is not None
    assert [(i.code, i.line) for i in error.issues] == [("file.not_utf8", 3)]


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-05",
        "0000-01-01",
        "0001-01-01",
        "9999-12-31",
        "2024-02-29",
        "2023-02-29",
        "2024-00-10",
        "2024-01-00",
        "2024-13-01",
        "+024-01-05",
        " 024-01-05",
        "2024-01-5 ",
        "2024/01/05",
        "2024-1-05x",
        "1e03-01-01",
        "２０24-01",
    ],
)
def test_dates_converted_in_one_cast_are_exactly_those_the_model_takes(text: str) -> None:
    from cases.columnar.checks import _iso_days

    try:
        Incident.model_validate(
            {"incident_id": "V1", "date": text, "type": "threat", "severity": 1}
        )
        model_takes = True
    except ValueError:
        model_takes = False
    assert (_iso_days(pa.array([text, "2024-01-01"])) is not None) == model_takes
    # and the whole read agrees: one issue for a date the model refuses
    records = example_records()
    records[0]["release_date"] = text  # (no rule about the day of import)
    _, issues = read_records(records, today=TODAY)
    assert [(i.path, i.code) for i in issues if i.path == "release_date"] == (
        [] if model_takes else [("release_date", issues[0].code)]
    )
