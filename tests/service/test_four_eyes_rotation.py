"""Four eyes bind people, not accounts (issue #14, item 5): revoking a pending account does not
confirm it, and an admin who renews someone else's privileged token needs a second admin."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from service.audit.models import AuditEntry
from service.auth import service as user_service


def _last(env, action: str) -> tuple[str, dict[str, Any]]:
    """The actor and details of the newest audit entry of this action."""
    with env.db.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq.desc())
        ).first()
        assert entry is not None
        return entry.actor, json.loads(entry.details)


def _me(env, token: str) -> int:
    return env.client.get("/api/v1/me", headers=env.auth(token)).status_code


def test_revoking_a_pending_admin_does_not_confirm_it(env, cli):
    """5c: one admin alone made an active admin by revoke + token."""
    root = cli("users", "add", "--name", "root", "--role", "admin", "--bootstrap")
    r = root.stdout.strip().splitlines()[-1]
    root2 = cli("users", "add", "--name", "root2", "--role", "admin", "--bootstrap")
    r2 = root2.stdout.strip().splitlines()[-1]
    assert cli("users", "add", "--name", "admin3", "--role", "admin", "--token", r).exit_code == 0
    assert cli("users", "revoke", "admin3", "--token", r, "--reason", "x").exit_code == 0
    renewed = cli("users", "token", "admin3", "--token", r)
    assert renewed.exit_code == 1 and "triage users confirm admin3" in renewed.output
    assert renewed.stdout.strip() == ""
    with env.db.read() as session:
        admin3 = user_service.get_by_name(db_session=session, name="admin3")
        assert admin3 is not None and user_service.is_pending(admin3)
        assert admin3.revoked_at is not None
    # a revoked account is not confirmed either, not even by the second admin
    assert cli("users", "confirm", "admin3", "--token", r2).exit_code == 1


def test_renewing_another_admins_token_needs_a_third_admin(env, cli):
    """5d: one person held two admin accounts after renewing the other's token."""
    root, root2, root3 = (env.user("admin", name=n) for n in ("root", "root2", "root3"))
    renewed = cli("users", "token", "root2", "--token", root)
    assert renewed.exit_code == 0, renewed.output
    new = renewed.stdout.strip().splitlines()[-1]
    assert new.startswith("rrk.") and "triage users confirm root2" in renewed.output
    assert _me(env, new) == 401 and _me(env, root2) == 401  # neither the new nor the old
    actor, details = _last(env, "user.token.rotate")
    assert actor == "root" and details["pending"] is True
    assert details["may_not_confirm"] == ["root", "root2"]
    # the renewing admin cannot confirm what he renewed, nor can the account be confirmed by
    # a second pending admin it might now hold
    own = cli("users", "confirm", "root2", "--token", root)
    assert own.exit_code == 1 and "nicht root, root2" in own.output
    assert (
        cli("users", "add", "--name", "admin4", "--role", "admin", "--token", root).exit_code == 0
    )
    assert cli("users", "confirm", "admin4", "--token", new).exit_code == 1  # 401: still pending
    confirmed = cli("users", "confirm", "root2", "--token", root3)
    assert confirmed.exit_code == 0, confirmed.output
    assert confirmed.stdout.strip() == ""  # no second token: the renewed one works now
    assert _me(env, new) == 200 and _me(env, root2) == 401
    assert _last(env, "user.confirm")[1]["rotated_by"] == "root"


def test_renewing_a_policy_token_makes_it_pending_again(env, cli):
    admin, other = env.user("admin", name="adm1"), env.user("admin", name="adm2")
    old = env.user("policy", name="pol")
    new = cli("--lang", "en", "users", "token", "pol", "--token", admin)
    assert new.exit_code == 0 and "works only once another administrator" in new.output
    token = new.stdout.strip().splitlines()[-1]
    assert _me(env, token) == 401 and _me(env, old) == 401
    assert "wartet auf eine zweite Admin-Person" in cli("users", "list").output
    assert cli("users", "confirm", "pol", "--token", other).exit_code == 0
    assert _me(env, token) == 200


def test_no_renewal_of_another_admin_without_a_possible_confirmer(env, cli):
    root, root2 = env.user("admin", name="root"), env.user("admin", name="root2")
    refused = cli("users", "token", "root2", "--token", root)
    assert refused.exit_code == 1 and "es gibt keine" in refused.output
    assert _me(env, root2) == 200  # nothing changed


@pytest.mark.parametrize("role", ["admin", "caseworker", "auditor"])
def test_own_and_unprivileged_renewals_work_at_once(env, cli, role):
    admin = env.user("admin", name="adm1")
    env.user("admin", name="adm2")
    regions = "koeln" if role == "caseworker" else None
    name = "adm1" if role == "admin" else env.user(role, regions, name="someone") and "someone"
    renewed = cli("users", "token", name, "--token", admin)
    assert renewed.exit_code == 0, renewed.output
    token = renewed.stdout.strip().splitlines()[-1]
    assert _me(env, token) == 200
    assert _last(env, "user.token.rotate")[1] == {}


def test_the_api_refuses_the_renewed_token_until_confirmed(env, cli):
    root, root2 = env.user("admin", name="root"), env.user("admin", name="root2")
    root3 = env.user("admin", name="root3")
    new = cli("users", "token", "root2", "--token", root).stdout.strip().splitlines()[-1]
    users = {
        u["name"]: u["id"] for u in env.client.get("/api/v1/users", headers=env.auth(root3)).json()
    }
    confirm = f"/api/v1/users/{users['root2']}/confirm"
    assert env.client.post(confirm, headers=env.auth(root)).status_code == 409
    done = env.client.post(confirm, headers=env.auth(root3))
    assert done.status_code == 200 and done.json()["token"] == ""
    assert _me(env, new) == 200 and _me(env, root2) == 401


def test_vouchers_name_the_creator_and_the_renewing_admin(env, cli):
    root, _ = env.user("admin", name="root"), env.user("admin", name="root2")
    env.user("admin", name="root3")
    env.user("policy", name="pol")
    cli("users", "token", "pol", "--token", root)
    with env.db.read() as session:
        pol = user_service.get_by_name(db_session=session, name="pol")
        assert pol is not None
        assert user_service.vouchers(pol) == {"test", "root"}


def test_migration_0011_keeps_waiting_accounts_pending_both_ways(tmp_path):
    import sqlalchemy as sa
    from alembic import command

    from service.db import migrate
    from service.db.engine import Database

    db = Database(f"sqlite:///{tmp_path / 'm11.db'}", create=True)
    try:
        assert migrate.upgrade(db.engine, "0010") == "0010"
        insert = sa.text(
            "INSERT INTO users (name, role, regions, token_id, token_salt, token_hash, "
            "created_at, created_by, revoked_at) VALUES (:n, 'admin', '', :n, 's', :h, "
            "'2026-11-02 10:00:00+00:00', 'root', :r)"
        )
        with db.engine.begin() as connection:
            connection.execute(insert, {"n": "waiting", "h": "", "r": None})
            connection.execute(insert, {"n": "gone", "h": "", "r": "2026-11-03 10:00:00+00:00"})
            connection.execute(insert, {"n": "active", "h": "a" * 64, "r": None})
        assert migrate.upgrade(db.engine, "0011") == "0011"
        with db.read() as session:
            rows = {
                u.name: user_service.is_pending(u) for u in user_service.get_all(db_session=session)
            }
            assert rows == {"waiting": True, "gone": True, "active": False}
        with db.engine.begin() as connection:  # renewed by another admin, not yet confirmed
            connection.execute(
                sa.text("UPDATE users SET pending_by = 'root' WHERE name = 'active'")
            )
        config = migrate.alembic_config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0010")
        with db.engine.connect() as connection:
            hashes: dict[str, str] = dict(
                connection.execute(sa.text("SELECT name, token_hash FROM users")).all()
            )
        assert hashes["active"] == ""  # the old code still sees it pending
    finally:
        db.dispose()


def test_an_approval_names_the_admin_who_renewed_both_tokens(env) -> None:
    """``same_creator`` names an admin who gave both the author and the approver their access -
    by creating the account or by renewing its token."""
    from service.auth.models import User
    from service.rulesets.service import _same_creator

    env.user("policy", name="anna")
    env.user("policy", name="ben")
    with env.db.write() as session:
        anna = session.scalars(select(User).where(User.name == "anna")).one()
        ben = session.scalars(select(User).where(User.name == "ben")).one()
        anna.created_by, ben.created_by = "root", "root2"
        assert _same_creator(session, author="anna", approver=ben) is None
        anna.rotated_by = ben.rotated_by = "root3"
        assert _same_creator(session, author="anna", approver=ben) == "root3"
        ben.rotated_by = None
        ben.created_by = "root"
        assert _same_creator(session, author="anna", approver=ben) == "root"
