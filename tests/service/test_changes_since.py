"""``GET /changes?since=`` (issue #14): ISO dates and times, naive ones as UTC, never a 500;
numbers (read as seconds since 1970 before) and other nonsense are a German 422. And the seen
marker: ``POST /changes/seen`` moves to the newest record of the caller's own regions, so it
does not move when another region imports (its volume and timing are not the caller's).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.service.test_changes import DAY1, _import, _records
from tests.service.test_feed import _setup


def _since(env, token, since, **headers):
    return env.client.get(
        "/api/v1/changes",
        params={"as_of": "2026-11-23", "since": since},
        headers={**env.auth(token), **headers},
    )


@pytest.mark.parametrize(
    "since",
    [
        "2026-11-20",
        "2026-11-20T00:00:00",
        "2026-11-20T00:00",
        "2026-11-20 00:00:00.5",
        "2026-11-20T00:00:00Z",
        "2026-11-20T01:00:00+01:00",
        "2026-11-20T00:00:00-0100",
    ],
)
def test_since_takes_iso_dates_and_times_naive_as_utc(env, examples_text, since):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    _setup(env, examples_text, lead)
    response = _since(env, lead, since)
    assert response.status_code == 200, response.text
    assert [i["case_id"] for i in response.json()["items"]] == ["EX-3"]  # recorded today


def test_since_in_the_future_lists_nothing(env, examples_text):
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    _setup(env, examples_text, lead)
    later = datetime.now(UTC).replace(year=datetime.now(UTC).year + 1).date().isoformat()
    response = _since(env, lead, later)
    assert response.status_code == 200, response.text
    assert response.json()["items"] == []


@pytest.mark.parametrize(
    "since", ["0", "1", "-1", "1700000000", "2026-11-31", "2026-11-30T25:00", "gestern", "nan"]
)
def test_since_refuses_numbers_and_nonsense_in_german(env, since):
    lead = env.user("rrk_lead", "koeln")
    response = _since(env, lead, since)
    assert response.status_code == 422, response.text
    (item,) = response.json()["detail"]
    assert item["loc"] == ["query", "since"]
    assert item["msg"].startswith("kein Zeitpunkt: erwartet JJJJ-MM-TT") and since in item["msg"]
    english = _since(env, lead, since, **{"Accept-Language": "en"}).json()
    assert english["detail"][0]["msg"].startswith("not a point in time")


def test_since_outside_the_supported_years_is_refused(env):
    lead = env.user("rrk_lead", "koeln")
    response = _since(env, lead, "0001-01-01")
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["query", "since"]


def test_marking_seen_does_not_tell_of_other_regions(env, examples_text):
    koeln = env.user("rrk_lead", "koeln", name="kai")
    records = _records(examples_text)
    _import(env, koeln, [records["EX-1"]], DAY1)
    first = env.client.post("/api/v1/changes/seen", json={}, headers=env.auth(koeln))
    assert first.status_code == 200, first.text
    # duesseldorf imports: a koeln user's marker must not move with it
    duesseldorf = env.user("rrk_lead", "duesseldorf", name="dana")
    others = [{**records["EX-2"], "case_id": f"D-{n}", "region": "duesseldorf"} for n in range(3)]
    _import(env, duesseldorf, others, DAY1)
    again = env.client.post("/api/v1/changes/seen", json={}, headers=env.auth(koeln))
    assert again.status_code == 200, again.text
    assert again.json()["seen_id"] == first.json()["seen_id"]
    # their own marker is the newest of their region, and the feed keeps working for them
    theirs = env.client.post("/api/v1/changes/seen", json={}, headers=env.auth(duesseldorf))
    assert theirs.json()["seen_id"] > first.json()["seen_id"]
    # a new koeln record is still listed for the koeln user after the duesseldorf records
    _import(env, koeln, [{**records["EX-3"], "region": "koeln", "received_on": "2026-11-18"}], DAY1)
    feed = env.client.get(
        "/api/v1/changes", params={"as_of": "2026-11-23"}, headers=env.auth(koeln)
    ).json()
    assert [i["case_id"] for i in feed["items"]] == ["EX-3"]
