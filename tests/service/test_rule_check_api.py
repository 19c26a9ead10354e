"""The API's answers to a broken rule set speak the request's language (issue #11, item 3).

``POST /rulesets`` (a draft) and ``POST /rulesets/check`` refuse a rule set with every issue
of the checker: the code and its values for a program, the words in German unless ``?lang=en``.
"""

from __future__ import annotations

from tests.service.test_authoring import API, post_yaml, team, with_weapons

BROKEN = with_weapons().replace(
    "when: {fact: weapons_convictions, ge: 1}", "when: {fact: weapons_convictons, ge: 1}"
)


def _the_issue(errors: list[dict]) -> dict:
    (issue,) = errors
    assert issue["code"] == "rulecheck.unknown.fact" and issue["values"] == {}
    assert (issue["key"], issue["found"], issue["suggestion"]) == (
        "criteria.WEAPONS.when.fact",
        "weapons_convictons",
        "weapons_convictions",
    )
    return issue


def test_a_refused_draft_is_said_in_german_by_default_and_in_english_when_asked(env) -> None:
    t = team(env)
    german = post_yaml(env, t["anna"], BROKEN)
    assert german.status_code == 422
    assert german.json()["detail"] == "1 Problem im Entwurf; nichts gespeichert"
    issue = _the_issue(german.json()["errors"])
    assert issue["message"] == "unbekannte abgeleitete Größe"
    assert issue["expected"] == "eine unter facts festgelegte Größe"
    assert issue["text"].endswith(
        "unbekannte abgeleitete Größe (erwartet eine unter facts festgelegte Größe, gefunden "
        "weapons_convictons); meinten Sie „weapons_convictions“?"
    )
    english = post_yaml(env, t["anna"], BROKEN, lang="en")
    assert english.status_code == 422
    assert english.json()["detail"] == "1 problem in the draft; nothing was stored"
    issue = _the_issue(english.json()["errors"])
    assert issue["message"] == "unknown derived fact"
    assert issue["text"].endswith(
        "unknown derived fact (expected a fact declared under facts, found weapons_convictons); "
        "did you mean “weapons_convictions”?"
    )


def test_check_says_the_issues_in_the_language_asked_for(env) -> None:
    t = team(env)
    headers = {**env.auth(t["anna"]), "Content-Type": "application/yaml"}
    for lang, words in (("de", "unbekannte abgeleitete Größe"), ("en", "unknown derived fact")):
        checked = env.client.post(
            f"{API}/check", params={"lang": lang}, content=BROKEN.encode(), headers=headers
        ).json()
        assert checked["ok"] is False
        assert _the_issue(checked["errors"])["message"] == words
