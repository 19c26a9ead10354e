"""What the pages show and do: queue, case, decisions, print view, policy forms, languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from service.decisions.models import Decision
from service.rulesets import service as ruleset_service
from service.rulesets.active import configured_ruleset
from tests.web.site import Site, csrf_of

ROOT = Path(__file__).resolve().parents[2]
BIAS = "Die Reihenfolge ist eine Arbeitshilfe – die Entscheidung treffen Sie."
MISSING_TEXT = re.compile(r"\[[a-z_]+(?:\.[a-z_]+)*\]")


def _decide(client, case_id: str, region: str | None = None, **data: str):
    query = f"?region={region}" if region else ""
    page = client.get(f"/cases/{case_id}{query}")
    return client.post(
        f"/cases/{case_id}/decisions{query}",
        data={"csrf_token": csrf_of(page.text), **data},
        follow_redirects=False,
    )


def test_queue_page_lists_rank_tier_badge_reasons_and_markers(as_role) -> None:
    page = as_role("rrk_lead").get("/queue").text
    assert BIAS in page
    assert '<caption id="queue-caption">Fallliste zum Stichtag' in page
    assert re.search(r'<span class="badge tier-p1">Priorität 1</span>', page)
    assert 'scope="col"' in page and 'scope="row"' in page
    assert "Einvernehmen der Staatsanwaltschaft" in page  # a required action
    # "Neu" means received within 7 days, not "imported": the demo was imported today, but only
    # a few of its cases were received this week.
    assert page.count('<span class="marker marker-new">Neu</span>') < page.count('scope="row"')
    assert "Kein Punktemodell geladen" in page  # the site runs without a model


def test_queue_filters_and_pages(as_role) -> None:
    client = as_role("rrk_lead")
    first = re.findall(r'<td class="num">(\d+)</td>\s*<th scope="row">', client.get("/queue").text)
    second = re.findall(
        r'<td class="num">(\d+)</td>\s*<th scope="row">', client.get("/queue?page=2").text
    )
    assert first[0] == "1" and second[0] == str(len(first) + 1)
    links = re.findall(r'rel="(prev|next)" href="([^"]+)"', client.get("/queue?page=2").text)
    assert links == [("prev", "/queue?page=1"), ("next", "/queue?page=3")] or (
        links[:1] == [("prev", "/queue?page=1")]
    )
    only_p1 = client.get("/queue?tier=P1").text
    assert "tier-p2" not in only_p1.split("<tbody>")[1]
    bad = client.get("/queue?as_of=2026-13-01")
    assert bad.status_code == 400 and 'href="#as_of"' in bad.text


def test_case_page_shows_explanation_timeline_form_and_history(site: Site, as_role) -> None:
    case_id = site.case_in("koeln")
    page = as_role("rrk_lead").get(f"/cases/{case_id}").text
    for text in (
        f"Fall {case_id}",
        BIAS,
        "Begründung der Einstufung",
        "Kriterien des Regelwerks",
        "Zeitleiste: Straftaten und Vorfälle",
        "Entscheidung erfassen",
        "Bisherige Entscheidungen",
        "Fallkonferenz",
        "Maßnahme vorbereiten",
        "Zurückstellen",
        "Abschließen",
        'name="reason"',
        "Druckansicht",
    ):
        assert text in page, text
    assert "nationality" not in page and "Staatsangehörigkeit" not in page  # audit-only


def test_a_decision_needs_a_reason_and_the_summary_links_to_the_field(site: Site, as_role) -> None:
    response = _decide(as_role("rrk_lead"), site.case_in("koeln"), kind="defer", reason=" ")
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text and 'href="#reason"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'aria-describedby="reason-hint reason-error"' in response.text
    assert (
        _decide(
            as_role("rrk_lead"), site.case_in("koeln"), kind="deport", reason="gibt es nicht"
        ).status_code
        == 400
    )


def test_a_decision_is_stored_shown_in_the_history_and_overrides_are_named(
    site: Site, as_role
) -> None:
    client = as_role("rrk_lead")
    queue = client.get("/queue?page=3").text
    case_id, region = re.findall(r'href="/cases/([A-Za-z0-9._-]+)\?region=([a-z]+)', queue)[
        -1
    ]  # far down the queue
    response = _decide(
        client,
        case_id,
        region,
        kind="case_conference",
        reason="Fallkonferenz am 02.12. mit der ABH",
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/cases/{case_id}?region={region}&saved=")
    page = client.get(response.headers["location"]).text
    assert "als Abweichung von der Reihenfolge vermerkt" in page
    assert "Fallkonferenz am 02.12. mit der ABH" in page and "just-saved" in page
    with site.db.read() as session:
        decision = session.scalars(
            select(Decision).where(Decision.region == region, Decision.case_id == case_id)
        ).one()
    assert decision.override and decision.decided_by == "demo-rrk_lead"


def test_closing_a_case_offers_only_reopening(site: Site, as_role) -> None:
    client = as_role("caseworker")
    case_id = site.case_in("koeln")
    assert (
        _decide(client, case_id, kind="close", reason="erledigt, Ausreise erfolgt").status_code
        == 303
    )
    page = client.get(f"/cases/{case_id}").text
    assert 'value="reopen"' in page and 'value="close"' not in page
    assert _decide(client, case_id, kind="reopen", reason="neue Erkenntnisse").status_code == 303


def test_print_view_is_a_note_for_the_file(site: Site, as_role) -> None:
    page = as_role("rrk_lead").get(f"/cases/{site.case_in('duesseldorf')}/print").text
    assert "Aktenvermerk – Priorisierung im Fallmanagement NRW" in page
    assert "print-view" in page and "data-print" in page
    assert '<details class="parameters" open>' in page  # parameters print too
    assert 'action="/cases/' not in page  # no decision form on paper
    css = (ROOT / "service/static/style.css").read_text()
    assert "@media print" in css and "@page" in css


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_page_has_all_its_texts(site: Site, as_role, lang: str) -> None:
    with site.db.write() as session:
        ruleset_service.ensure_seeded(db_session=session, ruleset=configured_ruleset())
    case_id = site.case_in("koeln")
    pages = {
        "rrk_lead": ["/queue", f"/cases/{case_id}", f"/cases/{case_id}/print", "/queue?as_of=x"],
        "policy": ["/queue", "/policy", "/policy/rulesets/new", "/policy/rulesets/1?simulate=1"],
        "auditor": ["/audit", "/queue"],
    }
    for role, paths in pages.items():
        client = as_role(role)
        for path in paths:
            text = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}").text
            assert f'<html lang="{lang}">' in text
            assert not MISSING_TEXT.findall(text), (role, path, MISSING_TEXT.findall(text))
    with site.client() as anonymous:
        assert not MISSING_TEXT.findall(anonymous.get(f"/?lang={lang}").text)


def test_the_language_choice_is_remembered(as_role) -> None:
    client = as_role("rrk_lead")
    assert "Queue on the reference date" in client.get("/queue?lang=en").text
    assert "Queue on the reference date" in client.get("/queue").text
    assert "Fallliste zum Stichtag" in client.get("/queue?lang=de").text


def test_explanations_follow_the_language(site: Site, as_role) -> None:
    page = as_role("rrk_lead").get(f"/cases/{site.case_in('koeln')}?lang=en").text
    assert "Why this tier" in page and "the person responsible decides" in page


def test_every_asset_is_served_locally(site: Site) -> None:
    for path in (ROOT / "service/templates").glob("*.html"):
        text = path.read_text()
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path.name
        assert "<script>" not in text and "style=" not in text, path.name
    assert "url(http" not in (ROOT / "service/static/style.css").read_text()
    with site.client() as client:
        for asset in ("/static/style.css", "/static/app.js", "/static/favicon.svg"):
            assert client.get(asset).status_code == 200


# ------------------------------------------------------------------------ policy forms


def _draft(client, **changes: str):
    form_page = client.get("/policy/rulesets/new").text
    data: dict[str, object] = {
        "csrf_token": csrf_of(form_page),
        "base": re.search(r'name="base" value="(\d+)"', form_page)[1],
    }
    for name, value in re.findall(
        r'type="number" id="[^"]+" name="([^"]+)".*?value="([^"]*)"', form_page, re.S
    ):
        data[name] = value
    data["violent_categories"] = re.findall(
        r'name="violent_categories" value="([a-z_]+)" checked', form_page
    )
    data["count_suspended_sentences"] = "true"
    data.update(changes)
    return client.post("/policy/rulesets", data=data, follow_redirects=False)


def test_a_parameter_outside_its_range_is_named_with_the_range(fresh_site: Site, as_role) -> None:
    response = _draft(as_role("policy", fresh_site), repeat_min_convictions="500", reason="zu hoch")
    assert response.status_code == 400
    assert 'href="#param-repeat_min_convictions"' in response.text
    assert "zulässig: 1 bis 50" in response.text
    missing_reason = _draft(as_role("policy", fresh_site), repeat_min_convictions="2", reason="")
    assert missing_reason.status_code == 400 and 'href="#reason"' in missing_reason.text


def test_the_author_cannot_approve_even_by_posting_directly(fresh_site: Site, as_role) -> None:
    author = as_role("policy", fresh_site)
    created = _draft(author, repeat_min_convictions="2", reason="Schwelle senken")
    assert created.status_code == 303
    version = created.headers["location"].split("?")[0]
    page = author.get(version).text
    assert "Vier-Augen-Prinzip" in page and 'action="' + version + '/approve"' not in page
    refused = author.post(
        version + "/approve", data={"csrf_token": csrf_of(page), "reason": "selbst geprüft"}
    )
    assert refused.status_code == 403 and "Vier-Augen-Prinzip" in refused.text
    premature = author.post(
        version + "/activate", data={"csrf_token": csrf_of(page), "reason": "sofort"}
    )
    assert premature.status_code == 409 and "nicht freigegeben" in premature.text


def test_simulation_chart_is_served_to_policy_staff(fresh_site: Site, as_role) -> None:
    client = as_role("policy", fresh_site)
    created = _draft(client, repeat_min_convictions="2", reason="Schwelle senken")
    version = created.headers["location"].split("?")[0]
    page = client.get(version + "?simulate=1").text
    assert "Übergangstabelle" in page and "Arbeitslast je Bezirksregierung" in page
    chart = client.get(version + "/simulation.svg")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    assert chart.content.lstrip().startswith(b"<?xml")
    # 120 cases: small cells, which the chart does not draw (issue #14, item 4)
    assert "weniger als 10 Fällen" in chart.text
    assert client.get(version + "/simulation.png").content[:4] == b"\x89PNG"
    assert client.get(version + "/simulation.gif").status_code == 404
