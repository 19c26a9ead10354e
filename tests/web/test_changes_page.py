"""The page "Änderungen seit Ihrer letzten Sichtung" without JavaScript: list, seen, stream."""

from __future__ import annotations

import json

from tests.web.site import Site, csrf_of

BAN = {"event_id": "W1", "type": "legal_status_changed", "deportation_ban": True}


def _block_a_case(site: Site, client) -> str:
    """Through the API: a deportation ban on the lead's first P-tier case (it becomes BLOCKED)."""
    auth = {"Authorization": f"Bearer {site.tokens['rrk_lead']}"}
    queue = client.get("/api/v1/queue", params={"region": "koeln"}, headers=auth).json()
    case_id = next(i["case_id"] for i in queue["items"] if i["tier"].startswith("P"))
    response = client.post(f"/api/v1/cases/{case_id}/events", json=BAN, headers=auth)
    assert response.status_code == 201, response.text
    assert response.json()["changes"][0]["after"]["tier"] == "BLOCKED"
    return case_id


def test_changes_page_lists_changes_with_cause_and_marks_them_seen(fresh_site, as_role) -> None:
    client = as_role("rrk_lead", on=fresh_site)
    case_id = _block_a_case(fresh_site, client)
    text = client.get("/changes").text
    assert "<h1>Änderungen seit Ihrer letzten Sichtung</h1>" in text
    assert "noch nie als gesehen markiert" in text
    assert 'href="/changes" aria-current="page"' in text  # in the navigation
    row = text.split(f'<a href="/cases/{case_id}?region=koeln">')[1].split("</tr>")[0]
    assert "→ Rechtliches Hindernis</td>" in row
    assert "durch neue Tatsache: Abschiebungsverbot festgestellt (Ereignis W1," in row
    assert "Entlassung steht bevor" in text
    refused = client.post("/changes/seen", data={"csrf_token": "wrong", "seen_id": "1"})
    assert refused.status_code == 403
    seen_id = text.split('name="seen_id" value="')[1].split('"')[0]
    done = client.post(
        "/changes/seen",
        data={"csrf_token": csrf_of(text), "seen_id": seen_id},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/changes"
    after = client.get("/changes").text
    assert "Keine neuen Änderungen seit Ihrer letzten Sichtung." in after
    assert "Zuletzt als gesehen markiert" in after
    # The queue's marker says the same.
    queue = client.get("/queue?changed=1").text
    assert "durch neue Tatsache: Abschiebungsverbot festgestellt" in queue


def test_changes_stream_sends_rows_in_the_page_language(fresh_site, as_role) -> None:
    client = as_role("rrk_lead", on=fresh_site)
    case_id = _block_a_case(fresh_site, client)
    response = client.get("/changes/stream", params={"after_id": "0", "max_seconds": "0"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [b for b in response.text.split("\n\n") if b.startswith("id: ")]
    data = [json.loads(e.split("data: ", 1)[1]) for e in events]
    ours = next(d for d in data if d["case_id"] == case_id)
    assert ours["html"]["cause"].startswith("durch neue Tatsache: Abschiebungsverbot")
    assert ours["html"]["announce"] == f"Neue Änderung: {case_id}"
    assert ours["region"] == "koeln" and ours["html"]["href"] == f"/cases/{case_id}?region=koeln"


def test_changes_page_is_for_case_roles(as_role) -> None:
    assert as_role("policy").get("/changes").status_code == 403


def test_case_page_form_records_a_fact_and_shows_it_in_the_history(fresh_site, as_role) -> None:
    client = as_role("rrk_lead", on=fresh_site)
    case_id = fresh_site.case_in("koeln")
    page = client.get(f"/cases/{case_id}").text
    assert "Verlauf der Einstufung" in page and "durch Erstimport (Fassung 1," in page
    assert "Neue Tatsache erfassen" in page
    csrf = csrf_of(page)
    # Nothing chosen: the form comes back with the error, nothing stored.
    empty = client.post(f"/cases/{case_id}/events", data={"csrf_token": csrf})
    assert empty.status_code == 400 and "Bitte wählen Sie, was geschehen ist." in empty.text
    assert (
        client.post(f"/cases/{case_id}/events", data={"event_kind": "departure"}).status_code == 403
    )
    saved = client.post(
        f"/cases/{case_id}/events",
        data={
            "csrf_token": csrf,
            "event_kind": "blocker",
            "blocker": "deportation_ban",
            "blocker_action": "set",
            "event_id": "W7",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/cases/{case_id}?region=koeln&event=2"
    after = client.get(saved.headers["location"]).text
    cause = "durch neue Tatsache: Abschiebungsverbot festgestellt (Ereignis W7,"
    assert "Gespeichert: " + cause in after
    history = after.split('id="evaluations-caption"')[1].split("</table>")[0]
    assert history.index(cause) < history.index("durch Erstimport")  # newest first
    # A conviction of proceedings the case does not have is refused by the event path.
    refused = client.post(
        f"/cases/{case_id}/events",
        data={
            "csrf_token": csrf,
            "event_kind": "conviction",
            "offence_id": "NOPE",
            "sentence_months": "12",
        },
    )
    assert refused.status_code == 422
    assert f"Zeile 1, Fall {case_id}, Feld offence_id:" in refused.text


def test_the_same_id_in_two_regions_is_two_rows_and_the_form_changes_the_named_case(
    fresh_site, as_role
) -> None:
    """The lead holds koeln and duesseldorf: a koeln id imported into duesseldorf too is another
    case. The page lists each with a link that names its region, and the case page's event form
    (its address names the region) changes only that case."""
    client = as_role("rrk_lead", on=fresh_site)
    auth = {"Authorization": f"Bearer {fresh_site.tokens['rrk_lead']}"}
    queue = client.get("/api/v1/queue", params={"region": "koeln"}, headers=auth).json()
    case_id = next(i["case_id"] for i in queue["items"] if i["tier"].startswith("P"))
    record = client.get(f"/api/v1/cases/{case_id}", headers=auth).json()["record"]
    twin = {**record, "region": "duesseldorf"}
    imported = client.post(
        "/api/v1/cases/import",
        content=json.dumps(twin).encode(),
        headers={**auth, "Content-Type": "application/x-ndjson"},
    )
    assert imported.status_code == 201, imported.text
    events = "\n".join(
        json.dumps({**BAN, "event_id": f"W{n}", "case_id": case_id, "region": region})
        for n, region in enumerate(("koeln", "duesseldorf"))
    )
    applied = client.post(
        "/api/v1/events",
        content=events.encode(),
        headers={**auth, "Content-Type": "application/x-ndjson"},
    )
    assert applied.status_code == 201, applied.text
    text = client.get("/changes").text
    for n, region in enumerate(("koeln", "duesseldorf")):
        row = text.split(f'<a href="/cases/{case_id}?region={region}">')[1].split("</tr>")[0]
        assert f"(Ereignis W{n}," in row
    stream = client.get("/changes/stream", params={"after_id": "0", "max_seconds": "0"}).text
    hrefs = {
        json.loads(block.split("data: ", 1)[1])["html"]["href"]
        for block in stream.split("\n\n")
        if block.startswith("id: ")
    }
    assert {f"/cases/{case_id}?region={r}" for r in ("koeln", "duesseldorf")} <= hrefs

    page = client.get("/changes").text
    saved = client.post(
        f"/cases/{case_id}/events",
        params={"region": "duesseldorf"},
        data={"csrf_token": csrf_of(page), "event_kind": "departure", "event_id": "W9"},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"/cases/{case_id}?region=duesseldorf&event=3"

    def versions(region: str) -> int:
        answer = client.get(
            f"/api/v1/cases/{case_id}/versions", params={"region": region}, headers=auth
        )
        return len(answer.json()["items"])

    assert (versions("koeln"), versions("duesseldorf")) == (2, 3)
    # The case page's history is that case's own.
    after = client.get(saved.headers["location"]).text
    history = after.split('id="evaluations-caption"')[1].split("</table>")[0]
    assert "(Ereignis W9," in history and "(Ereignis W1," in history
    assert "(Ereignis W0," not in history
    # A form with an error comes back on the page of the case its address names.
    empty = client.post(
        f"/cases/{case_id}/events",
        params={"region": "duesseldorf"},
        data={"csrf_token": csrf_of(page)},
    )
    assert empty.status_code == 400 and "Bitte wählen Sie, was geschehen ist." in empty.text
    assert f'action="/cases/{case_id}/events?region=duesseldorf"' in empty.text
    assert "(Ereignis W9," in empty.text and "(Ereignis W0," not in empty.text
    # Without the region the form cannot tell the two apart: nothing is stored.
    unnamed = client.post(
        f"/cases/{case_id}/events",
        data={"csrf_token": csrf_of(page), "event_kind": "departure"},
        follow_redirects=False,
    )
    assert unnamed.status_code == 409  # the choice of region, as on the case page
    assert f'href="/cases/{case_id}?region=duesseldorf"' in unnamed.text
    assert f'href="/cases/{case_id}?region=koeln"' in unnamed.text
    unknown = client.post(
        f"/cases/{case_id}/events",
        params={"region": "bayern"},
        data={"csrf_token": csrf_of(page), "event_kind": "departure"},
        follow_redirects=False,
    )
    assert unknown.status_code == 404
    assert (versions("koeln"), versions("duesseldorf")) == (2, 3)
