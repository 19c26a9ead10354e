"""A refused configuration is one sentence per problem in the run's language: the variable, what
was found and what is expected; exit 1, no traceback, never a secret's value."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.cli.language import reset

SECRET = "geheim-aber-zu-kurz"
#: The environment of each case, then a German and an English piece of its sentence.
CASES: dict[str, tuple[dict[str, str], str, str]] = {
    "no audit key": (
        {"TRIAGE_MODE": "production", "DATABASE_URL": "sqlite:///x.db"},
        "Im Produktionsbetrieb fehlt der Audit-Schlüssel: TRIAGE_AUDIT_KEY und",
        "production mode needs the audit key: TRIAGE_AUDIT_KEY and",
    ),
    "no database": (
        {"TRIAGE_MODE": "production", "TRIAGE_AUDIT_KEY": "k" * 40},
        "Im Produktionsbetrieb fehlt die Datenbank: DATABASE_URL ist nicht gesetzt; erwartet",
        "production mode needs an explicit database: DATABASE_URL is not set; expected",
    ),
    "short audit key": (
        {"TRIAGE_MODE": "demo", "TRIAGE_AUDIT_KEY": SECRET},
        "TRIAGE_AUDIT_KEY: der Audit-Schlüssel ist zu kurz, gefunden 19 Zeichen; erwartet "
        "werden mindestens 32 Zeichen",
        "TRIAGE_AUDIT_KEY: the audit key is too short, found 19 characters; expected at least "
        "32 characters",
    ),
    "port not a number": (
        {"TRIAGE_MODE": "demo", "TRIAGE_PORT": "abc"},
        "TRIAGE_PORT: falscher Typ: erwartet eine ganze Zahl, gefunden 'abc'",
        "TRIAGE_PORT: wrong type: expected a whole number, found 'abc'",
    ),
    "unsupported database": (
        {"TRIAGE_MODE": "demo", "DATABASE_URL": "foo://x"},
        "DATABASE_URL: Datenbankart 'foo' wird nicht unterstützt; erwartet wird eine der "
        "unterstützten: sqlite, postgresql",
        "DATABASE_URL: the database kind 'foo' is not supported; expected one of the "
        "supported kinds: sqlite, postgresql",
    ),
    "malformed database": (
        {"TRIAGE_MODE": "demo", "DATABASE_URL": "keine-url"},
        "DATABASE_URL: keine gültige Datenbank-URL, gefunden 'keine-url'",
        "DATABASE_URL: not a valid database URL, found 'keine-url'",
    ),
    "driver not installed": (
        {"TRIAGE_MODE": "demo", "DATABASE_URL": f"postgresql+psycopg2://u:{SECRET}@h/db"},
        "DATABASE_URL: Treiber 'postgresql+psycopg2' ist nicht installiert",
        "DATABASE_URL: the driver 'postgresql+psycopg2' is not installed",
    ),
    "unknown mode": (
        {"TRIAGE_MODE": "prod"},
        "TRIAGE_MODE: unzulässiger Wert: erwartet einen von 'demo', 'production', gefunden 'prod'",
        "TRIAGE_MODE: value not allowed: expected one of 'demo', 'production', found 'prod'",
    ),
    "missing key file": (
        {"TRIAGE_MODE": "demo", "TRIAGE_AUDIT_KEY_FILE": "/gibt/es/nicht.key"},
        "TRIAGE_AUDIT_KEY_FILE: die Datei /gibt/es/nicht.key gibt es nicht",
        "TRIAGE_AUDIT_KEY_FILE: the file /gibt/es/nicht.key does not exist",
    ),
    "client secret not echoed": (
        {"TRIAGE_MODE": "demo", "TRIAGE_OIDC_ISSUER": "https://idp.test"},
        "TRIAGE_OIDC_CLIENT_ID ist nicht gesetzt, TRIAGE_OIDC_ISSUER aber schon",
        "TRIAGE_OIDC_ISSUER is set ('https://idp.test') but TRIAGE_OIDC_CLIENT_ID is not",
    ),
}
COMMANDS = [
    ("db", "upgrade"),
    ("users", "list"),
    ("docs", "build", "--out", "docs-out"),
    ("serve",),
]
_VARIABLES = ("TRIAGE_", "DATABASE_URL", "MLFLOW_TRACKING_URI")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    import os

    for name in list(os.environ):
        if name.startswith(_VARIABLES):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    reset()
    return monkeypatch


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", list(CASES))
def test_a_refused_setting_is_one_sentence_in_the_run_s_language(
    cli, clean_env: pytest.MonkeyPatch, name: str, lang: str
) -> None:
    env, german, english = CASES[name]
    for key, value in env.items():
        clean_env.setenv(key, value)
    if name == "missing key file":
        clean_env.setenv("DATABASE_URL", "sqlite:///x.db")
    args = ("--lang", "en", "db", "upgrade") if lang == "en" else ("db", "upgrade")
    result = cli(*args)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    prefix = "Fehler: " if lang == "de" else "error: "
    assert lines[0].startswith(prefix + (german if lang == "de" else english)), lines[0]
    assert "Traceback" not in result.output and SECRET not in result.output
    assert "Input should" not in result.output
    assert not Path("x.db").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_reports_the_configuration_the_same_way(
    cli, clean_env: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    clean_env.setenv("TRIAGE_MODE", "production")
    clean_env.setenv("TRIAGE_LANG", "en")
    result = cli(*command)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("error: production mode needs the audit key:")
    assert "Traceback" not in result.output


def test_several_problems_are_one_sentence_each(cli, clean_env: pytest.MonkeyPatch) -> None:
    for key, value in {
        "TRIAGE_MODE": "demo",
        "TRIAGE_SWEEP_AT": "25:00",
        "TRIAGE_SWEEP_TIMEZONE": "Mars/Olympus",
        "TRIAGE_MONITORING_AGREEMENT": "0",
    }.items():
        clean_env.setenv(key, value)
    result = cli("db", "upgrade")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Fehler: TRIAGE_SWEEP_AT: ungültige Uhrzeit: erwartet HH:MM (00:00 bis 23:59) oder off, "
        "gefunden '25:00'",
        "Fehler: TRIAGE_SWEEP_TIMEZONE: unbekannte Zeitzone: erwartet ein IANA-Name wie "
        "Europe/Berlin, gefunden 'Mars/Olympus'",
        "Fehler: TRIAGE_MONITORING_AGREEMENT: zu klein: erwartet mehr als 0, gefunden '0'",
    ]


def test_a_secret_value_of_a_refused_field_is_named_not_echoed() -> None:
    from pydantic import ValidationError

    from service.config_errors import messages
    from service.web.config import WebSettings

    with pytest.raises(ValidationError) as refused:
        WebSettings(session_secret=["x" * 40])  # type: ignore[arg-type]
    (said,) = messages(refused.value, "de")
    assert said.startswith("TRIAGE_SESSION_SECRET: falscher Typ: erwartet eine Zeichenkette")
    assert "(geheim, nicht angezeigt)" in said and "x" * 40 not in said


def test_a_database_password_never_appears() -> None:
    from service.settings import database_url_problem

    problem = database_url_problem(f"postgresql://triage:{SECRET}@db:notaport/triage")
    assert problem is not None and SECRET not in problem.text("de")
    assert "***" in problem.text("en")
    assert database_url_problem("postgresql://triage@db/triage") is None
    assert database_url_problem("sqlite:///var/triage.db") is None


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("de", "Demo-Modus: lokaler Audit-Schlüssel in {path} erzeugt – nie im Produktionsbetrieb"),
        ("en", "Demo mode: generated a local audit key in {path} – never use it in production"),
    ],
)
def test_the_demo_announces_its_generated_key_in_the_run_s_language(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str, said: str
) -> None:
    from service.cli.demo_command import demo_audit_key
    from service.cli.language import choose
    from service.settings import Settings

    choose(lang)
    try:
        settings = Settings(mode="demo", sqlite_path=Path("var/triage-demo.db"))
        demo_audit_key(settings)
        demo_audit_key(settings)  # the second run finds the key: nothing to say
    finally:
        reset()
    path = settings.demo_audit_key_file
    assert path.is_file() and len(path.read_text().strip()) == 64
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [lines[0]] and lines[0].startswith(said.format(path=path)), lines


def test_the_server_log_announces_the_demo_key_in_german_by_default(
    clean_env: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    from service.audit.keys import local_demo_key

    with caplog.at_level("WARNING", logger="service.audit.keys"):
        local_demo_key(tmp_path / "triage-audit.key")
    assert caplog.messages[0].startswith("Demo-Modus: lokaler Audit-Schlüssel in ")


def test_serve_refuses_a_bad_web_setting_before_starting(
    cli, clean_env: pytest.MonkeyPatch
) -> None:
    clean_env.setenv("TRIAGE_MODE", "demo")
    clean_env.setenv("TRIAGE_SESSION_IDLE_MINUTES", "viele")
    result = cli("serve")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Fehler: TRIAGE_SESSION_IDLE_MINUTES: falscher Typ: erwartet eine ganze Zahl, "
        "gefunden 'viele'"
    )


def test_a_server_worker_refuses_the_configuration_in_one_sentence(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.main import app_factory
    from service.settings import get_settings

    clean_env.setenv("TRIAGE_MODE", "demo")
    clean_env.setenv("TRIAGE_PORT", "abc")
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as stopped:
            app_factory()
    finally:
        get_settings.cache_clear()
    assert stopped.value.code == 1
    assert capsys.readouterr().err.strip() == (
        "Fehler: TRIAGE_PORT: falscher Typ: erwartet eine ganze Zahl, gefunden 'abc'"
    )


def test_the_web_ui_names_a_short_session_secret_without_echoing_it(
    clean_env: pytest.MonkeyPatch,
) -> None:
    from service.settings import Settings
    from service.web.config import WebSettings, resolve

    config = resolve(Settings(mode="demo"), WebSettings(session_secret=SECRET))
    assert not config.enabled and config.problem is not None
    assert config.problem.startswith("TRIAGE_SESSION_SECRET ist zu kurz, gefunden 19 Zeichen")
    assert SECRET not in config.problem
