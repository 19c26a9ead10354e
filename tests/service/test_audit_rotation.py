"""Rotation of the audit key: each entry names the key that signed it, retired keys verify the
entries they signed, an unknown key id is named, and a retired key never signs again."""

from __future__ import annotations

import json

import pytest

from service.audit import chain
from service.audit.keys import AuditKey, AuditKeyError, from_text, retired_from_text
from service.db.engine import Database
from service.settings import Settings
from tests.service.test_audit_anchor import _activity, _rehash_from

NEW_SECRET = "rotated-audit-key-" + "b" * 32


def _rotate(env) -> tuple[AuditKey, AuditKey, Database]:
    """Entries under the first key, then the service restarted with a new key (old retired)."""
    _activity(env)
    old = env.db.audit_key
    rotated = from_text(NEW_SECRET, "new").with_retired([old])
    db = Database(env.url, audit_key=rotated)
    with db.write() as session:
        chain.append(session, actor="ops", action="test.after_rotation", target="audit")
        chain.append(session, actor="ops", action="test.after_rotation", target="audit")
    return old, rotated, db


def _verify(env, key: AuditKey | None) -> chain.Verification:
    with env.db.read() as session:
        return chain.verify(session, key=key)


def test_after_a_rotation_every_entry_is_checked_with_its_own_key(env):
    old, rotated, _ = _rotate(env)
    result = _verify(env, rotated)
    assert result.ok, result.message
    assert list(result.keys) == [old.key_id, rotated.key_id]
    assert result.keys[rotated.key_id] == 2
    assert f"key {old.key_id}" in result.message and f"key {rotated.key_id}" in result.message


def test_the_api_reports_the_keys_after_a_rotation(make_env, monkeypatch):
    from tests.service.conftest import EXAMPLES

    first = make_env()
    first.import_jsonl(first.user("admin", name="imp"), EXAMPLES.read_text())
    old = first.db.audit_key
    monkeypatch.setenv("TRIAGE_AUDIT_KEY", NEW_SECRET)
    monkeypatch.setenv("TRIAGE_AUDIT_RETIRED_KEYS", old.secret.decode())
    from fastapi.testclient import TestClient

    from service.main import create_app
    from tests.service.conftest import make_settings

    with TestClient(create_app(make_settings(first.url))) as client:
        token = first.user("auditor", name="aud")
        auth = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/v1/audit/verify", headers=auth).status_code == 200  # new key
        report = client.get("/api/v1/audit/verify", headers=auth)
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["ok"] is True and list(body["keys"]) == [
        old.key_id,
        from_text(NEW_SECRET, "x").key_id,
    ]


def test_a_tampered_entry_from_before_the_rotation_fails_at_that_entry(env):
    _, rotated, _ = _rotate(env)
    _rehash_from(env, 3, mac_key=None)  # hashes redone, the old key's HMACs kept
    result = _verify(env, rotated)
    assert not result.ok and result.first_bad == 3
    assert "HMAC does not match" in result.message


def test_an_entry_with_an_unknown_key_id_is_named(env):
    old, _, _ = _rotate(env)
    alone = from_text(NEW_SECRET, "new")  # the old key forgotten
    result = _verify(env, alone)
    assert not result.ok and result.first_bad == 1
    assert old.key_id in result.message and "unknown here" in result.message


def test_a_retired_key_cannot_sign_again(env):
    old, rotated, _ = _rotate(env)
    leaked = Database(env.url, audit_key=old)  # someone who kept the old key appends
    with leaked.write() as session:
        late = chain.append(session, actor="mallory", action="test.late", target="audit").seq
    result = _verify(env, rotated)
    assert not result.ok and result.first_bad == late
    assert "retired audit key" in result.message


def test_checkpoints_of_a_retired_key_still_hold(env):
    _activity(env)
    old = env.db.audit_key
    with env.db.read() as session:
        point = chain.make_checkpoint(session, old)
    rotated = from_text(NEW_SECRET, "new").with_retired([old])
    assert chain.checkpoint_problem(point, rotated) is None
    assert chain.checkpoint_problem(point, from_text(NEW_SECRET, "new")) is not None


def test_the_command_line_verifies_with_the_retired_keys_file(env, cli, monkeypatch, tmp_path):
    _activity(env)
    old = env.db.audit_key
    retired = tmp_path / "retired-audit-keys"
    retired.write_text(f"# retired 2026-11-30\n{old.secret.decode()}\n", encoding="utf-8")
    monkeypatch.setenv("TRIAGE_AUDIT_KEY", NEW_SECRET)
    forgotten = cli("audit", "verify", "--json")
    assert forgotten.exit_code == 1 and old.key_id in json.loads(forgotten.output)["message"]
    unknown = cli("audit", "keys")
    assert unknown.exit_code == 1 and "UNBEKANNTEM" in unknown.output
    monkeypatch.setenv("TRIAGE_AUDIT_RETIRED_KEYS_FILE", str(retired))
    assert cli("audit", "checkpoint", "--out", str(tmp_path / "cp.json")).exit_code == 0
    report = cli("audit", "verify", "--checkpoint", str(tmp_path / "cp.json"))
    assert report.exit_code == 0, report.output
    assert old.key_id in report.output and "Signiert mit den Schlüsseln" in report.output
    listed = cli("audit", "keys")
    assert listed.exit_code == 0, listed.output
    assert f"Ausgemustert (prüft nur): {old.key_id}" in listed.output
    assert old.secret.decode() not in listed.output + report.output


def test_retired_keys_are_read_in_order_and_checked(tmp_path):
    keys = retired_from_text("# oldest first\n" + "a" * 32 + ", " + "b" * 32 + "\n\n", "test")
    assert [k.secret for k in keys] == [b"a" * 32, b"b" * 32]
    with pytest.raises(AuditKeyError, match="at least 32"):
        retired_from_text("short", "test")
    current = from_text("c" * 32, "current")
    ring = current.with_retired([*keys, keys[0], current])
    assert [k.secret for k in ring.ring()] == [b"a" * 32, b"b" * 32, b"c" * 32]
    settings = Settings(
        mode="production",
        database_url="sqlite:///x.db",
        audit_key="c" * 32,
        audit_retired_keys="a" * 32,
    )
    assert [k.key_id for k in settings.audit_key_in_force().ring()] == [
        keys[0].key_id,
        current.key_id,
    ]
