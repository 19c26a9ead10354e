"""The pages of issue 17's leftovers: the explanation stored as the case page and the print view
showed it, the model page, the erasure pages (four eyes) and the export link of a case."""

from __future__ import annotations

import json

from sqlalchemy import select

from service.access.models import ExplanationShown
from tests.web.site import Site


def _shown(site: Site, case_id: str) -> list[ExplanationShown]:
    with site.db.read() as session:
        return list(
            session.scalars(
                select(ExplanationShown)
                .where(ExplanationShown.case_id == case_id)
                .order_by(ExplanationShown.id)
            )
        )


def test_the_case_page_and_the_print_view_store_the_explanation_they_show(
    site: Site, as_role
) -> None:
    case_id = site.case_in("duesseldorf")
    client = as_role("rrk_lead")
    before = len(_shown(site, case_id))
    assert client.get(f"/cases/{case_id}?as_of=2026-11-02").status_code == 200
    assert client.get(f"/cases/{case_id}/print?as_of=2026-11-02&lang=en").status_code == 200
    rows = _shown(site, case_id)[before:]
    assert [(r.view, r.lang, r.as_of.isoformat()) for r in rows] == [
        ("web", "de", "2026-11-02"),
        ("print", "en", "2026-11-02"),
    ]
    assert all(r.shown_to == "demo-rrk_lead" and r.content_kind == "record" for r in rows)
    assert json.loads(rows[0].content)["case_id"] == case_id
    assert rows[0].ruleset.startswith("amit-nrw-default") and rows[0].ruleset_checksum
    assert rows[0].content != rows[1].content  # each in the language it was shown in


def test_the_queue_page_stores_no_explanation(site: Site, as_role) -> None:
    with site.db.read() as session:
        before = session.query(ExplanationShown).count()
    assert as_role("caseworker").get("/queue").status_code == 200
    with site.db.read() as session:
        assert session.query(ExplanationShown).count() == before
