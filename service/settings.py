"""All configuration of the service in one pydantic-settings class.

Values come from ``TRIAGE_*`` environment variables (and ``DATABASE_URL``). Outside demo mode the
class refuses unsafe defaults: the database must be named explicitly, and nothing creates users
or prints tokens by itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rules import DEFAULT_RULESET
from service.audit import keys as audit_keys
from service.config_errors import ConfigProblem, masked_url

Mode = Literal["demo", "production"]

#: Database kinds (URL schemes) and their drivers ("" = SQLAlchemy's default for the kind).
DATABASE_DRIVERS: dict[str, tuple[str, ...]] = {
    "sqlite": ("", "pysqlite"),
    "postgresql": ("", "psycopg"),
    "postgres": ("",),
}


class UnsafeSettingsError(ConfigProblem):
    """A setting that is acceptable in demo mode but refused in production."""


def database_url_problem(url: str) -> ConfigProblem | None:
    """Why ``url`` cannot be the database (malformed, unsupported kind or driver), or ``None``.

    The password of the URL is never part of the answer."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*)://", url)
    if match is None:
        return ConfigProblem("database_malformed", found=repr(masked_url(url)[:80]))
    scheme = match[1].lower()
    kind, _, driver = scheme.partition("+")
    if kind not in DATABASE_DRIVERS:
        return ConfigProblem("database_scheme", found=repr(match[1]))
    if driver not in DATABASE_DRIVERS[kind]:
        expected = ", ".join(f"{kind}+{d}" if d else kind for d in DATABASE_DRIVERS[kind])
        return ConfigProblem("database_driver", found=repr(match[1]), expected=expected)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(url)
    except (ArgumentError, ValueError):
        return ConfigProblem("database_malformed", found=repr(masked_url(url)[:80]))
    return None


class Settings(BaseSettings):
    """Configuration of the triage service (environment variables ``TRIAGE_<NAME>``)."""

    model_config = SettingsConfigDict(
        env_prefix="TRIAGE_", extra="ignore", frozen=True, populate_by_name=True
    )

    mode: Mode = Field(
        default="production",
        description="demo: SQLite file by default, schema applied at start, demo users with "
        "printed tokens; production: everything explicit, no demo users.",
    )
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("TRIAGE_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db or "
        "sqlite:///var/triage.db. Required in production.",
    )
    sqlite_path: Path = Field(
        default=Path("var/triage-demo.db"),
        description="SQLite file used in demo mode when no database URL is set.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    ruleset: str = Field(default=DEFAULT_RULESET, description="Active rule set (name or path).")
    model_uri: str | None = Field(
        default="models:/amit-priority@champion",
        description="Points model to load from the MLflow registry; empty = rules only.",
    )
    mlflow_tracking_uri: str | None = Field(
        default=None,
        validation_alias=AliasChoices("MLFLOW_TRACKING_URI", "TRIAGE_MLFLOW_TRACKING_URI"),
        description="MLflow store of the model (default: MLFLOW_TRACKING_URI or "
        "sqlite:///mlflow.db).",
    )
    new_window_days: int = Field(
        default=7,
        ge=1,
        le=366,
        description="A case is 'Neu' when received (received_on) within this many days up to "
        "the reference date.",
    )
    change_window_days: int = Field(
        default=7,
        ge=1,
        le=366,
        description="The queue marks 'Stufe geändert' when the recorded tier differs from the "
        "one this many days before the reference date.",
    )
    release_horizon_days: int = Field(
        default=30,
        ge=0,
        le=366,
        description="The change feed lists cases released from custody within this many days.",
    )
    sweep_at: str = Field(
        default="02:00",
        pattern=r"^(off|([01]\d|2[0-3]):[0-5]\d)$",
        description="Local time (HH:MM) at which the service itself records what the passing of "
        "time changed, once a day, on one worker of many; 'off' when a timer or cron runs "
        "'triage changes sweep' instead (docs/operations.md).",
    )
    sweep_timezone: str = Field(
        default="Europe/Berlin", description="Time zone of sweep_at (an IANA name)."
    )
    max_event_lines: int = Field(
        default=10_000, ge=1, description="Events in one request to the event endpoints."
    )
    db_connect_timeout: int = Field(default=5, ge=1, le=120, description="Seconds.")
    db_pool_size: int = Field(default=10, ge=1, le=200)
    max_import_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    max_import_cases: int = Field(default=100_000, ge=1)
    import_reason_required: bool = Field(
        default=False,
        description="Refuse a case import without a reason (query parameter or form field "
        "'reason', stored in the audit entry). Off by default: most imports are the scheduled "
        "delivery of the source systems; set it where people import by hand.",
    )
    max_score_cases: int = Field(default=1_000, ge=1)
    max_body_bytes: int = Field(
        default=4 * 1024 * 1024,
        ge=1024,
        description="Largest request body of every route except the uploads (case import, "
        "simulation with an uploaded caseload, rule set documents), which have "
        "max_import_bytes; larger bodies get 413 before anything is parsed.",
    )
    max_offences_per_case: int = Field(
        default=250, ge=1, description="Offences one case may list (import and /score)."
    )
    max_incidents_per_case: int = Field(
        default=250, ge=1, description="Incidents one case may list (import and /score)."
    )
    demo_cases: int = Field(default=300, ge=0, le=100_000)
    demo_seed: int = 7
    demo_decisions: int = Field(
        default=160,
        ge=0,
        le=5000,
        description="Demo only: decisions the rule set's simulated caseworker records on a demo "
        "database without decisions (labelled simulated; feeds the monitoring page).",
    )
    operator_name: str = Field(
        default="[Betreiber: Name der Behörde eintragen]",
        description="Authority operating the system, named in the generated documents.",
    )
    operator_contact: str = Field(
        default="[Kontakt: Funktionspostfach eintragen]",
        description="Contact for questions about the system (documents, Art. 86 explanation).",
    )
    monitoring_weeks: int = Field(
        default=8, ge=1, le=52, description="Weeks the monitoring looks back by default."
    )
    monitoring_departure_rate: float = Field(
        default=0.30, gt=0, le=1, description="Share of departures from the order that warns."
    )
    monitoring_agreement: float = Field(
        default=0.70, gt=0, le=1, description="Least agreement of rules, model and decisions."
    )
    monitoring_psi_warn: float = Field(
        default=0.10, gt=0, description="PSI of a model input from which the monitoring warns."
    )
    monitoring_psi_alert: float = Field(
        default=0.25, gt=0, description="PSI of a model input that raises an alert."
    )
    auto_migrate: bool | None = Field(
        default=None,
        description="Apply Alembic migrations when the app starts (default: only in demo mode).",
    )
    log_level: str = "INFO"
    # --- shared state of several workers (issue #15)
    trusted_proxies: str = Field(
        default="",
        description="Addresses (or CIDR networks) of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto headers are believed, comma separated; empty = none (the socket "
        "peer is the client).",
    )
    sync_seconds: float = Field(
        default=2.0,
        ge=0.2,
        le=300,
        description="How often each worker looks for a model reloaded by another worker.",
    )
    auth_failure_limit: int = Field(
        default=10,
        ge=1,
        le=10_000,
        description="Failed sign-ins or bearer checks per client address (and per token id) "
        "within the window before further failures are answered 429; valid tokens always pass.",
    )
    auth_failure_window_seconds: int = Field(default=300, ge=1, le=86_400)
    min_cell_size: int = Field(
        default=10,
        ge=2,
        le=1_000,
        description="Simulation results hide every count of people below this size (and the "
        "cells that would reveal it through a total); see docs/policy-simulation.md.",
    )
    hsts_seconds: int = Field(
        default=31_536_000,
        ge=0,
        le=63_072_000,
        description="max-age of the Strict-Transport-Security header sent on HTTPS responses "
        "(the scheme from the socket or a trusted proxy); 0 = no header.",
    )
    # --- single sign-on with the identity provider (OpenID Connect)
    oidc_issuer: str | None = Field(
        default=None,
        description="Issuer URL of the identity provider (e.g. "
        "https://idp.example/realms/nrw); discovery from <issuer>/.well-known/"
        "openid-configuration. Unset = no single sign-on.",
    )
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_roles_claim: str = Field(
        default="roles", description="Claim holding the triage role (dots reach into objects)."
    )
    oidc_regions_claim: str = Field(default="regions", description="Claim holding the regions.")
    oidc_username_claim: str = Field(default="preferred_username")
    oidc_scopes: str = Field(default="openid profile")
    oidc_audience: str | None = Field(
        default=None,
        description="Audience that API access tokens must name (default: the client id).",
    )
    oidc_leeway_seconds: int = Field(
        default=30, ge=0, le=300, description="Clock skew allowed on token expiry."
    )
    oidc_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    local_login: bool = Field(
        default=True,
        description="Offer the token sign-in form of the web UI (false: single sign-on only; "
        "service tokens keep working on the API).",
    )
    public_url: str | None = Field(
        default=None,
        description="External base URL (https://triage.example.nrw) for the identity "
        "provider's redirects; default: from the request (behind trusted proxies).",
    )

    # --- the audit chain's key and retention (issue #14 item 10, issue #17 item 1)
    audit_key: SecretStr | None = Field(
        default=None,
        description="Secret (at least 32 characters) that signs every audit entry (HMAC); the "
        "database never holds it. Required in production (or TRIAGE_AUDIT_KEY_FILE). Demo mode "
        "without one generates a local key file next to the demo database.",
    )
    audit_key_file: Path | None = Field(
        default=None, description="File holding the audit key (e.g. a mounted secret)."
    )
    audit_retired_keys: SecretStr | None = Field(
        default=None,
        description="Audit keys replaced by the one in force, oldest first, separated by commas "
        "or white space: they verify the entries they signed and never sign again (key "
        "rotation, docs/operations.md).",
    )
    audit_retired_keys_file: Path | None = Field(
        default=None,
        description="File with the retired audit keys, one per line, oldest first ('#' starts "
        "a comment line).",
    )
    retention_closed_case_days: int = Field(
        default=730,
        ge=1,
        le=36_500,
        description="Days after a case was closed until it is erased with everything stored "
        "about it (versions, decisions, recorded evaluations and events, audit mentions).",
    )
    retention_decision_reason_days: int = Field(
        default=365,
        ge=1,
        le=36_500,
        description="Days after a decision until its free-text reason is erased (the decision "
        "itself stays until its case is erased).",
    )
    retention_event_days: int = Field(
        default=730,
        ge=1,
        le=36_500,
        description="Days until recorded case events and evaluations are erased.",
    )
    erasure_scrub: bool = Field(
        default=True,
        description="After an erasure (on request or by retention) leave no readable copy in "
        "the database files: SQLite checkpoints and truncates its WAL (deleted content is "
        "overwritten at once, secure_delete), PostgreSQL rewrites the tables concerned "
        "(VACUUM FULL, which locks them for its duration). Off: scrub in a maintenance window.",
    )
    retention_explanation_days: int = Field(
        default=730,
        ge=1,
        le=36_500,
        description="Days until the record of an explanation as it was shown (who saw which "
        "explanation of which case version, and its content) is erased; it goes earlier with "
        "its case.",
    )
    retention_simulation_days: int = Field(
        default=365,
        ge=1,
        le=36_500,
        description="Days until the audit record of a what-if simulation (its parameters and "
        "aggregates) is erased.",
    )

    @field_validator("sweep_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigProblem("field.unknown_zone", found=repr(value)) from None
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str | None) -> str | None:
        if value and (problem := database_url_problem(value)) is not None:
            raise problem
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        if self.mode == "production" and not (self.audit_key or self.audit_key_file):
            raise UnsafeSettingsError("audit_key_missing")
        if self.audit_key is not None:
            audit_keys.from_text(self.audit_key.get_secret_value(), "TRIAGE_AUDIT_KEY")
        if self.audit_retired_keys is not None:
            audit_keys.retired_from_text(
                self.audit_retired_keys.get_secret_value(), "TRIAGE_AUDIT_RETIRED_KEYS"
            )
        if self.mode == "production" and not self.database_url:
            raise UnsafeSettingsError("database_missing")
        if self.oidc_issuer and not self.oidc_client_id:
            raise UnsafeSettingsError("oidc_client_missing", found=repr(self.oidc_issuer))
        if not self.local_login and not self.oidc_issuer:
            raise UnsafeSettingsError("local_login_needs_sso")
        return self

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def token_audience(self) -> str | None:
        """The audience API access tokens of the identity provider must carry."""
        return self.oidc_audience or self.oidc_client_id

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL in force (the demo SQLite file when none is set)."""
        if self.database_url:
            url = self.database_url
            # Plain postgresql:// would pick psycopg2, which is not installed.
            if url.startswith("postgresql://") or url.startswith("postgres://"):
                url = "postgresql+psycopg://" + url.split("://", 1)[1]
            return url
        return f"sqlite:///{self.sqlite_path}"

    @property
    def demo_audit_key_file(self) -> Path:
        return self.sqlite_path.parent / "triage-audit.key"

    def audit_key_in_force(self) -> audit_keys.AuditKey:
        """The key that signs audit entries, with the retired keys that only verify (see
        :mod:`service.audit.keys`)."""
        if self.audit_key is not None:
            key = audit_keys.from_text(self.audit_key.get_secret_value(), "TRIAGE_AUDIT_KEY")
        elif self.audit_key_file is not None:
            key = audit_keys.from_file(self.audit_key_file)
        elif self.is_demo:
            key = audit_keys.local_demo_key(self.demo_audit_key_file)
        else:
            raise audit_keys.AuditKeyError("audit_key_missing")
        return key.with_retired(self.retired_audit_keys())

    def retired_audit_keys(self) -> list[audit_keys.AuditKey]:
        retired: list[audit_keys.AuditKey] = []
        if self.audit_retired_keys is not None:
            retired += audit_keys.retired_from_text(
                self.audit_retired_keys.get_secret_value(), "TRIAGE_AUDIT_RETIRED_KEYS"
            )
        if self.audit_retired_keys_file is not None:
            retired += audit_keys.retired_from_file(self.audit_retired_keys_file)
        return retired

    @property
    def migrate_on_start(self) -> bool:
        return self.auto_migrate if self.auto_migrate is not None else self.mode == "demo"

    @property
    def is_demo(self) -> bool:
        return self.mode == "demo"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings read from the environment (cached)."""
    return Settings()
