"""The change feed in a real browser (Chromium): a new fact arrives on the open page without
reloading, with its cause; the queue's marker and the case history say the same."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.browser


def sign_in(page, base: str, token: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Zugangstoken").fill(token)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def test_a_new_fact_arrives_live_in_the_feed_and_shows_in_queue_and_history(
    live, browser_page
) -> None:
    site, base = live
    page = browser_page
    sign_in(page, base, site.tokens["rrk_lead"])
    page.get_by_role("link", name="Änderungen").click()
    assert page.get_by_role("heading", name="Änderungen seit Ihrer letzten Sichtung").is_visible()
    page.get_by_role("button", name="Als gesehen markieren").click()
    page.wait_for_load_state()
    assert page.get_by_text("Keine neuen Änderungen seit Ihrer letzten Sichtung.").is_visible()

    auth = {"Authorization": f"Bearer {site.tokens['rrk_lead']}"}
    with httpx.Client(base_url=base, headers=auth) as api:
        queue = api.get("/api/v1/queue", params={"region": "koeln"}).json()["items"]
        case_id = next(i["case_id"] for i in queue if i["tier"].startswith("P"))
        ban = {"event_id": "B1", "type": "legal_status_changed", "deportation_ban": True}
        assert api.post(f"/api/v1/cases/{case_id}/events", json=ban).status_code == 201

    # The open page receives the entry by server-sent events, no reload.
    row = page.locator("#changes-rows tr", has_text=case_id)
    row.wait_for(timeout=20_000)
    cause = "durch neue Tatsache: Abschiebungsverbot festgestellt (Ereignis B1,"
    assert cause in row.inner_text() and "→ Rechtliches Hindernis" in row.inner_text()
    assert page.locator("#changes-live").inner_text() == f"Neue Änderung: {case_id}"
    # The arrived row links to the case of its region (ids are unique within a region only).
    link = row.get_by_role("link", name=case_id).get_attribute("href")
    assert link == f"/cases/{case_id}?region=koeln"

    page.goto(base + "/queue?changed=1")
    marked = page.locator("table.queue tbody tr", has_text=case_id)
    # the earlier tier and its cause read as two parts ("…, vorher Priorität 2 – durch …")
    assert re.search(
        r"Stufe geändert, vorher Priorität \d – " + re.escape(cause), marked.inner_text()
    )

    marked.get_by_role("link", name=case_id).click()
    history = page.get_by_role(
        "table", name=re.compile(f"Gespeicherte Bewertungen zu Fall {case_id}")
    )
    assert cause in history.locator("tbody tr").first.inner_text()
