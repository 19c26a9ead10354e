"""Attacks on import and /score (issue #14 items 2, 3, 11, 12), each reproduced as a test.

Bodies above the limit, cases with too many records, evaluation on the event loop, the region
oracle of import errors, unreadable input that used to answer a plain-text 500, /score for cases
of other regions and without an audit entry.
"""

from __future__ import annotations

import asyncio
import io
import json
import zipfile

from sqlalchemy import select

from service.audit import chain
from service.audit.models import AuditEntry
from service.cases.models import CaseRecord
from service.scoring import views as score_views

AS_OF = "2026-11-23"


def _lines(examples_text: str) -> dict[str, dict]:
    records = [json.loads(line) for line in examples_text.splitlines()]
    return {r["case_id"]: r for r in records}


def _entries(env, action: str) -> list[dict]:
    with env.db.read() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()
        return [{"actor": r.actor, "details": json.loads(r.details)} for r in rows]


def _secure_json(response) -> None:
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


# ------------------------------------------------------------------ item 2: one request freezes


def test_score_body_above_the_limit_is_413_before_parsing(make_env, examples_text):
    env = make_env(max_body_bytes=4096)
    case = _lines(examples_text)["EX-1"]
    case["offences"] = case["offences"] * 40  # about 8 KB
    response = env.client.post("/api/v1/score", json=case, headers=env.auth(env.user("admin")))
    assert response.status_code == 413
    assert "TRIAGE_MAX_BODY_BYTES" in response.json()["detail"]
    _secure_json(response)


def test_every_json_route_has_a_body_limit_also_without_content_length(make_env):
    env = make_env(max_body_bytes=2048)
    token = env.user("admin")
    padding = json.dumps({"kind": "monitor", "reason": "x" * 5000}).encode()

    def chunks():  # no Content-Length: the body arrives in pieces (chunked)
        for start in range(0, len(padding), 1000):
            yield padding[start : start + 1000]

    response = env.client.post(
        "/api/v1/cases/EX-1/decisions",
        content=chunks(),
        headers={**env.auth(token), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    _secure_json(response)


def test_offences_per_case_are_limited_and_the_limit_named(make_env, examples_text):
    env = make_env(max_offences_per_case=2)
    case = _lines(examples_text)["EX-1"]
    assert len(case["offences"]) > 2
    token = env.user("admin")
    scored = env.client.post("/api/v1/score", json=case, headers=env.auth(token))
    imported = env.import_jsonl(token, json.dumps(case))
    for response in (scored, imported):
        assert response.status_code == 422, response.text
        (error,) = response.json()["errors"]
        assert (error["case_id"], error["path"]) == ("EX-1", "offences")
        assert "TRIAGE_MAX_OFFENCES_PER_CASE" in error["message"]
    with env.db.read() as session:
        assert session.get(CaseRecord, ("koeln", "EX-1")) is None


def test_scoring_runs_off_the_event_loop(env, examples_text, monkeypatch):
    seen: list[bool] = []
    original = score_views.score_items

    def spy(*args, **kwargs):
        try:
            asyncio.get_running_loop()
            seen.append(True)
        except RuntimeError:
            seen.append(False)
        return original(*args, **kwargs)

    monkeypatch.setattr(score_views, "score_items", spy)
    response = env.client.post(
        "/api/v1/score",
        params={"as_of": AS_OF},
        json=_lines(examples_text)["EX-1"],
        headers=env.auth(env.user("admin")),
    )
    assert response.status_code == 200
    assert seen == [False]  # a worker thread, not the event loop


# ------------------------------------------------------------------ item 3: region oracle


def test_import_errors_do_not_tell_which_ids_exist_in_other_regions(env, examples_text):
    env.import_examples()  # EX-1 koeln, EX-2 arnsberg, EX-3 muenster
    records = _lines(examples_text)
    probes = []
    for case_id in ("EX-2", "EX-3", "NOPE-1", "NOPE-2"):
        probe = dict(records["EX-1"], case_id=case_id)
        probes.append(json.dumps(probe))
    bad = dict(records["EX-1"], case_id="BAD-1", region="mars")
    token = env.user("caseworker", "koeln", name="kim")
    response = env.import_jsonl(token, "\n".join([*probes, json.dumps(bad)]))
    assert response.status_code == 422
    assert {e["case_id"] for e in response.json()["errors"]} == {"BAD-1"}

    # Valid records: ids are unique per region, so all four are koeln's own new cases, and
    # arnsberg's and muenster's cases with the same ids are neither touched nor named.
    response = env.import_jsonl(token, "\n".join(probes))
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["created"], body["new_versions"]) == (4, 0)
    assert {(c["case_id"], c["region"], c["version"]) for c in body["cases"]} == {
        (case_id, "koeln", 1) for case_id in ("EX-2", "EX-3", "NOPE-1", "NOPE-2")
    }
    with env.db.read() as session:
        stored = session.scalars(select(CaseRecord).where(CaseRecord.case_id == "EX-2")).all()
        assert sorted((r.region, r.current_version) for r in stored) == [
            ("arnsberg", 1),
            ("koeln", 1),
        ]
    assert all("other_regions" not in e["details"] for e in _entries(env, "cases.import.rejected"))


def test_an_id_used_in_another_region_gets_the_answer_of_a_new_id(env, examples_text):
    """The residual of the region oracle is gone: importing an id that exists in another
    region answers exactly as importing an id used nowhere (its own new case), however often,
    and the other region's case stays as it was."""
    env.import_examples()  # EX-1 koeln, EX-2 arnsberg, EX-3 muenster
    records = _lines(examples_text)
    token = env.user("caseworker", "koeln", name="kim")

    def probe(case_id: str) -> dict:
        response = env.import_jsonl(token, json.dumps(dict(records["EX-1"], case_id=case_id)))
        assert response.status_code == 201, response.text
        answer = response.json()
        del answer["import_id"]
        return answer

    for _ in range(6):  # more than any former daily limit of refusals
        used_elsewhere, used_nowhere = probe("EX-2"), probe("NEW-1")
        assert used_elsewhere == {
            **used_nowhere,
            "cases": [{**used_nowhere["cases"][0], "case_id": "EX-2"}],
        }
    first = env.client.get("/api/v1/cases/EX-2", headers=env.auth(token))
    assert first.status_code == 200 and first.json()["region"] == "koeln"
    admin = env.auth(env.user("admin"))
    theirs = env.client.get("/api/v1/cases/EX-2", params={"region": "arnsberg"}, headers=admin)
    assert theirs.status_code == 200
    assert theirs.json()["record"] == {
        k: v for k, v in records["EX-2"].items() if k not in ("nationality", "sex")
    }
    assert theirs.json()["version"] == 1
    # the administrator sees both regions: without a region the id is ambiguous (409, German)
    both = env.client.get("/api/v1/cases/EX-2", headers=admin)
    assert both.status_code == 409
    assert (
        "Arnsberg (region=arnsberg), Köln (region=koeln)" in both.json()["detail"]
        and "Bezirksregierung" in both.json()["detail"]
    )
    # koeln's caseworker asking for arnsberg's case gets the 404 of an id used nowhere
    hidden = env.client.get(
        "/api/v1/cases/EX-2", params={"region": "arnsberg"}, headers=env.auth(token)
    )
    nowhere = env.client.get("/api/v1/cases/NOPE-7", headers=env.auth(token))
    assert hidden.status_code == nowhere.status_code == 404
    assert hidden.json() == nowhere.json()


# ------------------------------------------------------------------ item 11: plain-text 500s


def test_integer_of_five_thousand_digits_is_a_422_and_the_import_is_audited(env):
    token = env.user("admin", name="ada")
    huge = "1" * 5000
    imported = env.client.post(
        "/api/v1/cases/import",
        content=f'[{{"case_id": {huge}}}]'.encode(),
        headers={**env.auth(token), "Content-Type": "application/json"},
    )
    scored = env.client.post(
        "/api/v1/score",
        content=f'{{"case_id": {huge}}}'.encode(),
        headers={**env.auth(token), "Content-Type": "application/json"},
    )
    for response in (imported, scored):
        assert response.status_code == 422, response.text
        _secure_json(response)
        assert response.json()["errors"][0]["path"] == "Upload"  # a body has no file name
    assert [e["actor"] for e in _entries(env, "cases.import.rejected")] == ["ada"]
    with env.db.read() as session:
        assert chain.verify(session).ok


def test_zip_with_a_bad_checksum_is_a_422_and_audited(env, examples_text):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("cases.csv", "case_id,region\nZ-1,koeln\n")
        archive.writestr("offences.csv", "case_id,offence_id\n")
        archive.writestr("incidents.csv", "case_id,incident_id\n")
    data = bytearray(buffer.getvalue())
    at = data.index(b"Z-1,koeln")
    data[at] = ord("Y")  # the stored CRC no longer matches
    response = env.client.post(
        "/api/v1/cases/import",
        files={"file": ("cases.zip", bytes(data))},
        headers=env.auth(env.user("admin", name="zed")),
    )
    assert response.status_code == 422, response.text
    _secure_json(response)
    assert [e["actor"] for e in _entries(env, "cases.import.rejected")] == ["zed"]


def test_nan_as_of_in_a_decision_is_a_json_422(env):
    env.import_examples()
    response = env.client.post(
        "/api/v1/cases/EX-1/decisions",
        content=b'{"kind": "monitor", "reason": "check", "as_of": NaN}',
        headers={**env.auth(env.user("admin")), "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    _secure_json(response)
    assert response.json()["detail"][0]["loc"] == ["body", "as_of"]


# ------------------------------------------------------------------ item 12: /score


def test_score_refuses_cases_of_regions_the_caller_may_not_see(env, examples_text):
    records = _lines(examples_text)
    token = env.user("caseworker", "koeln", name="kai")
    response = env.client.post(
        "/api/v1/score",
        params={"as_of": AS_OF},
        json=[records["EX-1"], records["EX-2"]],
        headers=env.auth(token),
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["case_id"], e["path"]) for e in errors] == [("EX-2", "region")]
    assert "tier" not in response.text
    assert _entries(env, "score") == []
    response = env.client.post(
        "/api/v1/score", params={"as_of": AS_OF}, json=records["EX-1"], headers=env.auth(token)
    )
    assert response.status_code == 200
    assert response.json()["items"][0]["explanation"] is None  # only with explain=true


def test_score_is_audited_with_the_case_ids(env, examples_text):
    records = _lines(examples_text)
    token = env.user("rrk_lead", "koeln", name="lea")
    for explain in ("false", "true"):
        response = env.client.post(
            "/api/v1/score",
            params={"as_of": AS_OF, "explain": explain},
            json=records["EX-1"],
            headers=env.auth(token),
        )
        assert response.status_code == 200
    entries = _entries(env, "score")
    assert [e["actor"] for e in entries] == ["lea", "lea"]
    assert [e["details"]["cases"] for e in entries] == [["koeln/EX-1"], ["koeln/EX-1"]]
    assert [e["details"]["requests"][0]["explain"] for e in entries] == [False, True]
    assert entries[0]["details"]["requests"][0]["as_of"] == AS_OF
    with env.db.read() as session:
        assert chain.verify(session).ok
