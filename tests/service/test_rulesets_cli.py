"""``triage policy``: the same four-eyes path as the API, each step with the user's own token."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from service.cli.app import _register, app
from tests.service.history import backdate

AS_OF = "2026-11-23"


@pytest.fixture
def cli(env, monkeypatch):
    _register()
    monkeypatch.setenv("DATABASE_URL", env.url)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_policy_path_on_the_command_line(env, cli):
    env.import_examples()
    backdate(env, "2026-11-05")  # policy staff simulate the caseload as it stood on AS_OF
    for name, role, regions in (
        ("anna", "policy", None),
        ("ben", "policy", None),
        ("kai", "caseworker", "koeln"),
    ):
        env.user(role, regions, name=name)
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster", name="lena")

    refused = cli(
        "policy",
        "draft",
        "--base",
        "amit-nrw-default",
        "--set",
        "repeat_min_convictions=0",
        "--reason",
        "zu streng",
        "--token",
        env.tokens["anna"],
    )
    assert refused.exit_code == 1 and "1 bis 50" in refused.output
    assert (
        cli(
            "policy",
            "draft",
            "--base",
            "amit-nrw-default",
            "--set",
            "serious_sentence_months=36",
            "--reason",
            "x y z",
            "--token",
            env.tokens["kai"],
        ).exit_code
        == 1
    )  # caseworkers do not draft
    assert (
        cli(
            "policy",
            "draft",
            "--base",
            "amit-nrw-default",
            "--reason",
            "x y z",
            "--token",
            "rrk.0000000000000000.nobody",
        ).exit_code
        == 1
    )
    assert (
        cli(
            "policy",
            "draft",
            "--base",
            "amit-nrw-default",
            "--reason",
            " ",
            "--token",
            env.tokens["anna"],
        ).exit_code
        == 2
    )

    drafted = cli(
        "policy",
        "draft",
        "--base",
        "amit-nrw-default",
        "--set",
        "serious_sentence_months=36",
        "--points",
        "REPEAT=30",
        "--reason",
        "Erlass 2026",
        "--token",
        env.tokens["anna"],
    )
    assert drafted.exit_code == 0, drafted.output
    draft_id = drafted.stdout.strip().splitlines()[-1]
    # Parameters and criteria by their German names, values with their units (no ids).
    assert "„Mindeststrafe für eine schwere Straftat“ 24 Monate → 36 Monate" in drafted.output
    assert "Punkte für „Mehrfachtäter“ 25 → 30" in drafted.output
    assert "serious_sentence_months" not in drafted.output

    simulated = cli(
        "policy",
        "simulate",
        draft_id,
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--token",
        env.tokens["anna"],
    )
    assert simulated.exit_code == 0, simulated.output
    result = json.loads(simulated.stdout)
    # One case moves: a count below the minimum cell size, hidden (issue #14).
    assert result["transitions"] == {"BLOCKED->NONE": None} and result["changed_cases"] == []
    table = cli("policy", "simulate", draft_id, "--as-of", AS_OF, "--token", env.tokens["ben"])
    without = cli("policy", "simulate", draft_id, "--as-of", AS_OF)  # no token: refused
    assert without.exit_code == 1 and "TRIAGE_TOKEN" in without.output
    assert table.exit_code == 0 and "Übergänge" in table.output

    assert (
        cli(
            "policy", "activate", draft_id, "--reason", "sofort", "--token", env.tokens["anna"]
        ).exit_code
        == 1
    )  # not approved
    own = cli("policy", "approve", draft_id, "--reason", "passt", "--token", env.tokens["anna"])
    assert own.exit_code == 1 and "Vier-Augen-Prinzip" in own.output
    plain = cli("policy", "approve", draft_id, "--reason", "geprüft", "--token", env.tokens["ben"])
    assert plain.exit_code == 1 and "Testszenarien schlagen fehl" in plain.output  # EX-3 now fails
    approved = cli(
        "policy",
        "approve",
        draft_id,
        "--reason",
        "geprüft",
        "--scenarios-reason",
        "EX-3 wird gewollt NONE",
        "--token",
        env.tokens["ben"],
    )
    assert approved.exit_code == 0, approved.output
    activated = cli(
        "policy", "activate", draft_id, "--reason", "in Kraft", "--token", env.tokens["anna"]
    )
    assert activated.exit_code == 0 and "In Kraft: amit-nrw-default v2 ab " in activated.output
    assert (
        cli(
            "policy",
            "activate",
            draft_id,
            "--reason",
            "nochmal",
            "--token",
            env.tokens["anna"],
            "--effective",
            "2026-13-01",
        ).exit_code
        == 2
    )

    listing = cli("policy", "list")
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    assert lines[0].split() == [
        "Nr.",
        "Version",
        "Stand",
        "Entwurf",
        "von",
        "Änderungen",
        "gegenüber",
        "der",
        "Ausgangsversion",
    ]
    assert "amit-nrw-default@2" in lines[1] and "in Kraft ab" in lines[1]
    assert "amit-nrw-default@1" in lines[2] and "abgelöst" in lines[2]
    # every column starts where its heading starts
    for heading, cell in (("Version", "amit-nrw-default@2"), ("Stand", "in Kraft ab")):
        assert lines[0].index(heading) == lines[1].index(cell)
    english = cli("--lang", "en", "policy", "list").stdout.splitlines()
    assert english[0].split()[:5] == ["No.", "Version", "State", "Drafted", "by"]
    assert "in force from" in english[1]
    assert cli("policy", "list", "--json").stdout.splitlines()[0].startswith("{")
    shown = cli("policy", "show", "amit-nrw-default@2")
    assert "ben: geprüft" in shown.stdout and "anna: in Kraft" in shown.stdout
    assert json.loads(cli("policy", "show", draft_id, "--json").stdout)["document"]["version"] == 2

    queue = env.client.get("/api/v1/queue", params={"as_of": AS_OF}, headers=env.auth(lead))
    items = {i["case_id"]: i for i in queue.json()["items"]}
    assert items["EX-3"]["tier"] == "NONE" and items["EX-1"]["score"] == 60  # 30 + 30

    auditor = env.user("auditor", name="audrey")
    entries = env.client.get(
        "/api/v1/audit", params={"action": "ruleset."}, headers=env.auth(auditor)
    ).json()["items"]
    steps = [(e["action"], e["actor"], e["reason"]) for e in reversed(entries)]
    assert steps[1:] == [
        ("ruleset.draft", "anna", "Erlass 2026"),
        ("ruleset.simulate", "anna", None),
        ("ruleset.simulate", "ben", None),  # each with the caller's own token
        ("ruleset.approve", "ben", "geprüft"),
        ("ruleset.activate", "anna", "in Kraft"),
        ("ruleset.retire", "anna", "Abgelöst durch amit-nrw-default v2"),
    ]
    assert all(
        e["details"]["via"].startswith("cli")
        for e in entries
        if e["action"] in ("ruleset.draft", "ruleset.approve", "ruleset.activate")
    )
    # anna and ben were both created by the same admin ("test"): the approval says so.
    approval = next(e for e in entries if e["action"] == "ruleset.approve")
    assert approval["details"]["same_creator"] == "test"
    verified = cli("audit", "verify")
    assert verified.exit_code == 0 and "Protokollkette intakt" in verified.output


def test_whole_rule_set_drafts_withdraw_reject_and_rules_test_on_a_stored_version(
    env, cli, tmp_path
):
    """Issue #16 on the command line: `policy draft --file` checks with lines and stores the
    scenarios beside the file; the author withdraws, a second user rejects; `rules test` and
    `rules diff` read stored versions."""
    from tests.service.test_authoring import SCENARIOS_TEXT, WEAPONS_SCENARIO, with_weapons

    env.import_examples()
    env.user("policy", name="anna")
    env.user("policy", name="ben")
    broken = tmp_path / "kaputt.yaml"
    broken.write_text(with_weapons().replace("ge: 1}\n\nblockers", "gee: 1}\n\nblockers"))
    refused = cli(
        "policy", "draft", "--file", broken, "--reason", "Erlass", "--token", env.tokens["anna"]
    )
    assert refused.exit_code == 1
    line = next(i for i, text in enumerate(broken.read_text().splitlines(), 1) if "gee: 1" in text)
    assert f"kaputt.yaml:{line}: WEAPONS: criteria.WEAPONS.when" in refused.output

    ruleset = tmp_path / "amit-nrw-default.yaml"
    ruleset.write_text(with_weapons(), encoding="utf-8")
    (tmp_path / "amit-nrw-default.scenarios.yaml").write_text(
        SCENARIOS_TEXT + WEAPONS_SCENARIO, encoding="utf-8"
    )
    drafted = cli(
        "policy", "draft", "--file", ruleset, "--reason", "Erlass", "--token", env.tokens["anna"]
    )
    assert drafted.exit_code == 0, drafted.output
    draft_id = drafted.stdout.strip().splitlines()[-1]
    tested = cli("rules", "test", "amit-nrw-default@2", "--require-full-coverage")
    assert tested.exit_code == 0, tested.output
    assert "24 Szenarien: 24 bestanden, 0 fehlgeschlagen" in tested.stdout
    diffed = cli("rules", "diff", "amit-nrw-default@1", "amit-nrw-default@2")
    assert diffed.exit_code == 0 and "Kriterium „Waffendelikt“ neu" in diffed.stdout

    assert (
        cli(
            "policy", "withdraw", draft_id, "--reason", "nein", "--token", env.tokens["ben"]
        ).exit_code
        == 1
    )
    withdrawn = cli(
        "policy", "withdraw", draft_id, "--reason", "Tippfehler", "--token", env.tokens["anna"]
    )
    assert withdrawn.exit_code == 0 and "zurückgezogen" in withdrawn.output
    again = cli(
        "policy", "draft", "--file", ruleset, "--reason", "Erlass", "--token", env.tokens["anna"]
    )
    second_id = again.stdout.strip().splitlines()[-1]
    assert (
        cli(
            "policy", "reject", second_id, "--reason", "selbst", "--token", env.tokens["anna"]
        ).exit_code
        == 1
    )
    rejected = cli(
        "policy", "reject", second_id, "--reason", "nicht abgestimmt", "--token", env.tokens["ben"]
    )
    assert rejected.exit_code == 0 and "abgelehnt" in rejected.output
    listed = cli("policy", "list")
    assert "zurückgezogen" in listed.stdout and "abgelehnt" in listed.stdout
