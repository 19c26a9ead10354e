"""POST /cases/import: formats, all or nothing, versions, regions, one transaction."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import func, select, text

from cases.generator import generate_cases, generate_frames
from cases.io import write_cases, write_frames
from service.audit import chain
from service.cases.models import CaseRecord, CaseVersion


def _count(env, model) -> int:
    with env.db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_json_array_is_imported(env, examples_text):
    token = env.user("admin")
    records = [json.loads(line) for line in examples_text.splitlines()]
    response = env.client.post("/api/v1/cases/import", json=records, headers=env.auth(token))
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["imported"], body["created"], body["new_versions"]) == (3, 3, 0)
    assert _count(env, CaseRecord) == 3


def test_ndjson_is_imported(env, examples_text):
    response = env.import_jsonl(env.user("admin"), examples_text)
    assert response.status_code == 201
    assert sorted(c["case_id"] for c in response.json()["cases"]) == ["EX-1", "EX-2", "EX-3"]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "parquet", "csv-zip"])
def test_file_upload_in_every_format(env, tmp_path, fmt):
    cases = generate_cases(20, seed=3)
    if fmt == "csv-zip":
        write_cases(cases, tmp_path / "csv", "csv")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in ("cases.csv", "offences.csv", "incidents.csv"):
                archive.write(tmp_path / "csv" / name, name)
        name, data = "cases.zip", buffer.getvalue()
    else:
        suffix = {"jsonl": "jsonl", "json": "json", "parquet": "parquet"}[fmt]
        write_cases(cases, tmp_path / f"cases.{suffix}", fmt)
        name, data = f"cases.{suffix}", (tmp_path / f"cases.{suffix}").read_bytes()
    response = env.client.post(
        "/api/v1/cases/import", files={"file": (name, data)}, headers=env.auth(env.user("admin"))
    )
    assert response.status_code == 201, response.text
    assert response.json()["imported"] == 20


def test_one_bad_record_stores_nothing_and_lists_every_error(env, examples_text):
    lines = examples_text.splitlines()
    bad = json.loads(lines[1])
    bad["region"] = "berlin"
    del bad["source"]
    worse = json.loads(lines[2])
    worse["offences"][1]["sentence_months"] = -4
    text_ = "\n".join([lines[0], json.dumps(bad), json.dumps(worse)])
    response = env.import_jsonl(env.user("admin"), text_)
    assert response.status_code == 422
    errors = response.json()["errors"]
    found = {(e["case_id"], e["path"]) for e in errors}
    assert ("EX-2", "region") in found and ("EX-2", "source") in found
    assert ("EX-1", "offences[1].sentence_months") in found
    assert all(set(e) >= {"case_id", "path", "message", "line"} for e in errors)
    assert _count(env, CaseRecord) == 0 and _count(env, CaseVersion) == 0


def test_reimport_makes_a_new_version_and_keeps_history(env, examples_text):
    token = env.user("admin")
    env.import_jsonl(token, examples_text)
    changed = json.loads(examples_text.splitlines()[0])
    changed["asylum_pending"] = False
    response = env.import_jsonl(token, json.dumps(changed))
    assert response.json()["cases"] == [
        {"case_id": "EX-3", "region": "muenster", "version": 2, "changed": True}
    ]
    history = env.client.get("/api/v1/cases/EX-3/versions", headers=env.auth(token)).json()
    assert [v["version"] for v in history["items"]] == [1, 2]
    old = env.client.get("/api/v1/cases/EX-3/versions/1", headers=env.auth(token)).json()
    assert old["record"]["asylum_pending"] is True
    now = env.client.get(f"/api/v1/cases/EX-3?as_of={'2026-11-23'}", headers=env.auth(token))
    assert now.json()["record"]["asylum_pending"] is False
    assert now.json()["evaluation"]["tier"] == "P1"


def test_importer_may_only_write_own_regions(env, examples_text):
    response = env.import_jsonl(env.user("caseworker", "koeln"), examples_text)
    assert response.status_code == 422
    regions = [e for e in response.json()["errors"] if e["path"] == "region"]
    assert {e["case_id"] for e in regions} == {"EX-2", "EX-3"}
    assert _count(env, CaseRecord) == 0


def test_case_of_another_region_cannot_be_taken_over(env, examples_text):
    """Case ids are unique per region: koeln's record with muenster's id is koeln's own new
    case; muenster's case is neither changed nor named."""
    env.import_examples()
    takeover = json.loads(examples_text.splitlines()[0])  # EX-3, muenster
    takeover["region"] = "koeln"
    takeover["asylum_pending"] = False
    response = env.import_jsonl(env.user("rrk_lead", "koeln"), json.dumps(takeover))
    assert response.status_code == 201
    assert response.json()["cases"] == [
        {"case_id": "EX-3", "region": "koeln", "version": 1, "changed": True}
    ]
    assert "muenster" not in response.text  # nothing about the other case is revealed
    with env.db.read() as session:
        theirs = session.get(CaseRecord, ("muenster", "EX-3"))
        assert theirs.current_version == 1
        (version,) = session.scalars(
            select(CaseVersion).where(
                CaseVersion.region == "muenster", CaseVersion.case_id == "EX-3"
            )
        ).all()
        assert json.loads(version.data)["asylum_pending"] is True


def test_unsupported_content_type_is_415(env):
    response = env.client.post(
        "/api/v1/cases/import",
        content=b"a,b",
        headers={**env.auth(env.user("admin")), "Content-Type": "text/csv"},
    )
    assert response.status_code == 415


def test_upload_over_the_limit_is_413(make_env, examples_text):
    env = make_env(max_import_bytes=1024)
    response = env.import_jsonl(env.user("admin"), examples_text)
    assert response.status_code == 413


def test_rejected_import_is_audited(env, examples_text):
    env.import_jsonl(env.user("admin", name="ann"), '{"case_id": 1}')
    with env.db.read() as session:
        assert chain.verify(session).ok
        actions = [r[0] for r in session.execute(text("SELECT action FROM audit_log"))]
    assert "cases.import.rejected" in actions


@pytest.mark.slow
def test_ten_thousand_cases_are_one_transaction(env, monkeypatch, tmp_path):
    token = env.user("admin")
    write_frames(generate_frames(10_000, seed=11), tmp_path / "big.jsonl", "jsonl")
    payload = (tmp_path / "big.jsonl").read_text()
    # A failure at the very end (the audit entry) must take all 10,000 cases with it.
    original = chain.append

    def failing(session, **kwargs):
        if kwargs.get("action") == "cases.import":
            raise RuntimeError("injected failure after the inserts")
        return original(session, **kwargs)

    monkeypatch.setattr(chain, "append", failing)
    with pytest.raises(RuntimeError):
        env.import_jsonl(token, payload)
    assert _count(env, CaseVersion) == 0 and _count(env, CaseRecord) == 0
    monkeypatch.setattr(chain, "append", original)
    response = env.import_jsonl(token, payload)
    assert response.status_code == 201, response.text[:500]
    assert response.json()["created"] == 10_000
    with env.db.read() as session:
        import_ids = session.scalars(select(CaseVersion.import_id).distinct()).all()
        assert len(import_ids) == 1
        if env.kind == "postgresql":  # every row written by the same transaction
            xids = session.scalar(text("SELECT count(DISTINCT xmin::text) FROM case_versions"))
            assert xids == 1
