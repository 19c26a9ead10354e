"""The monitoring page by role (issue #14, item 4): the breakdown by nationality and sex for
auditors only; policy staff and administrators on the simulation's date grid."""

from __future__ import annotations

import re
from datetime import date


def test_policy_staff_see_no_breakdown_by_audit_only_fields_and_read_on_the_grid(as_role) -> None:
    for role in ("policy", "admin"):
        client = as_role(role)
        page = client.get("/monitoring?weeks=4")
        assert page.status_code == 200, page.text
        html = page.text
        assert 'data-fairness-hidden="true"' in html
        assert "nach Staatsangehörigkeit und Geschlecht sehen nur Prüferinnen und Prüfer" in html
        assert 'id="fair-nationality"' not in html and 'id="fair-sex"' not in html
        assert "fairness.svg" not in html
        shown = re.search(r'data-date-grid="([0-9-]+)"', html)
        assert shown is not None and date.fromisoformat(shown.group(1)).weekday() == 0
        assert "Stichtag auf dem Wochenraster" in html
        # the plots show the page's Monday, never a later default
        plots = re.findall(r'src="(/monitoring/plots/[a-z]+\.svg[^"]*)"', html)
        assert plots and all(f"as_of={shown.group(1)}" in p for p in plots)
        assert client.get(plots[0].replace("&amp;", "&")).status_code == 200
        assert client.get("/monitoring/plots/fairness.svg").status_code == 403
        # a day off the grid (a Tuesday) is refused, naming the Monday before it
        refused = client.get("/monitoring?as_of=2026-11-24", headers={"Accept": "text/html"})
        assert refused.status_code == 422
        assert "Die Beobachtung ist für Ihre Rolle" in refused.text


def test_auditors_keep_the_breakdown_on_any_day(as_role) -> None:
    client = as_role("auditor")
    html = client.get("/monitoring?weeks=4&as_of=2026-11-24").text
    assert 'data-fairness-hidden="true"' not in html and "data-date-grid" not in html
    assert 'id="fair-nationality"' in html and "fairness.svg" in html
    assert client.get("/monitoring/plots/fairness.svg").status_code == 200
