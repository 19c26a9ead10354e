"""The fairness breakdown of a simulation a policy user can act on (issue #11, item 6)."""

from __future__ import annotations

import re

from service.rulesets import service as ruleset_service
from service.rulesets.active import configured_ruleset
from tests.web.site import Site


def test_the_auditor_sees_size_rate_ratio_reference_test_and_too_small_groups(
    site: Site, as_role
) -> None:
    with site.db.write() as session:
        ruleset_service.ensure_seeded(db_session=session, ruleset=configured_ruleset())
    page = as_role("auditor").get("/policy/rulesets/1?simulate=1").text
    assert "Prüfung: Vier-Fünftel-Regel" in page
    assert "Referenz ist die größte Gruppe mit mindestens 30 Fällen (wie bei triage" in page
    assert "exakter Test nach Fisher (zweiseitig)" in page  # the test is named, in German
    captions = re.findall(r'<caption id="fair-(\w+)">([^<]+)</caption>', page)
    assert {field for field, _ in captions} == {"nationality", "sex"}
    sex = dict(captions)["sex"]
    assert sex.startswith("Geschlecht (nur Prüfung): Auswahlquote je Gruppe (Referenz bisher: ")
    assert re.search(r"Referenz bisher: (männlich|weiblich|divers)", sex)
    for heading in ("Fälle", "Quote bisher", "Quote Entwurf", "Verhältnis bisher"):
        assert f'<th scope="col" class="num">{heading}</th>' in page, heading
    assert '<th scope="col">Bewertung</th>' in page
    assert ">männlich</th>" in page and ">m</th>" not in page  # labels, not codes
    assert re.search(r'<td class="num">\d+,\d %</td>', page)  # a German percentage
    assert re.search(r'<td class="num">\d,\d\d</td>', page)  # a ratio
    assert '<th scope="col" class="num">p-Wert Entwurf (Fisher)</th>' in page
    assert page.count('<td class="num">Referenz</td>') == 2  # one reference row per field
    assert "zu klein" in page  # 300 cases over 15 nationalities: some groups are small
    small_rows = re.findall(r'<tr class="small-group">(.*?)</tr>', page, re.S)
    assert small_rows and all("auffällig" not in row for row in small_rows)


def test_policy_staff_see_no_breakdown(site: Site, as_role) -> None:
    with site.db.write() as session:
        ruleset_service.ensure_seeded(db_session=session, ruleset=configured_ruleset())
    page = as_role("policy").get("/policy/rulesets/1?simulate=1").text
    assert "Vier-Fünftel-Regel" not in page and 'class="compact fairness"' not in page


def test_p_values_read_as_a_person_takes_them_in() -> None:
    from service.web.routes.policy import format_p_value

    assert format_p_value(0.0004, "de") == "< 0,001"
    assert format_p_value(0.0346, "de") == "0,035"
    assert format_p_value(0.0346, "en") == "0.035"
    assert format_p_value(None, "de") == "–"
