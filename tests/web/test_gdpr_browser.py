"""The erasure of a case under the four-eyes rule, in a real browser (headless Chromium): one
administrator asks with a reason, cannot confirm it herself, a second one confirms, the case is
gone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service.auth import service as user_service
from service.cases.models import CaseRecord
from tests.web.test_browser import sign_in

pytestmark = pytest.mark.browser


def test_two_administrators_erase_a_case(live, chromium) -> None:
    site, base = live
    with site.db.write() as session:
        _, second_token = user_service.create(
            db_session=session, name="admin-zwei", role="admin", regions=None, actor="test"
        )
    case_id = site.case_in("koeln")
    first_ctx = chromium.new_context(locale="de-DE", viewport={"width": 390, "height": 900})
    second_ctx = chromium.new_context(locale="de-DE")
    try:
        first, second = first_ctx.new_page(), second_ctx.new_page()
        for page in (first, second):
            page.set_default_timeout(30_000)
        sign_in(first, base, site.tokens["admin"])
        first.goto(f"{base}/cases/{case_id}")
        first.get_by_role("link", name="Löschung beantragen").click()
        first.wait_for_load_state()
        assert first.get_by_label("Fallnummer").input_value() == case_id
        first.get_by_label("Begründung (Pflichtangabe)").fill(
            "Antrag der betroffenen Person vom 28.11.2026, Az. DS-2026-114"
        )
        first.get_by_role("button", name="Löschung beantragen").click()
        first.wait_for_load_state()
        assert "Antrag gestellt" in first.content()
        assert "Ihr eigener Antrag" in first.content()
        assert first.get_by_role("button", name="Löschung bestätigen").count() == 0
        assert first.evaluate("document.documentElement.scrollWidth") <= 390

        sign_in(second, base, second_token)
        second.get_by_role("link", name="Löschung").first.click()
        second.wait_for_load_state()
        assert case_id in second.content() and "Az. DS-2026-114" in second.content()
        second.get_by_role("button", name="Löschung bestätigen").click()
        second.wait_for_load_state()
        assert "Fall gelöscht" in second.content()
        assert "Keine offenen Anträge." in second.content()
        with site.db.read() as session:
            assert (
                session.scalars(select(CaseRecord).where(CaseRecord.case_id == case_id)).first()
                is None
            )
        first.goto(f"{base}/cases/{case_id}")
        assert "nicht gefunden" in first.content() or "Nicht gefunden" in first.content()
    finally:
        first_ctx.close()
        second_ctx.close()
