"""``triage users``, ``triage db``, ``triage serve`` refusals: the command line of the service."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from service.cli.app import _register, app
from service.settings import Settings


@pytest.fixture
def admin(env):
    return env.user("admin", name="root-admin")


def test_users_add_prints_the_token_alone_on_the_last_line(env, cli, admin):
    result = cli(
        "users",
        "add",
        "--name",
        "anna",
        "--role",
        "caseworker",
        "--regions",
        "koeln,detmold",
        "--token",
        admin,
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("rrk.") and " " not in token
    me = env.client.get("/api/v1/me", headers=env.auth(token)).json()
    assert me["name"] == "anna" and me["regions"] == ["koeln", "detmold"]
    with env.db.read() as session:  # only a hash is stored
        from sqlalchemy import text

        stored = session.execute(
            text("SELECT token_hash, token_salt FROM users WHERE name = 'anna'")
        ).one()
    assert token.split(".")[2] not in stored and len(stored[0]) == 64


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "caseworker"], "braucht mindestens eine Bezirksregierung"),
        (["--role", "policy", "--regions", "koeln"], "an keine Bezirksregierung gebunden"),
        (["--role", "boss"], "Unbekannte Rolle „boss“"),
        (["--role", "rrk_lead", "--regions", "berlin"], "Unbekannte Bezirksregierung „berlin“"),
    ],
)
def test_users_add_refuses_bad_input(cli, admin, args, message):
    result = cli("users", "add", "--name", "x", *args, "--token", admin)
    assert result.exit_code == 1 and message in result.output
    assert " / " not in result.output  # one language, not both


def test_users_add_refuses_in_english_when_asked(cli, admin):
    result = cli("--lang", "en", "users", "add", "--name", "x", "--role", "boss", "--token", admin)
    assert result.exit_code == 1 and "unknown role “boss”" in result.output


def test_users_list_and_revoke(env, cli, admin):
    token = cli(
        "users", "add", "--name", "bert", "--role", "auditor", "--token", admin
    ).stdout.strip()
    listing = cli("users", "list")
    assert "bert" in listing.output and "aktiv" in listing.output
    assert token not in listing.output
    assert cli("users", "revoke", "bert", "--reason", "left", "--token", admin).exit_code == 0
    assert "widerrufen am" in cli("users", "list").output
    assert env.client.get("/api/v1/me", headers=env.auth(token)).status_code == 401
    assert cli("users", "revoke", "nobody", "--token", admin).exit_code == 1


def test_users_token_rotates(env, cli, admin):
    old = cli("users", "add", "--name", "cem", "--role", "auditor", "--token", admin).stdout.strip()
    new = cli("users", "token", "cem", "--token", admin).stdout.strip()
    assert env.client.get("/api/v1/me", headers=env.auth(old)).status_code == 401
    assert env.client.get("/api/v1/me", headers=env.auth(new)).status_code == 200


def test_db_upgrade_and_current(cli):
    assert cli("db", "upgrade").exit_code == 0
    result = cli("db", "current")
    from service.db import migrate

    head = migrate.head_revision()
    assert result.exit_code == 0 and f"{head} (neueste: {head})" in result.output


def test_production_refuses_to_start_without_a_database(monkeypatch):
    _register()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1 and "DATABASE_URL" in result.output


def test_unreachable_database_is_one_readable_line(monkeypatch, tmp_path):
    _register()
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    monkeypatch.setenv("TRIAGE_DB_CONNECT_TIMEOUT", "1")
    result = CliRunner().invoke(app, ["users", "list"])
    assert result.exit_code == 1 and "Fehler: Datenbank" in result.output
    assert "Traceback" not in result.output


def test_settings_accept_plain_postgresql_urls():
    settings = Settings(database_url="postgresql://u@h/db")
    assert settings.sqlalchemy_url == "postgresql+psycopg://u@h/db"
    demo = Settings(mode="demo")
    assert demo.sqlalchemy_url.startswith("sqlite:///") and demo.migrate_on_start


# --- issue #14, item 5: four eyes bind people, not accounts


def test_acting_commands_need_the_users_own_token(env, cli):
    """The attack: with the database URL alone, `users add` made anyone anything."""
    refused = cli("users", "add", "--name", "eve", "--role", "caseworker", "--regions", "koeln")
    assert refused.exit_code == 1 and "TRIAGE_TOKEN" in refused.output
    wrong = cli("users", "add", "--name", "eve", "--role", "auditor", "--token", "rrk.x.y")
    assert wrong.exit_code == 1 and "Unbekanntes oder widerrufenes Token" in wrong.output
    caseworker = env.user("caseworker", "koeln", name="kai")
    not_admin = cli("users", "add", "--name", "eve", "--role", "auditor", "--token", caseworker)
    assert not_admin.exit_code == 1 and "erlaubt: admin" in not_admin.output
    with env.db.read() as session:
        from service.auth import service as user_service

        assert user_service.get_by_name(db_session=session, name="eve") is None
    from sqlalchemy import select

    from service.audit.models import AuditEntry

    with env.db.read() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry))]
    assert "auth.failed" in actions and "access.denied" in actions


def test_bootstrap_makes_the_first_two_admins_on_an_empty_database_only(env, cli):
    first = cli("users", "add", "--name", "a1", "--role", "admin", "--bootstrap")
    assert first.exit_code == 0, first.output
    second = cli("users", "add", "--name", "a2", "--role", "admin", "--bootstrap")
    assert second.exit_code == 0, second.output
    third = cli("users", "add", "--name", "a3", "--role", "admin", "--bootstrap")
    assert third.exit_code == 1 and "leeren Datenbank" in third.output
    token = first.stdout.strip().splitlines()[-1]
    assert env.client.get("/api/v1/me", headers=env.auth(token)).json()["name"] == "a1"


def test_a_privileged_account_needs_a_second_admins_confirmation(env, cli):
    creator = env.user("admin", name="adm1")
    other = env.user("admin", name="adm2")
    made = cli("users", "add", "--name", "pol", "--role", "policy", "--token", creator)
    assert made.exit_code == 0 and made.stdout.strip() == ""  # no token yet
    assert "wartet auf eine zweite Admin-Person" in cli("users", "list").output
    assert "triage users confirm pol" in made.output
    own = cli("users", "confirm", "pol", "--token", creator)
    assert own.exit_code == 1
    assert "zweite Administratorin oder ein zweiter Administrator" in own.output
    assert cli("users", "token", "pol", "--token", creator).exit_code == 1  # no way around
    confirmed = cli("users", "confirm", "pol", "--token", other)
    assert confirmed.exit_code == 0, confirmed.output
    token = confirmed.stdout.strip().splitlines()[-1]
    assert env.client.get("/api/v1/me", headers=env.auth(token)).json()["role"] == "policy"


def test_the_last_active_admin_cannot_be_revoked(env, cli):
    only = env.user("admin", name="solo")
    refused = cli("users", "revoke", "solo", "--token", only)
    assert refused.exit_code == 1 and "letzte aktive Administrationskonto" in refused.output
    assert env.client.get("/api/v1/me", headers=env.auth(only)).status_code == 200


def test_the_api_holds_the_same_rules(env):
    creator, other = env.user("admin", name="adm1"), env.user("admin", name="adm2")
    made = env.client.post(
        "/api/v1/users",
        json={"name": "boss", "role": "admin", "reason": "Vertretung"},
        headers=env.auth(creator),
    ).json()
    assert made["pending"] is True and made["token"] == ""
    confirm = f"/api/v1/users/{made['id']}/confirm"
    assert env.client.post(confirm, headers=env.auth(creator)).status_code == 409
    confirmed = env.client.post(confirm, headers=env.auth(other))
    assert confirmed.status_code == 200 and confirmed.json()["token"].startswith("rrk.")
    revoke = env.client.post(f"/api/v1/users/{made['id']}/revoke", headers=env.auth(other))
    assert revoke.status_code == 200
    users = {
        u["name"]: u["id"] for u in env.client.get("/api/v1/users", headers=env.auth(other)).json()
    }
    assert (
        env.client.post(
            f"/api/v1/users/{users['adm1']}/revoke", headers=env.auth(other)
        ).status_code
        == 200
    )
    last = env.client.post(f"/api/v1/users/{users['adm2']}/revoke", headers=env.auth(other))
    assert last.status_code == 409
