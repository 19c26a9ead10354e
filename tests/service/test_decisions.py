"""POST/GET /cases/{id}/decisions: mandatory reason, overrides, close and reopen."""

from __future__ import annotations

AS_OF = "2026-11-23"


def _decide(env, token, case_id, kind, reason="Begründung für die Akte", as_of=AS_OF):
    return env.client.post(
        f"/api/v1/cases/{case_id}/decisions",
        json={"kind": kind, "reason": reason, "as_of": as_of},
        headers=env.auth(token),
    )


def test_reason_is_mandatory(env):
    env.import_examples()
    token = env.user("rrk_lead", "koeln")
    for body in (
        {"kind": "defer"},
        {"kind": "defer", "reason": "  "},
        {"kind": "nonsense", "reason": "x y z"},
    ):
        response = env.client.post(
            "/api/v1/cases/EX-1/decisions", json=body, headers=env.auth(token)
        )
        assert response.status_code == 422, body
    # a short reason, or one with control characters: said in words, in one language
    for reason, german, english in (
        (
            "x",
            "zu kurz: erwartet mindestens 3 Zeichen",
            "too short: expected a length of at least 3",
        ),
        ("ab\x07c", "Steuerzeichen sind nicht erlaubt", "control characters are not allowed"),
    ):
        for lang, words in (("de", german), ("en", english)):
            response = env.client.post(
                "/api/v1/cases/EX-1/decisions",
                json={"kind": "defer", "reason": reason},
                headers={**env.auth(token), "Accept-Language": lang},
            )
            assert response.status_code == 422
            (error,) = response.json()["detail"]
            assert error["msg"].startswith(words), error
            assert "Value error" not in error["msg"] and "reason of at least" not in error["msg"]


def test_taking_up_a_lower_case_first_is_an_override(env, examples_text):
    token = env.user("admin")
    # two koeln cases: EX-1 (P1) and a NONE case
    import json

    ex1 = json.loads(examples_text.splitlines()[2])
    low = {**ex1, "case_id": "LOW-1", "offences": [], "toleration_reason": None}
    assert env.import_jsonl(token, "\n".join(map(json.dumps, [ex1, low]))).status_code == 201
    jumped = _decide(env, token, "LOW-1", "case_conference").json()
    assert jumped["override"] is True and jumped["rank"] == 2 and jumped["tier"] == "NONE"
    assert "1" in jumped["override_note"]
    in_order = _decide(env, token, "EX-1", "case_conference").json()
    assert in_order["override"] is False and in_order["rank"] == 1


def test_holding_back_a_top_case_is_an_override(env):
    env.import_examples()
    token = env.user("rrk_lead", "koeln")
    held = _decide(env, token, "EX-1", "defer").json()
    assert held["override"] is True and held["tier"] == "P1"


def test_decisions_are_listed_with_who_and_why(env):
    env.import_examples()
    token = env.user("caseworker", "arnsberg", name="carla")
    _decide(env, token, "EX-2", "prepare_measure", "Gefährderansprache vorbereiten")
    _decide(env, token, "EX-2", "monitor", "beobachten")
    items = env.client.get("/api/v1/cases/EX-2/decisions", headers=env.auth(token)).json()["items"]
    assert [d["kind"] for d in items] == ["prepare_measure", "monitor"]
    assert items[0]["decided_by"] == "carla"
    assert items[0]["reason"] == "Gefährderansprache vorbereiten"
    assert items[0]["case_version"] == 1 and items[0]["ruleset"].startswith("amit-nrw-default")


def test_close_and_reopen_rules(env):
    env.import_examples()
    token = env.user("rrk_lead", "muenster")
    assert _decide(env, token, "EX-3", "reopen").status_code == 409
    assert _decide(env, token, "EX-3", "close").status_code == 201
    assert _decide(env, token, "EX-3", "close").status_code == 409
    assert _decide(env, token, "EX-3", "case_conference").status_code == 409
    closed = env.client.get("/api/v1/cases/EX-3", headers=env.auth(token)).json()
    assert closed["status"] == "closed"
    assert _decide(env, token, "EX-3", "reopen").status_code == 201


def test_changed_record_reopens_a_closed_case(env, examples_text):
    import json

    env.import_examples()
    token = env.user("admin")
    _decide(env, token, "EX-3", "close")
    same = env.import_jsonl(token, examples_text.splitlines()[0]).json()
    assert same["reopened"] == 0
    changed = json.loads(examples_text.splitlines()[0])
    changed["travel_document"] = "valid"
    assert env.import_jsonl(token, json.dumps(changed)).json()["reopened"] == 1
    assert env.client.get("/api/v1/cases/EX-3", headers=env.auth(token)).json()["status"] == "open"
