"""Every page of the web UI, for every role, speaks one language only (issue #11, item 3).

The pages are found, not listed: every GET route the web UI mounts (``service.web``) is a
page, and the test signs in as each role and follows the links of the site from the home
page until it has an address for every page (at most a few per page); a page no link leads
to and whose address needs a value fails the test by name, so a page added later is covered
or noticed. Then every role opens every address (also the refusals: the 403 and 404 pages)
in German and in English, and each page must not contain a text of the other language from
the catalogue or the rule set, a raw rule/tier/parameter identifier, a vocabulary code or a
missing catalogue key (:mod:`tests.web.language`).

The site holds demo-like data: the demo's cases and users, a parameter draft, a whole rule
set draft with a new criterion, an approved and activated version that retired the first,
and decisions that follow and depart from the queue order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select
from starlette.routing import compile_path

from service.auth.models import User
from service.rulesets import authoring
from service.rulesets import service as ruleset_service
from service.rulesets.active import configured_ruleset
from tests.web.language import (
    foreign_fragments,
    identifiers,
    nationality_codes,
    page_text,
    problems,
)
from tests.web.language import vocabulary_codes as vocabulary
from tests.web.site import Site, build_site, csrf_of, signed_in_client

pytestmark = pytest.mark.slow

ROLES = ("caseworker", "rrk_lead", "policy", "policy_b", "auditor", "admin", "lead_arnsberg")
#: Addresses that are links but not pages to read (they act, or leave the site).
NOT_PAGES = re.compile(r"^/(static|api|docs|redoc|openapi|logout|auth/)")
LANG_PARAM = re.compile(r"(?<=[?&])lang=[a-z]*&?|[?&]lang=[a-z]*$")
LINK = re.compile(r'(?:href|src)="(/[^"#]*)"')
PER_ROUTE = 3


@dataclass(frozen=True)
class Page:
    path: str  # the route's path with its {parameters}
    regex: re.Pattern[str]
    has_parameters: bool


def _walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    """Every APIRoute with its full path (FastAPI may nest included routers)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):  # an included router (FastAPI >= 0.16x)
            yield from _walk(route.original_router.routes, prefix + route.include_context.prefix)
        elif hasattr(route, "routes") and not hasattr(route, "app"):
            yield from _walk(route.routes, prefix + getattr(route, "path", ""))


def _page_routes(site: Site) -> list[Page]:
    pages = []
    for path, route in _walk(site.app.routes):
        if "GET" in route.methods and route.endpoint.__module__.startswith("service.web"):
            regex, _, convertors = compile_path(path)
            pages.append(Page(path, regex, bool(convertors)))
    assert len(pages) >= 8, "the web UI's pages were not found"
    return pages


def _route_of(routes: list[Page], path: str) -> Page | None:
    for route in routes:
        if route.regex.match(path):
            return route
    return None


def _prepare(site: Site) -> None:
    """A parameter draft, a whole-document draft, a retired version and some decisions."""
    from tests.service.test_authoring import SCENARIOS_TEXT, WEAPONS_SCENARIO, with_weapons
    from tests.web.test_pages import _decide, _draft

    with site.db.write() as session:
        ruleset_service.ensure_seeded(db_session=session, ruleset=configured_ruleset())
    author = signed_in_client(site, "policy")
    second = signed_in_client(site, "policy_b")
    created = _draft(author, repeat_min_convictions="2", reason="Mehrfachtäter früher erfassen")
    assert created.status_code == 303, created.text
    version = created.headers["location"].split("?")[0]
    page = second.get(version).text
    approved = second.post(
        version + "/approve",
        data={
            "csrf_token": csrf_of(page),
            "reason": "geprüft",
            "scenarios_reason": "gewollt: zwei Verurteilungen genügen",
        },
    )
    assert approved.status_code in (200, 303), approved.text
    activated = author.post(
        version + "/activate",
        data={"csrf_token": csrf_of(author.get(version).text), "reason": "Inkraftsetzung"},
    )
    assert activated.status_code in (200, 303), activated.text
    assert _draft(author, repeat_min_convictions="4", reason="Gegenprobe").status_code == 303
    with site.db.write() as session:
        policy = session.scalars(select(User).where(User.name == "demo-policy")).one()
        authoring.create_document(
            db_session=session,
            text=with_weapons(),
            scenarios=SCENARIOS_TEXT + WEAPONS_SCENARIO,
            reason="Waffendelikte zählen",
            base=None,
            user=policy,
            via="web",
        )
    lead = signed_in_client(site, "rrk_lead")
    queue = lead.get("/queue?page=3").text
    low = re.findall(r'href="/cases/([A-Za-z0-9._-]+)\?region=', queue)[-1]
    top = re.findall(r'href="/cases/([A-Za-z0-9._-]+)\?region=', lead.get("/queue?tier=P1").text)[0]
    assert _decide(lead, low, kind="case_conference", reason="Fallkonferenz vorziehen").is_redirect
    assert _decide(lead, top, kind="defer", reason="Unterlagen fehlen noch").is_redirect
    from service.erasure import service as erasure_service

    with site.db.write() as session:  # the erasure page with a pending request
        admin = session.scalars(select(User).where(User.name == "demo-admin")).one()
        erasure_service.request(
            session, case_id=site.case_in("muenster"), user=admin, reason="Antrag vom 1.12., Az. 7"
        )


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = build_site(tmp_path_factory.mktemp("every-page"), n_cases=200)
    _prepare(site)
    return site


def _addresses(site: Site) -> dict[str, list[str]]:
    """Up to PER_ROUTE addresses of every page, found by following links as every role."""
    routes = _page_routes(site)
    found: dict[str, list[str]] = defaultdict(list)
    for role in ROLES:
        _crawl(site, routes, found, role, ["/"])
        _crawl(site, routes, found, role, _extra(found))
    for route in routes:  # pages without a value in their address are reachable by it
        if not route.has_parameters and not found[route.path]:
            found[route.path].append(route.path)
    missing = [r.path for r in routes if not found[r.path]]
    assert not missing, f"no link leads to these pages; give the test a way to them: {missing}"
    return found


def _crawl(
    site: Site, routes: list[Page], found: dict[str, list[str]], role: str, start: list[str]
) -> None:
    """Follow the site's links from ``start`` as ``role``, noting addresses of pages."""
    client = signed_in_client(site, role)
    queue, seen = list(start), set()
    while queue:
        address = queue.pop(0)
        if address in seen:
            continue
        seen.add(address)
        route = _route_of(routes, urlsplit(address).path)
        if route is None:
            continue
        if len(found[route.path]) >= PER_ROUTE and address not in start:
            continue
        response = client.get(address)
        if response.status_code != 200:
            continue
        if address not in found[route.path]:
            found[route.path].append(address)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        for link in LINK.findall(response.text):
            link = LANG_PARAM.sub("", link.replace("&amp;", "&")).rstrip("?&")
            if not NOT_PAGES.search(link) and link not in seen:
                queue.append(link)


def _extra(found: dict[str, list[str]]) -> list[str]:
    """Pages in states no link shows: errors of a form, a simulation, a missing page."""
    version = next((a for a in found["/policy/rulesets/{version_id}"] if "?" not in a), None)
    case = next((a for a in found["/cases/{case_id}"] if "?" not in a), None)
    extra = ["/queue?as_of=2026-13-01", "/no/such/page", "/cases/NO-SUCH-CASE"]
    extra += [f"{version}?simulate=1"] if version else []
    return extra + ([f"{case}?as_of=x"] if case else [])


#: User names are data a person chose (the demo's name its users after their roles).
USER_NAME = re.compile(r"\bdemo-[a-z_]+\b|\b(?:policy_b|lead_arnsberg|policy-b|lead-arnsberg)\b")


def _without_names(text: str) -> str:
    return USER_NAME.sub("NAME", text)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_page_for_every_role_speaks_one_language(prepared: Site, lang: str) -> None:
    site = prepared
    found = _addresses(site)
    addresses = sorted({a for values in found.values() for a in values}) + _extra(found)
    rulesets = [configured_ruleset()]
    with site.db.read() as session:
        rulesets += [
            ruleset_service.load(version=v)
            for v in ruleset_service.get_all(db_session=session, name=rulesets[0].name)
        ]
    foreign = foreign_fragments(lang, rulesets)
    ids = identifiers(rulesets)
    codes = (vocabulary() if lang == "de" else set()) | nationality_codes()
    report: dict[str, list[str]] = {}
    seen_pages = 0
    for role in ROLES:
        client = signed_in_client(site, role)
        client.get(f"/queue?lang={lang}")  # the language choice is a cookie
        for address in addresses:
            response = client.get(address)
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            seen_pages += 1
            assert f'<html lang="{lang}">' in response.text, (role, address)
            text = _without_names(page_text(response.text, lang))
            found_problems = problems(text, lang, foreign, ids, codes)
            if found_problems:
                report[f"{role} {address} ({response.status_code})"] = found_problems
    with site.client() as anonymous:
        for address in ("/", "/queue", "/no/such/page"):
            response = anonymous.get(address + f"?lang={lang}")
            text = _without_names(page_text(response.text, lang))
            if found_problems := problems(text, lang, foreign, ids, codes):
                report[f"anonymous {address}"] = found_problems
    assert seen_pages > len(ROLES) * 8
    assert not report, "\n".join(f"{page}: {'; '.join(p)}" for page, p in report.items())


def test_the_reader_finds_what_it_must(prepared: Site) -> None:
    """The checks of :mod:`tests.web.language` catch what they are for."""
    rulesets = [configured_ruleset()]
    foreign = foreign_fragments("de", rulesets)
    ids = identifiers(rulesets)
    html = (
        '<html lang="de"><body><p>Fall der Stufe P1 zurückgestellt / a P1 case held back</p>'
        '<p title="serious_sentence_months = 24">x</p><a lang="en" href="/">Switch to English</a>'
        "<code>web.login</code><p>wegen bodily_harm</p><p>[web.no_such]</p>"
        "<p>Why this tier</p><p>Woche 2026-W49: auffällig SYR, TUR</p></body></html>"
    )
    text = page_text(html, "de")
    assert "Switch to English" not in text and "web.login" not in text
    found = " ".join(problems(text, "de", foreign, ids, vocabulary() | nationality_codes()))
    expected_problems = ("'P1'", "serious_sentence_months", "bodily_harm", "[web.no_such]", "Why")
    for expected in (*expected_problems, "'2026-W49'", "'SYR'", "'TUR'"):
        assert expected in found, expected
    # ... and not what a page rightly says: weeks and countries in words, a chart as PNG
    fine = "KW 49/2026: Syrien, Türkei; week 49/2026: Syria; Diagramm als PNG; SYRIEN-Bericht"
    assert problems(fine, "de", set(), set(), nationality_codes()) == []


@pytest.mark.parametrize(
    ("lang", "week", "countries"),
    [("de", "KW ", ("Syrien", "Afghanistan", "Türkei")), ("en", "week ", ("Syria", "Türkiye"))],
)
def test_monitoring_and_fairness_pages_name_weeks_and_countries(
    prepared: Site, lang: str, week: str, countries: tuple[str, ...]
) -> None:
    """The pages the language test reads do show weeks and nationalities (as words)."""
    client = signed_in_client(prepared, "auditor")
    client.get(f"/queue?lang={lang}")
    monitoring = page_text(client.get("/monitoring").text, lang)
    assert re.search(rf"{week}\d{{1,2}}/20\d\d", monitoring), "no week label on the page"
    for country in countries:
        assert country in monitoring, country
    versions = re.findall(r'href="(/policy/rulesets/\d+)"', client.get("/policy").text)
    assert versions, "no rule set version on the policy page"
    simulation = page_text(client.get(f"{versions[0]}?simulate=1").text, lang)
    for country in countries:
        assert country in simulation, country
