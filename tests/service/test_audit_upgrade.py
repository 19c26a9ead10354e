"""Entries written before the signed chain (format 1, before migration 0005) still verify after
the upgrade once a signed entry follows them, are reported as unsigned, and cannot be slipped in
after signed ones; with the audit key, a chain whose newest entry is unsigned fails."""

from __future__ import annotations

import json

from sqlalchemy import text

from service.audit import chain
from service.db import migrate
from service.db.engine import Database
from texts import text as text_of


def _legacy_entries(db: Database, count: int) -> None:
    prev = "0" * 64
    with db.engine.begin() as connection:
        for seq in range(1, count + 1):
            row = {
                "seq": seq,
                "at": f"2026-11-0{seq}T10:00:00.000000+00:00",
                "actor": "cli:alt",
                "action": "user.create",
                "target": f"user:u{seq}",
                "details": {"role": "admin"},
                "reason": None,
            }
            digest = chain.entry_hash(prev_hash=prev, **row)
            connection.execute(
                text(
                    "INSERT INTO audit_log (seq, at, actor, action, target, details, reason, "
                    "prev_hash, hash) VALUES (:seq, :at, :actor, :action, :target, :details, "
                    ":reason, :prev, :hash)"
                ),
                {**row, "details": json.dumps(row["details"]), "prev": prev, "hash": digest},
            )
            prev = digest
        connection.execute(
            text("UPDATE audit_head SET seq = :seq, hash = :hash"), {"seq": count, "hash": prev}
        )


def test_format_1_entries_verify_after_the_upgrade(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'old.db'}", create=True)
    try:
        migrate.upgrade(db.engine, "0004")
        _legacy_entries(db, 3)
        migrate.upgrade(db.engine)
        with db.read() as session:
            plain = chain.verify(session, key=None)
            unanchored = chain.verify(session)
        assert plain.ok, plain.message  # the old hashes hold
        assert plain.unsigned == 3 and "3 from before signing" in plain.message
        # With the audit key an unsigned newest entry fails (issue #14, item 10b): it is what a
        # chain rewritten in the old format looks like. The message names the remedy.
        assert unanchored.ok is False and unanchored.first_bad == 3
        assert "triage audit checkpoint" in unanchored.message
        with db.write() as session:
            chain.append(session, actor="cli:neu", action="test.signed", target="t")
            chain.append(session, actor="cli:neu", action="test.signed", target="u")
        with db.read() as session:
            anchored = chain.verify(session)
        assert anchored.ok, anchored.message
        assert anchored.signed == 2 and anchored.unsigned == 3
        assert text_of("retention.audit.macs_partly", "en", signed=2, n=3) in anchored.message
        # a format-1 entry after a signed one: written around the key
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
            connection.exec_driver_sql(
                "UPDATE audit_log SET chain_format = 1, mac = NULL WHERE seq = 5"
            )
        with db.read() as session:
            broken = chain.verify(session)
        assert broken.ok is False and broken.first_bad == 5
        assert "old-format entry after signed" in broken.message
    finally:
        db.dispose()
