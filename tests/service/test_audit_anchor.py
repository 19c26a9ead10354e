"""The audit chain anchored outside the database (issue #14 item 10).

The attack: whoever owns the tables drops the append-only triggers and re-hashes the chain from
entry 5; before the HMAC this passed ``triage audit verify``. Now each entry carries an HMAC with
``TRIAGE_AUDIT_KEY`` (which the database never holds) and a signed checkpoint file pins the head.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from service.audit import chain
from service.audit.keys import AuditKey
from service.audit.models import AuditEntry
from service.settings import Settings, UnsafeSettingsError

AS_OF = "2026-11-23"


def _activity(env) -> None:
    token = env.user("rrk_lead", "koeln,arnsberg,muenster", name="lena")
    env.import_examples(token)
    env.client.get("/api/v1/cases/EX-1", headers=env.auth(token))
    env.client.get("/api/v1/cases/EX-1/explanation", headers=env.auth(token))
    env.client.post(
        "/api/v1/cases/EX-2/decisions",
        json={"kind": "case_conference", "reason": "Gewalt gegen Personen"},
        headers=env.auth(token),
    )


def _without_triggers(env, connection) -> None:
    if env.kind == "postgresql":
        # as the owner would by dropping them; transaction-local, so later tests keep them
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    else:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")


def _rehash_from(env, start: int, *, mac_key: AuditKey | None) -> None:
    """The attack: change entry ``start`` and recompute every hash after it (triggers off)."""
    with env.db.engine.begin() as connection:
        _without_triggers(env, connection)
        rows = connection.execute(
            select(AuditEntry.__table__).where(AuditEntry.seq >= start).order_by(AuditEntry.seq)
        ).all()
        prev = connection.execute(
            text("SELECT hash FROM audit_log WHERE seq = :s"), {"s": start - 1}
        ).scalar_one()
        for row in rows:
            reason = "geändert" if row.seq == start else row.reason
            content = chain.content_of(
                seq=row.seq,
                at=row.at,
                actor=row.actor,
                action=row.action,
                target=row.target,
                details=json.loads(row.details),
                reason=reason,
            )
            digest = chain.content_hash(content)
            link = chain.link_hash(prev_hash=prev, seq=row.seq, content_digest=digest)
            mac = mac_key.sign(chain.mac_message(row.seq, link)) if mac_key else row.mac
            connection.execute(
                text(
                    "UPDATE audit_log SET reason = :r, content_hash = :c, prev_hash = :p, "
                    "hash = :h, mac = :m, key_id = :k WHERE seq = :s"
                ),
                {
                    "r": reason,
                    "c": digest,
                    "p": prev,
                    "h": link,
                    "m": mac,
                    "k": mac_key.key_id if mac_key else row.key_id,
                    "s": row.seq,
                },
            )
            prev = link
        connection.execute(text("UPDATE audit_head SET hash = :h"), {"h": prev})


@pytest.mark.parametrize("attacker_key", [None, "guessed"], ids=["old-macs", "own-key"])
def test_rehashing_from_entry_5_fails_verify(env, cli, attacker_key):
    _activity(env)
    before = cli("audit", "verify")
    assert before.exit_code == 0, before.output
    key = AuditKey(b"attacker-" + b"k" * 32, "attacker") if attacker_key else None
    _rehash_from(env, 5, mac_key=key)
    with env.db.read() as session:
        # the hashes alone are consistent again: this is what passed before the HMAC
        assert chain.verify(session, key=None).ok is True
        result = chain.verify(session, key=env.db.audit_key)
    assert result.ok is False and result.first_bad == 5
    assert "HMAC" in result.message or "another audit key" in result.message
    report = cli("audit", "verify")
    assert report.exit_code == 1 and "#5" in report.output


def test_hashes_alone_would_not_see_the_rewrite(env):
    _activity(env)
    _rehash_from(env, 5, mac_key=None)
    with env.db.read() as session:
        assert chain.verify(session, key=None).ok is True  # the attack against plain hashes
        assert chain.verify(session, key=env.db.audit_key).ok is False


def test_checkpoint_pins_the_head(env, cli, tmp_path):
    _activity(env)
    point = tmp_path / "checkpoint-1.json"
    written = cli("audit", "checkpoint", "--out", str(point))
    assert written.exit_code == 0, written.output
    assert "Kontrollpunkt geschrieben" in written.output
    body = json.loads(point.read_text())
    assert body["seq"] > 5 and len(body["mac"]) == 64
    again = cli("audit", "checkpoint", "--out", str(point))
    assert again.exit_code == 1 and "nie überschrieben" in again.output
    ok = cli("audit", "verify", "--checkpoint", str(point))
    assert ok.exit_code == 0 and "Kontrollpunkt stimmt" in ok.output, ok.output
    # cut the chain back before the checkpoint and fix the head: hashes and HMACs still hold
    with env.db.engine.begin() as connection:
        _without_triggers(env, connection)
        connection.execute(text("DELETE FROM audit_log WHERE seq > 4"))
        last = connection.execute(text("SELECT hash FROM audit_log WHERE seq = 4")).scalar_one()
        connection.execute(text("UPDATE audit_head SET seq = 4, hash = :h"), {"h": last})
    assert cli("audit", "verify").exit_code == 0  # without the checkpoint nothing shows
    cut = cli("audit", "verify", "--checkpoint", str(point), "--json")
    assert cut.exit_code == 1
    assert "entries were removed after the checkpoint" in json.loads(cut.output)["message"]


def test_a_forged_checkpoint_is_refused(env, cli, tmp_path):
    _activity(env)
    point = tmp_path / "cp.json"
    assert cli("audit", "checkpoint", "--out", str(point)).exit_code == 0
    body = json.loads(point.read_text())
    body["seq"] = 3
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(body))
    result = cli("audit", "verify", "--checkpoint", str(forged), "--json")
    assert result.exit_code == 1 and "HMAC" in json.loads(result.output)["message"]
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{}")
    assert cli("audit", "verify", "--checkpoint", str(garbage)).exit_code == 2


def test_another_key_is_named(env, monkeypatch, cli):
    _activity(env)
    monkeypatch.setenv("TRIAGE_AUDIT_KEY", "another-key-" + "9" * 32)
    result = cli("audit", "verify", "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["first_bad"] == 1 and "another audit key" in report["message"]


def test_entries_carry_hmac_and_key_id(env):
    _activity(env)
    with env.db.read() as session:
        entries = session.scalars(select(AuditEntry)).all()
    assert entries and all(e.chain_format == 2 for e in entries)
    key = env.db.audit_key
    assert all(e.key_id == key.key_id for e in entries)
    assert all(key.check(chain.mac_message(e.seq, e.hash), e.mac) for e in entries)


def test_production_needs_the_audit_key(monkeypatch, tmp_path):
    monkeypatch.delenv("TRIAGE_AUDIT_KEY", raising=False)
    monkeypatch.delenv("TRIAGE_AUDIT_KEY_FILE", raising=False)
    with pytest.raises(ValueError, match="TRIAGE_AUDIT_KEY"):
        Settings(mode="production", database_url="sqlite:///x.db")
    with pytest.raises(ValueError, match="32"):
        Settings(mode="production", database_url="sqlite:///x.db", audit_key="short")
    key_file = tmp_path / "audit.key"
    key_file.write_text("f" * 40)
    settings = Settings(mode="production", database_url="sqlite:///x.db", audit_key_file=key_file)
    assert settings.audit_key_in_force().secret == b"f" * 40
    assert issubclass(UnsafeSettingsError, ValueError)


def test_demo_generates_a_local_key_file_and_says_so(monkeypatch, tmp_path, caplog):
    monkeypatch.delenv("TRIAGE_AUDIT_KEY", raising=False)
    monkeypatch.delenv("TRIAGE_AUDIT_KEY_FILE", raising=False)
    settings = Settings(mode="demo", sqlite_path=tmp_path / "demo" / "triage.db")
    with caplog.at_level("WARNING"):
        first = settings.audit_key_in_force()
    assert settings.demo_audit_key_file.exists()
    assert oct(settings.demo_audit_key_file.stat().st_mode & 0o777) == "0o600"
    assert "not for production" in first.source and "TRIAGE_AUDIT_KEY" in caplog.text
    assert settings.audit_key_in_force().secret == first.secret  # generated once


def test_appending_without_a_key_is_refused(env):
    from service.db.engine import Database

    keyless = Database(env.url, audit_key=None)
    keyless.audit_key = None
    try:
        with pytest.raises(chain.AuditKeyMissingError), keyless.write() as session:
            session.info["audit_key"] = None
            chain.append(session, actor="x", action="test", target="t")
    finally:
        keyless.dispose()


@pytest.mark.postgres
def test_runtime_role_cannot_drop_or_disable_the_triggers(env):
    if env.kind != "postgresql":
        pytest.skip("PostgreSQL roles")
    import psycopg
    from sqlalchemy.engine import make_url

    from service.db.engine import Database
    from tests.service.pg_roles import runtime_role

    _activity(env)
    dbname = env.db.engine.url.database
    with runtime_role(env) as runtime_url:
        role = make_url(runtime_url).username
        with psycopg.connect(host="127.0.0.1", user=role, dbname=dbname, autocommit=True) as rt:
            for statement in (
                "DROP TRIGGER audit_log_no_change ON audit_log",
                "ALTER TABLE audit_log DISABLE TRIGGER USER",
                "SET session_replication_role = replica",
                "UPDATE audit_log SET reason = 'x' WHERE seq = 2",
                "DELETE FROM audit_log WHERE seq = 2",
                "TRUNCATE audit_log",
            ):
                try:
                    rt.execute(statement)
                except psycopg.Error:
                    continue
                pytest.fail(f"the runtime role could: {statement}")
            assert rt.execute("SELECT count(*) FROM audit_log").fetchone()[0] >= 5
        # the service itself works as the runtime role
        runtime = Database(runtime_url, audit_key=env.db.audit_key)
        try:
            with runtime.write() as session:
                chain.append(session, actor="rt", action="test.runtime", target="t")
            with runtime.read() as session:
                assert chain.verify(session).ok
        finally:
            runtime.dispose()
