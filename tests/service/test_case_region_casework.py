"""Case ids are unique per region (issue #14): the same id in koeln and in duesseldorf names two
cases, each with its own queue row, decisions and explanation; a caseworker of one region sees
nothing of the other's (the plain 404 of an unknown id)."""

from __future__ import annotations

import json
from datetime import date

import numpy as np

from cases.frames import frames_from_cases
from cases.model import Case
from rules import load_ruleset
from service.cases.keys import CaseKey
from service.queue import service as queue_service
from service.queue.caseload import Caseload

AS_OF = "2026-11-23"


def _two_ex1(env, examples_text: str) -> str:
    """The examples, and a duesseldorf case EX-1 unlike koeln's EX-1 (no offences, so NONE
    instead of P1); returns the token of an admin who sees every region."""
    env.import_examples()
    koeln = json.loads(examples_text.splitlines()[2])
    assert (koeln["case_id"], koeln["region"]) == ("EX-1", "koeln")
    other = {
        **koeln,
        "region": "duesseldorf",
        "offences": [],
        "toleration_reason": None,
        "received_on": "2026-10-01",
    }
    token = env.user("admin", name="admin-both")
    assert env.import_jsonl(token, json.dumps(other)).status_code == 201
    return token


def _queue(env, token, **params):
    response = env.client.get(
        "/api/v1/queue", params={"as_of": AS_OF, **params}, headers=env.auth(token)
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_the_queue_lists_both_cases_of_one_id_with_their_regions(env, examples_text):
    token = _two_ex1(env, examples_text)
    items = [i for i in _queue(env, token) if i["case_id"] == "EX-1"]
    assert sorted((i["region"], i["tier"]) for i in items) == [
        ("duesseldorf", "NONE"),
        ("koeln", "P1"),
    ]
    for item in items:
        assert item["link"] == f"/cases/EX-1?region={item['region']}"
    only = _queue(env, token, region="duesseldorf")
    assert [(i["case_id"], i["region"], i["rank"]) for i in only] == [("EX-1", "duesseldorf", 1)]


def test_a_decision_on_one_is_not_shown_on_the_other(env, examples_text):
    token = _two_ex1(env, examples_text)
    ambiguous = env.client.post(
        "/api/v1/cases/EX-1/decisions",
        json={"kind": "defer", "reason": "Begründung für die Akte", "as_of": AS_OF},
        headers=env.auth(token),
    )
    assert ambiguous.status_code == 409
    assert "duesseldorf" in ambiguous.text and "koeln" in ambiguous.text
    made = env.client.post(
        "/api/v1/cases/EX-1/decisions",
        params={"region": "koeln"},
        json={"kind": "defer", "reason": "Begründung für die Akte", "as_of": AS_OF},
        headers=env.auth(token),
    )
    assert made.status_code == 201, made.text
    assert made.json()["region"] == "koeln" and made.json()["tier"] == "P1"

    def listed(region):
        response = env.client.get(
            "/api/v1/cases/EX-1/decisions", params={"region": region}, headers=env.auth(token)
        )
        assert response.status_code == 200, response.text
        return response.json()["items"]

    assert [d["kind"] for d in listed("koeln")] == ["defer"]
    assert listed("duesseldorf") == []
    last = {i["region"]: i["last_decision"] for i in _queue(env, token) if i["case_id"] == "EX-1"}
    assert last["koeln"]["kind"] == "defer" and last["duesseldorf"] is None
    # duesseldorf's EX-1 can still be closed; koeln's stays open
    closed = env.client.post(
        "/api/v1/cases/EX-1/decisions",
        params={"region": "duesseldorf"},
        json={"kind": "close", "reason": "erledigt, Ausreise", "as_of": AS_OF},
        headers=env.auth(token),
    )
    assert closed.status_code == 201, closed.text
    assert [(i["case_id"], i["region"]) for i in _queue(env, token) if i["case_id"] == "EX-1"] == [
        ("EX-1", "koeln")
    ]


def test_each_explanation_shows_its_own_record(env, examples_text):
    token = _two_ex1(env, examples_text)
    shown = {}
    for region in ("koeln", "duesseldorf"):
        response = env.client.get(
            "/api/v1/cases/EX-1/explanation",
            params={"region": region, "as_of": AS_OF},
            headers=env.auth(token),
        )
        assert response.status_code == 200, response.text
        shown[region] = response.json()
    assert shown["koeln"]["region"] == "koeln" and shown["koeln"]["tier"] == "P1"
    assert shown["duesseldorf"]["region"] == "duesseldorf"
    assert shown["duesseldorf"]["tier"] == "NONE"
    without = env.client.get(
        "/api/v1/cases/EX-1/explanation", params={"as_of": AS_OF}, headers=env.auth(token)
    )
    assert without.status_code == 409


def test_a_koeln_caseworker_sees_only_koeln_and_the_plain_404_for_duesseldorf(env, examples_text):
    _two_ex1(env, examples_text)
    token = env.user("caseworker", "koeln", name="kim")
    items = [i for i in _queue(env, token) if i["case_id"] == "EX-1"]
    assert [(i["region"], i["tier"]) for i in items] == [("koeln", "P1")]
    mine = env.client.get(
        "/api/v1/cases/EX-1/explanation", params={"as_of": AS_OF}, headers=env.auth(token)
    )
    assert mine.status_code == 200 and mine.json()["region"] == "koeln"
    for path in ("/api/v1/cases/{}/explanation", "/api/v1/cases/{}/decisions"):
        theirs = env.client.get(
            path.format("EX-1"), params={"region": "duesseldorf"}, headers=env.auth(token)
        )
        unknown = env.client.get(
            path.format("NO-SUCH-1"), params={"region": "duesseldorf"}, headers=env.auth(token)
        )
        assert theirs.status_code == unknown.status_code == 404
        assert theirs.json() == unknown.json()
    refused = env.client.post(
        "/api/v1/cases/EX-1/decisions",
        params={"region": "duesseldorf"},
        json={"kind": "defer", "reason": "Begründung für die Akte", "as_of": AS_OF},
        headers=env.auth(token),
    )
    assert refused.status_code == 404


def test_same_id_ties_are_ordered_by_region_whatever_the_row_order():
    """Two records alike in everything but the region tie on every key of the rule set's order
    (the id last): the region decides, even when the caseload holds them the other way round."""
    base = json.loads(
        '{"case_id": "T-1", "region": "koeln", "received_on": "2026-09-14", '
        '"source": "municipal", "birth_date": "1994-07-19", "departure_status": "enforceable", '
        '"asylum_pending": false, "deportation_ban": false, "toleration_reason": null, '
        '"travel_document": "none", "in_custody": false, "release_date": null, '
        '"offences": [], "incidents": []}'
    )
    others = [
        {**base, "case_id": "A-1", "region": "arnsberg"},
        {**base, "case_id": "Z-9", "region": "arnsberg"},
    ]
    records = [base, {**base, "region": "duesseldorf"}, *others]
    for rows in (records, list(reversed(records))):
        cases = [Case.model_validate(r) for r in rows]
        frames = frames_from_cases(cases)
        n = len(cases)
        days = np.full(n, np.datetime64("2026-09-14", "D").astype(np.int64))
        caseload = Caseload(
            revision=1,
            case_ids=np.array([c.case_id for c in cases], dtype=object),
            regions=np.array([c.region for c in cases], dtype=object),
            versions=np.ones(n, dtype=np.int64),
            received_days=days,
            first_import_days=days,
            updated_days=days,
            frames=frames,
            index={CaseKey(c.region, c.case_id): i for i, c in enumerate(cases)},
        )
        view = queue_service.build_view(
            caseload=caseload,
            ruleset=load_ruleset(),
            as_of=date(2026, 11, 23),
            regions=("arnsberg", "duesseldorf", "koeln"),
        )
        listed = [(str(caseload.case_ids[p]), str(caseload.regions[p])) for p in view.positions]
        assert listed == [
            ("A-1", "arnsberg"),
            ("T-1", "duesseldorf"),
            ("T-1", "koeln"),
            ("Z-9", "arnsberg"),
        ]
