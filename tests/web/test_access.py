"""Who may open which page: the same role and region rules as the API (TestClient, no browser)."""

from __future__ import annotations

import re

import pytest

from service.rulesets import service as ruleset_service
from service.rulesets.active import configured_ruleset
from tests.web.site import Site

CASE_PAGES = ("case", "print")
ALLOWED: dict[str, set[str]] = {
    "caseworker": {"queue", "case", "print"},
    "rrk_lead": {"queue", "case", "print"},
    "policy": {"queue", "policy", "new_draft", "version", "chart"},
    "auditor": {"policy", "version", "chart", "audit"},  # auditors simulate (issue #14)
    "admin": {"queue", "case", "print", "policy", "version", "chart", "audit"},
}
PAGES = ("queue", "case", "print", "policy", "new_draft", "version", "chart", "audit")


@pytest.fixture(scope="module")
def seeded(site: Site) -> Site:
    """The site with its first stored rule set version (id 1)."""
    with site.db.write() as session:
        ruleset_service.ensure_seeded(db_session=session, ruleset=configured_ruleset())
    return site


def _path(site: Site, page: str) -> str:
    koeln = site.case_in("koeln")
    return {
        "queue": "/queue",
        "case": f"/cases/{koeln}",
        "print": f"/cases/{koeln}/print",
        "policy": "/policy",
        "new_draft": "/policy/rulesets/new",
        "version": "/policy/rulesets/1",
        "chart": "/policy/rulesets/1/simulation.svg",
        "audit": "/audit",
    }[page]


@pytest.mark.parametrize("role", sorted(ALLOWED))
@pytest.mark.parametrize("page", PAGES)
def test_role_may_open_page_or_gets_403(seeded: Site, as_role, role: str, page: str) -> None:
    client = as_role(role, seeded)
    response = client.get(_path(seeded, page))
    expected = 200 if page in ALLOWED[role] else 403
    assert response.status_code == expected, (role, page, response.text[:500])
    if expected == 403:
        assert "Keine Berechtigung" in response.text


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_users_are_sent_to_the_login_form(seeded: Site, page: str) -> None:
    with seeded.client() as client:
        path = _path(seeded, page)
        response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/?next=")


def test_navigation_offers_only_the_roles_pages(site: Site, as_role) -> None:
    links = {
        "rrk_lead": ["/queue", "/changes"],
        "caseworker": ["/queue", "/changes"],
        "policy": ["/queue", "/policy", "/monitoring", "/model"],
        "auditor": ["/policy", "/audit", "/monitoring", "/model", "/export"],
        "admin": [
            "/queue",
            "/changes",
            "/policy",
            "/audit",
            "/monitoring",
            "/model",
            "/export",
            "/erasure",
        ],
    }
    for role, expected in links.items():
        page = as_role(role).get("/queue" if role != "auditor" else "/audit").text
        nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.S)
        assert nav is not None
        assert re.findall(r'href="([^"]+)"', nav.group(0)) == expected, role


def test_lead_queue_holds_only_cases_of_the_leads_regions(site: Site, as_role) -> None:
    client = as_role("rrk_lead")
    linked: set[tuple[str, str]] = set()
    for page in (1, 2, 3):
        linked |= set(
            re.findall(
                r'href="/cases/([A-Za-z0-9._-]+)\?region=([a-z]+)',
                client.get(f"/queue?page={page}").text,
            )
        )
    assert linked
    from sqlalchemy import select

    from service.cases.models import CaseRecord

    with site.db.read() as session:
        regions = {
            session.scalars(
                select(CaseRecord.region).where(
                    CaseRecord.region == region, CaseRecord.case_id == case_id
                )
            ).one()
            for case_id, region in linked
        }
    assert regions <= {"koeln", "duesseldorf"}
    form = client.get("/queue").text
    options = re.search(r'<select id="region".*?</select>', form, re.S)
    assert options is not None
    assert re.findall(r'<option value="([a-z]+)"', options.group(0)) == ["koeln", "duesseldorf"]


def test_asking_for_another_region_is_a_form_error(as_role) -> None:
    response = as_role("rrk_lead").get("/queue?region=arnsberg")
    assert response.status_code == 400
    assert 'href="#region"' in response.text
    assert "Für diese Bezirksregierung sind Sie nicht zuständig" in response.text


def test_case_of_another_region_looks_exactly_like_a_missing_case(site: Site, as_role) -> None:
    client = as_role("rrk_lead")
    foreign = site.case_in("arnsberg")
    other = client.get(f"/cases/{foreign}")
    missing = client.get("/cases/R-9999999")
    assert other.status_code == missing.status_code == 404
    # Only the id the user typed comes back (in the language switch link).
    assert other.text.replace(foreign, "ID") == missing.text.replace("R-9999999", "ID")


def test_policy_overview_shows_counts_and_no_case_ids(as_role) -> None:
    page = as_role("policy").get("/queue").text
    assert "Übersicht: Fälle je Bezirksregierung und Stufe" in page
    assert not re.search(r"R-\d{7}", page)
    assert "/cases/" not in page


def test_unknown_pages_are_html_for_browsers_and_json_for_the_api(site: Site) -> None:
    with site.client() as client:
        page = client.get("/nowhere", headers={"Accept": "text/html"})
        api = client.get("/api/v1/nowhere", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "Nicht gefunden" in page.text
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}


def test_a_refused_page_is_audited_under_the_users_name(site: Site, as_role) -> None:
    """Issue #14, item 12: denied accesses are on record, on the pages as on the API."""
    from sqlalchemy import select

    from service.audit.models import AuditEntry

    client = as_role("caseworker", site)
    assert client.get("/audit").status_code == 403
    with site.db.read() as session:
        denied = list(
            session.scalars(select(AuditEntry).where(AuditEntry.action == "access.denied"))
        )
    assert any(e.target == "GET /audit" and e.actor == "demo-caseworker" for e in denied)
