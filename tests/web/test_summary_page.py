"""Policy staff's overview page (/queue) on the simulation's date grid with small counts hidden
(issue #14, item 4)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from service.rulesets import service as ruleset_service
from service.rulesets.active import configured_ruleset
from tests.web.site import Site


def test_the_overview_uses_the_latest_grid_monday_and_hides_small_counts(
    site: Site, as_role
) -> None:
    client = as_role("policy")
    page = client.get("/queue")
    assert page.status_code == 200
    latest = ruleset_service.latest_simulation_date(
        db=site.db,
        caseloads=site.app.state.caseloads,
        day=date.today(),
        min_cell_size=10,
    )
    assert f"Offene Fälle zum Stichtag {latest:%d.%m.%Y}" in page.text
    assert "nur bestimmte Montage" in page.text
    numbers = re.findall(r'<td class="num">(\d+)</td>', page.text)
    assert numbers and not [n for n in numbers if 0 < int(n) < 10]
    tuesday = latest + timedelta(days=1)
    refused = client.get("/queue", params={"as_of": tuesday.isoformat()})
    assert refused.status_code == 400
    assert "nur an bestimmten Montagen möglich" in refused.text
    assert f"Letzter möglicher Stichtag: Montag, {latest:%d.%m.%Y}" in refused.text
    assert "<tbody>" not in refused.text  # no counts for a date off the grid


def test_the_simulation_names_the_latest_possible_monday_in_plain_words(
    site: Site, as_role
) -> None:
    latest = ruleset_service.latest_simulation_date(
        db=site.db, caseloads=site.app.state.caseloads, day=date.today(), min_cell_size=10
    )
    tuesday = latest + timedelta(days=1)
    with site.db.write() as session:
        ruleset_service.ensure_seeded(db_session=session, ruleset=configured_ruleset())
    page = as_role("policy").get(
        "/policy/rulesets/1", params={"simulate": "1", "as_of": tuesday.isoformat()}
    )
    assert page.status_code == 400
    assert "Für Ihre Rolle sind Simulationen nur an bestimmten Montagen möglich" in page.text
    assert f"Letzter möglicher Stichtag: Montag, {latest:%d.%m.%Y}" in page.text
    assert "die andere nicht um weniger als" not in page.text
