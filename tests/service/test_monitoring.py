"""The post-market monitoring: ``GET /api/v1/monitoring``, its plots, roles and audit record."""

from __future__ import annotations

import json
from datetime import date

from cases.generator import generate_cases
from tests.service.conftest import Env


def _import_generated(env: Env, token: str, n: int = 80, seed: int = 5) -> list[str]:
    today = date.today()
    cases = generate_cases(n, seed=seed, as_of=today)
    body = "\n".join(json.dumps(c.model_dump(mode="json")) for c in cases)
    response = env.import_jsonl(token, body)
    assert response.status_code == 201, response.text
    return [c.case_id for c in cases]


def _decide(env: Env, token: str, case_ids: list[str], kind: str) -> None:
    for case_id in case_ids:
        response = env.client.post(
            f"/api/v1/cases/{case_id}/decisions",
            json={"kind": kind, "reason": "Prüfung im Test"},
            headers=env.auth(token),
        )
        assert response.status_code == 201, response.text


def test_monitoring_figures_roles_and_audit(env: Env) -> None:
    admin = env.user("admin")
    case_ids = _import_generated(env, admin)
    queue = env.client.get("/api/v1/queue?limit=200", headers=env.auth(admin)).json()
    order = [item["case_id"] for item in queue["items"]]
    assert set(order) <= set(case_ids)
    # Take up the last 15 of the queue (each passes over undecided higher-ranked cases: a
    # departure) and defer 15 others.
    _decide(env, admin, order[-15:], "prepare_measure")
    _decide(env, admin, order[20:35], "monitor")

    # The auditors read today's figures with the breakdown by audit-only fields (policy staff
    # read a grid Monday without it: tests/service/test_monitoring_disclosure.py).
    reader = env.user("auditor", name="ada")
    response = env.client.get("/api/v1/monitoring?weeks=4", headers=env.auth(reader))
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["weeks"] == 4 and report["open_cases"] == len(case_ids)
    assert report["sources"]["ruleset"]["name"] == "amit-nrw-default"
    assert len(report["sources"]["ruleset"]["checksum"]) == 64
    assert report["sources"]["model"] is None  # the tests run without a model

    total = report["departures"]["total"]
    assert total["decisions"] == 30 and total["departures"] >= 15
    assert total["rate"] == total["departures"] / 30
    # The share of departures is above 30 %: a visible warning, in German.
    codes = {(w["code"], w["subject"]) for w in report["warnings"]}
    assert ("departures", "total") in codes
    message = next(w["message"] for w in report["warnings"] if w["code"] == "departures")
    assert "Abweichungen von der Reihenfolge" in message
    # Per week: all decisions fall into this week.
    week = report["departures"]["by_week"]
    assert len(week) == 1 and week[0]["decisions"] == 30
    # Per region, small cells are hidden together with their rates.
    for row in report["departures"]["by_region"]:
        assert (row["decisions"] is None) == row["suppressed"] == (row["rate"] is None)
        if not row["suppressed"]:
            assert row["decisions"] >= 10 or row["departures"] == 0
    assert {r["label"] for r in report["departures"]["by_tier"]}
    # Agreement of rules and decisions over the 30 first decisions; no model, no model figures.
    agreement = report["agreement"]
    assert agreement["cases"] == 30
    assert 0 <= agreement["rules_decisions"]["rate"] <= 1
    assert agreement["model_decisions"]["rate"] is None
    assert report["drift"] == {
        "available": False,
        "reason": "no_model",
        "features": [],
        "message": "kein Punktemodell in Betrieb (die Reihenfolge folgt allein den Regeln).",
    }
    # Fairness over four weekly reference dates per audit attribute.
    for attribute in ("nationality", "sex"):
        series = report["fairness"]["attributes"][attribute]
        assert [w["week"] for w in series] == sorted(w["week"] for w in series)
        assert 1 <= len(series) <= 4
        for group in series[-1]["groups"]:
            if group["suppressed"]:
                assert group["cases"] is None and group["rate"] is None

    english = env.client.get("/api/v1/monitoring?weeks=4&lang=en", headers=env.auth(reader)).json()
    assert "Deviations from the order" in english["warnings"][0]["message"] or any(
        "Deviations" in w["message"] for w in english["warnings"]
    )

    for role in ("caseworker", "rrk_lead"):
        token = env.user(role, regions="koeln")
        denied = env.client.get("/api/v1/monitoring", headers=env.auth(token))
        assert denied.status_code == 403
    auditor = env.user("auditor")
    assert env.client.get("/api/v1/monitoring", headers=env.auth(auditor)).status_code == 200

    audit = env.client.get("/api/v1/audit?action=monitoring.read", headers=env.auth(auditor)).json()
    assert len(audit["items"]) >= 3
    assert all(item["target"] == "monitoring" for item in audit["items"])


def test_monitoring_plots(env: Env) -> None:
    admin = env.user("admin")
    _import_generated(env, admin, n=40)
    auditor = env.user("auditor")  # the fairness plot is the auditors' (issue #14, item 4)
    for name in ("departures", "drift", "fairness"):
        svg = env.client.get(f"/api/v1/monitoring/plots/{name}.svg", headers=env.auth(auditor))
        assert svg.status_code == 200, svg.text
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert b"<svg" in svg.content
    png = env.client.get("/api/v1/monitoring/plots/fairness.png", headers=env.auth(auditor))
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    bad = env.client.get("/api/v1/monitoring/plots/other.svg", headers=env.auth(admin))
    assert bad.status_code == 422
    weeks = env.client.get("/api/v1/monitoring?weeks=0", headers=env.auth(admin))
    assert weeks.status_code == 422
