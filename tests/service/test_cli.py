"""``triage users``, ``triage db``, ``triage serve`` refusals: the command line of the service."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from service.cli.app import _register, app
from service.settings import Settings


@pytest.fixture
def cli(env, monkeypatch):
    _register()
    monkeypatch.setenv("DATABASE_URL", env.url)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_users_add_prints_the_token_alone_on_the_last_line(env, cli):
    result = cli(
        "users", "add", "--name", "anna", "--role", "caseworker", "--regions", "koeln,detmold"
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("rrk.") and " " not in token
    me = env.client.get("/api/v1/me", headers=env.auth(token)).json()
    assert me["name"] == "anna" and me["regions"] == ["koeln", "detmold"]
    with env.db.read() as session:  # only a hash is stored
        from sqlalchemy import text

        stored = session.execute(text("SELECT token_hash, token_salt FROM users")).one()
    assert token.split(".")[2] not in stored and len(stored[0]) == 64


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "caseworker"], "needs at least one region"),
        (["--role", "policy", "--regions", "koeln"], "not bound to regions"),
        (["--role", "boss"], "unknown role"),
        (["--role", "rrk_lead", "--regions", "berlin"], "unknown region"),
    ],
)
def test_users_add_refuses_bad_input(cli, args, message):
    result = cli("users", "add", "--name", "x", *args)
    assert result.exit_code == 1 and message in result.output


def test_users_list_and_revoke(env, cli):
    token = cli("users", "add", "--name", "bert", "--role", "auditor").stdout.strip()
    listing = cli("users", "list")
    assert "bert" in listing.output and "active" in listing.output
    assert token not in listing.output
    assert cli("users", "revoke", "bert", "--reason", "left").exit_code == 0
    assert "revoked" in cli("users", "list").output
    assert env.client.get("/api/v1/me", headers=env.auth(token)).status_code == 401
    assert cli("users", "revoke", "nobody").exit_code == 1


def test_users_token_rotates(env, cli):
    old = cli("users", "add", "--name", "cem", "--role", "policy").stdout.strip()
    new = cli("users", "token", "cem").stdout.strip()
    assert env.client.get("/api/v1/me", headers=env.auth(old)).status_code == 401
    assert env.client.get("/api/v1/me", headers=env.auth(new)).status_code == 200


def test_db_upgrade_and_current(cli):
    assert cli("db", "upgrade").exit_code == 0
    result = cli("db", "current")
    from service.db import migrate

    head = migrate.head_revision()
    assert result.exit_code == 0 and f"{head} (newest: {head})" in result.output


def test_production_refuses_to_start_without_a_database(monkeypatch):
    _register()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)
    monkeypatch.delenv("TRIAGE_MODE", raising=False)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2 and "DATABASE_URL" in result.output


def test_unreachable_database_is_one_readable_line(monkeypatch, tmp_path):
    _register()
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    monkeypatch.setenv("TRIAGE_DB_CONNECT_TIMEOUT", "1")
    result = CliRunner().invoke(app, ["users", "list"])
    assert result.exit_code == 1 and "error: database" in result.output
    assert "Traceback" not in result.output


def test_settings_accept_plain_postgresql_urls():
    settings = Settings(database_url="postgresql://u@h/db")
    assert settings.sqlalchemy_url == "postgresql+psycopg://u@h/db"
    demo = Settings(mode="demo")
    assert demo.sqlalchemy_url.startswith("sqlite:///") and demo.migrate_on_start
