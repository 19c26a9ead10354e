"""Access under GDPR Art. 15 (issue #17 item 2): everything stored about one case, as JSON and
as a printable German document, through the API (admin, auditor) and ``triage cases export``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from service.cli.app import _register, app
from tests.service.conftest import EXAMPLES
from tests.service.test_erasure import INCIDENT, OFFENCE, REASON_TEXT, VICTIM, victim_record

AS_OF = "2026-11-23"


@pytest.fixture
def cli(env, monkeypatch):
    _register()
    monkeypatch.setenv("DATABASE_URL", env.url)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def _history(env) -> dict[str, str]:
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster", name="lena")
    auth = env.auth(lead)
    first = env.import_jsonl(lead, EXAMPLES.read_text() + json.dumps(victim_record()) + "\n")
    assert first.status_code == 201, first.text
    changed = victim_record() | {"in_custody": True}
    assert env.import_jsonl(lead, json.dumps(changed) + "\n").status_code == 201
    assert env.client.get(f"/api/v1/cases/{VICTIM}", headers=auth).status_code == 200
    shown = env.client.get(
        f"/api/v1/cases/{VICTIM}/explanation", params={"as_of": AS_OF}, headers=auth
    )
    assert shown.status_code == 200
    assert env.client.get("/api/v1/queue", params={"as_of": AS_OF}, headers=auth).status_code == 200
    decided = env.client.post(
        f"/api/v1/cases/{VICTIM}/decisions",
        json={"kind": "case_conference", "reason": REASON_TEXT},
        headers=auth,
    )
    assert decided.status_code == 201
    return {"lead": lead, "auditor": env.user("auditor", name="rita")}


def test_the_export_holds_everything_about_the_case_and_nothing_about_others(env):
    tokens = _history(env)
    response = env.client.get(f"/api/v1/cases/{VICTIM}/export", headers=env.auth(tokens["auditor"]))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    data = response.json()
    assert data["format"] == "rrk-triage case export 1" and data["exported_by"] == "rita"
    assert [v["version"] for v in data["versions"]] == [1, 2]
    assert data["versions"][1]["record"]["in_custody"] is True
    assert data["versions"][0]["record"]["offences"][0]["offence_id"] == OFFENCE
    assert data["versions"][0]["record"]["incidents"][0]["incident_id"] == INCIDENT
    assert [d["reason"] for d in data["decisions"]] == [REASON_TEXT]
    shown = data["explanations_shown"]
    assert len(shown) == 1 and shown[0]["version"] == 2 and shown[0]["as_of"] == AS_OF
    assert shown[0]["views"][0]["actor"] == "lena" and "Aktenvermerk" in shown[0]["note"]
    assert shown[0]["explanation"]["case_id"] == VICTIM
    actions = [a["action"] for a in data["audit"]]
    for action in ("cases.import", "case.read", "case.explanation.read", "queue.read"):
        assert action in actions, action
    assert "decision.create" in actions
    imports = [a for a in data["audit"] if a["action"] == "cases.import"]
    assert imports[0]["details"]["cases"] == [[VICTIM, 1]]
    queue = next(a for a in data["audit"] if a["action"] == "queue.read")
    assert queue["details"]["cases"] == [VICTIM]
    text = json.dumps(data)
    assert "EX-1" not in text and "EX-2" not in text and "EX-3" not in text
    # the export itself is on record
    log = env.client.get(
        "/api/v1/audit", params={"action": "case.export"}, headers=env.auth(tokens["auditor"])
    ).json()["items"]
    assert log[0]["target"] == f"case:{VICTIM}" and log[0]["actor"] == "rita"


def test_the_printable_document_is_german(env):
    tokens = _history(env)
    response = env.client.get(
        f"/api/v1/cases/{VICTIM}/export",
        params={"format": "html"},
        headers=env.auth(tokens["auditor"]),
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "Auskunft nach Art. 15 DSGVO" in page and '<html lang="de">' in page
    for needle in (VICTIM, OFFENCE, INCIDENT, REASON_TEXT, "Prüfprotokoll", "Aktenvermerk"):
        assert needle in page, needle
    assert "[retention." not in page  # every text from the catalogue
    assert "<script" not in page


def test_only_admins_and_auditors_and_only_existing_cases(env):
    tokens = _history(env)
    refused = env.client.get(f"/api/v1/cases/{VICTIM}/export", headers=env.auth(tokens["lead"]))
    assert refused.status_code == 403
    admin = env.user("admin", name="adam")
    missing = env.client.get("/api/v1/cases/NOPE-9/export", headers=env.auth(admin))
    assert missing.status_code == 404


def test_export_on_the_command_line(env, cli, tmp_path):
    tokens = _history(env)
    result = cli("cases", "export", VICTIM, "--token", tokens["auditor"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["case_id"] == VICTIM and len(data["versions"]) == 2
    page = tmp_path / "auskunft.html"
    written = cli(
        "cases", "export", VICTIM, "--format", "html", "--out", str(page),
        "--token", tokens["auditor"],
    )  # fmt: skip
    assert written.exit_code == 0, written.output
    assert "Auskunft nach Art. 15 DSGVO" in page.read_text()
    refused = cli("cases", "export", VICTIM, "--token", tokens["lead"])
    assert refused.exit_code == 2
    missing = cli("cases", "export", "NOPE-9", "--token", tokens["auditor"])
    assert missing.exit_code == 1 and "nicht gefunden" in missing.output
