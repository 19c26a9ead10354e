"""Recorded decisions become the points model's labels (``triage decisions export``)."""

from __future__ import annotations

import json

from models.history import labels_from_decisions
from service.decisions.export import export_decisions
from tests.service.test_decisions import _decide


def test_export_writes_decisions_with_the_decided_case_versions(env, tmp_path):
    env.import_examples()
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster")
    assert _decide(env, lead, "EX-1", "case_conference").status_code == 201
    assert _decide(env, lead, "EX-3", "defer").status_code == 201
    with env.db.read() as session:
        counts = export_decisions(
            db_session=session, decisions_path=tmp_path / "d.jsonl", cases_path=tmp_path / "c.jsonl"
        )
    assert counts == (2, 2)
    decisions = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text().splitlines()]
    assert [(d["case_id"], d["kind"], d["case_version"]) for d in decisions] == [
        ("EX-1", "case_conference", 1),
        ("EX-3", "defer", 1),
    ]
    cases = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert {c["case_id"] for c in cases} == {"EX-1", "EX-3"}
    labels = labels_from_decisions(decisions)
    assert labels.to_dict() == {"EX-1": 1, "EX-3": 0}
