"""Erasure of one case on request (GDPR Art. 17, issue #17 item 1): four eyes, the chain still
verifies, and no trace of the case remains in any table (every table scanned by reflection)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from service.audit import chain
from service.audit.models import AuditEntry
from tests.service.conftest import EXAMPLES
from tests.web.site import sign_in

AS_OF = "2026-11-23"
VICTIM = "ERASE-7f3a9c"
OFFENCE, INCIDENT = "OFF-ERASE-51d2", "INC-ERASE-88bb"
REASON_TEXT = "Hinweis Zeugin Quappenberg-Hildegard"


def victim_record() -> dict:
    return {
        "case_id": VICTIM,
        "region": "koeln",
        "received_on": "2026-10-01",
        "source": "municipal",
        "birth_date": "1990-02-03",
        "departure_status": "enforceable",
        "asylum_pending": False,
        "deportation_ban": False,
        "toleration_reason": None,
        "travel_document": "valid",
        "in_custody": False,
        "release_date": None,
        "offences": [
            {
                "offence_id": OFFENCE,
                "date": "2025-05-05",
                "category": "robbery",
                "status": "convicted",
                "sentence_months": 24,
            }
        ],
        "incidents": [
            {"incident_id": INCIDENT, "date": "2026-09-01", "type": "threat", "severity": 2}
        ],
    }


NEEDLES = (VICTIM, OFFENCE, INCIDENT, "Quappenberg", "1990-02-03")  # ids, free text, a value


def scan(env, needles=NEEDLES) -> list[str]:
    """Every value of every row of every table (found by reflection) that holds a needle."""
    metadata = MetaData()
    found = []
    with env.db.engine.connect() as connection:
        metadata.reflect(bind=connection)
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                for column, value in row._mapping.items():
                    if value is None:
                        continue
                    text = value if isinstance(value, str) else json.dumps(value, default=str)
                    found += [f"{table.name}.{column}: {n}" for n in needles if n in text]
    return found


def _history(env) -> dict[str, str]:
    lead = env.user("rrk_lead", "koeln,arnsberg,muenster", name="lena")
    admin1, admin2 = env.user("admin", name="anna"), env.user("admin", name="bert")
    body = json.dumps(victim_record()) + "\n"
    response = env.import_jsonl(lead, EXAMPLES.read_text() + body)
    assert response.status_code == 201, response.text
    auth = env.auth(lead)
    assert env.client.get(f"/api/v1/cases/{VICTIM}", headers=auth).status_code == 200
    assert env.client.get(f"/api/v1/cases/{VICTIM}/explanation", headers=auth).status_code == 200
    queue = env.client.get("/api/v1/queue", params={"as_of": AS_OF}, headers=auth)
    assert VICTIM in [i["case_id"] for i in queue.json()["items"]]
    decided = env.client.post(
        f"/api/v1/cases/{VICTIM}/decisions",
        json={"kind": "case_conference", "reason": REASON_TEXT},
        headers=auth,
    )
    assert decided.status_code == 201, decided.text
    other = env.client.post(
        "/api/v1/cases/EX-2/decisions",
        json={"kind": "monitor", "reason": "Beobachten, keine Maßnahme"},
        headers=auth,
    )
    assert other.status_code == 201
    return {"lead": lead, "admin1": admin1, "admin2": admin2}


def test_four_eyes_erase_verify_and_no_trace_in_any_table(env, cli):
    tokens = _history(env)
    assert scan(env)  # the needles are there before
    asked = env.client.post(
        f"/api/v1/cases/{VICTIM}/erasure-requests",
        json={"reason": "Antrag der betroffenen Person vom 28.11.2026, Az. DS-2026-114"},
        headers=env.auth(tokens["admin1"]),
    )
    assert asked.status_code == 201, asked.text
    request_id = asked.json()["id"]
    pending = env.client.get("/api/v1/erasure-requests", headers=env.auth(tokens["admin2"]))
    assert [r["id"] for r in pending.json()["items"]] == [request_id]
    # the requester cannot confirm; non-admins cannot at all
    own = env.client.post(
        f"/api/v1/erasure-requests/{request_id}/confirm", headers=env.auth(tokens["admin1"])
    )
    assert own.status_code == 403 and "Vier-Augen" in own.json()["detail"]
    lead = env.client.post(
        f"/api/v1/erasure-requests/{request_id}/confirm", headers=env.auth(tokens["lead"])
    )
    assert lead.status_code == 403
    assert (
        env.client.get(f"/api/v1/cases/{VICTIM}", headers=env.auth(tokens["lead"])).status_code
        == 200
    )

    done = env.client.post(
        f"/api/v1/erasure-requests/{request_id}/confirm", headers=env.auth(tokens["admin2"])
    )
    assert done.status_code == 200, done.text
    report = done.json()
    assert report["rows"]["cases"] == 1 and report["rows"]["case_versions"] == 1
    assert report["rows"]["decisions"] == 1 and report["rows"]["erasure_requests"] == 1
    assert report["rows"]["explanations_shown"] == 1  # the explanation as it was shown
    assert report["audit_tombstoned"] and report["audit_redacted"]

    assert scan(env) == []
    assert (
        env.client.get(f"/api/v1/cases/{VICTIM}", headers=env.auth(tokens["lead"])).status_code
        == 404
    )
    # the other cases and their history stay
    assert env.client.get("/api/v1/cases/EX-2", headers=env.auth(tokens["lead"])).status_code == 200
    with env.db.read() as session:
        result = chain.verify(session)
    assert result.ok, result.message
    assert result.tombstones == len(report["audit_tombstoned"])
    assert result.redacted == len(report["audit_redacted"])
    verified = cli("audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "gelöscht (Grabstein" in verified.output and "geschwärzt" in verified.output
    # the erasure itself is on record, without the case id
    audit = env.client.get(
        "/api/v1/audit", params={"action": "case.erase"}, headers=env.auth(tokens["admin2"])
    ).json()["items"]
    assert len(audit) == 1 and audit[0]["details"]["confirmed_by"] == "bert"
    assert audit[0]["details"]["requested_by"] == "anna"


def test_a_change_hidden_behind_a_made_up_erasure_breaks_the_chain(env):
    tokens = _history(env)
    asked = env.client.post(
        f"/api/v1/cases/{VICTIM}/erasure-requests",
        json={"reason": "Antrag der betroffenen Person, Az. DS-1"},
        headers=env.auth(tokens["admin1"]),
    ).json()
    report = env.client.post(
        f"/api/v1/erasure-requests/{asked['id']}/confirm", headers=env.auth(tokens["admin2"])
    ).json()
    with env.db.read() as session:
        intact = session.scalar(
            select(AuditEntry.seq).where(
                AuditEntry.action == "decision.create",
                AuditEntry.target == "case:arnsberg/EX-2",
            )
        )
    for by in (9999, report["audit_seq"]):  # a mark naming no erasure, or the real one
        with env.db.engine.begin() as connection:
            if env.kind == "postgresql":
                connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            else:
                connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
            connection.exec_driver_sql(
                "UPDATE audit_log SET reason = NULL, erased = "
                f'\'{{"by": {by}, "kind": "tombstone"}}\' WHERE seq = {intact}'
            )
        with env.db.read() as session:
            result = chain.verify(session)
        assert result.ok is False and result.first_bad == intact, result.message


def test_redacted_remains_are_checked(env):
    tokens = _history(env)
    asked = env.client.post(
        f"/api/v1/cases/{VICTIM}/erasure-requests",
        json={"reason": "Antrag der betroffenen Person, Az. DS-2"},
        headers=env.auth(tokens["admin1"]),
    ).json()
    report = env.client.post(
        f"/api/v1/erasure-requests/{asked['id']}/confirm", headers=env.auth(tokens["admin2"])
    ).json()
    redacted = report["audit_redacted"][0]
    with env.db.engine.begin() as connection:
        if env.kind == "postgresql":
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        else:
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
        connection.exec_driver_sql(f"UPDATE audit_log SET details = '{{}}' WHERE seq = {redacted}")
    with env.db.read() as session:
        result = chain.verify(session)
    assert result.ok is False and result.first_bad == redacted
    assert "remains differ" in result.message


def test_erasure_request_refusals(env):
    tokens = _history(env)
    admin1 = env.auth(tokens["admin1"])
    naming = env.client.post(
        f"/api/v1/cases/{VICTIM}/erasure-requests",
        json={"reason": f"Antrag zu {VICTIM} vom 28.11."},
        headers=admin1,
    )
    assert naming.status_code == 400 and "Fallnummer" in naming.json()["detail"]
    missing = env.client.post(
        "/api/v1/cases/NOPE-1/erasure-requests",
        json={"reason": "Antrag der betroffenen Person"},
        headers=admin1,
    )
    assert missing.status_code == 404
    first = env.client.post(
        f"/api/v1/cases/{VICTIM}/erasure-requests",
        json={"reason": "Antrag der betroffenen Person"},
        headers=admin1,
    )
    assert first.status_code == 201
    again = env.client.post(
        f"/api/v1/cases/{VICTIM}/erasure-requests",
        json={"reason": "Antrag der betroffenen Person"},
        headers=env.auth(tokens["admin2"]),
    )
    assert again.status_code == 409
    withdrawn = env.client.post(
        f"/api/v1/erasure-requests/{first.json()['id']}/withdraw",
        json={"reason": "Antrag zurückgenommen"},
        headers=env.auth(tokens["admin2"]),
    )
    assert withdrawn.status_code == 204
    assert (
        env.client.get(f"/api/v1/cases/{VICTIM}", headers=env.auth(tokens["lead"])).status_code
        == 200
    )
    caseworker = env.user("caseworker", "koeln", name="carl")
    refused = env.client.post(
        f"/api/v1/cases/{VICTIM}/erasure-requests",
        json={"reason": "Antrag der betroffenen Person"},
        headers=env.auth(caseworker),
    )
    assert refused.status_code == 403


def test_erasure_on_the_command_line_needs_two_admins(env, cli):
    tokens = _history(env)
    no_token = cli("cases", "erase-request", VICTIM, "--reason", "Antrag der Person, Az. 7")
    assert no_token.exit_code == 2 and "Token" in no_token.output
    lead = cli(
        "cases", "erase-request", VICTIM, "--reason", "Antrag der Person, Az. 7",
        "--token", tokens["lead"],
    )  # fmt: skip
    assert lead.exit_code == 2 and "admin" in lead.output
    asked = cli(
        "cases", "erase-request", VICTIM, "--reason", "Antrag der Person, Az. 7",
        "--token", tokens["admin1"],
    )  # fmt: skip
    assert asked.exit_code == 0, asked.output
    request_id = asked.output.split("Löschantrag ")[1].split()[0]
    listed = cli("cases", "erase-list", "--token", tokens["admin2"])
    assert request_id in listed.output and VICTIM in listed.output
    own = cli("cases", "erase-confirm", request_id, "--token", tokens["admin1"])
    assert own.exit_code == 1 and "Vier-Augen" in own.output
    done = cli("cases", "erase-confirm", request_id, "--token", tokens["admin2"])
    assert done.exit_code == 0, done.output
    assert "Gelöscht" in done.output and "cases 1" in done.output
    assert scan(env) == []
    assert cli("audit", "verify").exit_code == 0


def test_the_audit_page_marks_erased_entries(make_env, monkeypatch):
    monkeypatch.setenv("TRIAGE_SESSION_SECRET", "s" * 40)  # the web UI outside demo mode
    env = make_env()
    tokens = _history(env)
    asked = env.client.post(
        f"/api/v1/cases/{VICTIM}/erasure-requests",
        json={"reason": "Antrag der betroffenen Person, Az. DS-3"},
        headers=env.auth(tokens["admin1"]),
    ).json()
    done = env.client.post(
        f"/api/v1/erasure-requests/{asked['id']}/confirm", headers=env.auth(tokens["admin2"])
    )
    assert done.status_code == 200
    env.client.base_url = "https://testserver"  # secure cookies outside demo mode
    assert sign_in(env.client, env.user("auditor", name="rita")).status_code == 303
    page = env.client.get("/audit").text
    assert "Davon gelöscht:" in page and "Grabstein (gelöscht durch #" in page
    assert "geschwärzt durch #" in page


def test_explanations_shown_have_their_own_retention_period(env, cli, monkeypatch):
    """An open case's explanations as shown go after ``TRIAGE_RETENTION_EXPLANATION_DAYS``; the
    case, its decisions and the chain stay."""
    from sqlalchemy import func

    from service.access.models import ExplanationShown

    _history(env)
    with env.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ExplanationShown)) == 1
    kept = cli("retention", "apply", "--as-of", "2027-06-01")
    assert kept.exit_code == 0, kept.output
    assert "angezeigte Begründungen (Frist 730 Tage" in kept.output
    monkeypatch.setenv("TRIAGE_RETENTION_EXPLANATION_DAYS", "30")
    dry = cli("retention", "apply", "--dry-run", "--as-of", "2027-06-01")
    assert "angezeigte Begründungen (Frist 30 Tage" in dry.output and "): 1" in dry.output
    done = cli("retention", "apply", "--as-of", "2027-06-01")
    assert done.exit_code == 0, done.output
    with env.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ExplanationShown)) == 0
        assert chain.verify(session).ok
    assert scan(env, (VICTIM,))  # the case itself stays


def _raw_files(env) -> list[Path]:
    """The files that hold the database: SQLite's file and WAL, or every PostgreSQL relation
    of the schema (tables, indexes, TOAST) after a checkpoint wrote them out."""
    if env.kind == "sqlite":
        path = Path(env.db.file.path) if env.db.file is not None else None
        assert path is not None
        return [p for p in (path, path.with_name(path.name + "-wal")) if p.exists()]
    with env.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("CHECKPOINT")
        base = connection.exec_driver_sql("SELECT current_setting('data_directory')").scalar()
        paths = connection.exec_driver_sql(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 'i', 't') "
            "AND pg_relation_filepath(c.oid) IS NOT NULL"
        ).scalars()
        files = [Path(base) / p for p in paths]
    if not files or not os.access(files[0].parent, os.R_OK):
        pytest.skip("the PostgreSQL data directory is not readable by the test")
    return [f for f in files if f.exists()]


def _in_files(env, needle: str) -> list[str]:
    data = needle.encode()
    return [str(f) for f in _raw_files(env) if data in f.read_bytes()]


@pytest.mark.parametrize("scrub", [True, False], ids=["scrubbed", "control-without-scrub"])
def test_an_erased_case_leaves_no_bytes_in_the_database_files(make_env, scrub):
    """Deleting rows is not enough: free pages, the WAL and dead tuples keep them. With the
    scrub (the default) the case id is in no database file; without it (the control, which
    shows this test can fail) it still is."""
    env = make_env(erasure_scrub=scrub)
    tokens = _history(env)
    assert _in_files(env, VICTIM)  # on disk before
    asked = env.client.post(
        f"/api/v1/cases/{VICTIM}/erasure-requests",
        json={"reason": "Antrag der betroffenen Person vom 28.11.2026, Az. DS-2026-115"},
        headers=env.auth(tokens["admin1"]),
    )
    assert asked.status_code == 201, asked.text
    done = env.client.post(
        f"/api/v1/erasure-requests/{asked.json()['id']}/confirm",
        headers=env.auth(tokens["admin2"]),
    )
    assert done.status_code == 200, done.text
    assert scan(env) == []  # gone from every table either way
    left = _in_files(env, VICTIM)
    if scrub:
        assert left == [], f"the erased case is still in {left}"
    else:
        assert left, "the control should find the deleted case on disk"
