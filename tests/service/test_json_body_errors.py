"""JSON bodies Python cannot read (issue #14, OWASP ASVS L2): a 5,000-digit integer or deep
nesting is bad input like any other -- 422 in the usual JSON error shape, German unless the
reader asks for English, never a 500 or FastAPI's English 400.

Decision bodies stand for every route whose body FastAPI parses (one handler in
``service/errors.py``); the event routes read their body themselves and name the bad line.
"""

from __future__ import annotations

import json

from tests.service.test_changes import DAY1, DAY2, _import, _records

HUGE = "9" * 5000
#: Deeper than the interpreter's stack: ``json.loads`` raises RecursionError.
DEEP = '{"a":' * 50_000 + "1" + "}" * 50_000
EVENT = '{"event_id":"E1","type":"departure_status_changed","departure_status":"enforceable"}'


def _post(env, token, path, content, media="application/json", **headers):
    return env.client.post(
        path,
        params={"as_of": DAY2},
        content=content.encode() if isinstance(content, str) else content,
        headers={**env.auth(token), "Content-Type": media, **headers},
    )


def _lead_with_cases(env, examples_text) -> str:
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster", name="lena")
    records = _records(examples_text)
    _import(env, lead, list(records.values()), DAY1)
    return lead


# --- bodies FastAPI parses (decisions stand for all of them) --------------------------------


def test_a_decision_body_with_a_huge_integer_is_a_german_422(env):
    lead = env.user("rrk_lead", "koeln")
    body = '{"kind":"monitor","reason":"Begründung","n":' + HUGE + "}"
    response = _post(env, lead, "/api/v1/cases/EX-1/decisions", body)
    assert response.status_code == 422, response.text
    (item,) = response.json()["detail"]
    assert item["loc"] == ["body"] and item["type"] == "json_invalid"
    assert item["msg"] == "Der JSON-Inhalt ist nicht lesbar: eine Zahl hat zu viele Ziffern"
    english = _post(
        env, lead, "/api/v1/cases/EX-1/decisions", body, **{"Accept-Language": "en"}
    ).json()
    assert (
        english["detail"][0]["msg"] == "The JSON body cannot be read: a number has too many digits"
    )


def test_a_deeply_nested_decision_body_is_a_422_not_a_400(env):
    lead = env.user("rrk_lead", "koeln")
    response = _post(env, lead, "/api/v1/cases/EX-1/decisions", DEEP)
    assert response.status_code == 422, response.text
    (item,) = response.json()["detail"]
    assert item["loc"] == ["body"] and item["type"] == "json_invalid"
    assert item["msg"] == "Der JSON-Inhalt ist nicht lesbar: zu tief verschachtelt"
    english = env.client.post(
        "/api/v1/cases/EX-1/decisions",
        params={"lang": "en"},
        content=DEEP.encode(),
        headers={**env.auth(lead), "Content-Type": "application/json"},
    )
    assert english.status_code == 422
    assert english.json()["detail"][0]["msg"] == "The JSON body cannot be read: nested too deeply"


def test_other_http_errors_are_answered_as_before(env):
    lead = env.user("rrk_lead", "koeln")
    response = _post(env, lead, "/api/v1/cases/EX-1/decisions", "{")  # JSON syntax: FastAPI's
    assert response.status_code == 422 and response.json()["detail"][0]["type"] == "json_invalid"
    assert env.client.get("/api/v1/nowhere", headers=env.auth(lead)).status_code == 404


# --- the event routes -----------------------------------------------------------------------


def test_an_event_with_a_huge_integer_names_its_line_in_german(env, examples_text):
    lead = _lead_with_cases(env, examples_text)
    body = '{"event_id":"E1","n":' + HUGE + "}"
    response = _post(env, lead, "/api/v1/cases/EX-1/events", body)
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert (error["line"], error["path"]) == (1, "<event>")
    assert error["message"] == "JSON nicht lesbar: eine Zahl hat zu viele Ziffern"
    assert error["text"].startswith("Zeile 1, Fall –, Feld <event>: JSON nicht lesbar")


def test_a_deeply_nested_line_of_bulk_events_is_named_by_line(env, examples_text):
    lead = _lead_with_cases(env, examples_text)
    body = '{"case_id":"EX-1",' + EVENT[1:] + "\n" + DEEP + "\n"
    response = _post(env, lead, "/api/v1/events", body, "application/x-ndjson")
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert error["line"] == 2 and error["message"] == "JSON nicht lesbar: zu tief verschachtelt"
    english = _post(
        env, lead, "/api/v1/events", body, "application/x-ndjson", **{"Accept-Language": "en"}
    ).json()
    assert english["errors"][0]["message"] == "JSON cannot be read: nested too deeply"
    assert english["detail"].startswith("Events rejected")


def test_event_errors_are_german_by_default_and_english_on_request(env, examples_text):
    lead = _lead_with_cases(env, examples_text)
    lines = [
        '{"case_id":"EX-1","event_id":"E1","type":"bogus"}',
        '{"case_id":"bad id!","event_id":"E2","type":"departure_status_changed",'
        '"departure_status":"enforceable"}',
    ]
    body = "\n".join(lines)
    response = _post(env, lead, "/api/v1/events", body, "application/x-ndjson")
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [(e["line"], e["path"]) for e in errors] == [(1, "type"), (2, "case_id")]
    assert errors[0]["message"].startswith("Ereignistyp fehlt oder ist unbekannt; möglich sind")
    assert "unknown" not in errors[0]["message"] and "should match" not in errors[1]["message"]
    assert "expected" not in json.dumps(errors, ensure_ascii=False)
    english = _post(
        env, lead, "/api/v1/events", body, "application/x-ndjson", **{"Accept-Language": "en"}
    ).json()["errors"]
    assert english[0]["message"].startswith("event type missing or unknown; expected one of")
    assert english[0]["text"].startswith("line 1, case EX-1, field type:")


def test_an_event_body_that_is_not_utf8_is_refused_in_german(env, examples_text):
    lead = _lead_with_cases(env, examples_text)
    body = EVENT.encode().replace(b"E1", b"E\xff")
    response = _post(env, lead, "/api/v1/cases/EX-1/events", body)
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert error["message"].startswith("kein UTF-8-Text: ungültiges Byte an Stelle")
