"""A ``triage policy`` step the user may not take is on record, as a 403 of the API is
(issue #14, item 12): the role that may not draft, and the author who tries to approve their own
draft, each leave an ``access.denied`` entry (target ``cli``) naming the command."""

from __future__ import annotations

import json

from sqlalchemy import select

from service.audit.models import AuditEntry


def _denials(env) -> list[tuple[str, dict]]:
    with env.db.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "access.denied").order_by(AuditEntry.seq)
        )
        return [(e.actor, json.loads(e.details)) for e in entries if e.target == "cli"]


def test_a_refused_policy_step_is_audited(env, cli):
    env.user("caseworker", "koeln", name="kai")
    env.user("policy", name="anna")
    draft = [
        "policy",
        "draft",
        "--base",
        "amit-nrw-default",
        "--set",
        "serious_sentence_months=36",
        "--reason",
        "Schwelle angleichen",
    ]
    refused = cli(*draft, "--token", env.tokens["kai"])
    assert refused.exit_code == 1, refused.output
    assert [(actor, d["role"]) for actor, d in _denials(env)] == [("kai", "caseworker")]
    assert _denials(env)[0][1]["command"] == "policy draft"

    made = cli(*draft, "--token", env.tokens["anna"])
    assert made.exit_code == 0, made.output
    ref = "amit-nrw-default@2"
    own = cli("policy", "approve", ref, "--reason", "passt so", "--token", env.tokens["anna"])
    assert own.exit_code == 1, own.output  # four eyes: not the author
    denials = _denials(env)
    assert len(denials) == 2 and denials[1][0] == "anna"
    assert denials[1][1]["command"] == "policy approve"
