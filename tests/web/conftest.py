"""Fixtures of the web UI tests: a seeded demo site, test clients, and a browser.

Browser tests drive Debian's Chromium (``/usr/bin/chromium``) through Playwright's Python
package; nothing is downloaded. Without that binary they are skipped with the reason shown.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.site import LiveServer, Site, build_site, sign_in

CHROMIUM = Path(os.environ.get("TRIAGE_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """One demo site per test module (tests that change rule sets use ``fresh_site``)."""
    return build_site(tmp_path_factory.mktemp("web-site"))


@pytest.fixture
def fresh_site(tmp_path: Path) -> Site:
    return build_site(tmp_path, n_cases=120)


@pytest.fixture
def as_role(site: Site) -> Iterator[object]:
    """``as_role("rrk_lead")``: a TestClient signed in as that demo user."""
    clients: list[TestClient] = []

    def factory(role: str, on: Site | None = None) -> TestClient:
        client = (on or site).client()
        client.__enter__()
        clients.append(client)
        response = sign_in(client, (on or site).tokens[role])
        assert response.status_code == 303, response.text
        return client

    yield factory
    for client in clients:
        client.__exit__(None, None, None)


# ------------------------------------------------------------------------ browser


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's chromium (make browser-deps) to "
            f"run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, str]]:
    """A demo site served by uvicorn on a free port: (site, base URL)."""
    served = build_site(tmp_path_factory.mktemp("web-live"))
    with LiveServer(served.app) as server:
        yield served, server.url


@pytest.fixture
def browser_page(chromium: object) -> Iterator[object]:
    """A fresh browser context (own cookies) and page, German locale, 1280x900."""
    context = chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    # Generous: a loaded CI machine can take seconds to serve a page; passing tests do not wait.
    page.set_default_timeout(30_000)
    yield page
    context.close()
