"""Issue #12's other two scenarios in a real browser (Chromium): a new rule set version comes into
force, and a conviction leaves its window as time passes. Each time the lead's queue marks
"Stufe geändert" with the cause, the change feed lists the case, and its history records it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from rules.windows import in_window, window_start
from tests.service.conftest import EXAMPLES
from tests.service.test_rulesets import RAISE_SERIOUS, SCENARIOS_REASON
from tests.web.site import LiveServer, Site, build_site
from tests.web.test_changes_browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_live(tmp_path: Path) -> Iterator[tuple[Site, str]]:
    """A small demo site of its own (these tests change the rule set and the calendar)."""
    served = build_site(tmp_path, n_cases=60)
    with LiveServer(served.app) as server:
        yield served, server.url


def _examples_in_koeln(**changes: object) -> list[dict]:
    """The worked examples, moved to Köln (a region of the demo lead), EX-3 changed as given."""
    records = [json.loads(line) for line in EXAMPLES.read_text().splitlines()]
    for record in records:
        record["region"] = "koeln"
        if record["case_id"] == "EX-3":
            record.update(changes)
    return records


def _import(api: httpx.Client, records: list[dict], as_of: date) -> None:
    response = api.post(
        "/api/v1/cases/import",
        params={"as_of": as_of.isoformat()},
        content="\n".join(json.dumps(r) for r in records).encode(),
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 201, response.text


def _client(base: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60)


def _mark_seen(page, base: str) -> None:
    page.goto(base + "/changes")
    page.get_by_role("button", name="Als gesehen markieren").click()
    page.wait_for_load_state()
    assert page.get_by_text("Keine neuen Änderungen seit Ihrer letzten Sichtung.").is_visible()


def _assert_marker_feed_and_history(page, base: str, case_id: str, before: str, cause: str):
    """The queue's marker, the feed's row and the newest history row, all with ``cause``."""
    page.goto(base + "/queue?changed=1&region=koeln")
    marked = page.locator("table.queue tbody tr", has_text=case_id)
    assert f"Stufe geändert, vorher {before}" in marked.inner_text()
    assert cause in marked.inner_text()

    page.get_by_role("link", name="Änderungen").click()
    row = page.locator("#changes-rows tr", has_text=case_id)
    assert cause in row.inner_text()

    page.goto(base + f"/cases/{case_id}")
    history = page.get_by_role(
        "table", name=re.compile(f"Gespeicherte Bewertungen zu Fall {case_id}")
    )
    assert cause in history.locator("tbody tr").first.inner_text()


def test_a_new_rule_set_version_is_marked_in_queue_feed_and_history(fresh_live, browser_page):
    site, base = fresh_live
    page = browser_page
    with _client(base, site.tokens["admin"]) as admin:
        _import(admin, _examples_in_koeln(), date.today())
    sign_in(page, base, site.tokens["rrk_lead"])
    _mark_seen(page, base)

    # Draft, approval by a second person, activation: the existing workflow through the API.
    with (
        _client(base, site.tokens["policy"]) as anna,
        _client(base, site.tokens["policy_b"]) as ben,
    ):
        drafted = anna.post(
            "/api/v1/rulesets",
            json={
                "base": "amit-nrw-default",
                "parameters": RAISE_SERIOUS,
                "reason": "Schwelle für schwere Verurteilungen anheben",
            },
        )
        assert drafted.status_code == 201, drafted.text
        version = drafted.json()["id"]
        approved = ben.post(
            f"/api/v1/rulesets/{version}/approve",
            json={"reason": "Geprüft", "scenarios_reason": SCENARIOS_REASON},
        )
        assert approved.status_code == 200, approved.text
        activated = anna.post(f"/api/v1/rulesets/{version}/activate", json={"reason": "Ab heute"})
        assert activated.status_code == 200, activated.text

    _assert_marker_feed_and_history(
        page, base, "EX-3", "Rechtliches Hindernis", "durch Regelwerk amit-nrw-default v2"
    )


def test_a_conviction_leaving_its_window_is_marked_in_queue_feed_and_history(
    fresh_live, browser_page
):
    site, base = fresh_live
    page = browser_page
    today = date.today()
    yesterday = today - timedelta(days=1)
    # EX-3's serious conviction D1 is inside the 60-month window yesterday and outside today.
    day = window_start(today, 60)
    assert in_window(day, yesterday, 60) and not in_window(day, today, 60)
    records = _examples_in_koeln()
    ex3 = next(r for r in records if r["case_id"] == "EX-3")
    assert ex3["offences"][0]["offence_id"] == "D1"
    ex3["offences"][0]["date"] = day.isoformat()
    with _client(base, site.tokens["admin"]) as admin:
        _import(admin, records, yesterday)
        sign_in(page, base, site.tokens["rrk_lead"])
        _mark_seen(page, base)
        # Time passes: the day's sweep (as the service runs it each night) finds the window edge.
        swept = admin.post("/api/v1/changes/sweep", params={"as_of": today.isoformat()})
        assert swept.status_code == 200, swept.text
        assert swept.json()["recorded"] >= 1

    cause = "durch Zeitablauf: Verurteilung D1 liegt nicht mehr im Zeitfenster (60 Monate)"
    _assert_marker_feed_and_history(page, base, "EX-3", "Rechtliches Hindernis", cause)
