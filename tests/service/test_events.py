"""Events through the API (issue #12): one case or many, all or nothing, durable_rules, audit."""

from __future__ import annotations

import json

from tests.service.test_changes import DAY1, DAY2, _history, _import, _queue, _records

E17 = {"event_id": "E17", "type": "departure_status_changed", "departure_status": "enforceable"}


def _post(env, token, path, payload, *, as_of=DAY2, ndjson=False):
    if ndjson:
        content = "\n".join(json.dumps(p) for p in payload).encode()
        media = "application/x-ndjson"
    else:
        content, media = json.dumps(payload).encode(), "application/json"
    return env.client.post(
        path,
        params={"as_of": as_of},
        content=content,
        headers={**env.auth(token), "Content-Type": media},
    )


def _pending_examples(env, examples_text, token):
    records = _records(examples_text)
    records["EX-1"]["departure_status"] = "pending"
    _import(env, token, list(records.values()), DAY1)


def test_event_pending_to_enforceable_answers_before_after_and_marks_the_queue(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster", name="lena")
    _pending_examples(env, examples_text, lead)
    response = _post(env, lead, "/api/v1/cases/EX-1/events", E17)  # no case_id: the path's
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["engine"] == "durable_rules" and body["applied"] == 1
    change = body["changes"][0]
    assert (change["before"]["tier"], change["after"]["tier"]) == ("P2", "P1")
    assert change["after"]["score"] == 55 and change["version"] == 2 and change["tier_changed"]
    assert change["said"] == (
        "EX-1: Stufe P2 → P1 durch neue Tatsache: Ausreisepflicht vollziehbar "
        "(Ereignis E17, 23.11.2026)."
    )
    ex1 = _queue(env, lead, DAY2)["EX-1"]
    assert (ex1["tier"], ex1["score"], ex1["previous_tier"]) == ("P1", 55, "P2")
    assert ex1["change_cause"] == (
        "durch neue Tatsache: Ausreisepflicht vollziehbar (Ereignis E17, 23.11.2026)"
    )
    assert ex1["version"] == 2 and ex1["change_cause_code"] == "event"
    history = _history(env, lead, "EX-1")
    assert [(h["cause"], h["tier"], h["case_version"]) for h in history] == [
        ("import", "P2", 1),
        ("event", "P1", 2),
    ]
    assert history[1]["cause_detail"]["events"][0]["event_id"] == "E17"
    record = env.client.get("/api/v1/cases/EX-1", headers=env.auth(lead)).json()["record"]
    assert record["departure_status"] == "enforceable"
    admin = env.user("admin")
    audit = env.client.get(
        "/api/v1/audit", params={"action": "cases.events"}, headers=env.auth(admin)
    ).json()["items"]
    assert audit[0]["actor"] == "lena"
    assert audit[0]["details"]["events"][0][:3] == ["EX-1", "E17", "departure_status_changed"]


def test_a_batch_with_one_bad_line_stores_nothing_and_names_line_case_and_field(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    _pending_examples(env, examples_text, lead)
    events = [
        {**E17, "case_id": "EX-1"},
        {"event_id": "E18", "type": "offence_updated", "offence_id": "X9", "status": "dismissed"},
        {"event_id": "E19", "type": "custody_changed", "in_custody": "ja"},
    ]
    response = _post(env, lead, "/api/v1/cases/EX-1/events", events, ndjson=True)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [(e["line"], e["case_id"], e["path"]) for e in errors] == [
        (2, "EX-1", "offence_id"),
        (3, "EX-1", "in_custody"),
    ]
    assert errors[0]["text"].startswith("Zeile 2, Fall EX-1, Feld offence_id: ")
    assert "nichts gespeichert" in response.json()["detail"]
    assert len(_history(env, lead, "EX-1")) == 1
    versions = env.client.get("/api/v1/cases/EX-1/versions", headers=env.auth(lead)).json()
    assert len(versions["items"]) == 1


def test_case_id_in_the_body_must_match_the_path(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    _pending_examples(env, examples_text, lead)
    response = _post(env, lead, "/api/v1/cases/EX-1/events", {**E17, "case_id": "EX-2"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "case_id"
    assert "Adresse nennt Fall EX-1" in response.json()["errors"][0]["text"]


def test_region_isolation_on_both_endpoints(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    _pending_examples(env, examples_text, lead)
    elsewhere = env.user("caseworker", "duesseldorf")
    assert _post(env, elsewhere, "/api/v1/cases/EX-1/events", E17).status_code == 404
    assert _post(env, elsewhere, "/api/v1/cases/NOPE/events", E17).status_code == 404
    response = _post(env, elsewhere, "/api/v1/events", [{**E17, "case_id": "EX-1"}], ndjson=True)
    missing = _post(env, elsewhere, "/api/v1/events", [{**E17, "case_id": "NOPE"}], ndjson=True)
    assert response.status_code == missing.status_code == 422
    assert response.json()["errors"][0]["text"] == missing.json()["errors"][0]["text"].replace(
        "NOPE", "EX-1"
    )
    assert len(_history(env, lead, "EX-1")) == 1


def test_bulk_endpoint_applies_many_cases_in_order(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    _pending_examples(env, examples_text, lead)
    events = [
        {**E17, "case_id": "EX-1"},
        {
            "event_id": "E20",
            "case_id": "EX-3",
            "type": "legal_status_changed",
            "asylum_pending": False,
        },
        {
            "event_id": "E21",
            "case_id": "EX-1",
            "type": "travel_document_changed",
            "travel_document": "valid",
        },
    ]
    response = _post(env, lead, "/api/v1/events", events, ndjson=True)
    assert response.status_code == 201, response.text
    changes = response.json()["changes"]
    assert [(c["case_id"], c["version"], c["line"]) for c in changes] == [
        ("EX-1", 2, 1),
        ("EX-3", 2, 2),
        ("EX-1", 3, 3),
    ]
    assert changes[1]["before"]["tier"] == "BLOCKED" and changes[1]["after"]["tier"] != "BLOCKED"
    # The durable path's answer is what the queue (batch engine) shows for the final versions.
    items = _queue(env, lead, DAY2)
    for change in (changes[1], changes[2]):
        item = items[change["case_id"]]
        assert (item["tier"], item["score"], item["criteria"], item["blockers"]) == (
            change["after"]["tier"],
            change["after"]["score"],
            change["after"]["criteria"],
            change["after"]["blockers"],
        )
        assert item["actions"] == change["after"]["actions"]
    # A single JSON object is not a batch for the bulk endpoint.
    single = _post(env, lead, "/api/v1/events", {**E17, "case_id": "EX-1"})
    assert single.status_code == 415


def test_a_closed_case_reopens_with_new_facts(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    _pending_examples(env, examples_text, lead)
    closed = env.client.post(
        "/api/v1/cases/EX-1/decisions",
        json={"kind": "close", "reason": "ausgereist", "as_of": DAY1},
        headers=env.auth(lead),
    )
    assert closed.status_code == 201
    assert "EX-1" not in _queue(env, lead, DAY2)
    assert _post(env, lead, "/api/v1/cases/EX-1/events", E17).status_code == 201
    assert _queue(env, lead, DAY2)["EX-1"]["tier"] == "P1"


def test_event_endpoints_are_in_the_openapi_schema(env):
    schema = env.client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/cases/{case_id}/events", "/api/v1/events"):
        operation = schema["paths"][path]["post"]
        assert set(operation["requestBody"]["content"]) == {
            "application/json",
            "application/x-ndjson",
        }
        assert {"201", "404", "422"} <= set(operation["responses"])
    assert "/api/v1/cases/{case_id}/evaluations" in schema["paths"]
