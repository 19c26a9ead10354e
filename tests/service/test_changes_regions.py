"""One case id in two regions (issue #14): events, recorded evaluations, the feed, the queue's
markers and the sweep keep the two cases apart, and a caller of one region never learns of the
other.

EX-1 of koeln is the worked example with a pending departure obligation (P2; enforceable: P1).
EX-1 of duesseldorf is a different person: the record of EX-2 under the same id.
"""

from __future__ import annotations

import json

from sqlalchemy import select, update

from service.changes.models import CaseEvaluation
from tests.service.test_changes import DAY1, DAY2, _import, _records
from tests.service.test_events import E17, _post

BAN = {"event_id": "E30", "type": "legal_status_changed", "deportation_ban": True}


def _twins(env, examples_text) -> str:
    """Import EX-1 into koeln and into duesseldorf; returns the token of a lead of both."""
    records = _records(examples_text)
    koeln = {**records["EX-1"], "departure_status": "pending"}
    duesseldorf = {**records["EX-2"], "case_id": "EX-1", "region": "duesseldorf"}
    lead = env.user("rrk_lead", "koeln,duesseldorf", name="dora")
    _import(env, lead, [koeln, {**records["EX-3"], "region": "koeln"}], DAY1)
    _import(env, lead, [duesseldorf], DAY1)
    return lead


def _post_in(env, token, path, payload, region=None):
    """One event to ``path`` (JSON) at DAY2, for the case of ``region``."""
    params = {"as_of": DAY2} | ({"region": region} if region else {})
    return env.client.post(path, params=params, json=payload, headers=env.auth(token))


def _get(env, token, path, **params):
    return env.client.get(path, params=params, headers=env.auth(token))


def _history(env, token, region):
    response = _get(env, token, "/api/v1/cases/EX-1/evaluations", region=region)
    assert response.status_code == 200, response.text
    assert response.json()["region"] == region
    return response.json()["items"]


def _versions(env, token, region):
    response = _get(env, token, "/api/v1/cases/EX-1/versions", region=region)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _queue_items(env, token, as_of=DAY2, **params):
    response = _get(env, token, "/api/v1/queue", as_of=as_of, **params)
    assert response.status_code == 200, response.text
    return {(i["region"], i["case_id"]): i for i in response.json()["items"]}


def test_an_event_on_one_of_two_cases_with_the_same_id_leaves_the_other_alone(env, examples_text):
    lead = _twins(env, examples_text)
    before = _history(env, lead, "duesseldorf")
    # Without the region the id is ambiguous for a lead of both regions: 409, nothing stored.
    ambiguous = _post(env, lead, "/api/v1/cases/EX-1/events", E17)
    assert ambiguous.status_code == 409, ambiguous.text
    assert "Düsseldorf (region=duesseldorf), Köln (region=koeln)" in ambiguous.json()["detail"]
    assert _get(env, lead, "/api/v1/cases/EX-1/evaluations").status_code == 409

    response = _post_in(env, lead, "/api/v1/cases/EX-1/events", E17, "koeln")
    assert response.status_code == 201, response.text
    change = response.json()["changes"][0]
    assert (change["case_id"], change["region"], change["version"]) == ("EX-1", "koeln", 2)
    assert (change["before"]["tier"], change["after"]["tier"]) == ("P2", "P1")

    koeln = _history(env, lead, "koeln")
    assert [(h["cause"], h["tier"], h["region"]) for h in koeln] == [
        ("import", "P2", "koeln"),
        ("event", "P1", "koeln"),
    ]
    assert koeln[1]["previous_tier"] == "P2"
    # The duesseldorf case: no new version, no new record, its own tier.
    assert _history(env, lead, "duesseldorf") == before
    assert len(_versions(env, lead, "duesseldorf")) == 1
    record = _get(env, lead, "/api/v1/cases/EX-1", region="duesseldorf").json()["record"]
    assert record["departure_status"] == "pending" and record["incidents"]
    # The event in the body may name the region; it must be the address's.
    other = _post_in(
        env, lead, "/api/v1/cases/EX-1/events", {**BAN, "region": "duesseldorf"}, "koeln"
    )
    assert other.status_code == 422
    assert [(e["case_id"], e["path"]) for e in other.json()["errors"]] == [("EX-1", "region")]
    assert len(_versions(env, lead, "duesseldorf")) == 1
    # The audit names the case by region and id.
    admin = env.user("admin")
    audit = _get(env, admin, "/api/v1/audit", action="case.evaluations.read").json()["items"]
    assert {e["target"] for e in audit} == {"case:koeln/EX-1", "case:duesseldorf/EX-1"}


def test_bulk_events_need_the_region_of_an_id_held_in_two_of_the_callers_regions(
    env, examples_text
):
    lead = _twins(env, examples_text)
    refused = _post(
        env,
        lead,
        "/api/v1/events",
        [{**E17, "case_id": "EX-3"}, {**E17, "case_id": "EX-1"}],
        ndjson=True,
    )
    assert refused.status_code == 422, refused.text
    errors = refused.json()["errors"]
    assert [(e["line"], e["case_id"], e["path"]) for e in errors] == [(2, "EX-1", "region")]
    assert errors[0]["text"] == (
        "Zeile 2, Fall EX-1, Feld region: das Aktenzeichen EX-1 gibt es in mehreren Ihrer "
        "Bezirksregierungen (Düsseldorf (region=duesseldorf), Köln (region=koeln)); bitte im "
        "Ereignis die Bezirksregierung "
        "angeben (region)"
    )
    english = env.client.post(
        "/api/v1/events",
        params={"as_of": DAY2},
        content=json.dumps({**E17, "case_id": "EX-1"}).encode(),
        headers={
            **env.auth(lead),
            "Content-Type": "application/x-ndjson",
            "Accept-Language": "en",
        },
    )
    assert english.status_code == 422
    assert english.json()["errors"][0]["text"].startswith(
        "line 1, case EX-1, field region: the case id EX-1 exists in several of your district "
        "governments (Düsseldorf (region=duesseldorf), Cologne (region=koeln))"
    )
    unknown = _post(
        env, lead, "/api/v1/events", [{**E17, "case_id": "EX-1", "region": "bayern"}], ndjson=True
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["path"] == "region"
    assert len(_history(env, lead, "koeln")) == len(_history(env, lead, "duesseldorf")) == 1

    events = [
        {**E17, "case_id": "EX-1", "region": "koeln"},
        {**BAN, "case_id": "EX-1", "region": "duesseldorf"},
        {"event_id": "E31", "case_id": "EX-1", "region": "koeln", "type": "custody_changed",
         "in_custody": True, "release_date": "2026-12-01"},
    ]  # fmt: skip
    response = _post(env, lead, "/api/v1/events", events, ndjson=True)
    assert response.status_code == 201, response.text
    changes = response.json()["changes"]
    assert [(c["region"], c["version"], c["after"]["tier"]) for c in changes] == [
        ("koeln", 2, "P1"),
        ("duesseldorf", 2, "BLOCKED"),
        ("koeln", 3, changes[2]["after"]["tier"]),
    ]
    assert changes[2]["before"] == changes[0]["after"]  # koeln carries forward, not duesseldorf
    koeln, duesseldorf = _history(env, lead, "koeln"), _history(env, lead, "duesseldorf")
    assert [h["cause_detail"]["events"][0]["event_id"] for h in koeln[1:]] == ["E17", "E31"]
    assert [h["cause_detail"]["events"][0]["event_id"] for h in duesseldorf[1:]] == ["E30"]
    assert duesseldorf[1]["previous_tier"] == duesseldorf[0]["tier"] != "BLOCKED"
    record = _get(env, lead, "/api/v1/cases/EX-1", region="duesseldorf").json()["record"]
    assert record["deportation_ban"] and not record["in_custody"]
    admin = env.user("admin")
    audit = _get(env, admin, "/api/v1/audit", action="cases.events").json()["items"][0]
    assert [e[0::5] for e in audit["details"]["events"]] == [
        ["EX-1", "koeln"],
        ["EX-1", "duesseldorf"],
        ["EX-1", "koeln"],
    ]

    # The queue marks each case with its own change and cause.
    items = _queue_items(env, lead)
    ex1k, ex1d = items[("koeln", "EX-1")], items[("duesseldorf", "EX-1")]
    assert ex1k["tier_changed"] and ex1d["tier_changed"]
    assert ex1d["tier"] == "BLOCKED" and ex1d["change_cause"].startswith(
        "durch neue Tatsache: Abschiebungsverbot"
    )
    assert ex1k["previous_tier"] == "P2" and ex1d["previous_tier"] == duesseldorf[0]["tier"]
    changed = _queue_items(env, lead, new_or_changed="true")
    assert {("koeln", "EX-1"), ("duesseldorf", "EX-1")} <= set(changed)


def test_a_caller_of_one_region_never_learns_of_the_same_id_in_another(env, examples_text):
    lead = _twins(env, examples_text)
    koeln = env.user("caseworker", "koeln", name="karl")
    # Within the caller's regions the id is unique: no region needed, and it is koeln's case.
    response = _post(env, koeln, "/api/v1/events", [{**E17, "case_id": "EX-1"}], ndjson=True)
    assert response.status_code == 201, response.text
    assert response.json()["changes"][0]["region"] == "koeln"
    assert len(_history(env, lead, "duesseldorf")) == 1

    # Naming the other region answers exactly as an id that exists nowhere.
    def refusal(event: dict) -> list[dict]:
        answer = _post(env, koeln, "/api/v1/events", [{**BAN, **event}], ndjson=True)
        assert answer.status_code == 422
        return answer.json()["errors"]

    elsewhere = refusal({"case_id": "EX-1", "region": "duesseldorf"})
    missing = refusal({"case_id": "EX-9", "region": "duesseldorf"})
    nowhere = refusal({"case_id": "EX-9"})
    assert elsewhere == [{**e, "case_id": "EX-1", "text": e["text"].replace("EX-9", "EX-1")}
                         for e in missing]  # fmt: skip
    assert missing == nowhere
    per_case = _post_in(env, koeln, "/api/v1/cases/EX-1/events", BAN, "duesseldorf")
    per_missing = _post(env, koeln, "/api/v1/cases/EX-9/events", BAN)
    assert per_case.status_code == per_missing.status_code == 404
    assert per_case.json() == per_missing.json()
    assert len(_history(env, lead, "duesseldorf")) == 1
    assert _get(env, koeln, "/api/v1/cases/EX-1/evaluations", region="duesseldorf").status_code == (
        404
    )
    # Its own case's history holds only its own records.
    history = _history(env, koeln, "koeln")
    assert [(h["cause"], h["region"]) for h in history] == [("import", "koeln"), ("event", "koeln")]
    assert _get(env, koeln, "/api/v1/cases/EX-1/evaluations").json()["items"] == history

    # The duesseldorf case changes too; the koeln caller's feed shows only koeln's.
    assert _post_in(env, lead, "/api/v1/cases/EX-1/events", BAN, "duesseldorf").status_code == 201
    feed = _get(env, koeln, "/api/v1/changes", as_of=DAY2).json()
    assert {(i["region"], i["case_id"]) for i in feed["items"]} == {("koeln", "EX-1")}
    stream = _get(env, koeln, "/api/v1/changes/stream", after_id=0, max_seconds=0)
    assert '"duesseldorf"' not in stream.text and '"koeln"' in stream.text
    queue = _queue_items(env, koeln)
    assert {region for region, _ in queue} == {"koeln"} and queue[("koeln", "EX-1")]["tier"] == "P1"


def test_the_feed_lists_both_cases_with_the_same_id_separately(env, examples_text):
    lead = _twins(env, examples_text)
    custody = {
        "event_id": "E40",
        "type": "custody_changed",
        "in_custody": True,
        "release_date": "2026-12-10",
    }
    events = [
        {**E17, "case_id": "EX-1", "region": "koeln"},
        {**BAN, "case_id": "EX-1", "region": "duesseldorf"},
        {**custody, "case_id": "EX-1", "region": "duesseldorf"},
    ]
    assert _post(env, lead, "/api/v1/events", events, ndjson=True).status_code == 201
    feed = _get(env, lead, "/api/v1/changes", as_of=DAY2).json()
    rows = [(i["region"], i["case_id"], i["previous_tier"], i["tier"]) for i in feed["items"]]
    assert ("koeln", "EX-1", "P2", "P1") in rows
    assert [r for r in rows if r[0] == "duesseldorf"] == [
        ("duesseldorf", "EX-1", rows[-1][2], "BLOCKED")
    ]
    assert len(rows) == 2
    near = feed["approaching"]
    assert [(a["region"], a["case_id"]) for a in near] == [("duesseldorf", "EX-1")]
    admin = env.user("admin")
    audit = _get(env, admin, "/api/v1/audit", action="changes.read").json()["items"][0]
    assert sorted(audit["details"]["cases"]) == [["EX-1", "duesseldorf"], ["EX-1", "koeln"]]


def test_the_sweep_handles_the_same_id_in_two_regions(env, examples_text, monkeypatch):
    from service.changes import sweep as sweeping

    monkeypatch.setattr(sweeping, "_FIRST_CHUNK", 1)  # one case a chunk: the twins meet at a cut
    lead = _twins(env, examples_text)
    admin = env.user("admin")
    imported = {r: _history(env, lead, r)[0]["tier"] for r in ("koeln", "duesseldorf")}
    with env.db.write() as session:  # as if stored before evaluations were recorded (0007)
        session.query(CaseEvaluation).delete()

    def sweep(day: str) -> dict:
        response = env.client.post(
            "/api/v1/changes/sweep", params={"as_of": day}, headers=env.auth(admin)
        )
        assert response.status_code == 200, response.text
        return response.json()

    assert sweep(DAY1)["first"] == 3  # EX-1 twice and EX-3
    for region in ("koeln", "duesseldorf"):
        history = _history(env, lead, region)
        assert [(h["cause"], h["tier"]) for h in history] == [("first", imported[region])]
    assert sweep(DAY1)["first"] == 0

    # A record under an older rule set is due for one of the twins only.
    with env.db.write() as session:
        session.execute(
            update(CaseEvaluation)
            .where(CaseEvaluation.region == "koeln", CaseEvaluation.case_id == "EX-1")
            .values(ruleset="amit-nrw-default v0")
        )
    done = sweep(DAY2)
    assert (done["checked"], done["recorded"]) == (1, 1)
    assert [h["cause"] for h in _history(env, lead, "koeln")] == ["first", "ruleset"]
    assert [h["cause"] for h in _history(env, lead, "duesseldorf")] == ["first"]
    with env.db.read() as session:
        stored = session.execute(
            select(CaseEvaluation.region, CaseEvaluation.case_id, CaseEvaluation.case_version)
        ).all()
    assert sorted(stored) == [
        ("duesseldorf", "EX-1", 1),
        ("koeln", "EX-1", 1),
        ("koeln", "EX-1", 1),
        ("koeln", "EX-3", 1),
    ]
