"""The policy pages of issue #16 (and #11 item 5): category checkboxes, the change table in
words, refusing a draft that changes nothing, withdraw and reject, the rule set editor."""

from __future__ import annotations

import re

from tests.service.test_authoring import (
    DEFAULT_TEXT,
    SCENARIOS_TEXT,
    WEAPONS_SCENARIO,
    with_weapons,
)
from tests.web.site import Site, csrf_of
from tests.web.test_pages import _draft


def test_categories_are_a_checkbox_list_with_german_labels(fresh_site: Site, as_role) -> None:
    page = as_role("policy", fresh_site).get("/policy/rulesets/new").text
    boxes = re.findall(r'type="checkbox" id="param-violent_categories-(\w+)"', page)
    assert len(boxes) == 14 and "drug_trafficking" in boxes
    assert '<label for="param-violent_categories-robbery">Raub</label>' in page
    assert "<select" not in page and "Strg/Umschalt" not in page


def test_the_change_table_shows_labels_and_before_after_in_words(fresh_site: Site, as_role) -> None:
    client = as_role("policy", fresh_site)
    form = client.get("/policy/rulesets/new").text
    categories = re.findall(r'name="violent_categories" value="([a-z_]+)" checked', form)
    assert "robbery" in categories
    kept = [c for c in categories if c != "robbery"] + ["drug_trafficking"]
    created = _draft(
        client, violent_categories=kept, count_suspended_sentences="", reason="Erlass 2026"
    )
    assert created.status_code == 303, created.text
    page = client.get(created.headers["location"]).text
    assert (
        "Parameter „Deliktskategorien, die als Gewaltdelikte gelten“ geändert: zählt jetzt "
        "auch Drogenhandel, Raub zählt nicht mehr" in page
    )
    assert "vorher ja → nachher nein" in page
    assert "violent_categories" not in re.sub(r'name="[^"]*"|id="[^"]*"|for="[^"]*"', "", page)
    listing = client.get("/policy").text
    assert "zählt jetzt auch Drogenhandel" in listing


def test_a_draft_that_changes_nothing_is_refused(fresh_site: Site, as_role) -> None:
    response = _draft(as_role("policy", fresh_site), reason="nur gespeichert")
    assert response.status_code == 422
    assert "Der Entwurf ändert nichts gegenüber der Version in Kraft." in response.text
    assert 'href="#draft-unchanged"' in response.text
    # Once in the error summary, once at the parameters; not a third time from the service.
    assert response.text.count("ändert nichts") == 2
    assert "nichts gespeichert" not in response.text
    assert 'id="draft-unchanged-error"' in response.text


def test_version_one_is_the_first_version_and_a_change_says_changed_once(
    fresh_site: Site, as_role
) -> None:
    client = as_role("policy", fresh_site)
    listing = client.get("/policy").text
    assert "erste Version" in listing and "keine Änderung" not in listing
    assert "erste Version" in client.get("/policy/rulesets/1").text
    created = _draft(client, repeat_min_convictions="2", reason="ab zwei Verurteilungen")
    page = client.get(created.headers["location"]).text
    lines = re.findall(r'<li class="diff-changed">(.*?)</li>', page)
    assert lines and all(line.count("geändert") == 1 for line in lines), lines


def test_the_author_withdraws_and_a_second_user_rejects(fresh_site: Site, as_role) -> None:
    author, second = as_role("policy", fresh_site), as_role("policy_b", fresh_site)
    first = _draft(author, repeat_min_convictions="2", reason="erster Versuch")
    version = first.headers["location"].split("?")[0]
    page = author.get(version).text
    assert (
        'action="' + version + '/withdraw"' in page
        and 'action="' + version + '/reject"' not in page
    )
    no_reason = author.post(version + "/withdraw", data={"csrf_token": csrf_of(page), "reason": ""})
    assert no_reason.status_code == 400 and 'href="#withdraw-reason"' in no_reason.text
    done = author.post(
        version + "/withdraw", data={"csrf_token": csrf_of(page), "reason": "falsche Zahl"}
    )
    assert done.status_code == 200 and "Der Entwurf ist zurückgezogen." in done.text
    assert "zurückgezogen" in author.get("/policy").text

    other = _draft(author, repeat_min_convictions="4", reason="zweiter Versuch")
    version = other.headers["location"].split("?")[0]
    page = second.get(version).text
    assert (
        'action="' + version + '/reject"' in page
        and 'action="' + version + '/withdraw"' not in page
    )
    refused = second.post(
        version + "/withdraw", data={"csrf_token": csrf_of(page), "reason": "x y"}
    )
    assert refused.status_code == 403
    rejected = second.post(
        version + "/reject", data={"csrf_token": csrf_of(page), "reason": "nicht abgestimmt"}
    )
    assert rejected.status_code == 200 and "Der Entwurf ist abgelehnt." in rejected.text
    assert "nicht abgestimmt" in rejected.text


def test_the_editor_shows_issues_next_to_their_lines(fresh_site: Site, as_role) -> None:
    client = as_role("policy", fresh_site)
    editor = client.get("/policy/rulesets/upload").text
    assert "name: amit-nrw-default" in editor and "ruleset: amit-nrw-default" in editor
    broken = with_weapons().replace(
        "{fact: weapons_convictions, ge: 1}", "{fact: weapons_conviction, ge: 1}"
    )
    line = broken.splitlines().index("    when: {fact: weapons_conviction, ge: 1}") + 1
    base = re.search(r'name="base" value="(\d+)"', editor)[1]
    response = client.post(
        "/policy/rulesets/upload",
        data={
            "csrf_token": csrf_of(editor),
            "base": base,
            "ruleset": broken,
            "scenarios": "",
            "action": "check",
        },
    )
    assert response.status_code == 400
    item = re.search(rf'<li value="{line}" class="has-issue">(.*?)</li>', response.text, re.S)
    assert item, response.text
    assert "<code>criteria.WEAPONS.when.fact</code>: unbekannte abgeleitete Größe" in item[1]
    assert "meinten Sie „<code>weapons_convictions</code>“?" in item[1]
    assert f'<li value="{line - 1}" class="">' in response.text  # context around the line


def test_the_editor_saves_a_draft_that_adds_a_criterion(fresh_site: Site, as_role) -> None:
    client = as_role("policy", fresh_site)
    editor = client.get("/policy/rulesets/upload").text
    base = re.search(r'name="base" value="(\d+)"', editor)[1]
    form = {
        "csrf_token": csrf_of(editor),
        "base": base,
        "ruleset": with_weapons(),
        "scenarios": SCENARIOS_TEXT + WEAPONS_SCENARIO,
    }
    checked = client.post("/policy/rulesets/upload", data={**form, "action": "check"})
    assert checked.status_code == 200 and "ist ein gültiges Regelwerk" in checked.text
    assert "Kriterium „Waffendelikt“ neu" in checked.text
    assert "24 Szenarien: 24 bestanden, 0 fehlgeschlagen" in checked.text
    no_reason = client.post("/policy/rulesets/upload", data={**form, "action": "save"})
    assert no_reason.status_code == 400 and 'href="#reason"' in no_reason.text
    saved = client.post(
        "/policy/rulesets/upload",
        data={**form, "action": "save", "reason": "Erlass vom 20.11.2026"},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    page = client.get(saved.headers["location"]).text
    assert "Kriterium „Waffendelikt“ neu: gilt, wenn:" in page
    assert "Testszenarien" in page and "23 Szenarien: 23 bestanden" in page
    unchanged = client.post(
        "/policy/rulesets/upload",
        data={**form, "ruleset": DEFAULT_TEXT, "scenarios": "", "action": "save", "reason": "x y"},
    )
    assert unchanged.status_code == 422 and "ändert nichts" in unchanged.text
