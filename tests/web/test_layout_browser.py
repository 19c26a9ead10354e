"""No page scrolls sideways on a phone (390 px), and the queue fits 1280 px (issue #11, item 4).

Headless Chromium opens every page the every-page test finds (routes found generically, links
followed as each role) at 390 and at 1280 px width and measures the document's
``scrollWidth``: it must not exceed the viewport. Wide tables may scroll inside their own
container (``.table-scroll``), never the page. At 1280 px the queue table itself must fit, so
every column, "Letzte Entscheidung" included, is visible without scrolling.
"""

from __future__ import annotations

import pytest

from tests.web.site import LiveServer, Site, build_site
from tests.web.test_every_page_language import ROLES, _addresses, _prepare

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    site = build_site(tmp_path_factory.mktemp("layout"), n_cases=200)
    _prepare(site)
    addresses = sorted({a for values in _addresses(site).values() for a in values})
    with LiveServer(site.app) as server:
        yield site, server.url, addresses


def _sign_in(page, base: str, token: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Zugangstoken").fill(token)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(served: tuple[Site, str, list[str]], chromium, width) -> None:
    site, base, addresses = served
    too_wide: dict[str, int] = {}
    pages = 0
    for role in ROLES:
        context = chromium.new_context(locale="de-DE", viewport={"width": width, "height": 900})
        try:
            page = context.new_page()
            page.set_default_timeout(20_000)
            _sign_in(page, base, site.tokens[role])
            for address in [*addresses, "/queue?lang=en"]:
                if address.endswith((".svg", ".png")) or ".svg?" in address or ".png?" in address:
                    continue
                page.goto(base + address)
                pages += 1
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > width:
                    too_wide[f"{role} {address}"] = wide
        finally:
            context.close()
    assert pages > len(ROLES) * 5
    assert not too_wide, f"pages wider than {width} px: {too_wide}"


def test_the_queue_fits_1280_px_with_every_column(served, chromium) -> None:
    site, base, _ = served
    context = chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        _sign_in(page, base, site.tokens["rrk_lead"])
        page.goto(base + "/queue")
        table = page.locator("table.queue")
        box = table.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280
        scroller = page.locator(".table-scroll").first
        assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")
        last = page.get_by_role("columnheader", name="Letzte Entscheidung")
        right = last.evaluate("e => e.getBoundingClientRect().right")
        assert right <= 1280
    finally:
        context.close()
