"""All configuration of the service in one pydantic-settings class.

Values come from ``TRIAGE_*`` environment variables (and ``DATABASE_URL``). Outside demo mode the
class refuses unsafe defaults: the database must be named explicitly, and nothing creates users
or prints tokens by itself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Mode = Literal["demo", "production"]


class UnsafeSettingsError(ValueError):
    """A setting that is acceptable in demo mode but refused in production."""


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
    ruleset: str = Field(default="amit-nrw-default", description="Active rule set (name or path).")
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
    db_connect_timeout: int = Field(default=5, ge=1, le=120, description="Seconds.")
    db_pool_size: int = Field(default=10, ge=1, le=200)
    max_import_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    max_import_cases: int = Field(default=100_000, ge=1)
    max_score_cases: int = Field(default=1_000, ge=1)
    demo_cases: int = Field(default=300, ge=0, le=100_000)
    demo_seed: int = 7
    auto_migrate: bool | None = Field(
        default=None,
        description="Apply Alembic migrations when the app starts (default: only in demo mode).",
    )
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        if self.mode == "production" and not self.database_url:
            raise UnsafeSettingsError(
                "production mode needs an explicit database: set DATABASE_URL (for example "
                "postgresql+psycopg://triage@db/triage or sqlite:///var/triage.db), "
                "or TRIAGE_MODE=demo for a demo"
            )
        return self

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
    def migrate_on_start(self) -> bool:
        return self.auto_migrate if self.auto_migrate is not None else self.mode == "demo"

    @property
    def is_demo(self) -> bool:
        return self.mode == "demo"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings read from the environment (cached)."""
    return Settings()
