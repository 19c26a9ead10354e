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


def test_cases_of_two_regions_with_one_id_are_two_cases_in_the_training_files(
    env, tmp_path, examples_text
):
    """Ids are unique per region; the files name each case once (SPEC), so a shared id is
    written as <id>.<region> and each case keeps its own facts and its own label."""
    from cases.io.reading import load_cases

    env.import_examples()  # EX-1 koeln
    theirs = json.loads(next(line for line in examples_text.splitlines() if '"EX-1"' in line))
    theirs.update(region="arnsberg", birth_date="1971-05-05")
    arnsberg = env.user("rrk_lead", "arnsberg")
    assert env.import_jsonl(arnsberg, json.dumps(theirs)).status_code == 201
    koeln = env.user("rrk_lead", "koeln")
    assert _decide(env, koeln, "EX-1", "case_conference").status_code == 201
    assert _decide(env, arnsberg, "EX-1", "defer").status_code == 201
    assert _decide(env, koeln, "EX-3", "defer").status_code == 404  # muenster's, not koeln's
    with env.db.read() as session:
        counts = export_decisions(
            db_session=session, decisions_path=tmp_path / "d.jsonl", cases_path=tmp_path / "c.jsonl"
        )
    assert counts == (2, 2)
    decisions = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text().splitlines()]
    assert [(d["case_id"], d["region"], d["kind"]) for d in decisions] == [
        ("EX-1.koeln", "koeln", "case_conference"),
        ("EX-1.arnsberg", "arnsberg", "defer"),
    ]
    cases = {c.case_id: c for c in load_cases(tmp_path / "c.jsonl")}  # a valid SPEC file
    assert cases["EX-1.koeln"].region == "koeln"
    assert cases["EX-1.arnsberg"].region == "arnsberg"
    assert str(cases["EX-1.arnsberg"].birth_date) == "1971-05-05"
    assert str(cases["EX-1.koeln"].birth_date) != "1971-05-05"
    assert labels_from_decisions(decisions).to_dict() == {"EX-1.koeln": 1, "EX-1.arnsberg": 0}


def test_file_ids_stay_valid_and_distinct() -> None:
    from cases.model import CASE_ID_PATTERN
    from service.cases.keys import CaseKey
    from service.decisions.export import file_ids

    long_id = "L" * 64
    keys = [
        CaseKey("koeln", "A"),
        CaseKey("arnsberg", "A"),
        CaseKey("koeln", "A.arnsberg"),  # a real id equal to the qualified one
        CaseKey("koeln", long_id),
        CaseKey("detmold", long_id),
        CaseKey("muenster", "B"),
    ]
    names = file_ids(keys)
    assert names[CaseKey("muenster", "B")] == "B" and names[CaseKey("koeln", "A")] == "A.koeln"
    assert len(set(names.values())) == len(keys)
    import re

    assert all(re.fullmatch(CASE_ID_PATTERN, n) and len(n) <= 64 for n in names.values())
