"""The change feed (issue #12): per-user "seen", region scope, the stream, the calendar sweep."""

from __future__ import annotations

from tests.service.test_changes import DAY1, DAY2, _history, _import, _queue, _records
from tests.service.test_events import E17, _post

CAUSE_E17 = "durch neue Tatsache: Ausreisepflicht vollziehbar (Ereignis E17, 23.11.2026)"


def _feed(env, token, **params):
    response = env.client.get(
        "/api/v1/changes", params={"as_of": DAY2, **params}, headers=env.auth(token)
    )
    assert response.status_code == 200, response.text
    return response.json()


def _setup(env, examples_text, token):
    records = _records(examples_text)
    records["EX-1"]["departure_status"] = "pending"
    records["EX-3"]["received_on"] = "2026-11-18"  # received within the week: new
    _import(env, token, list(records.values()), DAY1)


def test_feed_lists_new_and_changed_cases_with_causes_and_remembers_what_was_seen(
    env, examples_text
):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster", name="lena")
    other = env.user("rrk_lead", "koeln,arnsberg,muenster", name="lars")
    _setup(env, examples_text, lead)
    assert _post(env, lead, "/api/v1/cases/EX-1/events", E17).status_code == 201
    feed = _feed(env, lead)
    entries = [(i["case_id"], i["kind"]) for i in feed["items"]]
    assert entries == [("EX-3", "new"), ("EX-1", "changed")]
    changed = feed["items"][1]
    assert (changed["previous_tier"], changed["tier"]) == ("P2", "P1")
    assert changed["cause_text"] == CAUSE_E17 and feed["seen_id"] is None
    # The queue's filter "neu und geändert" holds the same two cases.
    assert set(_queue(env, lead, DAY2, new_or_changed="true")) == {"EX-1", "EX-3"}

    seen = env.client.post("/api/v1/changes/seen", json={}, headers=env.auth(lead))
    assert seen.status_code == 200 and seen.json()["seen_id"] == feed["latest_id"]
    assert _feed(env, lead)["items"] == []
    assert len(_feed(env, other)["items"]) == 2  # "seen" is per user
    # A new change appears for the lead who has seen everything before it.
    blocker = {"event_id": "E30", "type": "legal_status_changed", "deportation_ban": True}
    assert _post(env, other, "/api/v1/cases/EX-1/events", blocker).status_code == 201
    after = _feed(env, lead)["items"]
    assert [(i["case_id"], i["previous_tier"], i["tier"]) for i in after] == [
        ("EX-1", "P1", "BLOCKED")
    ]
    assert after[0]["cause_text"].startswith("durch neue Tatsache: Abschiebungsverbot")
    # The marker never moves backwards.
    env.client.post("/api/v1/changes/seen", json={"seen_id": 0}, headers=env.auth(lead))
    assert _feed(env, lead)["seen_id"] == feed["latest_id"]


def test_feed_is_scoped_to_the_callers_regions(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    _setup(env, examples_text, lead)
    assert _post(env, lead, "/api/v1/cases/EX-1/events", E17).status_code == 201
    muenster = env.user("caseworker", "muenster")
    assert [i["case_id"] for i in _feed(env, muenster)["items"]] == ["EX-3"]
    elsewhere = env.user("caseworker", "duesseldorf")
    assert _feed(env, elsewhere)["items"] == []


def test_feed_lists_releases_within_the_horizon(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    _setup(env, examples_text, lead)
    custody = {
        "event_id": "E40",
        "type": "custody_changed",
        "in_custody": True,
        "release_date": "2026-12-10",
    }
    assert _post(env, lead, "/api/v1/cases/EX-2/events", custody).status_code == 201
    near = _feed(env, lead)["approaching"]
    assert near == [
        {"case_id": "EX-2", "region": "arnsberg", "release_date": "2026-12-10", "days": 17}
    ]


def test_stream_sends_entries_as_server_sent_events(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    _setup(env, examples_text, lead)
    assert _post(env, lead, "/api/v1/cases/EX-1/events", E17).status_code == 201
    response = env.client.get(
        "/api/v1/changes/stream",
        params={"after_id": 0, "max_seconds": 0},
        headers=env.auth(lead),
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    blocks = [b for b in response.text.split("\n\n") if "event: change" in b]
    # The stream is live: "new" counts from today, when EX-3 (received 18.11.) no longer is.
    assert len(blocks) == 1 and CAUSE_E17 in blocks[0]
    last_id = blocks[0].split("\n")[0].removeprefix("id: ")
    resumed = env.client.get(
        "/api/v1/changes/stream",
        params={"max_seconds": 0},
        headers={**env.auth(lead), "Last-Event-ID": last_id},
    )
    assert "event: change" not in resumed.text


def test_sweep_records_a_conviction_leaving_its_window(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    admin = env.user("admin")
    records = _records(examples_text)
    # EX-3's serious conviction D1 leaves the 60-month window on 25.11.2026: BLOCKED -> NONE.
    records["EX-3"]["offences"][0]["date"] = "2021-11-25"
    _import(env, lead, list(records.values()), DAY1)
    assert _queue(env, lead, DAY1)["EX-3"]["tier"] == "BLOCKED"

    def sweep(day, token=admin):
        return env.client.post(
            "/api/v1/changes/sweep", params={"as_of": day}, headers=env.auth(token)
        )

    assert sweep("2026-11-26", lead).status_code == 403
    early = sweep("2026-11-24").json()
    assert early["recorded"] == 0
    done = sweep("2026-11-26").json()
    assert done["recorded"] == 1 and done["checked"] >= 1
    assert sweep("2026-11-26").json()["checked"] == 0  # nothing is due twice
    ex3 = _queue(env, lead, "2026-11-26")["EX-3"]
    assert (ex3["tier"], ex3["previous_tier"], ex3["tier_changed"]) == ("NONE", "BLOCKED", True)
    cause = "durch Zeitablauf: Verurteilung D1 liegt nicht mehr im Zeitfenster (60 Monate)"
    assert ex3["change_cause"] == cause and ex3["change_cause_code"] == "time"
    history = _history(env, lead, "EX-3")
    assert [(h["cause"], h["tier"], h["as_of"]) for h in history] == [
        ("import", "BLOCKED", DAY1),
        ("time", "NONE", "2026-11-26"),
    ]
    feed = _feed(env, lead, as_of="2026-11-26")["items"]
    assert [(i["case_id"], i["cause_text"]) for i in feed] == [("EX-3", cause)]
