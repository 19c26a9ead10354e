"""Rewriting the whole chain in the old unsigned format no longer passes verification (issue #14,
item 10b).

The attack: as table owner, drop the triggers and rewrite every entry as chain format 1
(``mac`` and ``key_id`` empty, hash recomputed with the unkeyed ``entry_hash``), head set to
match. ``triage audit verify`` then said "Audit chain intact … HMAC of every entry checked" and
``GET /api/v1/audit/verify`` said ok. The service signs every entry it writes while a key is
configured, so with a key an unsigned newest entry now fails, naming the way to anchor a genuine
legacy chain (``triage audit checkpoint``); and the HMAC line counts the signed and the unsigned
entries instead of claiming every entry.
"""

from __future__ import annotations

import json

from sqlalchemy import select, text

from service.audit import chain
from service.audit.models import GENESIS_HASH, AuditEntry
from tests.service.test_audit_anchor import _activity, _without_triggers
from texts import text as catalogue


def _downgrade_every_entry(env) -> int:
    """The attack: every entry rewritten as format 1, unsigned, re-hashed; the head follows."""
    with env.db.engine.begin() as connection:
        _without_triggers(env, connection)
        rows = connection.execute(select(AuditEntry.__table__).order_by(AuditEntry.seq)).all()
        prev = GENESIS_HASH
        for row in rows:
            digest = chain.entry_hash(
                prev_hash=prev,
                seq=row.seq,
                actor=row.actor,
                at=row.at,
                action=row.action,
                target=row.target,
                details=json.loads(row.details),
                reason=row.reason,
            )
            connection.execute(
                text(
                    "UPDATE audit_log SET chain_format = 1, mac = NULL, key_id = NULL, "
                    "content_hash = NULL, prev_hash = :p, hash = :h WHERE seq = :s"
                ),
                {"p": prev, "h": digest, "s": row.seq},
            )
            prev = digest
        connection.execute(
            text("UPDATE audit_head SET seq = :n, hash = :h"), {"n": len(rows), "h": prev}
        )
    return len(rows)


def test_a_chain_rewritten_unsigned_fails_verify(env, cli):
    _activity(env)
    admin = env.user("admin", name="pruefer")
    before = cli("audit", "verify")
    assert before.exit_code == 0, before.output
    assert catalogue("retention.audit.macs_checked", "de") in before.output  # all signed
    total = _downgrade_every_entry(env)
    with env.db.read() as session:
        assert chain.verify(session, key=None).ok  # plain hashes: the rewrite holds together
        result = chain.verify(session, key=env.db.audit_key)
    assert result.ok is False and result.first_bad == total
    assert result.unsigned == total and result.signed == 0
    assert "triage audit checkpoint" in result.message

    report = cli("audit", "verify")
    assert report.exit_code == 1, report.output
    assert f"#{total}" in report.output and "triage audit checkpoint" in report.output
    assert "HMAC jedes Eintrags" not in report.output

    api = env.client.get("/api/v1/audit/verify", headers=env.auth(admin))
    assert api.status_code == 200, api.text
    body = api.json()
    assert body["ok"] is False and body["first_bad"] == total and body["signed"] == 0


def test_hmac_line_counts_signed_and_unsigned_entries(env, cli, tmp_path):
    _activity(env)
    total = _downgrade_every_entry(env)
    # `triage audit checkpoint` appends a signed entry: the remedy for a genuine legacy chain
    assert cli("audit", "checkpoint", "--out", str(tmp_path / "checkpoint.json")).exit_code == 0
    report = cli("audit", "verify")
    assert report.exit_code == 0, report.output
    assert "HMAC jedes Eintrags" not in report.output  # never "every entry" with unsigned ones
    assert catalogue("retention.audit.macs_partly", "de", signed=1, n=total) in report.output
    with env.db.read() as session:
        result = chain.verify(session, lang="en")
    assert result.ok and result.signed == 1 and result.unsigned == total
    assert "HMAC of every entry" not in result.message
    assert catalogue("retention.audit.macs_partly", "en", signed=1, n=total) in result.message
