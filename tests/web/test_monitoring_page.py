"""The monitoring page: roles, the report in German (and English), its plots."""

from __future__ import annotations

import re


def test_policy_and_auditor_see_the_monitoring_page_with_plots(as_role) -> None:
    for role in ("policy", "auditor", "admin"):
        client = as_role(role)
        page = client.get("/monitoring?weeks=4")
        assert page.status_code == 200, page.text
        html = page.text
        assert "Beobachtung im Betrieb" in html
        assert 'href="/monitoring"' in html  # in the navigation
        assert "Warnungen" in html and "Gleichbehandlung der Fallliste im Zeitverlauf" in html
        assert "Regelwerk amit-nrw-default" in html
        assert not re.search(r"\[(web|monitoring)\.[a-z_.]+\]", html), "missing text key"
        plots = re.findall(r'src="(/monitoring/plots/[a-z]+\.svg[^"]*)"', html)
        # policy staff and admins: no fairness plot (audit-only fields, issue #14 item 4), and
        # no drift plot without a model
        assert len(plots) >= (2 if role == "auditor" else 1)
        svg = client.get(plots[0].replace("&amp;", "&"))
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg")
    english = as_role("policy").get("/monitoring?lang=en")
    assert "Post-market monitoring" in english.text and "Warnings" in english.text


def test_case_roles_may_not_open_the_monitoring_page(as_role) -> None:
    for role in ("caseworker", "rrk_lead"):
        client = as_role(role)
        page = client.get("/monitoring", headers={"Accept": "text/html"})
        assert page.status_code == 403
        assert 'href="/monitoring"' not in client.get("/queue").text
        assert client.get("/monitoring/plots/drift.svg").status_code == 403


def test_the_monitoring_page_names_the_largest_group_as_reference(as_role) -> None:
    """The same reference group as the simulation and triage fairness, in either language
    (the breakdown by audit-only fields is the auditors')."""
    client = as_role("auditor")
    german = client.get("/monitoring?weeks=4").text
    assert "Referenzgruppe, der größten Gruppe" in german and "über 1,25" in german
    assert "meistausgewählt" not in german and "most selected" not in german
    assert "höchstes Verhältnis –" in german  # the fixture's groups are all too small
    english = client.get("/monitoring?weeks=4&lang=en").text
    assert "the largest group with at least" in english and "above 1.25" in english
    assert "meistausgewählt" not in english and "Referenzgruppe" not in english
    assert "highest ratio" in english
