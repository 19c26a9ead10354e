"""Rule authoring over the API (issue #16): whole YAML rule sets as drafts, checked with lines,
the semantic diff, scenarios gating approval, withdraw and reject, DMN export."""

from __future__ import annotations

import yaml

from rules import shipped_rulesets
from rules.scenarios import scenarios_path
from tests.service.history import backdate

API = "/api/v1/rulesets"
AS_OF = "2026-11-23"
DEFAULT = shipped_rulesets()["amit-nrw-default"]
DEFAULT_TEXT = DEFAULT.read_text(encoding="utf-8")
SCENARIOS_TEXT = scenarios_path(DEFAULT).read_text(encoding="utf-8")

#: A decree adds a criterion: weapons offences in the last 24 months count towards aMIT.
WEAPONS_FACT = """\
  weapons_convictions:
    description:
      de: Verurteilungen wegen Waffendelikten in 24 Monaten
      en: Weapons convictions in 24 months
    over: offences
    aggregate: count
    where:
      all:
        - {field: status, eq: convicted}
        - {field: category, in: [weapons]}
        - {field: date, within_months: 24}
"""
WEAPONS_CRITERION = """\
  - id: WEAPONS
    title: {de: Waffendelikt, en: Weapons offence}
    basis: {de: "Erlass vom 20.11.2026", en: "Decree of 20 Nov 2026"}
    points: 20
    when: {fact: weapons_convictions, ge: 1}
"""
WEAPONS_SCENARIO = """\
  - name: Waffendelikt mit vollziehbarer Ausreisepflicht
    as_of: 2026-11-23
    case:
      <<: *adult
      case_id: SZ-W1
      offences:
        - {offence_id: W1, date: 2026-02-01, category: weapons, status: convicted,
           sentence_months: 6}
    expect:
      tier: P1
      score: 20
      criteria: [WEAPONS]
"""


def with_weapons(text: str = DEFAULT_TEXT) -> str:
    """The default rule set with the new criterion, its fact and aMIT extended."""
    text = text.replace("\ncriteria:\n", "\n" + WEAPONS_FACT + "\ncriteria:\n", 1)
    text = text.replace("\nblockers:\n", "\n" + WEAPONS_CRITERION + "\nblockers:\n", 1)
    return text.replace(
        "{criterion: INTENSIVE}]}\n  ENFORCEABLE:",
        "{criterion: INTENSIVE}, {criterion: WEAPONS}]}\n  ENFORCEABLE:",
        1,
    )


def team(env) -> dict[str, str]:
    env.import_examples()
    return {
        "anna": env.user("policy", name="anna"),
        "ben": env.user("policy", name="ben"),
        "audrey": env.user("auditor", name="audrey"),
    }


def post_yaml(env, token, text, reason="Erlass vom 20.11.2026", **params):
    return env.client.post(
        API,
        content=text.encode("utf-8"),
        params={"reason": reason, **params},
        headers={**env.auth(token), "Content-Type": "application/yaml"},
    )


def test_a_yaml_rule_set_that_adds_a_criterion_goes_the_whole_way(env) -> None:
    t = team(env)
    backdate(env, "2026-11-16")  # policy staff simulate the caseload as it stood on AS_OF
    text = with_weapons()
    scenarios = SCENARIOS_TEXT + WEAPONS_SCENARIO
    created = env.client.post(
        API,
        files={
            "ruleset": ("amit-nrw-default.yaml", text.encode(), "application/yaml"),
            "scenarios": (
                "amit-nrw-default.scenarios.yaml",
                scenarios.encode(),
                "application/yaml",
            ),
        },
        data={"reason": "Erlass vom 20.11.2026: Waffendelikte"},
        headers=env.auth(t["anna"]),
    )
    assert created.status_code == 201, created.text
    draft = created.json()
    assert (draft["ref"], draft["status"], draft["author"]) == (
        "amit-nrw-default@2",
        "draft",
        "anna",
    )
    assert draft["changed"] == {"document": True}
    assert draft["document"]["version"] == 2 and "version: 2" in draft["source"]
    assert draft["scenarios"] == scenarios

    diff = env.client.get(
        f"{API}/amit-nrw-default@1/diff/{draft['id']}", headers=env.auth(t["ben"])
    )
    assert diff.status_code == 200, diff.text
    texts = [change["text"] for change in diff.json()["changes"]]
    assert (
        "Kriterium „Waffendelikt“ neu: gilt, wenn: Verurteilungen wegen Waffendelikten in 24 "
        "Monaten: mindestens 1; 20 Punkte" in texts
    )
    assert (
        "Merkmal „aMIT-Kriterium erfüllt“ geändert: genügt jetzt auch: "
        "Kriterium „Waffendelikt“ erfüllt" in texts
    )

    report = env.client.get(f"{API}/{draft['id']}/scenarios", headers=env.auth(t["ben"])).json()
    assert report["passed"] is True and report["failing"] == []
    in_force, own = report["suites"]  # the suite in force and the draft's own, both on the draft
    assert (in_force["result"]["n"], in_force["result"]["failed"]) == (23, 0)
    assert own["result"]["n"] == 24 and own["result"]["coverage_complete"] is True
    assert report["expectations"] == {
        "changed": [],
        "added": ["Waffendelikt mit vollziehbarer Ausreisepflicht"],
        "removed": [],
    }

    simulated = env.client.post(
        f"{API}/{draft['id']}/simulate", params={"as_of": AS_OF}, headers=env.auth(t["anna"])
    )
    assert simulated.status_code == 200 and simulated.json()["n_cases"] is None  # 3 < 10: hidden

    assert (
        env.client.post(
            f"{API}/{draft['id']}/approve", json={"reason": "selbst"}, headers=env.auth(t["anna"])
        ).status_code
        == 403
    )
    approved = env.client.post(
        f"{API}/{draft['id']}/approve",
        json={"reason": "Diff und Szenarien geprüft"},
        headers=env.auth(t["ben"]),
    )
    assert approved.status_code == 200, approved.text
    activated = env.client.post(
        f"{API}/{draft['id']}/activate", json={"reason": "in Kraft"}, headers=env.auth(t["anna"])
    )
    assert activated.status_code == 200 and activated.json()["in_force"] is True
    active = env.client.get(f"{API}/active", headers=env.auth(t["audrey"])).json()
    assert "WEAPONS" in [rule["id"] for rule in active["criteria"]]


def test_checker_issues_come_with_their_lines_and_nothing_is_stored(env) -> None:
    t = team(env)
    broken = with_weapons().replace(
        "when: {fact: weapons_convictions, ge: 1}", "when: {fact: weapons_convictons, ge: 1}"
    )
    line = broken.splitlines().index("    when: {fact: weapons_convictons, ge: 1}") + 1
    response = post_yaml(env, t["anna"], broken)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["line"], error["rule_id"], error["key"]) == (
        line,
        "WEAPONS",
        "criteria.WEAPONS.when.fact",
    )
    assert error["suggestion"] == "weapons_convictions"
    syntax = post_yaml(env, t["anna"], "name: amit-nrw-default\n  version: [\n")
    assert syntax.status_code == 422 and syntax.json()["errors"][0]["line"] == 2
    bad_scenarios = env.client.post(
        API,
        files={
            "ruleset": ("r.yaml", with_weapons().encode(), "application/yaml"),
            "scenarios": (
                "s.yaml",
                b"ruleset: amit-nrw-default\nscenarios:\n  - name: x\n",
                "application/yaml",
            ),
        },
        data={"reason": "Erlass"},
        headers=env.auth(t["anna"]),
    )
    assert bad_scenarios.status_code == 422
    keys = {(e["key"], e["line"]) for e in bad_scenarios.json()["errors"]}
    assert ("scenarios[0].as_of", 3) in keys and ("scenarios[0].expect", 3) in keys
    listing = env.client.get(API, headers=env.auth(t["audrey"])).json()["items"]
    assert [v["ref"] for v in listing] == ["amit-nrw-default@1"]  # nothing stored


def test_names_reasons_and_drafts_that_change_nothing_are_refused(env) -> None:
    t = team(env)
    other = post_yaml(env, t["anna"], DEFAULT_TEXT.replace("name: amit-nrw-default", "name: neu"))
    assert other.status_code == 422 and other.json()["errors"][0]["key"] == "name"
    assert other.json()["errors"][0]["line"] == 3
    no_reason = post_yaml(env, t["anna"], with_weapons(), reason="")
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["loc"] == [
        "query",
        "reason",
    ]
    unchanged = post_yaml(env, t["anna"], DEFAULT_TEXT)
    assert unchanged.status_code == 422 and "ändert nichts" in unchanged.text
    same_parameters = env.client.post(
        API,
        json={
            "base": "amit-nrw-default",
            "parameters": {"repeat_min_convictions": 3},
            "reason": "x y z",
        },
        headers=env.auth(t["anna"]),
    )
    assert same_parameters.status_code == 422 and "ändert nichts" in same_parameters.text
    assert (
        env.client.post(
            API, content=b"x", headers={**env.auth(t["anna"]), "Content-Type": "text/csv"}
        ).status_code
        == 415
    )
    assert post_yaml(env, t["audrey"], with_weapons()).status_code == 403


def test_failing_scenarios_need_a_reason_that_is_stored_and_audited(env) -> None:
    t = team(env)
    stricter = DEFAULT_TEXT.replace("    default: 24\n", "    default: 36\n", 1)
    draft = post_yaml(env, t["anna"], stricter).json()
    report = env.client.get(f"{API}/{draft['id']}/scenarios", headers=env.auth(t["ben"])).json()
    assert report["passed"] is False and any(name.startswith("EX-3") for name in report["failing"])
    outcome = next(
        o for o in report["suites"][0]["result"]["outcomes"] if o["name"].startswith("EX-3")
    )
    assert "Stufe erwartet Rechtliches Hindernis, erhalten Kein aMIT-Fall" in outcome["text"]
    refused = env.client.post(
        f"{API}/{draft['id']}/approve", json={"reason": "passt"}, headers=env.auth(t["ben"])
    )
    assert refused.status_code == 422 and "Testszenarien schlagen fehl" in refused.text
    approved = env.client.post(
        f"{API}/{draft['id']}/approve",
        json={"reason": "passt", "scenarios_reason": "Die Schwelle steigt bewusst auf 36 Monate"},
        headers=env.auth(t["ben"]),
    )
    assert approved.status_code == 200 and approved.json()["scenarios_reason"].startswith("Die")
    entry = env.client.get(
        "/api/v1/audit", params={"action": "ruleset.approve"}, headers=env.auth(t["audrey"])
    ).json()["items"][0]
    assert entry["details"]["scenarios_reason"] == "Die Schwelle steigt bewusst auf 36 Monate"
    assert any(name.startswith("EX-3") for name in entry["details"]["failing_scenarios"])


def test_a_draft_with_changed_expectations_shows_them(env) -> None:
    t = team(env)
    stricter = DEFAULT_TEXT.replace("    default: 24\n", "    default: 36\n", 1)
    own = SCENARIOS_TEXT.replace(
        "      tier: BLOCKED\n      score: 40\n      criteria: [SERIOUS]\n",
        "      tier: NONE\n      score: 0\n      criteria: []\n",
        1,
    )
    response = env.client.post(
        API,
        files={"ruleset": ("r.yaml", stricter.encode()), "scenarios": ("s.yaml", own.encode())},
        data={"reason": "Schwelle 36 Monate"},
        headers=env.auth(t["anna"]),
    )
    assert response.status_code == 201, response.text
    report = env.client.get(
        f"{API}/{response.json()['id']}/scenarios", headers=env.auth(t["ben"])
    ).json()
    assert [name[:4] for name in report["expectations"]["changed"]] == ["EX-3"]
    in_force, draft_own = report["suites"]
    assert "(in Kraft)" in in_force["label"] and in_force["result"]["failed"] == 4
    assert draft_own["result"]["failed"] == 3  # EX-3 now expected to change; three others not


def test_withdraw_by_the_author_and_reject_by_a_second_person(env) -> None:
    t = team(env)
    first = post_yaml(env, t["anna"], with_weapons()).json()
    assert (
        env.client.post(
            f"{API}/{first['id']}/withdraw", json={"reason": "falsch"}, headers=env.auth(t["ben"])
        ).status_code
        == 403
    )  # only the author withdraws
    withdrawn = env.client.post(
        f"{API}/{first['id']}/withdraw",
        json={"reason": "Tippfehler im Titel"},
        headers=env.auth(t["anna"]),
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert (withdrawn.json()["status"], withdrawn.json()["withdrawal_reason"]) == (
        "withdrawn",
        "Tippfehler im Titel",
    )
    assert (
        env.client.post(
            f"{API}/{first['id']}/approve", json={"reason": "zu spät"}, headers=env.auth(t["ben"])
        ).status_code
        == 409
    )

    second = post_yaml(env, t["anna"], with_weapons()).json()
    assert second["ref"] == "amit-nrw-default@3"
    assert (
        env.client.post(
            f"{API}/{second['id']}/reject", json={"reason": "selbst"}, headers=env.auth(t["anna"])
        ).status_code
        == 403
    )  # four eyes
    rejected = env.client.post(
        f"{API}/{second['id']}/reject",
        json={"reason": "Erlass noch nicht unterzeichnet"},
        headers=env.auth(t["ben"]),
    )
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["rejected_by"]) == ("rejected", "ben")
    actions = [
        (e["action"], e["actor"], e["reason"])
        for e in env.client.get(
            "/api/v1/audit", params={"action": "ruleset."}, headers=env.auth(t["audrey"])
        ).json()["items"]
    ]
    assert ("ruleset.withdraw", "anna", "Tippfehler im Titel") in actions
    assert ("ruleset.reject", "ben", "Erlass noch nicht unterzeichnet") in actions


def test_check_without_storing_and_the_dmn_export(env) -> None:
    t = team(env)
    checked = env.client.post(
        f"{API}/check",
        content=with_weapons().encode(),
        headers={**env.auth(t["anna"]), "Content-Type": "application/yaml"},
    ).json()
    assert checked["ok"] is True and len(checked["diff"]["changes"]) == 3
    broken = env.client.post(
        f"{API}/check",
        content=b"name: amit-nrw-default\nversion: 1\n",
        headers={**env.auth(t["anna"]), "Content-Type": "application/yaml"},
    ).json()
    assert broken["ok"] is False and {e["key"] for e in broken["errors"]} >= {"parameters", "tiers"}
    exported = env.client.get(f"{API}/amit-nrw-default@1/export", headers=env.auth(t["audrey"]))
    assert exported.status_code == 200 and exported.headers["content-type"].startswith(
        "application/xml"
    )
    assert 'hitPolicy="FIRST"' in exported.text
    assert (
        yaml.safe_load(
            env.client.get(f"{API}/1", headers=env.auth(t["audrey"])).json()["scenarios"]
        )["ruleset"]
        == "amit-nrw-default"
    )
