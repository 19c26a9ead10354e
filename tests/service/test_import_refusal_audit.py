"""Every refused import is on record (issue #14, ASVS L2): also the refusals before the
upload is read (413 over the limit, 415 unknown type, 422 of a bad request), and a refusal
for records of other regions names them in the audit entry only. The simulation's upload has
the limits of an import."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from service.audit import chain
from service.audit.models import AuditEntry
from service.cases import views as case_views

IMPORT = "/api/v1/cases/import"


def _rejected(env) -> list[dict]:
    with env.db.read() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "cases.import.rejected")
            .order_by(AuditEntry.seq)
        ).all()
        return [{"actor": r.actor, "details": json.loads(r.details)} for r in rows]


def _record(examples_text: str, **changes: str) -> str:
    record = json.loads(examples_text.splitlines()[0])
    return json.dumps({**record, **changes})


def test_a_body_over_the_limit_is_audited_with_and_without_content_length(make_env):
    env = make_env(max_import_bytes=4096)
    headers = {**env.auth(env.user("admin", name="ada")), "Content-Type": "application/x-ndjson"}
    declared = env.client.post(IMPORT, content=b"x" * 5000, headers=headers)

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(10):
            yield b"x" * 1000

    streamed = env.client.post(IMPORT, content=chunks(), headers=headers)
    for response in (declared, streamed):
        assert response.status_code == 413, response.text
        assert "TRIAGE_MAX_IMPORT_BYTES" in response.json()["detail"]
    entries = _rejected(env)
    assert [(e["actor"], e["details"]["status_code"]) for e in entries] == [
        ("ada", 413),
        ("ada", 413),
    ]
    assert entries[0]["details"]["refusal"] == "ingest.body_too_large"
    with env.db.read() as session:
        assert chain.verify(session).ok


def test_an_anonymous_body_over_the_limit_leaves_no_entry(make_env):
    env = make_env(max_import_bytes=4096)
    response = env.client.post(
        IMPORT, content=b"x" * 5000, headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 401
    assert _rejected(env) == []


def test_unknown_type_missing_file_and_bad_query_are_audited(env, examples_text):
    token = env.user("admin", name="ada")
    unknown = env.client.post(
        IMPORT, content=b"a,b\n", headers={**env.auth(token), "Content-Type": "text/csv"}
    )
    no_file = env.client.post(
        IMPORT, data={"foo": "bar"}, files={"other": ("x.txt", b"x")}, headers=env.auth(token)
    )
    bad_query = env.client.post(
        IMPORT,
        params={"as_of": "0", "reason": "Nachlieferung"},
        content=_record(examples_text).encode(),
        headers={**env.auth(token), "Content-Type": "application/x-ndjson"},
    )
    assert [r.status_code for r in (unknown, no_file, bad_query)] == [415, 422, 422]
    entries = _rejected(env)
    assert [e["details"]["status_code"] for e in entries] == [415, 422, 422]
    assert entries[0]["details"]["refusal"] == "api.media_unsupported"
    assert entries[1]["details"]["refusal"] == "api.file_missing"
    assert entries[2]["details"]["refusal"] == "request_invalid"
    assert entries[2]["details"]["fields"] == ["query.as_of"]
    # nothing was stored; a refusal the import itself finds is still audited once
    assert env.import_jsonl(token, "{").status_code == 422
    assert len(_rejected(env)) == 4


def test_records_of_other_regions_are_named_in_the_audit_entry_only(env, examples_text):
    token = env.user("caseworker", "koeln", name="kim")
    mine = _record(examples_text, case_id="K-1", region="koeln")
    theirs = [_record(examples_text, case_id=f"X-{n}", region="duesseldorf") for n in range(1, 4)]
    response = env.import_jsonl(token, "\n".join([mine, *theirs]))
    assert response.status_code == 422, response.text
    answer = response.text
    assert "refused_records" not in answer
    [entry] = _rejected(env)
    assert entry["details"]["refused_records"] == [f"duesseldorf/X-{n}" for n in range(1, 4)]
    assert entry["details"]["refused_records_total"] == 3


def test_the_named_records_are_capped(env, examples_text, monkeypatch):
    monkeypatch.setattr(case_views, "MAX_PROBED", 2)
    token = env.user("caseworker", "koeln", name="kim")
    theirs = [_record(examples_text, case_id=f"X-{n}", region="muenster") for n in range(5)]
    assert env.import_jsonl(token, "\n".join(theirs)).status_code == 422
    [entry] = _rejected(env)
    assert entry["details"]["refused_records"] == ["muenster/X-0", "muenster/X-1"]
    assert entry["details"]["refused_records_total"] == 5


def _simulate(env, body: bytes, media: str):
    return env.client.post(
        "/api/v1/rulesets/amit-nrw-default@1/simulate",
        params={"as_of": "2026-11-23"},
        content=body,
        headers={**env.auth(env.user("admin")), "Content-Type": media},
    )


def test_the_simulation_upload_has_the_unpacked_limit_of_an_import(make_env):
    env = make_env(max_import_bytes=4096)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cases.csv", "case_id,region\n" + "\n" * 100_000)
        archive.writestr("offences.csv", "case_id,offence_id\n")
        archive.writestr("incidents.csv", "case_id,incident_id\n")
    assert len(buffer.getvalue()) < 4096
    response = _simulate(env, buffer.getvalue(), "application/zip")
    assert response.status_code == 422, response.text
    assert "file.too_large" in response.text


def test_the_simulation_upload_has_the_record_limits_of_an_import(make_env, examples_text):
    env = make_env(max_offences_per_case=3)
    record = json.loads(examples_text.splitlines()[0])
    offence = record["offences"][0] if record["offences"] else None
    assert offence is not None
    record["offences"] = [{**offence, "offence_id": f"O-{n}"} for n in range(5)]
    response = _simulate(env, json.dumps(record).encode(), "application/x-ndjson")
    assert response.status_code == 422, response.text
    assert "TRIAGE_MAX_OFFENCES_PER_CASE" in response.text
