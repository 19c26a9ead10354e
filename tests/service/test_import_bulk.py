"""Bulk import (issue #13): rows written by the bulk path, the queue's cache fed by the import.

The first queue read after an import must not read the stored records again: the import hands
the cache its cases. The merged caseload must be exactly what a fresh read of the database gives,
after re-imports, reopened and closed cases, in every column the queue uses.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from sqlalchemy import select

from cases.generator import generate_cases
from service.cases.models import CaseRecord, CaseVersion
from service.queue.caseload import Caseload, CaseloadCache
from service.queue.stored import frames_from_stored

AS_OF = "2026-11-23"


def _same(a: Caseload, b: Caseload) -> None:
    assert a.revision == b.revision
    assert list(a.case_ids) == list(b.case_ids)
    for name in ("regions", "versions", "received_days", "first_import_days", "updated_days"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for name in ("cases", "offences", "incidents"):
        pd.testing.assert_frame_equal(getattr(a.frames, name), getattr(b.frames, name))
    assert a.index == b.index


def test_first_queue_read_after_an_import_reads_no_stored_record(env, examples_text, monkeypatch):
    token = env.user("admin")
    assert env.import_jsonl(token, examples_text).status_code == 201

    def no_rebuild(*args, **kwargs):
        raise AssertionError("the caseload was read from the database again")

    monkeypatch.setattr(CaseloadCache, "_build", no_rebuild)
    response = env.client.get("/api/v1/queue", params={"as_of": AS_OF}, headers=env.auth(token))
    assert response.status_code == 200, response.text
    assert [i["case_id"] for i in response.json()["items"]] == ["EX-1", "EX-2", "EX-3"]


def test_the_caseload_an_import_leaves_equals_a_fresh_read(env, examples_text):
    token = env.user("admin")
    lines = examples_text.splitlines()
    assert env.import_jsonl(token, examples_text).status_code == 201
    queue = env.client.get("/api/v1/queue", params={"as_of": AS_OF}, headers=env.auth(token))
    assert queue.status_code == 200
    for case_id in ("EX-3", "EX-2"):
        closed = env.client.post(
            f"/api/v1/cases/{case_id}/decisions",
            json={"kind": "close", "reason": "ausgereist", "as_of": AS_OF},
            headers=env.auth(token),
        )
        assert closed.status_code == 201, closed.text
    env.client.get("/api/v1/queue", params={"as_of": AS_OF}, headers=env.auth(token))
    changed = json.loads(lines[0])  # EX-3, closed: a changed record reopens it
    changed["in_custody"] = not changed["in_custody"]
    extra = [c.model_dump_json() for c in generate_cases(5, seed=9)]
    body = "\n".join([json.dumps(changed), lines[1], lines[2], *extra])  # EX-2 unchanged
    response = env.import_jsonl(token, body)
    assert response.status_code == 201, response.text
    assert response.json()["reopened"] == 1
    cached = env.app.state.caseloads._current
    fresh = CaseloadCache().get(env.db)
    _same(cached, fresh)
    assert "EX-2" not in set(cached.case_ids)  # closed and unchanged: stays closed
    assert {"EX-1", "EX-3"} <= set(cached.case_ids)


def test_stored_records_read_as_columns_equal_the_model_path():
    from cases.frames import frames_from_cases

    cases = generate_cases(300, seed=4)
    columns = frames_from_stored([c.model_dump_json() for c in cases])
    models = frames_from_cases(cases)
    for name in ("cases", "offences", "incidents"):
        pd.testing.assert_frame_equal(getattr(columns, name), getattr(models, name))


def test_bulk_rows_read_back_as_the_orm_wrote_them(env, examples_text):
    before = datetime.now(UTC)
    assert env.import_jsonl(env.user("admin"), examples_text).status_code == 201
    with env.db.read() as session:
        record = session.get(CaseRecord, ("koeln", "EX-1"))
        version = session.scalars(select(CaseVersion).where(CaseVersion.case_id == "EX-1")).one()
    assert record.first_imported_at.tzinfo is not None
    assert before <= record.first_imported_at <= datetime.now(UTC)
    assert record.updated_at == record.first_imported_at == version.imported_at
    assert str(version.received_on) == json.loads(version.data)["received_on"]


def test_stored_json_from_columns_is_the_models_text():
    from cases.frames import frames_from_cases
    from service.cases.canonical import canonical_records

    cases = generate_cases(400, seed=12)
    assert canonical_records(frames_from_cases(cases)) == [c.model_dump_json() for c in cases]


def test_the_same_records_in_another_format_are_unchanged(env, tmp_path):
    from cases.io import write_cases

    cases = generate_cases(30, seed=13)
    write_cases(cases, tmp_path / "c.parquet", "parquet")
    token = env.user("admin")
    first = env.client.post(
        "/api/v1/cases/import",
        files={"file": ("c.parquet", (tmp_path / "c.parquet").read_bytes())},
        headers=env.auth(token),
    )
    assert first.status_code == 201, first.text
    again = env.import_jsonl(token, "\n".join(c.model_dump_json() for c in cases))
    assert again.status_code == 201
    assert {c["version"] for c in again.json()["cases"]} == {2}
    assert not any(c["changed"] for c in again.json()["cases"])
