"""GET /cases/{id}, its versions and its explanation; 404 that does not leak other regions."""

from __future__ import annotations

AS_OF = "2026-11-23"


def test_case_detail_hides_audit_only_fields(env):
    env.import_examples()
    token = env.user("caseworker", "koeln")
    response = env.client.get(
        "/api/v1/cases/EX-1", params={"as_of": AS_OF}, headers=env.auth(token)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["record"]["case_id"] == "EX-1" and body["status"] == "open"
    assert "sex" not in body["record"] and "nationality" not in body["record"]
    assert body["evaluation"]["tier"] == "P1" and body["evaluation"]["score"] == 55


def test_other_region_is_the_same_404_as_a_missing_case(env):
    env.import_examples()
    token = env.user("caseworker", "koeln")
    for path in (
        "/api/v1/cases/{}",
        "/api/v1/cases/{}/explanation",
        "/api/v1/cases/{}/versions",
        "/api/v1/cases/{}/versions/1",
        "/api/v1/cases/{}/decisions",
    ):
        other = env.client.get(path.format("EX-3"), headers=env.auth(token))
        missing = env.client.get(path.format("NOPE-1"), headers=env.auth(token))
        assert other.status_code == missing.status_code == 404, path
        assert other.json() == missing.json()
    post = env.client.post(
        "/api/v1/cases/EX-3/decisions",
        json={"kind": "defer", "reason": "test"},
        headers=env.auth(token),
    )
    assert post.status_code == 404


def test_explanation_json_and_text_in_both_languages(env):
    env.import_examples()
    token = env.user("rrk_lead", "koeln")
    body = env.client.get(
        "/api/v1/cases/EX-1/explanation", params={"as_of": AS_OF}, headers=env.auth(token)
    ).json()
    assert body["tier"] == "P1" and body["lang"] == "de" and body["as_of"] == AS_OF
    fired = {c["id"] for c in body["criteria"] if c["fired"]}
    assert fired == {"VIOLENT", "REPEAT"}
    text = env.client.get(
        "/api/v1/cases/EX-1/explanation",
        params={"as_of": AS_OF, "format": "text"},
        headers=env.auth(token),
    )
    assert text.headers["content-type"].startswith("text/plain")
    assert "Priorität 1" in text.text and "EX-1" in text.text
    english = env.client.get(
        "/api/v1/cases/EX-1/explanation",
        params={"as_of": AS_OF, "format": "text", "lang": "en"},
        headers=env.auth(token),
    )
    assert "Priority 1" in english.text


def test_bad_parameters_are_422(env):
    env.import_examples()
    token = env.user("admin")
    for params in (
        {"lang": "fr"},
        {"format": "pdf"},
        {"as_of": "2026-13-01"},
        {"as_of": "0001-01-01"},
    ):
        response = env.client.get(
            "/api/v1/cases/EX-1/explanation", params=params, headers=env.auth(token)
        )
        assert response.status_code == 422, params
