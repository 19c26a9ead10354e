"""Zip archives the reader refuses from their headers alone (issue #14, ASVS L2): members
packed with bzip2 or LZMA (unpacked by ``zipfile`` a whole block at a time, without a bound)
and archives whose members declare more than the unpacked limit. Both are refused before a
member is opened, so a bomb costs nothing; numbers of too many digits are said in the
catalogue's words."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from cases.columnar import ReadLimits, read_caseload

HEADERS = {
    "cases.csv": "case_id,region\n",
    "offences.csv": "case_id,offence_id\n",
    "incidents.csv": "case_id,incident_id\n",
}


def _zip(method: int, cases: str = HEADERS["cases.csv"]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cases.csv", cases, compress_type=method)
        archive.writestr("offences.csv", HEADERS["offences.csv"])
        archive.writestr("incidents.csv", HEADERS["incidents.csv"])
    return buffer.getvalue()


@pytest.fixture
def never_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a member fails the test: the refusal must come from the headers."""

    real = zipfile.ZipFile.open

    def refuse(self: zipfile.ZipFile, name: Any, mode: Any = "r", **kwargs: Any) -> Any:
        if mode == "r":
            raise AssertionError("a member was opened for reading")
        return real(self, name, mode, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


@pytest.mark.parametrize(
    ("method", "name"), [(zipfile.ZIP_BZIP2, "bzip2"), (zipfile.ZIP_LZMA, "LZMA")]
)
def test_bzip2_and_lzma_members_are_refused_before_unpacking(
    method: int, name: str, never_opened: None
) -> None:
    frames, error = read_caseload(_zip(method), "csv-zip")
    assert frames is None and error is not None
    [issue] = error.issues
    assert issue.code == "file.zip_method"
    assert issue.found == "cases.csv" and issue.expected == name
    assert "Deflate" in issue.text("de") and "gepackt" in issue.text("de")
    assert "deflated" in issue.text("en") and "gepackt" not in issue.text("en")  # one language


def test_a_bzip2_bomb_is_refused_at_once() -> None:
    """A member whose header claims 64 MiB (a few hundred bytes on disk, built as a stream)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_BZIP2) as archive:
        with archive.open("cases.csv", "w", force_zip64=True) as member:
            for _ in range(64):
                member.write(b"\n" * (1 << 20))
        archive.writestr("offences.csv", HEADERS["offences.csv"])
        archive.writestr("incidents.csv", HEADERS["incidents.csv"])
    assert len(buffer.getvalue()) < 10_000
    frames, error = read_caseload(buffer.getvalue(), "csv-zip", limits=ReadLimits())
    assert frames is None
    assert error is not None and [i.code for i in error.issues] == ["file.zip_method"]


def test_declared_sizes_over_the_limit_are_refused_before_unpacking(never_opened: None) -> None:
    data = _zip(zipfile.ZIP_DEFLATED, HEADERS["cases.csv"] + "X-1,koeln\n" * 300)
    frames, error = read_caseload(data, "csv-zip", limits=ReadLimits(max_unzipped_bytes=2000))
    assert frames is None and error is not None
    assert [(i.code, i.expected) for i in error.issues] == [("file.too_large", "2000")]


def test_stored_and_deflated_members_are_still_read() -> None:
    for method in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        frames, error = read_caseload(_zip(method), "csv-zip")
        # the archive itself was read: only the columns of the case format are missing
        assert frames is None and error is not None
        assert {i.code for i in error.issues} == {"column.missing"}


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        ("jsonl", '{"case_id": "EX-1", "n": ' + "9" * 5000 + "}\n"),
        ("json", '[{"case_id": "EX-1", "n": ' + "9" * 5000 + "}]"),
        ("json", '{"case_id": "EX-1", "n": ' + "9" * 5000 + "}"),
    ],
)
def test_a_number_of_too_many_digits_is_said_in_the_catalogue_words(fmt: str, body: str) -> None:
    frames, error = read_caseload(body.encode(), fmt)
    assert frames is None and error is not None
    [issue] = error.issues
    said = issue.format("de")
    assert issue.code == "json.number_too_long" and "zu viele Ziffern" in said
    assert "set_int_max_str_digits" not in said and "Exceeds" not in said
    assert "too many digits" in issue.format("en") and "Ziffern" not in issue.format("en")


def _parquet(birth_date: Any, *, by_records: bool = False) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    nested = pa.list_(pa.int64()) if by_records else pa.list_(pa.struct([("x", pa.string())]))
    table = pa.table(
        {
            "case_id": ["P-1"],
            "region": ["koeln"],
            "received_on": pa.array([0], pa.date32()),
            "source": ["municipal"],
            "birth_date": birth_date,
            "departure_status": ["pending"],
            "asylum_pending": [False],
            "deportation_ban": [False],
            "travel_document": ["valid"],
            "in_custody": [False],
            "offences": pa.array([[]], nested),
            "incidents": pa.array([[]], nested),
        }
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def test_parquet_timestamps_outside_the_calendar_are_said_without_python_words() -> None:
    import pyarrow as pa

    data = _parquet(pa.array([2**63 - 1], pa.timestamp("ms")))
    frames, error = read_caseload(data, "parquet")
    assert frames is None and error is not None
    said = " ".join(i.format("de") for i in error.issues)
    assert "9223372036854775807" in said
    assert "Overflow" not in said and "Timestamp(" not in said and "out of range" not in said


def test_parquet_dates_outside_the_calendar_read_by_records_are_said_in_catalogue_words() -> None:
    import pyarrow as pa

    data = _parquet(pa.array([2**31 - 1], pa.date32()), by_records=True)
    frames, error = read_caseload(data, "parquet")
    assert frames is None and error is not None
    said = " ".join(i.format("de") for i in error.issues)
    assert "außerhalb des Kalenders" in said
    assert "magnitude" not in said and "Python" not in said
    assert "outside the calendar" in " ".join(i.format("en") for i in error.issues)
