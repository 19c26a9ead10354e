"""Recorded evaluations (issue #12): what changed, when and why, in the queue and the history.

The worked examples: EX-1 is P1 with an enforceable departure obligation; with the obligation
only ``pending`` it is P2. Imports and events are evaluated at their own reference date and
recorded, so the queue compares records instead of re-evaluating the current record in the past.
"""

from __future__ import annotations

import json
from datetime import date

from tests.service.test_rulesets import RAISE_SERIOUS, _act, _draft

DAY1, DAY2 = "2026-11-20", "2026-11-23"


def _records(examples_text: str) -> dict[str, dict]:
    return {r["case_id"]: r for r in map(json.loads, examples_text.splitlines())}


def _import(env, token, records, as_of):
    response = env.client.post(
        "/api/v1/cases/import",
        params={"as_of": as_of},
        content="\n".join(json.dumps(r) for r in records).encode(),
        headers={**env.auth(token), "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 201, response.text
    return response.json()


def _queue(env, token, as_of, **params):
    response = env.client.get(
        "/api/v1/queue", params={"as_of": as_of, **params}, headers=env.auth(token)
    )
    assert response.status_code == 200, response.text
    return {i["case_id"]: i for i in response.json()["items"]}


def _history(env, token, case_id):
    response = env.client.get(f"/api/v1/cases/{case_id}/evaluations", headers=env.auth(token))
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_reimport_pending_to_enforceable_marks_the_tier_change_with_its_cause(env, examples_text):
    records = _records(examples_text)
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    pending = {**records["EX-1"], "departure_status": "pending"}
    _import(env, lead, [pending, records["EX-2"], records["EX-3"]], DAY1)
    first = _queue(env, lead, DAY1)
    assert first["EX-1"]["tier"] == "P2" and not first["EX-1"]["tier_changed"]

    _import(env, lead, [records["EX-1"]], DAY2)  # three days later: enforceable
    items = _queue(env, lead, DAY2)
    ex1 = items["EX-1"]
    assert (ex1["tier"], ex1["previous_tier"], ex1["tier_changed"]) == ("P1", "P2", True)
    assert ex1["change_cause"] == "durch neue Fassung des Datensatzes (Fassung 2, 23.11.2026)"
    assert ex1["change_cause_code"] == "import" and ex1["changed_on"] == DAY2
    assert not items["EX-2"]["tier_changed"] and items["EX-2"]["previous_tier"] is None
    # On the day before the re-import nothing had changed yet.
    assert not _queue(env, lead, "2026-11-22")["EX-1"]["tier_changed"]
    # A week and more later the change has left the window.
    assert not _queue(env, lead, "2026-12-01")["EX-1"]["tier_changed"]
    # The filter "neu und geändert" keeps exactly the changed case here (nothing received lately).
    assert list(_queue(env, lead, DAY2, new_or_changed="true")) == ["EX-1"]

    history = _history(env, lead, "EX-1")
    assert [(h["tier"], h["previous_tier"], h["cause"]) for h in history] == [
        ("P2", None, "import"),
        ("P1", "P2", "import"),
    ]
    assert history[0]["cause_text"] == "durch Erstimport (Fassung 1, 20.11.2026)"
    assert history[1]["case_version"] == 2 and history[1]["ruleset"] == "amit-nrw-default v1"
    assert history[1]["criteria"] == ["VIOLENT", "REPEAT"] and history[1]["score"] == 55

    summary = env.client.get(
        "/api/v1/queue/summary", params={"as_of": DAY2}, headers=env.auth(lead)
    ).json()
    koeln = next(r for r in summary["regions"] if r["region"] == "koeln")
    assert koeln["tier_changed"] == 1
    assert sum(r["tier_changed"] for r in summary["regions"]) == 1


def test_unchanged_reimport_records_nothing(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    records = list(_records(examples_text).values())
    _import(env, lead, records, DAY1)
    _import(env, lead, records, DAY2)
    assert len(_history(env, lead, "EX-1")) == 1


def test_rule_set_activation_is_recorded_as_the_cause(env, examples_text):
    env.import_examples()
    anna, ben = env.user("policy", name="anna"), env.user("policy", name="ben")
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    draft = _draft(env, anna, RAISE_SERIOUS).json()
    assert _act(env, ben, draft["id"], "approve").status_code == 200
    assert _act(env, anna, draft["id"], "activate").status_code == 200
    today = date.today().isoformat()
    items = _queue(env, lead, today)
    ex3 = items["EX-3"]
    assert (ex3["tier"], ex3["previous_tier"], ex3["tier_changed"]) == ("NONE", "BLOCKED", True)
    assert ex3["change_cause"] == "durch Regelwerk amit-nrw-default v2"
    assert not items["EX-1"]["tier_changed"]
    history = _history(env, lead, "EX-3")
    assert [(h["cause"], h["ruleset"]) for h in history] == [
        ("import", "amit-nrw-default v1"),
        ("ruleset", "amit-nrw-default v2"),
    ]
    # Every open case got a record under the new version, changed or not.
    assert _history(env, lead, "EX-1")[-1]["ruleset"] == "amit-nrw-default v2"


def test_history_is_region_bound(env):
    env.import_examples()
    elsewhere = env.user("caseworker", "duesseldorf")
    response = env.client.get("/api/v1/cases/EX-1/evaluations", headers=env.auth(elsewhere))
    assert response.status_code == 404
