"""Access under GDPR Art. 15 (issue #17 item 2): everything stored about one case, as JSON and
as a printable German document, through the API (admin, auditor) and ``triage cases export``."""

from __future__ import annotations

import json

from sqlalchemy import delete, select

from service.access.models import ExplanationShown
from tests.service.conftest import EXAMPLES
from tests.service.test_erasure import INCIDENT, OFFENCE, REASON_TEXT, VICTIM, victim_record

AS_OF = "2026-11-23"


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
    assert data["format"] == "rrk-triage case export 2" and data["exported_by"] == "rita"
    assert [v["version"] for v in data["versions"]] == [1, 2]
    assert data["versions"][1]["record"]["in_custody"] is True
    assert data["versions"][0]["record"]["offences"][0]["offence_id"] == OFFENCE
    assert data["versions"][0]["record"]["incidents"][0]["incident_id"] == INCIDENT
    assert [d["reason"] for d in data["decisions"]] == [REASON_TEXT]
    shown = data["explanations_shown"]
    assert len(shown) == 1 and shown[0]["version"] == 2 and shown[0]["as_of"] == AS_OF
    assert shown[0]["stored"] and shown[0]["view"] == "api" and shown[0]["lang"] == "de"
    assert shown[0]["shown_to"] == "lena" and "Aktenvermerk" in shown[0]["note"]
    assert shown[0]["explanation"]["case_id"] == VICTIM
    assert shown[0]["ruleset"].startswith("amit-nrw-default") and shown[0]["ruleset_checksum"]
    assert "explanations_shown" not in data["other_tables"]
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
    assert log[0]["target"] == f"case:koeln/{VICTIM}" and log[0]["actor"] == "rita"


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


def test_every_explanation_is_stored_exactly_as_it_was_shown(env):
    """The export shows what the person got (record or note), not something recomputed with
    the rule set of another day: a later change of the stored record shows in the export."""
    tokens = _history(env)
    auth = env.auth(tokens["lead"])
    note = env.client.get(
        f"/api/v1/cases/{VICTIM}/explanation",
        params={"as_of": "2026-11-20", "format": "text", "lang": "en"},
        headers=auth,
    )
    assert note.status_code == 200
    record = env.client.get(
        f"/api/v1/cases/{VICTIM}/explanation", params={"as_of": AS_OF}, headers=auth
    ).json()
    with env.db.write() as session:  # what was shown is what is stored: prove it by a mark
        row = session.scalars(
            select(ExplanationShown).order_by(ExplanationShown.id.desc()).limit(1)
        ).one()
        assert json.loads(row.content) == record
        assert row.audit_seq > 0 and row.shown_to == "lena" and row.model_version is None
        marked = json.loads(row.content) | {"summary": "so angezeigt"}
        row.content = json.dumps(marked)
    data = env.client.get(
        f"/api/v1/cases/{VICTIM}/export", headers=env.auth(tokens["auditor"])
    ).json()
    shown = data["explanations_shown"]
    assert [(s["view"], s["as_of"], s["lang"]) for s in shown] == [
        ("api", AS_OF, "de"),
        ("api_text", "2026-11-20", "en"),
        ("api", AS_OF, "de"),
    ]
    assert shown[1]["text"] == note.text and shown[1]["note"] == note.text
    assert shown[1]["content_kind"] == "text" and shown[1]["explanation"] is None
    assert shown[2]["explanation"]["summary"] == "so angezeigt"  # read back, not recomputed
    seqs = {a["seq"]: a for a in data["audit"]}
    assert all(seqs[s["audit_seq"]]["action"] == "case.explanation.read" for s in shown)


def test_reads_from_before_explanations_were_stored_are_listed_without_content(env):
    tokens = _history(env)
    with env.db.write() as session:
        session.execute(delete(ExplanationShown))
    shown = env.client.get(
        f"/api/v1/cases/{VICTIM}/export", headers=env.auth(tokens["auditor"])
    ).json()["explanations_shown"]
    assert len(shown) == 1 and shown[0]["stored"] is False and shown[0]["shown_to"] == "lena"
    page = env.client.get(
        f"/api/v1/cases/{VICTIM}/export",
        params={"format": "html"},
        headers=env.auth(tokens["auditor"]),
    ).text
    assert "bevor angezeigte Begründungen gespeichert wurden" in page


def test_the_art86_explanation_built_for_a_case_is_stored_as_handed_out(env):
    """The documentation pack's explanation for the person concerned is an explanation of one
    case handed out: the export shows its text, who built it and the pack's audit entry."""
    from service.compliance.build import ART86_FILE, build_pack
    from service.rulesets.active import configured_ruleset

    tokens = _history(env)
    pack = build_pack(
        db=env.db,
        settings=env.app.state.settings,
        ruleset=configured_ruleset(),
        model=env.app.state.model_runtime,
        actor="rita",
        case_id=VICTIM,
        via="test",
    )
    data = env.client.get(
        f"/api/v1/cases/{VICTIM}/export", headers=env.auth(tokens["auditor"])
    ).json()
    handed = [e for e in data["explanations_shown"] if e["view"] == "art86"]
    assert len(handed) == 1 and handed[0]["shown_to"] == "rita" and handed[0]["version"] == 2
    assert handed[0]["text"] == pack.files[ART86_FILE].decode("utf-8")
    entry = next(a for a in data["audit"] if a["seq"] == handed[0]["audit_seq"])
    assert entry["details"]["documentation"] == pack.audit_seq
    page = env.client.get(
        f"/api/v1/cases/{VICTIM}/export",
        params={"format": "html"},
        headers=env.auth(tokens["auditor"]),
    ).text
    assert "als Erläuterung für die betroffene Person (Art. 86 KI-Verordnung)" in page


def test_the_printed_document_follows_the_language_of_the_run(env, cli, tmp_path):
    tokens = _history(env)
    page = tmp_path / "access.html"
    written = cli(
        "--lang", "en", "cases", "export", VICTIM, "--format", "html", "--out", str(page),
        "--token", tokens["auditor"],
    )  # fmt: skip
    assert written.exit_code == 0, written.output
    html = page.read_text()
    assert '<html lang="en">' in html and "Access under GDPR Art. 15" in html
    assert "Decision recorded" in html and "Case conference" in html
    assert "Entscheidung getroffen" not in html


def test_the_api_document_follows_the_reader_s_language(env):
    tokens = _history(env)

    def page(params: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> str:
        response = env.client.get(
            f"/api/v1/cases/{VICTIM}/export",
            params={"format": "html", **(params or {})},
            headers={**env.auth(tokens["auditor"]), **(headers or {})},
        )
        assert response.status_code == 200, response.text
        return response.text

    german = page()
    assert '<html lang="de">' in german and "Entscheidung getroffen" in german
    for english in (page(params={"lang": "en"}), page(headers={"Accept-Language": "en"})):
        assert '<html lang="en">' in english and "Access under GDPR Art. 15" in english
        assert "Decision recorded" in english and "Entscheidung getroffen" not in english
