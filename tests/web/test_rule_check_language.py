"""The rule set editor shows the checker's issues in the reader's language (issue #11, item 3).

A policy user uploads a rule set with many kinds of mistakes; the page lists every issue in
German (English when English is chosen), with the names of the file as written (``<code>``)
and never a text of the other language, a missing catalogue key or a bare identifier in the
words (:mod:`tests.web.language`).
"""

from __future__ import annotations

import re

import pytest
import yaml

from rules.loading import DEFAULT_RULESET, shipped_rulesets
from service.rulesets.active import configured_ruleset
from tests.web.language import foreign_fragments, identifiers, page_text, problems
from tests.web.language import vocabulary_codes as vocabulary
from tests.web.site import Site, csrf_of
from texts import catalogue

pytestmark = pytest.mark.slow


def _broken() -> str:
    """The shipped rule set with one mistake of many kinds of the checker."""
    doc = yaml.safe_load(shipped_rulesets()[DEFAULT_RULESET].read_text(encoding="utf-8"))
    doc["parameters"]["repeat_min_convictions"]["default"] = 99  # outside its range
    doc["criteria"][0]["when"] = {"fact": "serious_convictons", "ge": 1}  # a typo
    doc["blockers"][0]["when"] = {"field": "nationality", "eq": "AAA"}  # audit-only
    doc["criteria"][1]["points"] = "viel"  # not a number
    doc["flags"]["ENFORCEABLE"]["when"] = {"field": "departure_status", "ge": "x"}  # no order
    doc["tiers"].append(doc["tiers"].pop(0))  # the catch-all is no longer last
    doc["ordering"].pop()  # not total
    doc["descripton"] = "x"  # an unknown key with a suggestion
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _checked(site: Site, client, lang: str) -> str:
    client.get(f"/queue?lang={lang}")  # the language choice is a cookie
    editor = client.get("/policy/rulesets/upload").text
    base = re.search(r'name="base" value="(\d+)"', editor)[1]
    response = client.post(
        "/policy/rulesets/upload",
        data={
            "csrf_token": csrf_of(editor),
            "base": base,
            "ruleset": _broken(),
            "scenarios": "",
            "action": "check",
        },
    )
    assert response.status_code == 400
    assert f'<html lang="{lang}">' in response.text
    return response.text


def _checker_fragments(lang: str) -> set[str]:
    """Telling pieces of the checker's texts in ``lang`` (two words or more)."""
    fragments = set()
    for key, de, en in catalogue.entries():
        if key.startswith("rulecheck."):
            for piece in re.split(r"\{[^}]*\}", de if lang == "de" else en):
                piece = piece.strip(" .,:;()–-—/·'\"„“”")
                if len(piece) >= 12 and " " in piece:
                    fragments.add(piece)
    return fragments


def test_a_policy_user_reads_the_checkers_issues_in_german(fresh_site: Site, as_role) -> None:
    html = _checked(fresh_site, as_role("policy", fresh_site), "de")
    section = re.search(r'<section class="error-summary checker-issues".*?</section>', html, re.S)
    assert section, html
    said = page_text(section[0], "de")
    for german in (
        "der Parameter „repeat_min_convictions“ liegt außerhalb seines zulässigen Bereichs "
        "(erwartet 1 bis 50, gefunden 99)",
        "unbekannte abgeleitete Größe (erwartet eine unter facts festgelegte Größe, gefunden "
        "serious_convictons); meinten Sie „serious_convictions“?",
        "„nationality“ ist ein reines Auditfeld",
        "Punkte müssen eine ganze Zahl ab 0 sein (erwartet eine ganze Zahl, gefunden viel)",
        "„ge“ ist für Auswahlwerte nicht möglich, weil sie keine Größenordnung haben",
        "die Auffangstufe muss die letzte sein",
        "die Sortierung der Fallliste muss eindeutig sein",
        "unbekannter Abschnitt des Regelwerks",
        "meinten Sie „description“?",
    ):
        assert german in page_text(section[0].replace("<code>", "").replace("</code>", ""), "de")
    english = [f for f in _checker_fragments("en") if f in html]
    assert not english, english
    rulesets = [configured_ruleset()]
    found = problems(
        said, "de", foreign_fragments("de", rulesets), identifiers(rulesets), vocabulary()
    )
    assert not found, found


def test_an_english_reader_reads_them_in_english(fresh_site: Site, as_role) -> None:
    html = _checked(fresh_site, as_role("policy", fresh_site), "en")
    section = re.search(r'<section class="error-summary checker-issues".*?</section>', html, re.S)
    assert section, html
    plain = page_text(section[0].replace("<code>", "").replace("</code>", ""), "en")
    assert "unknown derived fact (expected a fact declared under facts" in plain
    assert "did you mean “serious_convictions”?" in plain
    german = [f for f in _checker_fragments("de") if f in html]
    assert not german, german
    rulesets = [configured_ruleset()]
    said = page_text(section[0], "en")
    assert not problems(said, "en", foreign_fragments("en", rulesets), identifiers(rulesets), set())
